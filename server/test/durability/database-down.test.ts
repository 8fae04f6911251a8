/**
 * QUALITY 29: PostgreSQL goes away under load, then comes back. Between Relais and the database
 * runs a TCP relay the test controls: "down" drops every open connection and refuses new ones, as
 * a stopped or restarting server does; "up" accepts them again on the same address. While it is
 * down, every request answers 503 (never 500, never hanging); the process keeps running; once it is
 * up, the same process serves again without a restart; and no write landed twice.
 */
import fs from 'node:fs';
import { sql } from 'kysely';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { connectDatabase } from '../../db/connect.js';
import { createThrowawayDatabase, DIALECTS, PG_ADMIN_URL } from '../harness.js';

const ADMIN = { email: 'admin@outage.test', password: 'correct horse battery staple' };
/** Generous: pg's connection timeout is 5 s; the point is that an answer comes, not how fast. */
const ANSWER_WITHIN_MS = 20_000;

/** A TCP relay to PostgreSQL that can be switched off (connections dropped and refused) and on. */
class Relay {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async up(): Promise<void> {
    if (this.server?.listening) return;
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', resolve);
    });
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  async down(): Promise<void> {
    if (!this.server?.listening) return;
    const closed = new Promise<void>((resolve) => this.server?.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

describe.skipIf(!DIALECTS.includes('postgres'))('PostgreSQL down under load, then back', () => {
  let database: { url: string; drop: () => Promise<void> };
  let relay: Relay;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let url: string;
  let dataDir: string;

  beforeAll(async () => {
    database = await createThrowawayDatabase();
    const admin = new URL(PG_ADMIN_URL);
    relay = new Relay({ host: admin.hostname, port: Number(admin.port || 5432) });
    await relay.up();
    const through = new URL(database.url);
    through.hostname = '127.0.0.1';
    through.port = String(relay.port);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-outage-'));
    app = await buildApp(
      loadConfig({
        DATABASE_URL: through.toString(),
        RELAIS_DATA_DIR: dataDir,
        RELAIS_ADMIN_EMAIL: ADMIN.email,
        RELAIS_ADMIN_PASSWORD: ADMIN.password,
        RELAIS_LOG_LEVEL: 'silent',
        RELAIS_JOB_POLL_MS: '100',
      }),
      { logger: false },
    );
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as net.AddressInfo).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await relay?.down();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 while it is down, serves again once it is back, and writes nothing twice', { timeout: 120_000 }, async () => {
    const { auth } = app.relais.services;
    const session = await auth.login(ADMIN.email, ADMIN.password, { ip: '127.0.0.1' });
    const caller = (await auth.fromSession(session.token))!;
    const { token: bearer } = await auth.createApiToken(caller, { name: 'outage', scopes: ['read', 'write'] });
    const headers = { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' };

    type Outcome = { phase: 'before' | 'down' | 'after'; status: number; code?: string; ms: number; lastName?: string };
    const outcomes: Outcome[] = [];
    let phase: Outcome['phase'] = 'before';
    let stop = false;
    let n = 0;
    const client = async (c: number) => {
      while (!stop) {
        const started = performance.now();
        const at = phase;
        const write = n++ % 2 === 0;
        const lastName = `Outage ${c}-${n}`;
        const response = write
          ? await fetch(`${url}/api/people`, { method: 'POST', headers, body: JSON.stringify({ firstName: 'Client', lastName }) })
          : await fetch(`${url}/api/people?limit=5`, { headers });
        const body = (await response.json()) as { error?: { code: string } };
        outcomes.push({ phase: at === phase ? at : 'down', status: response.status, code: body.error?.code, ms: performance.now() - started, ...(write && { lastName }) });
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const load = Promise.all([0, 1, 2, 3].map(client));
    const settle = async (count: number) => {
      const target = outcomes.length + count;
      while (outcomes.length < target) await new Promise((resolve) => setTimeout(resolve, 20));
    };

    await settle(40);
    phase = 'down';
    await relay.down();
    await settle(40);
    // Long enough for the live-event listener to fail a reconnection attempt or two.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'unavailable', database: 'postgres', liveEvents: 'reconnecting' });

    await relay.up();
    // The same process recovers on its own: no restart.
    const deadline = Date.now() + 30_000;
    while ((await fetch(`${url}/api/health`)).status !== 200) {
      if (Date.now() > deadline) throw new Error('not healthy 30 s after the database came back');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    phase = 'after';
    await settle(40);
    stop = true;
    await load;

    const of = (p: Outcome['phase']) => outcomes.filter((o) => o.phase === p);
    expect(of('before').every((o) => o.status === 200 || o.status === 201)).toBe(true);
    // Down: refused with 503 and the UNAVAILABLE code, never a 500, always answered.
    const down = of('down').filter((o) => o.status >= 300);
    expect(down.length).toBeGreaterThan(0);
    expect(down.map((o) => `${o.status} ${o.code}`).filter((s) => s !== '503 UNAVAILABLE')).toEqual([]);
    expect(outcomes.filter((o) => o.ms > ANSWER_WITHIN_MS)).toEqual([]);
    const after = of('after');
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((o) => o.status !== 200 && o.status !== 201)).toEqual([]);

    // Nothing twice: every acknowledged creation once; one cut off by the outage at most once.
    const check = connectDatabase({ databaseUrl: database.url });
    try {
      // Live events: listening again on exactly one connection (two would deliver every event twice).
      const listening = async () =>
        Number((await sql<{ n: string }>`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'`.execute(check.db)).rows[0].n);
      const listenDeadline = Date.now() + 15_000;
      while ((await listening()) === 0 && Date.now() < listenDeadline) await new Promise((resolve) => setTimeout(resolve, 100));
      // Time for any other chain of reconnection attempts to connect too.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      expect(await listening()).toBe(1);

      const rows = await check.db.selectFrom('people').select((eb) => ['last_name', eb.fn.countAll<number>().as('n')]).groupBy('last_name').execute();
      const count = new Map(rows.map((r) => [r.last_name, Number(r.n)]));
      expect([...count.values()].filter((v) => v > 1)).toEqual([]);
      for (const o of outcomes.filter((o) => o.status === 201)) expect(count.get(o.lastName!), o.lastName).toBe(1);
    } finally {
      await check.close();
    }
  });
});
