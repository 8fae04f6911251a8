import { z } from 'zod';
import { isValidPhone } from '../../lib/phone.js';
import { isWrongPostalCode, WRONG_POSTAL_CODE } from '../../lib/postal-code.js';
import { AppError } from '../../errors.js';
import { validationFailure } from '../../http/error-handler.js';
import { callerOf, type App } from '../../http/types.js';
import { deleteBody, expectedVersion, ifMatchHeaders, sendWithETag } from '../../http/versions.js';
import type { Action } from '../access/permissions.js';
import { parseCustomFilterParam, type CustomFilter } from '../custom-fields/custom-field-filters.js';
import { organisationCreatedResponse, organisationDuplicatesResponse, organisationResponse, organisationsPage } from '../organisations/organisations.responses.js';
import { peoplePage, personCreatedResponse, personDuplicatesResponse, personResponse } from '../people/people.responses.js';
import { idParams } from './parties.schemas.js';
import type { ListQuery, PartyInput, PartyService } from './party.service.js';

interface PartyRouteOptions {
  /** URL prefix: /api/people or /api/organisations */
  prefix: string;
  /** permission prefix: people or organisations */
  resource: 'people' | 'organisations';
  service: PartyService;
  createBody: z.ZodType;
  updateBody: z.ZodType;
  listQuery: z.ZodType;
  tag: string;
  /** RELAIS_DEFAULT_REGION: how numbers without a country code are read. */
  defaultRegion: string;
}

const mergeBody = z
  .object({
    sourceId: z.string().min(1).max(36).describe('The record that disappears into this one'),
    version: z.number().int().positive().optional().describe('The version of this record you read (or If-Match): another one gives 409'),
    sourceVersion: z.number().int().positive().optional().describe('The version of the source record you read: another one gives 409'),
  })
  .strict();

/** Parameters of every list besides the kind's own filters (party-kinds.ts listFilters) and cf.* */
const LIST_KEYS = new Set(['q', 'missing', 'sort', 'limit', 'cursor', 'total']);

/** Splits a parsed body into names and the shared party fields. */
function toPartyInput(body: Record<string, unknown>, nameFields: string[]): PartyInput {
  const names: Record<string, string | undefined> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (nameFields.includes(key)) names[key] = value as string;
    else if (key !== 'version') rest[key] = value;
  }
  return { names, ...rest } as PartyInput;
}

/** What each kind's routes answer, for the OpenAPI document. */
const ANSWERS = {
  people: { one: personResponse, created: personCreatedResponse, page: peoplePage, duplicates: personDuplicatesResponse },
  organisations: { one: organisationResponse, created: organisationCreatedResponse, page: organisationsPage, duplicates: organisationDuplicatesResponse },
};

