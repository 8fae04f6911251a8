/**
 * Helpers shared by the security tests: raw requests (cookies, addresses, raw payloads), cookie
 * sessions with their CSRF token, Server-Sent Events streams, a bare app (one admin, any config)
 * and a whole-database fingerprint to prove a request changed nothing.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { buildApp, type BuildOptions, type RelaisApp } from '../../app.js';
import { ManualClock } from '../../clock.js';
import { loadConfig, type Config } from '../../config.js';
import { connectDatabase, type DatabaseHandle } from '../../db/connect.js';
import type { Db } from '../../db/dialect/features.js';
import type { Role } from '../../modules/access/permissions.js';
import { api, createThrowawayDatabase, TEST_PASSWORD, type DialectName, type Harness, type TestUser } from '../harness.js';

export type Method = 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RawRequest {
  method: Method;
  url: string;
  /** JSON body, or a Buffer sent as is (multipart). */
  body?: unknown;
  headers?: Record<string, string>;
  cookies?: Record<string, string>;
  /** The client address the server sees (login throttling per address). */
  remoteAddress?: string;
}

export interface Answer {
  status: number;
  body: any;
  text: string;
  headers: Record<string, string | string[] | number | undefined>;
  cookies: { name: string; value: string; [attribute: string]: unknown }[];
}

/** `app.inject` with everything the security tests vary; parses JSON when it can. */
export async function send(app: RelaisApp, req: RawRequest): Promise<Answer> {
  const response = await app.inject({
    method: req.method,
    url: req.url,
    headers: req.headers ?? {},
    cookies: req.cookies,
    remoteAddress: req.remoteAddress,
    ...(req.body !== undefined ? { payload: req.body as Record<string, unknown> } : {}),
  });
  let body: unknown;
  try {
    body = response.body ? JSON.parse(response.body) : undefined;
  } catch {
    body = response.body;
  }
  return { status: response.statusCode, body, text: response.body, headers: response.headers, cookies: response.cookies as Answer['cookies'] };
}

/** A logged-in browser: the session cookie and the CSRF token the login answer carried. */
export interface Session {
  token: string;
  csrfToken: string;
  cookie: Answer['cookies'][number];
  userId: string;
}

export async function login(app: RelaisApp, email: string, password = TEST_PASSWORD, remoteAddress?: string): Promise<Session> {
  const res = await send(app, { method: 'POST', url: '/api/auth/login', body: { email, password }, remoteAddress });
  if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${res.text}`);
  const cookie = res.cookies.find((c) => c.name === 'relais_session');
  if (!cookie) throw new Error('login set no session cookie');
  return { token: cookie.value, csrfToken: res.body.csrfToken, cookie, userId: res.body.user.id };
}

/** A request as a browser sends it: the session cookie, and the CSRF header unless told otherwise. */
export function asBrowser(app: RelaisApp, session: Session, req: RawRequest, csrf: string | null = session.csrfToken) {
  return send(app, {
    ...req,
    cookies: { relais_session: session.token, ...req.cookies },
    headers: { ...(csrf !== null && { 'x-csrf-token': csrf }), ...req.headers },
  });
}

/** A request with the user's API token. */
export function asToken(app: RelaisApp, token: string, req: RawRequest) {
  return send(app, { ...req, headers: { authorization: `Bearer ${token}`, ...req.headers } });
}

/**
 * Opens a Server-Sent Events stream, reads its status, headers and first event, then hangs up
 * (app.inject would otherwise wait for the end of an endless stream).
 */
export async function openStream(app: RelaisApp, req: RawRequest): Promise<Answer> {
  const abort = new AbortController();
  const options: InjectOptions & { signal: AbortSignal } = {
    method: req.method,
    url: req.url,
    headers: req.headers ?? {},
    cookies: req.cookies,
    payloadAsStream: true,
    signal: abort.signal,
  };
  const response = (await app.inject(options)) as LightMyRequestResponse & { stream(): Readable };
  const stream = response.stream();
  stream.on('error', () => undefined);
  const text = await new Promise<string>((resolve) => {
    stream.once('data', (chunk: Buffer) => resolve(String(chunk)));
    stream.once('end', () => resolve(''));
  });
  abort.abort();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // an event stream, not JSON
  }
  return { status: response.statusCode, body, text, headers: response.headers, cookies: [] };
}

/** A multipart/form-data body with one file field, as the attachment route expects. */
export function multipart(fileName: string, content: Buffer) {
  const boundary = `----relais-${randomBytes(6).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A minimal valid PNG header: enough for content sniffing. */
export const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'),
]);

