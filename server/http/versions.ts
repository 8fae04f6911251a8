import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors.js';

/** The If-Match request header, for the OpenAPI document of routes that take it (other headers pass). */
export const ifMatchHeaders = z.object({
  'if-match': z.string().max(100).optional().describe('The ETag you read (W/"3"), or *; a different current version gives 409'),
});

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
