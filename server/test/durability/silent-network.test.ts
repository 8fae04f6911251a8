/**
 * QUALITY 29 when the network drops connections silently (a NAT or firewall forgetting them, a
 * partition): nothing comes back on them, not even an error. Between instance B and PostgreSQL runs
 * a TCP relay the test controls; "silence" stops forwarding on every connection open at that
 * moment and leaves them open, while new connections go through. A request on such a pooled
 * connection must answer 503 within the query timeout, and the next ones recover; B's listening
 * connection is found dead by its liveness check and replaced, its streams told to `resync`; B's
 * own events reach its streams meanwhile; and closing B does not wait on dead connections.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type RelaisApp } from '../../app.js';
import { ManualClock } from '../../clock.js';
import { loadConfig } from '../../config.js';
import { connectDatabase } from '../../db/connect.js';
import type { PostgresEventBus } from '../../events/postgres-bus.js';
import { createThrowawayDatabase, DIALECTS, PG_ADMIN_URL, TEST_PASSWORD } from '../harness.js';
import { openEventStream } from '../sse.js';

/** A TCP relay whose open connections can be silenced (kept open, nothing forwarded). */
class SilencingRelay {
  private server?: net.Server;
  private readonly pairs = new Set<{ client: net.Socket; upstream: net.Socket; silent: boolean }>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      const pair = { client, upstream, silent: false };
      this.pairs.add(pair);
      client.on('data', (chunk) => void (pair.silent || upstream.write(chunk)));
      upstream.on('data', (chunk) => void (pair.silent || client.write(chunk)));
      const end = () => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      // A silenced connection passes nothing on, not even its end: the other side never learns.
      client.on('close', () => pair.silent || end());
      upstream.on('close', () => pair.silent || end());
      client.on('error', () => undefined);
      upstream.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  /** Every connection open now goes silent; returns how many. */
  silence(): number {
    for (const pair of this.pairs) pair.silent = true;
    return this.pairs.size;
  }

