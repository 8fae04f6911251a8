import type { SwaggerTransform } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

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
 * The routes' schemas as the OpenAPI document shows them (jsonSchemaTransform: the zod schemas of
 * requests), plus what each answers: its success status (`config.successStatus`, checked against
 * the routes by the permission matrix), pages for lists, and the errors it can give, all in the one
 * error shape. For the document only: the answers themselves are not validated against these.
 */
export const documentedSchemaTransform: SwaggerTransform = (input) => {
  const transformed = jsonSchemaTransform(input as Parameters<typeof jsonSchemaTransform>[0]);
  const { route } = input;
  const schema = transformed.schema as Record<string, unknown> & { response?: Record<string, unknown>; querystring?: { properties?: Record<string, unknown> } };
  if (schema.hide) return transformed;
  const method = [route.method].flat()[0]!.toUpperCase();
  const status = route.config?.successStatus ?? 200;
  const lists = method === 'GET' && Boolean(schema.querystring?.properties?.cursor);
  const responses: Record<string, unknown> = {
    [status]:
      status === 204
        ? { description: 'Done; no content', type: 'null' }
        : lists
          ? { description: 'A page of the list', ...PAGE_BODY }
          : { description: { 200: 'OK', 201: 'Created', 202: 'Accepted' }[status], type: 'object', additionalProperties: true },
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
  if (['PATCH', 'PUT', 'DELETE'].includes(method)) responses[409] = error('Changed meanwhile: the version (or If-Match) sent is no longer the record’s');
  if (route.config?.idempotent) {
    responses[409] ??= error('The same Idempotency-Key is still being answered');
    responses[422] = error('The same Idempotency-Key with another body');
  }
  if (schema.body) responses[413] = error('Body over the size limit (RELAIS_BODY_LIMIT)');
  if (route.url === '/api/auth/login') responses[429] = error('Too many failed logins for this account or address: retry after Retry-After seconds');
  return { ...transformed, schema: { ...schema, response: { ...responses, ...schema.response } } };
};
