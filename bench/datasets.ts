import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { systemClock } from '../server/clock.js';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from '../server/db/connect.js';
import { createAuthService } from '../server/modules/access/auth.service.js';
import { createUsersService } from '../server/modules/access/users.service.js';
import { generateDemoData } from '../server/modules/demo/generator.js';

export interface Dataset {
  dialect: 'sqlite' | 'postgres';
  /** Environment for a Relais server on this database. */
  serverEnv: Record<string, string>;
  /** The SQLite file (reference server), when on SQLite. */
  sqliteFile?: string;
  people: number;
  /** Import time in seconds; null when an existing database was reused. */
  importSeconds: number | null;
  samples: Samples;
  /**
   * Reads the whole database into the OS's page cache. This machine pages out what stays untouched
   * for a minute (DAMON's reclaim), so a scenario run after others (search after the SQLite
   * scenarios: minutes) found its tables back on disk and measured the disk: 42 searches/s instead
   * of 1,100. A server in use keeps its working set in memory; each scenario starts from there.
   */
  warm(): Promise<{ bytes: number; seconds: number }>;
  drop(): Promise<void>;
}

/** Reads files from start to end, into the page cache; returns the bytes read. */
function readThrough(files: string[]): number {
  const buffer = Buffer.allocUnsafe(16 << 20);
  let bytes = 0;
  for (const file of files) {
    if (!fs.existsSync(file)) continue;
    const fd = fs.openSync(file, 'r');
    try {
      for (let n; (n = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0; ) bytes += n;
    } finally {
      fs.closeSync(fd);
    }
  }
  return bytes;
}

/** Times `read`, which returns the bytes it read. */
async function timed(read: () => number | Promise<number>) {
  const started = performance.now();
  const bytes = await read();
  return { bytes, seconds: (performance.now() - started) / 1000 };
}

/** Data picked at random from the database to vary requests like real traffic does. */
export interface Samples {
  /** E.164 numbers of people. */
  phones: string[];
  names: { first: string; last: string }[];
  organisations: string[];
  personIds: string[];
}

const silentLog = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, fatal() {}, child() { return silentLog; }, level: 'silent' } as never;

let lastPhase = '';
function progressLine(done: number, total: number, phase: string, started: number) {
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const share = total ? ` ${Math.floor((done / total) * 100)}%` : '';
  const line = `  import: ${phase.padEnd(14)}${String(done).padStart(9)} / ${total}${share}  ${seconds} s`;
  // A progress bar on a terminal; one line per phase in a log.
  if (process.stdout.isTTY) process.stdout.write(`\r${line}   `);
  else if (phase !== lastPhase) console.log(line);
  lastPhase = phase;
}

/** A user for the benchmark's API token: a manager sees and edits every record, like a supervisor. */
async function benchUser(handle: DatabaseHandle) {
  const auth = createAuthService({ db: handle.db, clock: systemClock, log: silentLog, sessionHours: 12 });
  const users = createUsersService({ db: handle.db, dialect: handle.dialect, clock: systemClock, log: silentLog, auth });
  const email = `bench-${randomBytes(4).toString('hex')}@relais.local`;
  const password = `bench-${randomBytes(12).toString('base64url')}`;
  await users.create(null, { email, password, name: 'Benchmark', role: 'manager' });
  return { BENCH_USER_EMAIL: email, BENCH_USER_PASSWORD: password };
}

async function sample(handle: DatabaseHandle): Promise<Samples> {
  const { db } = handle;
  const random = sql`random()`;
  const phones = await db.selectFrom('contact_points').select('normalized').where('kind', '=', 'phone').where('entity_type', '=', 'person').orderBy(random).limit(2000).execute();
  const names = await db.selectFrom('people').select(['id', 'first_name', 'last_name']).where('deleted_at', 'is', null).orderBy(random).limit(2000).execute();
  const organisations = await db.selectFrom('organisations').select('name').orderBy(random).limit(500).execute();
  return {
    phones: phones.map((p) => p.normalized!).filter(Boolean),
    names: names.map((n) => ({ first: n.first_name, last: n.last_name })),
    organisations: organisations.map((o) => o.name),
    personIds: names.map((n) => n.id),
  };
}

