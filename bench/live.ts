/**
 * The hand-off scenarios of the telephony and requests issues, on a dataset already imported:
 * screen-pop latency from the `ringing` POST to 50 connected SSE streams, and the first page of a
 * team queue holding 100k open requests, against a real server process.
 */
import { systemClock } from '../server/clock.js';
import { connectDatabase } from '../server/db/connect.js';
import { createAuthService } from '../server/modules/access/auth.service.js';
import { createUsersService } from '../server/modules/access/users.service.js';
import { measureCallPop } from './call-pop.js';
import type { Dataset } from './datasets.js';
import { runLoad } from './load.js';
import { seedRequestQueue } from './request-queue.js';
import { startServer } from './servers.js';

export const QUEUE_SIZE = Number(process.env.BENCH_QUEUE_SIZE ?? 100_000);
export const STREAMS = 50;
export const CALLS = Number(process.env.BENCH_CALLS ?? 200);
const silentLog = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, fatal() {}, child() { return silentLog; }, level: 'silent' } as never;

/** An admin's API token, made in the database the server will use. */
async function adminToken(target: { databaseUrl?: string; sqliteFile?: string }): Promise<string> {
  const handle = connectDatabase({ databaseUrl: target.databaseUrl, sqlitePath: target.sqliteFile });
  try {
    const auth = createAuthService({ db: handle.db, clock: systemClock, log: silentLog, sessionHours: 1 });
    const users = createUsersService({ db: handle.db, dialect: handle.dialect, clock: systemClock, log: silentLog, auth });
    const email = `bench-admin-${Date.now()}@relais.local`;
    const password = 'Bench-Admin-Passphrase-2026-live';
    await users.create(null, { email, password, name: 'Bench admin', role: 'admin' });
    const caller = (await auth.fromSession((await auth.login(email, password, { ip: '127.0.0.1' })).token))!;
    return (await auth.createApiToken(caller, { name: 'bench', scopes: ['read', 'write'] })).token;
  } finally {
    await handle.close();
  }
}

/** Runs both scenarios; returns the result lines (also printed) and whether any request failed. */
export async function runLiveScenarios(dataset: Dataset, options: { connections: number; duration: number; profileDir?: string }): Promise<{ lines: string[]; failed: boolean }> {
  const lines: string[] = [];
  const say = (line: string) => {
    console.log(`  ${line}`);
    lines.push(line);
  };
  const target = { databaseUrl: dataset.serverEnv.DATABASE_URL, sqliteFile: dataset.sqliteFile };
  const token = await adminToken(target);
  const started = performance.now();
  const { teamId } = await seedRequestQueue(target, QUEUE_SIZE);
  console.log(`  seeded ${QUEUE_SIZE.toLocaleString('en-US')} open requests in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const server = await startServer('relais-server.ts', dataset.serverEnv, options.profileDir);
  try {
    const pop = await measureCallPop({ url: server.url, adminToken: token, phones: dataset.samples.phones, streams: STREAMS, calls: CALLS });
    say(
      `${dataset.dialect} screen pop, ringing POST → ${pop.streams} SSE streams: ${pop.events} events, p50 ${pop.p50.toFixed(2)} ms, p99 ${pop.p99.toFixed(2)} ms, max ${pop.max.toFixed(2)} ms` +
        ` — target p99 < 50 ms: ${pop.p99 < 50 ? 'met' : '**MISSED**'}`,
    );
    const next = () => ({ method: 'GET' as const, path: `/api/requests?teamId=${teamId}&open=true&limit=50` });
    await runLoad({ url: server.url, token, connections: options.connections, duration: 2, next });
    const queue = await runLoad({ url: server.url, token, connections: options.connections, duration: options.duration, next });
    say(
      `${dataset.dialect} team queue, first page of ${QUEUE_SIZE.toLocaleString('en-US')} open requests (${options.connections} connections): ${Math.round(queue.rps)} req/s, p50 ${queue.p50.toFixed(2)} ms, p95 ${queue.p95.toFixed(2)} ms, p99 ${queue.p99.toFixed(2)} ms, errors ${queue.errors}, non-2xx ${queue.non2xx}` +
        ` — target p95 < 30 ms: ${queue.p95 < 30 ? 'met' : '**MISSED**'}`,
    );
    // The time one person waits for the page, on a server doing nothing else.
    const single = await runLoad({ url: server.url, token, connections: 1, duration: options.duration, next });
    say(
      `${dataset.dialect} team queue, first page of ${QUEUE_SIZE.toLocaleString('en-US')} open requests (1 connection): ${Math.round(single.rps)} req/s, p50 ${single.p50.toFixed(2)} ms, p95 ${single.p95.toFixed(2)} ms, p99 ${single.p99.toFixed(2)} ms, errors ${single.errors}, non-2xx ${single.non2xx}` +
        ` — target p95 < 30 ms: ${single.p95 < 30 ? 'met' : '**MISSED**'}`,
    );
    return { lines, failed: Boolean(queue.errors || queue.non2xx || single.errors || single.non2xx) };
  } finally {
    await server.stop();
  }
}