  async stop(): Promise<void> {
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

describe.skipIf(!DIALECTS.includes('postgres'))('PostgreSQL connections cut silently', () => {
  let database: { url: string; drop: () => Promise<void> };
  let relay: SilencingRelay;
  let a: RelaisApp;
  let b: RelaisApp;
  let baseB: string;
  let token: string;
  let userId: string;
  const clock = new ManualClock(new Date('2026-03-02T08:00:00.000Z'));

  beforeAll(async () => {
    database = await createThrowawayDatabase();
    const admin = new URL(PG_ADMIN_URL);
    relay = new SilencingRelay({ host: admin.hostname, port: Number(admin.port || 5432) });
    await relay.start();
    const through = new URL(database.url);
    through.hostname = '127.0.0.1';
    through.port = String(relay.port);
    const env = { RELAIS_LOG_LEVEL: 'silent', RELAIS_JOB_POLL_MS: '0', RELAIS_ADMIN_EMAIL: 'admin@test.local', RELAIS_ADMIN_PASSWORD: TEST_PASSWORD };
    a = await buildApp(loadConfig({ ...env, DATABASE_URL: database.url }), { clock, logger: false, handle: connectDatabase({ databaseUrl: database.url }) });
    b = await buildApp(loadConfig({ ...env, DATABASE_URL: through.toString() }), {
      clock,
      logger: false,
      // Short bounds, so the test does not wait for the production ones (35 s, 10 s, 5 s).
      handle: connectDatabase({ databaseUrl: through.toString(), queryTimeoutMs: 1_000, closeTimeoutMs: 1_000 }),
      liveEvents: { livenessMs: 0, livenessTimeoutMs: 1_000, closeTimeoutMs: 1_000 },
    });
    await Promise.all([a.ready(), b.ready()]);
    await (a.relais.context.events as PostgresEventBus).whenReady();
    await (b.relais.context.events as PostgresEventBus).whenReady();
    await b.listen({ port: 0, host: '127.0.0.1' });
    baseB = `http://127.0.0.1:${(b.server.address() as net.AddressInfo).port}`;
    const user = await a.relais.services.users.create(null, { email: 'standard@test.local', password: TEST_PASSWORD, name: 'Standard', role: 'frontdesk' });
    userId = user.id;
    const login = await a.relais.services.auth.login('standard@test.local', TEST_PASSWORD, { ip: '127.0.0.1' });
    token = (await a.relais.services.auth.createApiToken(login.caller, { name: 't', scopes: ['read', 'write'] })).token;
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await a?.relais.context.handle.close();
    await b?.relais.context.handle.close();
    await relay?.stop();
    await database?.drop();
  });

  const getOnB = (url: string) => b.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  const toUser = (type: string, data: unknown = {}) => ({ type, audience: { userIds: [userId] }, data });

  it('answers 503 on a dead pooled connection, recovers on new ones, and replaces a dead listening connection', async () => {
    const stream = openEventStream(`${baseB}/api/events`, token);
    await stream.waitFor((e) => e.type === 'ready');
    await a.relais.context.events.publish(toUser('before.cut'));
    await stream.waitFor((e) => e.type === 'before.cut');
    expect((await getOnB('/api/people')).statusCode).toBe(200);

    expect(relay.silence()).toBeGreaterThanOrEqual(2); // B's listening connection and its pooled ones

    // Each dead pooled connection answers 503 once (query timeout), and is dropped; new ones work.
    const statuses: number[] = [];
    for (let i = 0; i < 12 && statuses.at(-1) !== 200; i++) statuses.push((await getOnB('/api/people')).statusCode);
    expect(statuses.at(-1)).toBe(200);
    expect(statuses.slice(0, -1).every((s) => s === 503)).toBe(true);
    expect(statuses[0]).toBe(503);

    // B's own events reach its streams while its listening connection is dead.
    await b.relais.context.events.publish(toUser('own.while.cut'));
    await stream.waitFor((e) => e.type === 'own.while.cut');

    // The liveness check finds the listening connection dead; B listens again and says so.
    const bus = b.relais.context.events as PostgresEventBus;
    expect(await bus.checkListener()).toBe(false);
    await stream.waitFor((e) => e.type === 'resync');
    expect(bus.status()).toEqual({ state: 'listening', live: true });
    const health = await getOnB('/api/health');
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok', database: 'postgres', liveEvents: 'listening' });
    expect(await bus.checkListener()).toBe(true);

    // Events from A flow again; B's own arrive once (its NOTIFY copy is skipped).
    await b.relais.context.events.publish(toUser('own.after'));
    await a.relais.context.events.publish(toUser('after.cut'));
    await stream.waitFor((e) => e.type === 'after.cut');
    expect(stream.events.filter((e) => e.type === 'own.after')).toHaveLength(1);
    expect(stream.events.filter((e) => e.type === 'own.while.cut')).toHaveLength(1);
    stream.close();
  });

  it('delivers an event far over the NOTIFY limit from A to a stream on B, whole', async () => {
    const stream = openEventStream(`${baseB}/api/events`, token);
    await stream.waitFor((e) => e.type === 'ready');
    // 300 recipients and a long note, as a request of a large team with its resolution note.
    const audience = { userIds: [...Array.from({ length: 300 }, (_, i) => `0000000000000000000000${String(i).padStart(4, '0')}`), userId] };
    const note = 'Résolution : avoir émis, client rappelé. '.repeat(2_000);
    await a.relais.context.events.publish({ type: 'request.status', audience, data: { note } });
    const event = await stream.waitFor((e) => e.type === 'request.status');
    expect(event.data.note).toBe(note);
    stream.close();
  });

  it('closes within its bounds although its connections went silent', async () => {
    relay.silence();
    await b.close();
    await b.relais.context.handle.close();
    expect(b.relais.context.events.status().state).toBe('closed');
  });
});
