import type { ValidationIssue } from './types.js';

/** An error answered by the API (`{ error: { code, message, details } }`) or a network failure. */
export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** Stable SCREAMING_SNAKE code, used as the translation key. */
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** How long a 429 asks to wait (`details.retryAfterSeconds`), null when it does not say. */
  get retryAfterSeconds(): number | null {
    const seconds = (this.details as { retryAfterSeconds?: unknown } | null | undefined)?.retryAfterSeconds;
    return typeof seconds === 'number' && seconds > 0 ? seconds : null;
  }

  /**
   * The fields named by a 400 VALIDATION_FAILED answer, or by a 409 ALREADY_EXISTS (the e-mail or
   * key already taken), empty otherwise.
   */
  get issues(): ValidationIssue[] {
    if ((this.code !== 'VALIDATION_FAILED' && this.code !== 'ALREADY_EXISTS') || !Array.isArray(this.details)) return [];
    return this.details.filter(
      (d): d is ValidationIssue => typeof d === 'object' && d !== null && typeof (d as ValidationIssue).path === 'string',
    );
  }
}
