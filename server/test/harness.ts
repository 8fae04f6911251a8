/**
 * Test harness: a real Relais app on a real database (SQLite in memory, or a throw-away PostgreSQL
 * database on the machine's server), a manual clock, and users of every role.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type BuildOptions, type RelaisApp } from '../app.js';
import { ManualClock } from '../clock.js';
import { loadConfig, type Config } from '../config.js';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from '../db/connect.js';
import { ROLES, type Role } from '../modules/access/permissions.js';

export type DialectName = 'sqlite' | 'postgres';

/** Dialects the suite runs on: both by default; RELAIS_TEST_DIALECTS=sqlite narrows it on a laptop without PostgreSQL. */
export const DIALECTS: DialectName[] = (process.env.RELAIS_TEST_DIALECTS ?? 'sqlite,postgres').split(',').map((d) => d.trim()) as DialectName[];

export const PG_ADMIN_URL = process.env.RELAIS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Creates an empty PostgreSQL database for one test file; returns its URL and a drop function.
 * `options` is the rest of CREATE DATABASE (a locale, say), trusted test text.
 */
export async function createThrowawayDatabase(options = ''): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `relais_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} ${options}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * An empty database of the dialect for the tests of one describe block: SQLite in memory, or a
 * throw-away PostgreSQL database, opened before them and dropped after. Not migrated: migration
 * tests take it to the version they start from.
 */
export function useEmptyDatabase(dialect: DialectName, postgresOptions = ''): { readonly handle: DatabaseHandle } {
  const context = { handle: undefined as unknown as DatabaseHandle };
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const throwaway = dialect === 'postgres' ? await createThrowawayDatabase(postgresOptions) : undefined;
    drop = throwaway?.drop;
    context.handle = connectDatabase({ databaseUrl: throwaway?.url, sqlitePath: ':memory:' });
  });
  afterAll(async () => {
    await context.handle?.close();
    await drop?.();
  });
  return context;
}

/** useEmptyDatabase, migrated to the latest version before the describe block's tests. */
export function useMigratedDatabase(dialect: DialectName): { readonly handle: DatabaseHandle } {
  const context = useEmptyDatabase(dialect);
  beforeAll(async () => {
    await migrateToLatest(context.handle);
  });
  return context;
}

export const TEST_PASSWORD = 'Correct-Horse-Battery-Staple-42';

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  token: string;
}

export interface Harness {
  app: RelaisApp;
  clock: ManualClock;
  config: Config;
  handle: DatabaseHandle;
  dialect: DialectName;
  users: Record<Role, TestUser>;
  /** A second user of the same role, to test "own versus someone else's". */
  others: Record<Role, TestUser>;
  close(): Promise<void>;
}

export async function createHarness(dialect: DialectName, env: Record<string, string> = {}, options: Pick<BuildOptions, 'twilioApiBase' | 'listTotalCap'> = {}): Promise<Harness> {
  const throwaway = dialect === 'postgres' ? await createThrowawayDatabase() : undefined;
  const config = loadConfig({
    RELAIS_DATA_DIR: `/tmp/relais-test-${randomBytes(4).toString('hex')}`,
    RELAIS_LOG_LEVEL: 'silent',
    RELAIS_JOB_POLL_MS: '0',
    RELAIS_ADMIN_EMAIL: 'admin@test.local',
    RELAIS_ADMIN_PASSWORD: TEST_PASSWORD,
    ...(throwaway ? { DATABASE_URL: throwaway.url } : {}),
    ...env,
  });
  const handle = connectDatabase({ databaseUrl: config.databaseUrl, sqlitePath: ':memory:' });
  const clock = new ManualClock(new Date('2026-03-02T08:00:00.000Z'));
  const app = await buildApp(config, { clock, handle, logger: false, ...options });
  await app.ready();
  const { users: usersService, auth } = app.relais.services;

  const make = async (role: Role, suffix: string): Promise<TestUser> => {
    const email = `${role}${suffix}@test.local`;
    const existing = role === 'admin' && suffix === '' ? await app.relais.context.db.selectFrom('users').select('id').where('email', '=', 'admin@test.local').executeTakeFirst() : undefined;
    const user = existing ?? (await usersService.create(null, { email, password: TEST_PASSWORD, name: `${role} ${suffix || 'one'}`, role }));
    const caller = (await auth.fromSession((await auth.login(role === 'admin' && suffix === '' ? 'admin@test.local' : email, TEST_PASSWORD, { ip: '127.0.0.9' })).token))!;
    const { token } = await auth.createApiToken(caller, { name: 'test', scopes: ['read', 'write'] });
    return { id: user.id, email: caller.email, role, token };
  };
  const users = {} as Record<Role, TestUser>;
  const others = {} as Record<Role, TestUser>;
  for (const role of ROLES) {
    users[role] = await make(role, '');
    others[role] = await make(role, '2');
  }
  return {
    app,
    clock,
    config,
    handle,
    dialect,
    users,
    others,
    async close() {
      await app.close();
      await handle.close();
      await throwaway?.drop();
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

/** `app.inject` with a Bearer token and JSON; returns status, parsed body and headers. */
export async function api(
  h: Harness,
  user: TestUser | null,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await h.app.inject({
    method,
    url,
    headers: { ...(user ? { authorization: `Bearer ${user.token}` } : {}), ...headers },
    ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
  });
  let json: any = undefined;
  try {
    json = response.body ? JSON.parse(response.body) : undefined;
  } catch {
    json = response.body;
  }
  return { status: response.statusCode, body: json, headers: response.headers };
}
