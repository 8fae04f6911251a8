import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createThrowawayDatabase, DIALECTS } from '../test/harness.js';
import { connectDatabase, migrateToLatest } from './connect.js';

describe.runIf(DIALECTS.includes('postgres'))('PostgreSQL sessions of the request pool', () => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });

  const setting = async (url: string) => {
    const handle = connectDatabase({ databaseUrl: url, poolSize: 1 });
    try {
      return (await sql<{ max_parallel_workers_per_gather: string }>`SHOW max_parallel_workers_per_gather`.execute(handle.db)).rows[0].max_parallel_workers_per_gather;
    } finally {
      await handle.close();
    }
  };

  it('run without parallel workers, unless the address says otherwise', async () => {
    const throwaway = await createThrowawayDatabase();
    drops.push(throwaway.drop);
    expect(await setting(throwaway.url)).toBe('0');
    const url = new URL(throwaway.url);
    url.searchParams.set('options', '-c max_parallel_workers_per_gather=1');
    expect(await setting(url.toString())).toBe('1');
  });
});

describe('SQLite connection', () => {
  it('reads a database file through a memory map, with a page cache of 64 MB', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relais-connect-'));
    const handle = connectDatabase({ sqlitePath: path.join(dir, 'relais.db') });
    try {
      expect(handle.sqlite!.pragma('mmap_size', { simple: true })).toBe(1024 ** 3);
      expect(handle.sqlite!.pragma('cache_size', { simple: true })).toBe(-64 * 1024);
      expect(handle.sqlite!.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refreshes the planner's statistics of a table that filled since the start, every hour", async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relais-connect-'));
    const handle = connectDatabase({ sqlitePath: path.join(dir, 'relais.db') });
    try {
      const sqlite = handle.sqlite!;
      sqlite.exec('CREATE TABLE calls_log (id INTEGER PRIMARY KEY, line TEXT NOT NULL); CREATE INDEX calls_log_line ON calls_log (line)');
      const insert = sqlite.prepare('INSERT INTO calls_log (line) VALUES (?)');
      sqlite.transaction(() => {
        for (let i = 0; i < 2000; i++) insert.run(`line-${i % 40}`);
      })();
      await sql`SELECT count(*) FROM calls_log WHERE line = ${'line-1'}`.execute(handle.db);
      const analysed = () => sqlite.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'`).pluck().get() === 1 && sqlite.prepare(`SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'calls_log'`).pluck().get() as number;
      expect(analysed()).toBeFalsy();
      vi.advanceTimersByTime(3_600_000);
      await vi.waitFor(() => expect(analysed()).toBeGreaterThan(0));
    } finally {
      await handle.close();
      vi.useRealTimers();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a database written by a newer Relais', () => {
  it('is named as such, not as a database that did not answer', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relais-connect-'));
    const handle = connectDatabase({ sqlitePath: path.join(dir, 'relais.db') });
    try {
      await migrateToLatest(handle);
      await sql`INSERT INTO relais_migrations (name, timestamp) VALUES ('29991231-0001-from-the-future', '2999-12-31T00:00:00.000Z')`.execute(handle.db);
      await expect(migrateToLatest(handle)).rejects.toThrow(/written by a newer Relais \(migration 29991231-0001-from-the-future is unknown here\).*version plus récente/);
    } finally {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
