/**
 * QUALITY 27: the real server, as its own process, killed with SIGKILL while several clients
 * create people (each a multi-row write: the person, contact points, tags, search document,
 * audit rows), then started again on the same database. Every person whose creation was
 * acknowledged must be there whole, nothing may be half written, and SQLite's file must pass its
 * integrity check.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../db/connect.js';
import { createThrowawayDatabase, DIALECTS } from '../harness.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const ADMIN = { email: 'admin@crash.test', password: 'correct horse battery staple' };
const WRITERS = 4;

/** A port nobody listens on yet. */
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

/** `npm start`'s server from the sources, as its own process; what it says on stderr is kept for failures. */
function startServer(env: Record<string, string>): ChildProcess & { errors: string[] } {
  const { DATABASE_URL: _ignored, ...base } = process.env;
  const child = Object.assign(spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'ignore', 'pipe'] }), {
    errors: [] as string[],
  });
  child.stderr!.on('data', (chunk: Buffer) => child.errors.push(chunk.toString()));
  return child;
}

async function waitUntilHealthy(url: string, child: ChildProcess & { errors: string[] }): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}: ${child.errors.join('')}`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('server did not become healthy within 60 s');
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

async function bearerToken(url: string): Promise<string> {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  expect(login.status).toBe(200);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const created = await fetch(`${url}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: 'crash test' }),
  });
  expect(created.status).toBe(201);
  return ((await created.json()) as { token: string }).token;
}

interface Sent {
  firstName: string;
  lastName: string;
  phones: { number: string; label: string }[];
  emails: { address: string; label: string }[];
  tags: string[];
}

/** Person `i` of writer `w`: two phones, an e-mail, two tags, all distinct from every other person's. */
function person(w: number, i: number): Sent {
  const digits = String(w * 100_000 + i).padStart(8, '0');
  return {
    firstName: `Crash${w}`,
    lastName: `Writer ${i}`,
    phones: [
      { number: `06 ${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4, 6)} ${digits.slice(6, 8)}`, label: 'mobile' },
      { number: `+33 1 ${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4, 6)} ${digits.slice(6, 8)}`, label: 'work' },
    ],
    emails: [{ address: `crash${w}.${i}@example.fr`, label: 'work' }],
    tags: ['crash', `writer-${w}`],
  };
}

describe.each(DIALECTS)('the server killed while it writes, on %s', (dialect) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('starts again with every acknowledged person whole and nothing half written', { timeout: 180_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-crash-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const database = dialect === 'postgres' ? await createThrowawayDatabase() : undefined;
    if (database) cleanups.push(database.drop);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = {
      RELAIS_DATA_DIR: dataDir,
      ...(database && { DATABASE_URL: database.url }),
      RELAIS_ADMIN_EMAIL: ADMIN.email,
      RELAIS_ADMIN_PASSWORD: ADMIN.password,
      RELAIS_LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
    };

    const first = startServer(env);
    cleanups.push(() => void first.kill('SIGKILL'));
    await waitUntilHealthy(url, first);
    const token = await bearerToken(url);

    // Writers create people one after another until the server goes away under them.
    const acknowledged: { id: string; sent: Sent }[] = [];
    const writer = async (w: number) => {
      for (let i = 0; ; i++) {
        const sent = person(w, i);
        let response: Response;
        try {
          response = await fetch(`${url}/api/people`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify(sent),
          });
        } catch {
          return; // the server died: this write may or may not have landed, but was never acknowledged
        }
        // A response cut off by the kill is not an acknowledgement either.
        const body = await response.json().catch(() => null);
        if (response.status === 201 && body) acknowledged.push({ id: (body as { id: string }).id, sent });
        else if (body) throw new Error(`unexpected ${response.status}: ${JSON.stringify(body)}`);
      }
    };
    const writing = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    // Killed at a moment that varies from run to run, while every writer has a request in flight.
    const killAfter = 30 + Math.floor(Math.random() * 60);
    while (acknowledged.length < killAfter) await new Promise((resolve) => setTimeout(resolve, 5));
    first.kill('SIGKILL');
    await exited(first);
    await writing;
    expect(acknowledged.length).toBeGreaterThanOrEqual(killAfter);

    const second = startServer(env);
    cleanups.push(async () => {
      second.kill('SIGTERM');
      await exited(second);
    });
    await waitUntilHealthy(url, second);

    // Every acknowledged person is there, with everything that was sent.
    for (const { id, sent } of acknowledged) {
      const response = await fetch(`${url}/api/people/${id}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status, id).toBe(200);
      const stored = (await response.json()) as Sent & { phones: { number: string }[] };
      expect(stored.firstName).toBe(sent.firstName);
      expect(stored.lastName).toBe(sent.lastName);
      expect(stored.phones.map((p) => p.number)).toEqual(sent.phones.map((p) => p.number));
      expect(stored.emails.map((e) => e.address)).toEqual(sent.emails.map((e) => e.address));
      expect([...stored.tags].sort()).toEqual([...sent.tags].sort());
    }

    // Nothing half written: every person that landed, acknowledged or not, landed whole.
    if (dialect === 'sqlite') {
      const file = new SQLite(path.join(dataDir, 'relais.db'), { readonly: true });
      try {
        expect(file.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(file.pragma('foreign_key_check')).toEqual([]);
      } finally {
        file.close();
      }
    }
    const handle = connectDatabase({ databaseUrl: database?.url, sqlitePath: path.join(dataDir, 'relais.db') });
    try {
      const { db } = handle;
      const landed = await db
        .selectFrom('people as p')
        .select((eb) => [
          'p.id',
          eb.selectFrom('contact_points').select((c) => c.fn.countAll<number>().as('n')).whereRef('entity_id', '=', 'p.id').as('contactPoints'),
          eb.selectFrom('tags').select((c) => c.fn.countAll<number>().as('n')).whereRef('entity_id', '=', 'p.id').as('tags'),
          eb.selectFrom('search_documents').select((c) => c.fn.countAll<number>().as('n')).whereRef('entity_id', '=', 'p.id').as('searchDocuments'),
          eb.selectFrom('audit_log').select((c) => c.fn.countAll<number>().as('n')).whereRef('entity_id', '=', 'p.id').where('action', '=', 'create').as('auditRows'),
        ])
        .where('p.first_name', 'like', 'Crash%')
        .execute();
      expect(landed.length).toBeGreaterThanOrEqual(acknowledged.length);
      // Unacknowledged writes that committed before the kill are allowed; each must be complete.
      expect(landed.length).toBeLessThanOrEqual(acknowledged.length + WRITERS);
      for (const row of landed) {
        expect({ id: row.id, contactPoints: Number(row.contactPoints), tags: Number(row.tags), searchDocuments: Number(row.searchDocuments) }).toEqual({
          id: row.id,
          contactPoints: 3,
          tags: 2,
          searchDocuments: 1,
        });
        expect(Number(row.auditRows), row.id).toBeGreaterThan(0);
      }
    } finally {
      await handle.close();
    }
  });
});
