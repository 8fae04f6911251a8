import { z } from 'zod';
import { recordId } from '../../http/schemas.js';
import type { Clock } from '../../clock.js';
import type { Db, DialectFeatures } from '../../db/dialect/features.js';
import { callerOf, type App } from '../../http/types.js';
import { newId } from '../../ids.js';
import { byName } from '../../lib/text.js';
import { AppError, isUniqueViolation } from '../../errors.js';
import { writeAudit } from '../audit/audit.js';
import { grantFor } from '../access/permissions.js';
import type { SettingsService } from '../settings/settings.service.js';
import { createRelationshipTypesService } from './relationship-types.service.js';
import { FIELD_TYPES, type CustomFieldsService } from '../custom-fields/custom-fields.service.js';
import {
  auditPage,
  createdTeamResponse,
  customFieldResponse,
  customFieldsResponse,
  relationshipTypeResponse,
  relationshipTypesResponse,
  tagsPage,
  teamsResponse,
} from './catalogue.responses.js';

const fieldBody = z
  .object({
    entityType: z.enum(['person', 'organisation']),
    key: z.string().regex(/^[a-z][a-z0-9_]{0,59}$/, 'lower-case letters, digits and _; starts with a letter'),
    labelEn: z.string().trim().min(1).max(100),
    labelFr: z.string().trim().min(1).max(100),
    type: z.enum(FIELD_TYPES),
    choices: z.array(z.string().trim().min(1).max(100)).max(200).refine((c) => new Set(c).size === c.length, 'each choice once').default([]),
  })
  .strict();

const fieldParams = z.object({ id: z.string().min(1).max(36) }).strict();
const fieldPatch = z
  .object({
    labelEn: fieldBody.shape.labelEn.optional(),
    labelFr: fieldBody.shape.labelFr.optional(),
    choices: fieldBody.shape.choices.unwrap().optional(),
  })
  .strict();

const relationshipTypeBody = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'lower-case letters, digits and -'),
    labelEn: z.string().trim().min(1).max(100),
    labelFr: z.string().trim().min(1).max(100),
  })
  .strict();

const relationshipTypeParams = z.object({ key: z.string().min(1).max(40) }).strict();
const relationshipTypePatch = z
  .object({
    labelEn: z.string().trim().min(1).max(100).optional(),
    labelFr: z.string().trim().min(1).max(100).optional(),
  })
  .strict();