/** GET list, POST, GET one, PATCH, DELETE and merge for people or organisations. */
export function registerPartyRoutes(app: App, o: PartyRouteOptions) {
  const nameFields = Object.keys(o.service.kind.nameColumns);
  const action = (verb: string) => `${o.resource}.${verb}` as Action;
  const answers = ANSWERS[o.resource];

  app.get(o.prefix, {
    schema: { tags: [o.tag], summary: `List ${o.resource}`, querystring: o.listQuery },
    config: { permission: action('read'), documentedResponse: answers.page },
  }, async (request) => {
    const raw = request.query as Record<string, unknown>;
    const customFilters: CustomFilter[] = [];
    for (const [key, value] of Object.entries(raw)) {
      // Filters of one kind only (people by organisation) are unknown filters on the other kind, not ignored.
      if (LIST_KEYS.has(key) || o.service.kind.listFilters.includes(key)) continue;
      if (!key.startsWith('cf.')) throw new AppError('VALIDATION_FAILED', `${key}: unknown filter`, [{ path: key, message: 'unknown filter' }]);
      customFilters.push(parseCustomFilterParam(key, String(value)));
    }
    return o.service.list({ ...(raw as unknown as Omit<ListQuery, 'total'>), total: raw.total === 'true', customFilters });
  });

  // Numbers and postal codes checked with the rest of the body, so that one answer names every bad
  // field (a bad e-mail and a bad number together); a change keeps this check in the service, which
  // knows the numbers and addresses already stored.
  const createBody = (o.createBody as z.ZodType<Record<string, unknown>>).superRefine((body, ctx) => {
    if (Array.isArray(body.phones)) {
      body.phones.forEach((phone: { number?: unknown }, i) => {
        if (typeof phone?.number === 'string' && !isValidPhone(phone.number, o.defaultRegion)) ctx.addIssue({ code: 'custom', path: ['phones', i, 'number'], message: 'not a phone number' });
      });
    }
    if (Array.isArray(body.addresses)) {
      body.addresses.forEach((address: { postalCode?: string; country?: string }, i) => {
        if (isWrongPostalCode(address?.postalCode, address?.country)) ctx.addIssue({ code: 'custom', path: ['addresses', i, 'postalCode'], message: WRONG_POSTAL_CODE });
      });
    }
  });

  app.post(o.prefix, {
    schema: { tags: [o.tag], summary: `Create a ${o.service.kind.entityType}; likely duplicates are reported`, body: createBody },
    config: { permission: action('create'), idempotent: true, successStatus: 201, documentedResponse: answers.created, etag: true },
  }, async (request, reply) => {
    const created = await o.service.create(callerOf(request), request.grant!, toPartyInput(request.body as Record<string, unknown>, nameFields));
    return reply.status(201).send(sendWithETag(reply, created));
  });

  // What the create would report, asked while the record is typed: the names and contact points
  // only, none of them required to be complete or valid yet (a half-typed number finds nothing).
  const duplicatesBody = z
    .object({
      ...Object.fromEntries(nameFields.map((field) => [field, z.string().trim().max(200).optional()])),
      phones: z.array(z.object({ number: z.string().max(50) }).strict()).max(20).optional(),
      emails: z.array(z.object({ address: z.string().trim().max(320) }).strict()).max(20).optional(),
    })
    .strict();
  app.post(`${o.prefix}/duplicates`, {
    schema: { tags: [o.tag], summary: `The likely duplicates of a ${o.service.kind.entityType} not created yet (same phone or e-mail, close name), by the rule the create applies`, body: duplicatesBody },
    config: { permission: action('create'), documentedResponse: answers.duplicates },
  }, async (request) => ({ items: await o.service.findDuplicates(toPartyInput(request.body as Record<string, unknown>, nameFields)), nextCursor: null }));

  app.get(`${o.prefix}/:id`, {
    schema: { tags: [o.tag], params: idParams },
    config: { permission: action('read'), documentedResponse: answers.one, etag: true },
  }, async (request, reply) => {
    return sendWithETag(reply, await o.service.get((request.params as { id: string }).id));
  });

  app.patch(`${o.prefix}/:id`, {
    schema: { tags: [o.tag], summary: 'Change some fields; send the version you read (or If-Match) to detect concurrent edits', params: idParams, headers: ifMatchHeaders, body: o.updateBody },
    config: { permission: action('update'), documentedResponse: answers.one, etag: true },
    // A body that fails its schema still has its new numbers checked (against those the record
    // holds, see the service), so that one answer names a bad e-mail and a bad number together.
    attachValidation: true,
  }, async (request, reply) => {
    const body = request.body as Record<string, unknown> & { version?: number };
    if (request.validationError) {
      const inBody = (request.validationError as { validationContext?: string }).validationContext === 'body';
      const badContactPoints = inBody ? await o.service.badContactPointsInChange((request.params as { id: string }).id, body) : [];
      throw validationFailure(request.validationError, badContactPoints) ?? request.validationError;
    }
    const updated = await o.service.update(
      callerOf(request),
      request.grant!,
      (request.params as { id: string }).id,
      toPartyInput(body, nameFields),
      expectedVersion(request, body.version),
    );
    return sendWithETag(reply, updated);
  });

  app.delete(`${o.prefix}/:id`, {
    schema: { tags: [o.tag], params: idParams, headers: ifMatchHeaders, body: deleteBody },
    config: { permission: action('delete'), successStatus: 204 },
  }, async (request, reply) => {
    const body = request.body as z.infer<typeof deleteBody>;
    await o.service.remove(callerOf(request), (request.params as { id: string }).id, expectedVersion(request, body?.version));
    return reply.status(204).send();
  });

  app.post(`${o.prefix}/:id/merge`, {
    schema: {
      tags: [o.tag],
      summary: 'Merge another record (sourceId) into this one: timeline, tasks, links and contact points move; audited. Send the versions you read to detect a change meanwhile',
      params: idParams,
      headers: ifMatchHeaders,
      body: mergeBody,
    },
    config: { permission: action('merge'), documentedResponse: answers.one, etag: true },
  }, async (request, reply) => {
    const body = request.body as z.infer<typeof mergeBody>;
    const expected = { target: expectedVersion(request, body.version), source: body.sourceVersion };
    return sendWithETag(reply, await o.service.merge(callerOf(request), (request.params as { id: string }).id, body.sourceId, expected));
  });
}
