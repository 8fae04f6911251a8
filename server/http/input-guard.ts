import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { sendError } from './error-handler.js';

/** What makes a string text no record may keep, or undefined. */
function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'NUL character not allowed';
  // Half of a UTF-16 pair (JSON's "\ud800"): no character at all. SQLite would store it as bytes
  // that are not UTF-8 and PostgreSQL as U+FFFD, each reading back something else than was sent.
  if (LONE_SURROGATE.test(text)) return 'lone UTF-16 surrogate (half of a character) not allowed';
  return undefined;
}
// In a `u` pattern a proper pair is one code point, so only a lone half is of category Cs.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Where the first string no record may keep sits in a parsed value ('' for the value itself), and
 * why; undefined when there is none. Walks with its own stack: a deeply nested body must not
 * overflow the call stack.
 */
export function findBadText(value: unknown): { path: string; problem: string } | undefined {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) return { path, problem };
    } else if (current !== null && typeof current === 'object' && !Buffer.isBuffer(current)) {
      for (const [key, child] of Object.entries(current)) {
        const problem = textProblem(key);
        if (problem) return { path: path ? `${path}.${key}` : key, problem };
        stack.push([child, path ? `${path}.${key}` : key]);
      }
    }
  }
  return undefined;
}

/**
 * A NUL character is never text a CRM keeps, and PostgreSQL refuses it where SQLite would store it;
 * half a character cannot be stored as sent on either: refuse both in the query, the path and the
 * body alike, with a 400 naming where (QUALITY 13).
 */
export async function refuseBadText(request: FastifyRequest, reply: FastifyReply) {
  for (const [part, value] of [['querystring', request.query], ['params', request.params], ['body', request.body]] as const) {
    const found = findBadText(value);
    if (found) {
      const where = found.path || part;
      return sendError(request, reply, new AppError('VALIDATION_FAILED', `${where}: ${found.problem}`, [{ path: where, message: found.problem }]));
    }
  }
}
