/**
 * Credentials kept between requests (credential-cache.ts): trusted only until the user's access
 * changes, here or on another instance, never while the instance may miss such a change, and never
 * longer than CREDENTIAL_MAX_AGE_MS.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.js';
import { MemoryEventBus, RESYNC } from '../../events/bus.js';
import { PostgresEventBus } from '../../events/postgres-bus.js';
import { api, createHarness, createThrowawayDatabase, DIALECTS, type Harness } from '../../test/harness.js';
import { asBrowser, login } from '../../test/security/support.js';
import { CREDENTIAL_MAX_AGE_MS, createCredentialCache } from './credential-cache.js';

interface UserRow {
  id: string;
  name: string;
}

/** A credential's row as the database would give it, counting the reads. */
function source(row: UserRow | undefined) {
  const counter = { reads: 0, row };
  const load = async () => {
    counter.reads += 1;
    return counter.row;
  };
  return Object.assign(counter, { load });
}

describe('the credentials an instance keeps', () => {
  it('are read once, then again after a change of their user’s access, made here or announced by another instance', async () => {
    const events = new MemoryEventBus();
    const cache = createCredentialCache<UserRow>({ events, clock: new ManualClock() });
    const db = source({ id: 'u1', name: 'Camille' });
    await cache.read('token a', db.load);
    await cache.read('token a', db.load);
    expect(db.reads).toBe(1);

    cache.forgetUser('someone else');
    await cache.read('token a', db.load);
    expect(db.reads).toBe(1);

    cache.forgetUser('u1');
    await cache.read('token a', db.load);
    expect(db.reads).toBe(2);

    // What another instance publishes arrives through the bus.
    events.deliver({ type: 'access.changed', audience: { userIds: ['u1'] }, data: { userId: 'u1' } });
    await cache.read('token a', db.load);
    expect(db.reads).toBe(3);

    // Events possibly missed: nothing kept is trusted any more.
    events.deliver({ type: RESYNC, audience: { all: true }, data: { reason: 'reconnected' } });
    await cache.read('token a', db.load);
    expect(db.reads).toBe(4);
  });

  it('do not keep a row read while its user’s access was changing', async () => {
    const cache = createCredentialCache<UserRow>({ events: new MemoryEventBus(), clock: new ManualClock() });
    let answer!: (row: UserRow) => void;
    const slowRead = cache.read('session s', () => new Promise<UserRow>((resolve) => (answer = resolve)));
    // The logout commits and is announced while the row read before it is still on its way.
    cache.forgetUser('u1');
    answer({ id: 'u1', name: 'Camille' });
    expect(await slowRead).toEqual({ id: 'u1', name: 'Camille' });

    const db = source(undefined);
    expect(await cache.read('session s', db.load)).toBeUndefined();
    expect(db.reads).toBe(1);
  });

  it('never keep an unknown credential, and read a known one again after the maximum age', async () => {
    const clock = new ManualClock();
    const cache = createCredentialCache<UserRow>({ events: new MemoryEventBus(), clock });
    const db = source(undefined);
    expect(await cache.read('token new', db.load)).toBeUndefined();
    db.row = { id: 'u2', name: 'Julien' };
    expect(await cache.read('token new', db.load)).toEqual({ id: 'u2', name: 'Julien' });
    expect(db.reads).toBe(2);

    clock.advance(CREDENTIAL_MAX_AGE_MS - 1);
    await cache.read('token new', db.load);
    expect(db.reads).toBe(2);
    clock.advance(1);
    await cache.read('token new', db.load);
    expect(db.reads).toBe(3);
    expect(cache.size()).toBe(1);
  });
});

describe.runIf(DIALECTS.includes('postgres'))('the credentials an instance keeps, while its PostgreSQL listener is lost', () => {
  let drop: () => Promise<void>;
  let url: string;
  beforeAll(async () => {
    ({ url, drop } = await createThrowawayDatabase());
  });
  afterAll(async () => {
    await drop?.();
  });

  it('are not trusted until it listens again, and are all read again then', async () => {
    const events = new PostgresEventBus(url, { livenessMs: 0 });
    const admin = new pg.Client({ connectionString: url });
    try {
      await events.whenReady();
      await admin.connect();
      const cache = createCredentialCache<UserRow>({ events, clock: new ManualClock() });
      const db = source({ id: 'u1', name: 'Camille' });
      await cache.read('token a', db.load);
      await cache.read('token a', db.load);
      expect(db.reads).toBe(1);

      // Its LISTEN connection dies (a restart, a network cut): events from others may be missed.
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'`);
      await expect.poll(() => events.status().live).toBe(false);
      await cache.read('token a', db.load);
      await cache.read('token a', db.load);
      expect(db.reads).toBe(3);

      await expect.poll(() => events.status().live, { timeout: 5_000 }).toBe(true);
      await cache.read('token a', db.load);
      await cache.read('token a', db.load);
      expect(db.reads).toBe(4);
    } finally {
      await admin.end();
      await events.close();
    }
  });
});

describe.each(DIALECTS)('credentials kept between requests on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('name a renamed user by the new name from the next request on', async () => {
    const agent = h.others.sales;
    const session = await login(h.app, agent.email);
    const assignTask = async (title: string) =>
      (await asBrowser(h.app, session, { method: 'POST', url: '/api/tasks', body: { title, assigneeId: h.others.backoffice.id } })).status;
    // Who hands a task over is named in the assignee's notice: the caller's name, kept with the session.
    const noticeBy = async (title: string) => {
      const notices = (await api(h, h.others.backoffice, 'GET', '/api/notifications')).body.items as { payload: { title?: string; by?: string } }[];
      return notices.find((n) => n.payload.title === title)?.payload.by;
    };
    expect(await assignTask('Rappeler M. Petit')).toBe(201);
    expect(await noticeBy('Rappeler M. Petit')).toBe('sales 2');
    const admin = await login(h.app, h.users.admin.email);
    expect((await asBrowser(h.app, admin, { method: 'PATCH', url: `/api/users/${agent.id}`, body: { name: 'Julien Moreau' } })).status).toBe(200);
    expect(await assignTask('Envoyer le devis')).toBe(201);
    expect(await noticeBy('Envoyer le devis')).toBe('Julien Moreau');
  });

  it('outlive a session deleted behind Relais’s back (a hand edit, a restore) by the maximum age at most', async () => {
    const session = await login(h.app, h.others.backoffice.email);
    expect((await asBrowser(h.app, session, { method: 'GET', url: '/api/auth/me' })).status).toBe(200);
    await sql`DELETE FROM sessions WHERE user_id = ${h.others.backoffice.id}`.execute(h.app.relais.context.db);
    expect((await asBrowser(h.app, session, { method: 'GET', url: '/api/auth/me' })).status).toBe(200);
    h.clock.advance(CREDENTIAL_MAX_AGE_MS);
    expect((await asBrowser(h.app, session, { method: 'GET', url: '/api/auth/me' })).status).toBe(401);
  });
});
