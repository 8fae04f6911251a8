import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createThrowawayDatabase, DIALECTS } from '../test/harness.js';
import { connectDatabase } from './connect.js';

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
});
