import { ApiError } from './ApiError.js';

type Query = Record<string, string | number | boolean | readonly string[] | null | undefined>;

interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** A creating POST the server deduplicates by its Idempotency-Key: safe to send again. */
  idempotent?: boolean;
  /** The version the user saw (If-Match): a record changed since then answers 409 instead. */
  ifMatch?: number;
}

/** A creating POST whose answer is lost is sent again, until this many sends have failed so. */
const NETWORK_FAILURES_ALLOWED = 3;
const RETRY_DELAY_MS = 500;
/** While the first request with its key still runs, the server asks to retry: this many times, 2 s at most each. */
const WAITS_WHILE_IN_USE = 10;
const MAX_WAIT_MS = 2000;

/**
 * A fresh Idempotency-Key. From getRandomValues rather than randomUUID, which browsers only offer
 * on HTTPS pages, and Relais may be served over plain HTTP in an office network.
 */
function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// The CSRF token comes from the login / me answer and must accompany every non-GET call.
let csrfToken: string | null = null;
let unauthorizedHandler: (() => void) | null = null;

/** Builds `/api/...?a=1` leaving out empty values so filters stay optional; a list repeats its parameter (`tag=a&tag=b`). */
function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) {
      for (const item of value) if (item !== '') params.append(key, item);
      continue;
    }
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  // A file upload goes as multipart: the browser writes its Content-Type with the boundary.
  const isForm = options.body instanceof FormData;
  if (options.body !== undefined && !isForm) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (options.ifMatch !== undefined) headers['If-Match'] = `W/"${options.ifMatch}"`;

  // A creation whose answer was lost (the connection dropped on the way back) is sent again with
  // the same key: the server answers with the first answer instead of creating twice, or, while
  // the first is still running, asks to retry (409 with Retry-After).
  if (options.idempotent) headers['Idempotency-Key'] = newIdempotencyKey();
  const url = buildUrl(path, options.query);
  const body = options.body === undefined ? undefined : isForm ? (options.body as FormData) : JSON.stringify(options.body);
  let failures = 0;
  let waits = 0;

  let response: Response | undefined;
  while (!response) {
    try {
      response = await fetch(url, { method, headers, credentials: 'same-origin', body, signal: options.signal });
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
      if (!options.idempotent || ++failures >= NETWORK_FAILURES_ALLOWED) {
        throw new ApiError(0, 'NETWORK_ERROR', cause instanceof Error ? cause.message : String(cause));
      }
      await pause(RETRY_DELAY_MS);
      continue;
    }
    const retryAfter = Number(response.headers.get('Retry-After'));
    if (options.idempotent && response.status === 409 && retryAfter > 0 && waits < WAITS_WHILE_IN_USE) {
      waits++;
      response = undefined;
      await pause(Math.min(retryAfter * 1000, MAX_WAIT_MS));
    }
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    // A 429 from a proxy has no body: its Retry-After header (seconds) still says how long to wait.
    const retryAfter = Number(response.headers.get('Retry-After'));
    const details = error?.details ?? (response.status === 429 && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : undefined);
    const apiError = new ApiError(
      response.status,
      error?.code ?? (response.status === 429 ? 'TOO_MANY_REQUESTS' : `HTTP_${response.status}`),
      error?.message ?? response.statusText,
      details,
    );
    // A 401 on login itself means wrong credentials, not an expired session.
    if (response.status === 401 && path !== '/api/auth/login') unauthorizedHandler?.();
    throw apiError;
  }
  return data as T;
}

/** The one way the web app talks to the Relais API: JSON, same-origin cookie, CSRF header. */
export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  /**
   * A creating POST (a person, a call logged, a task…): sent with an Idempotency-Key, and sent
   * again if its answer is lost, so that a dropped connection does not create the record twice.
   */
  create: <T>(path: string, body: unknown) => request<T>('POST', path, { body, idempotent: true }),
  /** A multipart POST (a file attached to an interaction): same session, CSRF header and errors. */
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, { body: form }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  /** With `version`, deletes only the version the user saw (If-Match): changed since, it answers 409. */
  delete: <T = void>(path: string, version?: number) => request<T>('DELETE', path, { ifMatch: version }),
  /** Remembers the token returned by login / me for the X-CSRF-Token header. */
  setCsrfToken(token: string | null) {
    csrfToken = token;
  },
  /** Called on any 401 so the app can return to the login page. */
  onUnauthorized(handler: (() => void) | null) {
    unauthorizedHandler = handler;
  },
};
