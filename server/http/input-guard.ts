import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { sendError } from './error-handler.js';

/**
 * Where the first string holding a NUL character sits in a parsed value ('' for the value itself),
 * or undefined. Walks with its own stack: a deeply nested body must not overflow the call stack.
 */
export function findNulCharacter(value: unknown): string | undefined {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return path;
    } else if (current !== null && typeof current === 'object' && !Buffer.isBuffer(current)) {
      for (const [key, child] of Object.entries(current)) {
        if (key.includes('\u0000')) return path ? `${path}.${key}` : key;
        stack.push([child, path ? `${path}.${key}` : key]);
      }
    }
  }
  return undefined;
}

/**
 * A NUL character is never text a CRM keeps, and PostgreSQL refuses it where SQLite would store it:
 * refuse it in the query, the path and the body alike, with a 400 naming where (QUALITY 13).
 */
export async function refuseNulCharacters(request: FastifyRequest, reply: FastifyReply) {
  for (const [part, value] of [['querystring', request.query], ['params', request.params], ['body', request.body]] as const) {
    const path = findNulCharacter(value);
    if (path !== undefined) {
      const where = path || part;
      return sendError(request, reply, new AppError('VALIDATION_FAILED', `${where}: NUL character not allowed`, [{ path: where, message: 'NUL character not allowed' }]));
    }
  }
}
