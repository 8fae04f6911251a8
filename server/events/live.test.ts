import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp, type RelaisApp } from '../app.js';
import { ManualClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { connectDatabase } from '../db/connect.js';
import { api, createHarness, createThrowawayDatabase, DIALECTS, TEST_PASSWORD, type Harness } from '../test/harness.js';
import { openEventStream } from '../test/sse.js';
import type { PostgresEventBus } from './postgres-bus.js';

async function listen(app: RelaisApp): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

describe.each(DIALECTS)('live events over SSE on %s', (dialect) => {
  let h: Harness;
  let base: string;
  /** A cookie session, as the web app holds it: the cookie and the CSRF token for writes. */
  async function login(email: string) {
    const response = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: TEST_PASSWORD } });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'relais_session')!;
    return { headers: { cookie: `relais_session=${cookie.value}`, 'x-csrf-token': response.json().csrfToken as string } };
  }
  beforeAll(async () => {
    h = await createHarness(dialect);
    base = await listen(h.app);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('pushes a due reminder to the assignee stream and to nobody else', async () => {
    const mine = openEventStream(`${base}/api/events`, h.users.sales.token);
    const colleague = openEventStream(`${base}/api/events`, h.others.sales.token);
    expect(await mine.connected).toBe(200);
    await mine.waitFor((e) => e.type === 'ready');
    await colleague.waitFor((e) => e.type === 'ready');
    const due = new Date(h.clock.now().getTime() + 60_000).toISOString();
    const task = await api(h, h.users.sales, 'POST', '/api/tasks', { title: 'Rappeler M. Durand', dueAt: due });
    h.clock.advance(60_000);
    await h.app.relais.context.jobs.runDue();
    const event = await mine.waitFor((e) => e.type === 'task.reminder');
    expect(event.data).toMatchObject({ taskId: task.body.id, title: 'Rappeler M. Durand' });
    await mine.waitFor((e) => e.type === 'notification' && e.data.kind === 'task.reminder');
    expect(colleague.events.filter((e) => e.type !== 'ready')).toEqual([]);
    mine.close();
    colleague.close();
  });

  it('ends the stream of a user whose rights change, so a reconnection is filtered afresh', async () => {
    const stream = openEventStream(`${base}/api/events`, h.others.backoffice.token);
    await stream.waitFor((e) => e.type === 'ready');
    expect((await api(h, h.users.admin, 'PATCH', `/api/users/${h.others.backoffice.id}`, { disabled: true })).status).toBe(200);
    await stream.waitFor((e) => e.type === 'access.changed');
    await stream.ended;
    const again = await fetch(`${base}/api/events`, { headers: { authorization: `Bearer ${h.others.backoffice.token}` } });
    expect(again.status).toBe(401);
    await api(h, h.users.admin, 'PATCH', `/api/users/${h.others.backoffice.id}`, { disabled: false });
  });

  it('ends the stream of a user moved to another team (its team events were chosen at connection)', async () => {
    const team = await api(h, h.users.admin, 'POST', '/api/teams', { name: 'Atelier' });
    const stream = openEventStream(`${base}/api/events`, h.users.backoffice.token);
    await stream.waitFor((e) => e.type === 'ready');
    expect((await api(h, h.users.admin, 'PATCH', `/api/users/${h.users.backoffice.id}`, { teamId: team.body.id })).status).toBe(200);
    await stream.waitFor((e) => e.type === 'access.changed');
    await stream.ended;
    // The same token is still good: the browser reconnects, now in the new team.
    const again = openEventStream(`${base}/api/events`, h.users.backoffice.token);
    expect(await again.connected).toBe(200);
    again.close();
  });

  it("ends the stream of a revoked API token at once, and leaves the same user's other streams open", async () => {
    const user = h.others.frontdesk;
    const session = await login(user.email);
    const minted = await h.app.inject({ method: 'POST', url: '/api/tokens', payload: { name: 'wallboard', scopes: ['read'] }, headers: session.headers });
    expect(minted.statusCode).toBe(201);
    const { id, token } = minted.json();
    const revokedStream = openEventStream(`${base}/api/events`, token);
    const otherStream = openEventStream(`${base}/api/events`, user.token);
    await revokedStream.waitFor((e) => e.type === 'ready');
    await otherStream.waitFor((e) => e.type === 'ready');
    expect((await h.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: session.headers })).statusCode).toBe(204);
    await revokedStream.ended;
    await h.app.relais.context.events.publish({ type: 'notification', audience: { userIds: [user.id] }, data: { kind: 'still.here' } });
    await otherStream.waitFor((e) => e.type === 'notification' && e.data.kind === 'still.here');
    expect(revokedStream.events.some((e) => e.data?.kind === 'still.here')).toBe(false);
    otherStream.close();
  });

  it('ends the stream of a session that logs out', async () => {
    const user = h.others.manager;
    const session = await login(user.email);
    const stream = openEventStream(`${base}/api/events`, { cookie: session.headers.cookie });
    expect(await stream.connected).toBe(200);
    await stream.waitFor((e) => e.type === 'ready');
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: session.headers })).statusCode).toBe(204);
    await stream.ended;
    const again = await fetch(`${base}/api/events`, { headers: { cookie: session.headers.cookie } });
    expect(again.status).toBe(401);
  });

  it('ends a stream whose session expires while it is open', async () => {
    const user = h.others.backoffice;
    const session = await login(user.email);
    const stream = openEventStream(`${base}/api/events`, { cookie: session.headers.cookie });
    await stream.waitFor((e) => e.type === 'ready');
    h.clock.advance(Number(h.config.sessionHours) * 3_600_000 + 1000);
    // The heartbeat re-checks the stream's credential; tests ask for it instead of waiting 20 s.
    await h.app.relais.services.liveStreams.recheckAll();
    await stream.ended;
  });

  it('refuses an anonymous stream', async () => {
    const response = await fetch(`${base}/api/events`);
    expect(response.status).toBe(401);
  });
});

