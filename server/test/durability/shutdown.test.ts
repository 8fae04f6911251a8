/**
 * `systemctl stop`: the real server, as its own process, stops on SIGTERM although browsers hold
 * live streams open (it ends them; they reconnect elsewhere or after the restart), and a second
 * SIGTERM stops it at once when something else holds the clean stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createThrowawayDatabase, DIALECTS } from '../harness.js';
import { openEventStream } from '../sse.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const ADMIN = { email: 'admin@shutdown.test', password: 'correct horse battery staple' };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

describe.each(DIALECTS)('stopping the server on %s', (dialect) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start() {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-stop-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const database = dialect === 'postgres' ? await createThrowawayDatabase() : undefined;
    if (database) cleanups.push(database.drop);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const { DATABASE_URL: _ignored, ...base } = process.env;
    const env = {
      ...base,
      RELAIS_DATA_DIR: dataDir,
      ...(database && { DATABASE_URL: database.url }),
      RELAIS_ADMIN_EMAIL: ADMIN.email,
      RELAIS_ADMIN_PASSWORD: ADMIN.password,
      RELAIS_LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    const errors: string[] = [];
    child.stderr!.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
    cleanups.push(() => void child.kill('SIGKILL'));
    const exited = exitOf(child);
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}: ${errors.join('')}`);
      if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const created = await fetch(`${url}/api/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify({ name: 'stop test' }) });
    const { token } = (await created.json()) as { token: string };
    return { child, url, port, token, exited, errors };
  }

  it('stops on SIGTERM with live streams open, ending them', { timeout: 120_000 }, async () => {
    const server = await start();
    const streams = [openEventStream(`${server.url}/api/events`, server.token), openEventStream(`${server.url}/api/events`, server.token)];
    for (const stream of streams) await stream.waitFor((e) => e.type === 'ready');
    server.child.kill('SIGTERM');
    await Promise.all(streams.map((s) => s.ended));
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });

  it('stops at once on a second SIGTERM while a request holds the clean stop', { timeout: 120_000 }, async () => {
    const server = await start();
    // A request whose body never finishes arriving: the clean stop waits for it.
    const socket = net.connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.on('error', () => undefined);
    cleanups.push(() => void socket.destroy());
    // "100 Continue" tells that the server has read the headers: the request is under way.
    const underway = new Promise<void>((resolve) => socket.on('data', (chunk) => chunk.toString().includes('100 Continue') && resolve()));
    socket.write(`POST /api/people HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${server.token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n`);
    await underway;
    socket.write('{"lastName":');
    server.child.kill('SIGTERM');
    // The first SIGTERM has been taken once the server stops accepting connections.
    while (await fetch(`${server.url}/api/health`).then(() => true, () => false)) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.child.exitCode).toBeNull();
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 1, signal: null });
    expect(server.errors.join('')).toMatch(/SIGTERM again: stopping now \/ arrêt immédiat/);
  });
});
