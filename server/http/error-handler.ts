import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ERROR_MESSAGES, type ErrorCode } from '../../common/errors.js';
import type { Clock } from '../clock.js';
import type { Db, DialectFeatures } from '../db/dialect/features.js';
import { AppError } from '../errors.js';
import { logSecurityEvent } from '../modules/access/security-log.js';

/**
 * French when the caller's language is French: a signed-in person's account language (their
 * browser sends its own Accept-Language, which their choice in Relais overrides); for a program
 * (anonymous or an API token) the Accept-Language it sends, else the token's account's language.
 */
export function prefersFrench(request: FastifyRequest): boolean {
  const asked = request.headers['accept-language'];
  if (request.caller && (request.caller.via === 'session' || !asked)) return request.caller.locale === 'fr';
  return /^fr\b/i.test(asked ?? '');
}

/**
 * The message a French caller reads: the code's French message, then, in brackets, the specific
 * English message that names the field, the value or the rule (the web app shows its own French
 * for these). A message already in both languages (" / ") is kept as it is; `details` stay in
 * English, which programs read.
 */
function frenchMessage(error: AppError): string {
  const defaults = ERROR_MESSAGES[error.code];
  if (error.message === defaults.en) return defaults.fr;
  if (error.message.includes(' / ')) return error.message;
  return `${defaults.fr} (${error.message})`;
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  const message = prefersFrench(request) ? frenchMessage(error) : error.message;
  if (error.code === 'TOO_MANY_REQUESTS') {
    const retry = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (retry) reply.header('Retry-After', String(retry));
  }
  return reply.status(error.status).send({ error: { code: error.code, message, details: error.details ?? null } });
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_REQ_FILE_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

/**
 * A schema validation error as the 400 the API answers, each bad field named in `details`; null
 * for any other error. `extra` adds details found by checks the schema cannot make.
 */
export function validationFailure(error: Error, extra: { path: string; message: string }[] = []): AppError | null {
  if (!hasZodFastifySchemaValidationErrors(error)) return null;
  const details = error.validation.flatMap((v) => {
    const base = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const keys = (v.params as { keys?: string[] } | undefined)?.keys;
    // Unknown fields are named one by one, so the client sees which key to drop.
    if (v.keyword === 'unrecognized_keys' && keys?.length) {
      return keys.map((key) => ({ path: base ? `${base}.${key}` : key, message: 'unknown field' }));
    }
    return [{ path: base || String(error.validationContext ?? ''), message: v.message ?? 'invalid' }];
  });
  const all = [...details, ...extra.filter((e) => !details.some((d) => d.path === e.path))];
  const where = all.map((d) => d.path).join(', ');
  return new AppError('VALIDATION_FAILED', `Invalid ${error.validationContext ?? 'input'}: ${where}`, all);
}

/** One place where every thrown thing becomes `{ error: { code, message, details } }`; a 500 never shows internals. */
export function createErrorHandler(deps: { dialect: DialectFeatures; db: Db; clock: Clock }) {
  const { dialect } = deps;
  return async function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    if (error instanceof AppError) {
      if (error.code === 'FORBIDDEN' && request.caller) await logRecordDenial(deps, request, error);
      return sendError(request, reply, error);
    }
    const invalid = validationFailure(error);
    if (invalid) return sendError(request, reply, invalid);
    const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (mapped) return sendError(request, reply, new AppError(mapped, error.message));
    if (error.statusCode === 400 && error instanceof SyntaxError) return sendError(request, reply, new AppError('BAD_REQUEST', 'body is not valid JSON'));
    const translated = dialect.translateError(error);
    if (translated) return sendError(request, reply, translated);
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(request, reply, new AppError('BAD_REQUEST', error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(request, reply, new AppError('INTERNAL'));
  };
}

/**
 * A refusal on a record (not one's own, not one's team's…), which the services decide once the
 * permission table has let the call through: a security event like the table's own refusals
 * (auth-hook.ts, QUALITY 23). Logging it must not turn the 403 into a 500.
 */
async function logRecordDenial(deps: { db: Db; clock: Clock }, request: FastifyRequest, error: AppError) {
  try {
    await logSecurityEvent(deps.db, request.log, deps.clock.now(), 'access.denied', {
      userId: request.caller!.id,
      ip: request.ip,
      details: { method: request.method, route: request.routeOptions.url, params: request.params, reason: error.message },
    });
  } catch (e) {
    request.log.error({ err: e }, 'security event not recorded');
  }
}