/** Configurable lists: custom fields, relationship types, tags in use, teams, and the audit trail. */
export function registerCatalogueRoutes(app: App, deps: { db: Db; dialect: DialectFeatures; clock: Clock; customFields: CustomFieldsService; settings: SettingsService }) {
  const { db, clock, customFields } = deps;
  const relationshipTypes = createRelationshipTypesService(deps);

  app.get('/api/custom-fields', {
    schema: { tags: ['settings'], querystring: z.object({ entityType: z.enum(['person', 'organisation']).optional() }).strict() },
    config: { permission: 'customFields.read', documentedResponse: customFieldsResponse },
  }, async (request) => ({ items: await customFields.list(request.query.entityType), nextCursor: null }));

  app.post('/api/custom-fields', { schema: { tags: ['settings'], body: fieldBody }, config: { permission: 'customFields.manage', idempotent: true, successStatus: 201, documentedResponse: customFieldResponse } }, async (request, reply) => {
    return reply.status(201).send(await customFields.create(callerOf(request).id, request.body));
  });

  app.patch('/api/custom-fields/:id', {
    schema: {
      tags: ['settings'],
      summary: 'Relabel a custom field or change its choices (key and type stay; a choice held by records is not removed: 409)',
      params: fieldParams,
      body: fieldPatch,
    },
    config: { permission: 'customFields.manage', documentedResponse: customFieldResponse },
  }, async (request) => customFields.update(callerOf(request).id, request.params.id, request.body));

  app.delete('/api/custom-fields/:id', {
    schema: { tags: ['settings'], summary: 'Delete a custom field no record holds a value for; 409 naming how many do', params: fieldParams },
    config: { permission: 'customFields.manage', successStatus: 204 },
  }, async (request, reply) => {
    await customFields.remove(callerOf(request).id, request.params.id);
    return reply.status(204).send();
  });

  app.get('/api/relationship-types', { schema: { tags: ['settings'] }, config: { permission: 'relationshipTypes.read', documentedResponse: relationshipTypesResponse } }, async () => ({
    items: await relationshipTypes.list(),
    nextCursor: null,
  }));

  app.post('/api/relationship-types', {
    schema: { tags: ['settings'], body: relationshipTypeBody },
    config: { permission: 'relationshipTypes.manage', idempotent: true, successStatus: 201, documentedResponse: relationshipTypeResponse },
  }, async (request, reply) => reply.status(201).send(await relationshipTypes.create(callerOf(request).id, request.body)));

  app.patch('/api/relationship-types/:key', {
    schema: { tags: ['settings'], summary: 'Rename a relationship type (its labels; the key stays)', params: relationshipTypeParams, body: relationshipTypePatch },
    config: { permission: 'relationshipTypes.manage', documentedResponse: relationshipTypeResponse },
  }, async (request) => relationshipTypes.update(callerOf(request).id, request.params.key, request.body));

  app.delete('/api/relationship-types/:key', {
    schema: { tags: ['settings'], summary: 'Delete an unused relationship type; 409 naming how many records, caps or rules use it', params: relationshipTypeParams },
    config: { permission: 'relationshipTypes.manage', successStatus: 204 },
  }, async (request, reply) => {
    await relationshipTypes.remove(callerOf(request).id, request.params.key);
    return reply.status(204).send();
  });

  app.get('/api/tags', {
    schema: {
      tags: ['settings'],
      summary: 'Tags in use with how many records carry each, by name (case and accents folded); entityType counts only people or only organisations',
      querystring: z
        .object({
          entityType: z.enum(['person', 'organisation']).optional().describe('Only the tags people (or organisations) carry, counted on them'),
          limit: z.coerce.number().int().min(1).max(1000).default(1000),
          cursor: z.string().max(60).optional().describe('The last tag of the previous page'),
        })
        .strict(),
    },
    config: { permission: 'tags.read', documentedResponse: tagsPage },
  }, async (request) => {
    // Every tag in use, then ordered by folded name (which SQL cannot do on both databases) and
    // cut into pages: a firm has hundreds of distinct tags, not millions.
    let query = db.selectFrom('tags').select(['tag', (eb) => eb.fn.countAll<number>().as('count')]);
    if (request.query.entityType) query = query.where('entity_type', '=', request.query.entityType);
    const rows = byName(await query.groupBy('tag').execute(), (r) => r.tag);
    const { limit, cursor } = request.query;
    const start = cursor === undefined ? 0 : rows.findIndex((r) => r.tag === cursor) + 1;
    if (cursor !== undefined && start === 0) throw new AppError('VALIDATION_FAILED', 'cursor: invalid', [{ path: 'cursor', message: 'invalid cursor' }]);
    const page = rows.slice(start, start + limit);
    return { items: page.map((r) => ({ tag: r.tag, count: Number(r.count) })), nextCursor: start + limit < rows.length ? page[page.length - 1].tag : null };
  });

  app.get('/api/teams', { schema: { tags: ['settings'] }, config: { permission: 'teams.read', documentedResponse: teamsResponse } }, async () => ({
    items: byName(await db.selectFrom('teams').selectAll().execute(), (t) => t.name).map((t) => ({ id: t.id, name: t.name, managerId: t.manager_id, calendar: t.calendar ? (JSON.parse(t.calendar) as unknown) : null })),
    nextCursor: null,
  }));

  app.post('/api/teams', {
    schema: { tags: ['settings'], body: z.object({ name: z.string().trim().min(1).max(200), managerId: recordId.nullable().optional() }).strict() },
    config: { permission: 'teams.manage', idempotent: true, successStatus: 201, documentedResponse: createdTeamResponse },
  }, async (request, reply) => {
    const row = { id: newId(), name: request.body.name, manager_id: request.body.managerId ?? null, created_at: clock.now().toISOString() };
    // Named here, as a user's e-mail is; the unique index stays the backstop for a race.
    const taken = () => new AppError('ALREADY_EXISTS', 'a team has this name', [{ path: 'name', message: 'already used', messageFr: 'déjà utilisé' }]);
    if (await db.selectFrom('teams').select('id').where('name', '=', row.name).executeTakeFirst()) throw taken();
    await db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('teams').values(row).execute();
        await writeAudit(trx, { at: row.created_at, actorId: callerOf(request).id, entityType: 'team', entityId: row.id, action: 'create', changes: { name: { old: null, new: row.name }, managerId: { old: null, new: row.manager_id } } });
      })
      // Created by someone else between the check and the insert: the same answer, naming the field.
      .catch((error: unknown) => {
        throw isUniqueViolation(error) ? taken() : error;
      });
    return reply.status(201).send({ id: row.id, name: row.name, managerId: row.manager_id });
  });

  app.get('/api/audit', {
    schema: {
      tags: ['settings'],
      summary:
        "Audit trail of a record: who changed which field, when, from what to what; only for those who may see the record: a saved view's for its owner, " +
        "an API token's for its owner and administrators, a telephony integration's for those who manage them (anyone else's has none)",
      querystring: z
        .object({
          entityId: z.string().min(1).max(36),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          cursor: z.string().regex(/^\d{1,15}$/, 'the nextCursor of the previous page').optional(),
        })
        .strict(),
    },
    config: { permission: 'audit.read', documentedResponse: auditPage },
  }, async (request) => {
    const { entityId, limit, cursor } = request.query;
    const caller = callerOf(request);
    // A record's rows are read by those who may see the record itself (QUALITY 8): its trail holds
    // its names and settings. Saved views are private to their owner, whatever the role; only the
    // owner ever writes a view, so they are its rows' actor. An API token is its owner's, and the
    // administrators' who may revoke it (as DELETE /api/tokens/:id). Telephony integrations (their
    // hosts, accounts and numbers) are for those who manage them, though click-to-call and the
    // call log show their ids to everyone.
    const hidden = ['saved_view', 'api_token', ...(grantFor(caller.role, 'telephony.manage') === 'any' ? [] : ['telephony_integration'])];
    let q = db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', entityId)
      .where((eb) =>
        eb.or([
          eb('entity_type', 'not in', hidden),
          eb.and([eb('entity_type', '=', 'saved_view'), eb('actor_id', '=', caller.id)]),
          caller.role === 'admin'
            ? eb('entity_type', '=', 'api_token')
            : eb.and([eb('entity_type', '=', 'api_token'), eb('entity_id', 'in', eb.selectFrom('api_tokens as t').select('t.id').where('t.user_id', '=', caller.id))]),
        ]),
      );
    if (cursor) q = q.where('id', '<', Number(cursor));
    const rows = await q.orderBy('id', 'desc').limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({ id: Number(r.id), at: r.at, actorId: r.actor_id, entityType: r.entity_type, entityId: r.entity_id, action: r.action, field: r.field, oldValue: r.old_value, newValue: r.new_value })),
      nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null,
    };
  });
}
