import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors.js';

/** The If-Match request header, for the OpenAPI document of routes that take it (other headers pass). */
export const ifMatchHeaders = z.object({
  'if-match': z.string().max(100).optional().describe('The ETag you read (W/"3"), or *; a different current version gives 409'),
});

/**
 * What a DELETE of a versioned record may carry: nothing (Fastify gives null), or the version read, as a PATCH does
 * (or If-Match). Without it, a body's version was ignored and a record changed meanwhile went.
 */
export const deleteBody = z
  .strictObject({ version: z.number().int().positive().optional().describe('The version of this record you read (or If-Match): another one gives 409') })
  .nullish();

/**
 * The version a client read, for optimistic concurrency: the body's `version`, an If-Match ETag
 * (`W/"3"` or `"3"`), or both, which must then agree (one of them is stale otherwise: 409).
 * `If-Match: *` only asks that the record exists. Undefined means "no check asked for".
 */
export function expectedVersion(request: FastifyRequest, bodyVersion?: number): number | undefined {
  const header = request.headers['if-match']?.trim();
  if (!header || header === '*') return bodyVersion;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(header);
  if (!match) throw new AppError('VALIDATION_FAILED', 'If-Match: expected one version, as W/"3" from the ETag', [{ path: 'If-Match', message: 'invalid' }]);
  const fromHeader = Number(match[1]);
  if (bodyVersion !== undefined && bodyVersion !== fromHeader) {
    throw new AppError('VERSION_CONFLICT', undefined, { ifMatch: fromHeader, version: bodyVersion });
  }
  return fromHeader;
}

/** Sends a record with its version as a weak ETag, for the next If-Match. */
export function sendWithETag<T extends { version: number }>(reply: FastifyReply, view: T): T {
  reply.header('ETag', `W/"${view.version}"`);
  return view;
}