describe.runIf(DIALECTS.includes('postgres'))('two server instances on one PostgreSQL', () => {
  let a: RelaisApp;
  let b: RelaisApp;
  let drop: () => Promise<void>;
  let baseB: string;
  const clock = new ManualClock(new Date('2026-03-02T08:00:00.000Z'));

  beforeAll(async () => {
    const db = await createThrowawayDatabase();
    drop = db.drop;
    const env = { DATABASE_URL: db.url, RELAIS_LOG_LEVEL: 'silent', RELAIS_JOB_POLL_MS: '0', RELAIS_ADMIN_EMAIL: 'admin@test.local', RELAIS_ADMIN_PASSWORD: TEST_PASSWORD };
    // Started at the same moment on an empty database, as a cluster restart would: both migrate
    // and look for an administrator at once.
    [a, b] = await Promise.all([
      buildApp(loadConfig(env), { clock, logger: false, handle: connectDatabase({ databaseUrl: db.url }) }),
      buildApp(loadConfig(env), { clock, logger: false, handle: connectDatabase({ databaseUrl: db.url }) }),
    ]);
    await Promise.all([a.ready(), b.ready()]);
    await (b.relais.context.events as PostgresEventBus).whenReady();
    baseB = await listen(b);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await a?.relais.context.handle.close();
    await b?.relais.context.handle.close();
    await drop?.();
  });

  it('both started at once on an empty database: migrated once, one administrator', async () => {
    const admins = await a.relais.context.db.selectFrom('users').select('email').where('role', '=', 'admin').execute();
    expect(admins).toEqual([{ email: 'admin@test.local' }]);
    expect([a.relais.bootstrap.createdAdmin, b.relais.bootstrap.createdAdmin].filter(Boolean)).toHaveLength(1);
  });

  it('an event raised through instance A reaches a stream on instance B', async () => {
    const users = a.relais.services.users;
    const agent = await users.create(null, { email: 'agent@test.local', password: TEST_PASSWORD, name: 'Agent', role: 'frontdesk' });
    const login = await a.relais.services.auth.login('agent@test.local', TEST_PASSWORD, { ip: '127.0.0.1' });
    const { token } = await a.relais.services.auth.createApiToken(login.caller, { name: 't', scopes: ['read', 'write'] });
    const stream = openEventStream(`${baseB}/api/events`, token);
    await stream.waitFor((e) => e.type === 'ready');
    const created = await a.inject({
      method: 'POST',
      url: '/api/tasks',
      headers: { authorization: `Bearer ${token}` },
      payload: { title: 'Cross-instance reminder', dueAt: clock.now().toISOString() },
    });
    expect(created.statusCode).toBe(201);
    await a.relais.context.jobs.runDue();
    const event = await stream.waitFor((e) => e.type === 'task.reminder');
    expect(event.data.taskId).toBe(created.json().id);
    expect(event.data.title).toBe('Cross-instance reminder');
    stream.close();
    expect(agent.role).toBe('frontdesk');
  });

  it('a token revoked and a session ended through A are refused by B as soon as B hears of it', async () => {
    await a.relais.services.users.create(null, { email: 'kept@test.local', password: TEST_PASSWORD, name: 'Kept', role: 'sales' });
    const login = await a.relais.services.auth.login('kept@test.local', TEST_PASSWORD, { ip: '127.0.0.1' });
    const { id, token } = await a.relais.services.auth.createApiToken(login.caller, { name: 't', scopes: ['read'] });
    const bearer = { authorization: `Bearer ${token}` };
    const cookie = { cookie: `relais_session=${login.token}` };
    const statusOnB = async (headers: Record<string, string>) => (await b.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode;
    expect(await statusOnB(bearer)).toBe(200);
    expect(await statusOnB(cookie)).toBe(200);

    // B keeps credentials between requests (credential-cache.ts) until it hears of a change:
    // PostgreSQL's notification, sent as A's change commits.
    let heard = 0;
    const stopListening = b.relais.context.events.subscribe((event) => {
      if (event.type === 'access.changed' && (event.data as { userId: string }).userId === login.caller.id) heard += 1;
    });
    await a.relais.services.auth.revokeApiToken(login.caller, id);
    const logout = await a.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...cookie, 'x-csrf-token': login.csrfToken } });
    expect(logout.statusCode).toBe(204);
    await vi.waitFor(() => expect(heard).toBe(2));
    stopListening();
    // B must not answer from anything it kept about them (the clock stands still).
    expect(await statusOnB(bearer)).toBe(401);
    expect(await statusOnB(cookie)).toBe(401);
  });

  it('two runners claim each due job exactly once (SKIP LOCKED)', async () => {
    const runs: string[] = [];
    for (const app of [a, b]) app.relais.context.jobs.register('test.count', async (payload) => void runs.push((payload as { n: string }).n));
    const db = a.relais.context.db;
    for (let i = 0; i < 40; i++) {
      await a.relais.context.jobs.enqueue(db, { kind: 'test.count', payload: { n: String(i) }, runAt: clock.now() });
    }
    await Promise.all([a.relais.context.jobs.runDue(), b.relais.context.jobs.runDue(), a.relais.context.jobs.runDue()]);
    expect(runs.sort()).toEqual(Array.from({ length: 40 }, (_, i) => String(i)).sort());
  });
});
