import { ERROR_MESSAGES, ERROR_STATUS, type ErrorCode } from '../common/errors.js';

export type { ErrorCode };

/** The one error type services throw; the HTTP layer turns it into `{ error: { code, message, details } }`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
  ) {
    super(message ?? ERROR_MESSAGES[code].en);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (message?: string) => new AppError('FORBIDDEN', message);
export const validation = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', `${path}: ${message}`, [{ path, message }]);

/**
 * 409 ALREADY_EXISTS naming the field whose value is taken (`details: [{ path, message }]`), so a
 * form can mark that field instead of saying "that already exists".
 */
export const alreadyExists = (path: string, what: string) =>
  new AppError('ALREADY_EXISTS', `${path}: ${what} already exists`, [{ path, message: 'already used', messageFr: 'déjà utilisé' }]);

/** A unique-constraint failure as SQLite or PostgreSQL reports it (the dialects turn it into a bare ALREADY_EXISTS). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
