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
