import type { FastifyInstance, FastifyBaseLogger, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ZodType } from 'zod';
import type { Caller } from '../context.js';
import type { Action, Grant } from '../modules/access/permissions.js';

/** 'public': no login (health, login); an Action: login plus that right in the permission table. */
export type RoutePermission = Action | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RoutePermission;
    /** A creating POST that honours `Idempotency-Key` (./idempotency.ts). */
    idempotent?: boolean;
    /**
     * The status the route answers on success when not 200 (201 created, 202 accepted, 204 no content): for the
     * OpenAPI document (./openapi.ts); the permission matrix checks it against what the route answers.
     */
    successStatus?: 201 | 202 | 204;
    /**
     * What the route answers on success, for the OpenAPI document only (./openapi.ts): never used to
     * validate or serialise the answer, which costs nothing at run time. Strict objects (z.strictObject),
     * so that the test checking real answers against the document (server/test/openapi-responses.test.ts)
     * fails on a field the server sends and the document omits; a list declares `page(item)` (./responses.ts).
     */
    documentedResponse?: ZodType;
    /**
     * What the route answers on success when it is not JSON (a file, an event stream, TwiML), for
     * the OpenAPI document only (./openapi.ts): its media types, what the body is, and the headers
     * worth naming. Instead of `documentedResponse`.
     */
    documentedContent?: DocumentedContent;
    /** The answer carries the record's version as a weak ETag (`sendWithETag`), for the OpenAPI document. */
    etag?: boolean;
    /** The body is a multipart upload, not JSON (for the OpenAPI document's 415). */
    multipart?: boolean;
  }
  interface FastifyRequest {
    caller?: Caller;
    /** The caller's grant for the route's action: 'any' record or only their 'own'. */
    grant?: Grant;
  }
}

/** A success answer that is not JSON, as the OpenAPI document describes it (`config.documentedContent`). */
export interface DocumentedContent {
  /** The media types the body comes as: "text/event-stream", "text/xml", "image/png"… */
  types: readonly [string, ...string[]];
  /** What the body is, short. */
  description: string;
  /** Bytes (a file) rather than text. */
  binary?: boolean;
  /** Response headers worth naming, with what each says. */
  headers?: Record<string, string>;
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** The caller of a route that requires login (the auth hook guarantees it is set). */
export function callerOf(request: { caller?: Caller }): Caller {
  if (!request.caller) throw new Error('route without authentication reached a handler that needs a caller');
  return request.caller;
}