export interface BareApp {
  app: RelaisApp;
  clock: ManualClock;
  config: Config;
  handle: DatabaseHandle;
  close(): Promise<void>;
}

/**
 * A Relais app with only the first administrator, for tests that need their own configuration
 * (cookie flags, no admin password, a web folder, a log stream, an extra route).
 */
export async function bareApp(
  dialect: DialectName,
  options: {
    env?: Record<string, string>;
    configure?: (config: Config) => Config;
    build?: Omit<BuildOptions, 'clock' | 'handle'>;
    /** Called before `ready()`, while routes may still be added. */
    beforeReady?: (app: RelaisApp) => void;
  } = {},
): Promise<BareApp> {
  const throwaway = dialect === 'postgres' ? await createThrowawayDatabase() : undefined;
  const loaded = loadConfig({
    RELAIS_DATA_DIR: `/tmp/relais-test-${randomBytes(4).toString('hex')}`,
    RELAIS_LOG_LEVEL: 'silent',
    RELAIS_JOB_POLL_MS: '0',
    RELAIS_ADMIN_EMAIL: 'admin@test.local',
    RELAIS_ADMIN_PASSWORD: TEST_PASSWORD,
    ...(throwaway ? { DATABASE_URL: throwaway.url } : {}),
    ...options.env,
  });
  const config = options.configure ? options.configure(loaded) : loaded;
  const handle = connectDatabase({ databaseUrl: config.databaseUrl, sqlitePath: ':memory:' });
  const clock = new ManualClock(new Date('2026-03-02T08:00:00.000Z'));
  const close = async () => {
    await handle.close();
    await throwaway?.drop();
  };
  try {
    const app = await buildApp(config, { clock, handle, logger: false, ...options.build });
    options.beforeReady?.(app);
    await app.ready();
    return {
      app,
      clock,
      config,
      handle,
      async close() {
        await app.close();
        await close();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Tables of the database, read from its catalogue. */
export async function tableNames(db: Db, dialect: DialectName): Promise<string[]> {
  const rows =
    dialect === 'sqlite'
      ? (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_documents_%'`.execute(db)).rows
      : (await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`.execute(db)).rows;
  return rows.map((r) => r.name).sort();
}

/** A hash of every row of every table: equal before and after means the request changed nothing. */
export async function fingerprint(db: Db, dialect: DialectName): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of await tableNames(db, dialect)) {
    const rows = (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(db)).rows;
    const lines = rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).sort();
    result[table] = `${rows.length}:${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`;
  }
  return result;
}

/** The caller object the services take, for a harness user (to build fixtures without HTTP). */
export async function callerOf(h: Harness, user: TestUser) {
  const caller = await h.app.relais.services.auth.fromApiToken(user.token);
  if (!caller) throw new Error(`no caller for ${user.email}`);
  return caller;
}

/** A fresh user with their own API token, for tests that disable, re-password or re-role someone. */
export async function newUser(h: Harness, role: Role = 'sales', password = TEST_PASSWORD): Promise<TestUser> {
  const email = `${unique('user')}@test.local`;
  const created = await api(h, h.users.admin, 'POST', '/api/users', { email, password, name: `New ${role}`, role });
  if (created.status !== 201) throw new Error(`user creation failed: ${created.status} ${JSON.stringify(created.body)}`);
  const { token } = await h.app.relais.services.auth.createApiToken(
    { id: created.body.id, email, name: `New ${role}`, role, teamId: null, locale: 'fr', via: 'session', scopes: ['read', 'write'] },
    { name: 'test', scopes: ['read', 'write'] },
  );
  return { id: created.body.id, email, role, token };
}

/** A short unique suffix for names that must not collide (e-mails, keys, team names). */
let counter = 0;
export const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;