async function fill(handle: DatabaseHandle, people: number): Promise<number | null> {
  const existing = Number((await handle.db.selectFrom('people').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  if (existing >= people) {
    console.log(`  import: reusing ${existing} people already in the database`);
    return null;
  }
  const started = performance.now();
  await generateDemoData(handle, {
    size: people - existing,
    seed: 1,
    withUsers: true,
    onProgress: (done, total, phase) => progressLine(done, total, phase, started),
  });
  if (process.stdout.isTTY) process.stdout.write('\n');
  return (performance.now() - started) / 1000;
}

/** A fresh (or reused) SQLite database in a data folder, filled with demo data. */
export async function sqliteDataset(people: number, dir?: string): Promise<Dataset> {
  const dataDir = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'relais-bench-'));
  const file = path.join(dataDir, 'relais.db');
  const handle = connectDatabase({ sqlitePath: file });
  try {
    await migrateToLatest(handle);
    const importSeconds = await fill(handle, people);
    const env = await benchUser(handle);
    const samples = await sample(handle);
    return {
      dialect: 'sqlite',
      serverEnv: { ...env, RELAIS_DATA_DIR: dataDir },
      sqliteFile: file,
      people,
      importSeconds,
      samples,
      warm: () => timed(() => readThrough([file, `${file}-wal`])),
      drop: async () => {
        if (!dir) fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } finally {
    await handle.close();
  }
}

/**
 * A throw-away PostgreSQL database filled with demo data, dropped at the end of the run; or, with
 * `reuse`, that database (created when missing, kept, and imported into only when it holds fewer people).
 */
export async function postgresDataset(people: number, adminUrl: string, reuse?: string): Promise<Dataset> {
  if (reuse !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(reuse)) throw new Error('--pg-database: a plain lower-case database name');
  const name = reuse ?? `relais_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
  if (!exists) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const drop = async () => {
    if (reuse) return;
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  };
  const handle = connectDatabase({ databaseUrl: url.toString() });
  try {
    await migrateToLatest(handle);
    const importSeconds = await fill(handle, people);
    const env = await benchUser(handle);
    const samples = await sample(handle);
    // pg_prewarm ('read': into the OS cache, past the small shared buffers) over every table, index
    // and TOAST table of the schema.
    const warm = () =>
      timed(async () => {
        const client = new pg.Client({ connectionString: url.toString() });
        await client.connect();
        try {
          await client.query('CREATE EXTENSION IF NOT EXISTS pg_prewarm');
          const blocks = await client.query<{ blocks: string }>(
            `SELECT coalesce(sum(pg_prewarm(c.oid, 'read')), 0) AS blocks FROM pg_class c
              WHERE c.relkind IN ('r', 'i', 't', 'm') AND (c.relnamespace = current_schema()::regnamespace
                 OR c.oid IN (SELECT reltoastrelid FROM pg_class WHERE relnamespace = current_schema()::regnamespace)
                 OR c.oid IN (SELECT i.indexrelid FROM pg_index i JOIN pg_class t ON t.reltoastrelid = i.indrelid WHERE t.relnamespace = current_schema()::regnamespace))`,
          );
          return Number(blocks.rows[0].blocks) * 8192;
        } finally {
          await client.end();
        }
      });
    return { dialect: 'postgres', serverEnv: { ...env, DATABASE_URL: url.toString() }, people, importSeconds, samples, warm, drop };
  } catch (error) {
    await handle.close();
    await drop();
    throw error;
  } finally {
    // Closing twice after an error is harmless; the point is to close after success.
    await handle.close().catch(() => undefined);
  }
}
