import type { SwaggerTransform } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { DocumentedContent } from './types.js';

/** The body of every error answer (error-handler.ts). */
const ERROR_BODY = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'VALIDATION_FAILED, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, VERSION_CONFLICT, …' },
        message: { type: 'string' },
        details: { description: 'For bad input: [{ path, message }], one per field' },
      },
    },
  },
};

/** A page of a list: the route's items and the cursor of the next page (null on the last). */
const PAGE_BODY = {
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: {
    items: { type: 'array', items: { type: 'object' } },
    nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page' },
  },
};

const error = (description: string) => ({ description, ...ERROR_BODY });

/**
 * What a success answer not yet described field by field says of itself (its fields are in the
 * route's summary or description). The OpenAPI test counts the answers described, so that the
 * count cannot drop unnoticed.
 */
export const UNDESCRIBED_ANSWER = 'Not yet described field by field: see the summary';

/**
 * A success answer that is not JSON (`config.documentedContent`) as an OpenAPI response: each media
 * type with a string body (binary for a file), and the headers named. @fastify/swagger keeps a
 * response's `content` as it is when it holds a schema (instead of wrapping the whole response in
 * application/json), and turns `headers` into response headers, each with its description.
 */
export function contentResponse(content: DocumentedContent) {
  const body = { type: 'string', ...(content.binary && { format: 'binary' }) };
  return {
    description: content.description,
    ...(content.headers && { headers: Object.fromEntries(Object.entries(content.headers).map(([name, description]) => [name, { type: 'string', description }])) }),
    content: Object.fromEntries(content.types.map((type) => [type, { schema: body }])),
  };
}

/**
 * `nullable` as OpenAPI 3.0.3 reads it: it adds null to the `type` beside it, and to nothing
 * else. Zod marks a nullable union (`anyOf`) with `nullable` alone, which a strict reader (and
 * Ajv) ignores or refuses: each branch of such a union is made nullable instead. And an `enum`
 * still refuses null unless it lists it: a nullable enum lists null. Walks the whole schema;
 * returns a new one.
 */
export function openApiNullables(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(openApiNullables);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    // Property names are data, not keywords: a property called "nullable" or "enum" stays.
    out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as object).map(([name, sub]) => [name, openApiNullables(sub)])) : key === 'enum' ? value : openApiNullables(value);
  }
  if (out.nullable === true && out.type === undefined && Array.isArray(out.anyOf)) {
    delete out.nullable;
    out.anyOf = (out.anyOf as Record<string, unknown>[]).map((branch) => openApiNullables(branch.type !== undefined ? { ...branch, nullable: true } : branch));
  }
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}

/**
 * The routes' schemas as the OpenAPI document shows them (jsonSchemaTransform: the zod schemas of
 * requests), plus what each answers: its success status (`config.successStatus`, checked against
 * the routes by the permission matrix), its body field by field where the route declares it
 * (`config.documentedResponse`, checked against real answers by server/test/openapi-responses.test.ts),
 * or its media types when it is not JSON (`config.documentedContent`: a file, an event stream, TwiML),
 * a generic object or page otherwise, and the errors it can give, all in the one error shape. For
 * the document only: the answers themselves are not validated nor serialised against these.
 */
export const documentedSchemaTransform: SwaggerTransform = (input) => {
  const { route } = input;
  const method = [route.method].flat()[0]!.toUpperCase();
  const status = route.config?.successStatus ?? 200;
  // The documented answer goes through the same conversion as the requests (zod's JSON Schema for
  // OpenAPI 3.0, answers as the server writes them: io 'output'), for the document only.
  const documented = status === 204 ? undefined : route.config?.documentedResponse;
  const withAnswer = documented ? { ...input, schema: { ...input.schema, response: { ...(input.schema?.response as object | undefined), [status]: documented } } } : input;
  const transformed = jsonSchemaTransform(withAnswer as Parameters<typeof jsonSchemaTransform>[0]);
  if ((transformed.schema as { hide?: boolean }).hide) return transformed;
  // Requests and answers alike: a nullable union in a body is as unreadable as in an answer.
  const schema = openApiNullables(transformed.schema) as Record<string, unknown> & { response?: Record<string, unknown>; querystring?: { properties?: Record<string, unknown> } };
  const lists = method === 'GET' && Boolean(schema.querystring?.properties?.cursor);
  const described = documented ? (schema.response![status] as Record<string, unknown>) : undefined;
  if (documented) delete schema.response![status];
  const content = status === 204 || documented ? undefined : route.config?.documentedContent;
  const ok = { 200: 'OK', 201: 'Created', 202: 'Accepted' }[status as 200 | 201 | 202];
  const responses: Record<string, unknown> = {
    [status]:
      status === 204
        ? { description: 'Done; no content', type: 'null' }
        : described
          ? { ...described, description: lists ? 'A page of the list' : ok }
          : content
            ? contentResponse(content)
            : lists
              ? { description: `A page of the list. ${UNDESCRIBED_ANSWER}`, ...PAGE_BODY }
              : { description: `${ok}. ${UNDESCRIBED_ANSWER}`, type: 'object', additionalProperties: true },
  };
  const hasInput = Boolean(schema.body || schema.querystring || schema.params);
  if (hasInput) responses[400] = error('Bad input: each field at fault is named in error.details');
  if (route.config?.permission !== 'public') {
    responses[401] = error('Not signed in (no session cookie, no valid Bearer token)');
    responses[403] = error('Signed in, without this right on this record (or a cookie-borne write without X-CSRF-Token)');
  } else if (route.url !== '/api/health') {
    // Public routes that check credentials of their own: a password, a phone system's secret, a signature.
    responses[401] = error('Credentials refused');
  }
  if (route.url.includes(':')) responses[404] = error('No such record');
  // Any write of a signed-in user may meet the current state of the data.
  if (method !== 'GET' && route.config?.permission !== 'public') {
    const conflicts = [
      'a record changed meanwhile: the version (or If-Match) sent is no longer its own (VERSION_CONFLICT)',
      'a value already taken, the field named in error.details (ALREADY_EXISTS)',
      'a state that does not allow it, such as a closed record (CONFLICT)',
      ...(route.config?.idempotent ? ['the same Idempotency-Key still being answered (IDEMPOTENCY_KEY_IN_USE, with Retry-After)'] : []),
    ];
    responses[409] = error(`Conflicts with the data as it is now: ${conflicts.join('; ')}`);
  }
  if (route.config?.idempotent) responses[422] = error('The same Idempotency-Key with another body');
  if (schema.body) responses[413] = error('Body over the size limit (RELAIS_BODY_LIMIT)');
  if (schema.body) responses[415] = error('The body is not JSON: send Content-Type: application/json (UTF-8)');
  if (route.config?.multipart) responses[415] = error('The body is not multipart/form-data');
  if (route.config?.etag) {
    const success = responses[status] as Record<string, unknown>;
    responses[status] = { ...success, headers: { ...(success.headers as object | undefined), ETag: { type: 'string', description: 'The record’s version as a weak ETag (W/"3"): send it back as If-Match with a change' } } };
  }
  if (route.url === '/api/auth/login') responses[429] = error('Too many failed logins for this account or address: retry after Retry-After seconds');
  return { ...transformed, schema: { ...schema, response: { ...responses, ...schema.response } } };
};
