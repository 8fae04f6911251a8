import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DIALECTS, useEmptyDatabase } from '../../test/harness.js';
import { migrateToLatest } from '../connect.js';
import { migrateTo } from './migrate-to.js';

describe.each(DIALECTS)('migration 20261203-0101 (name sort keys) on %s', (dialect) => {
  const db = useEmptyDatabase(dialect);

  it('gives the names already stored their sort keys and moves the sort indexes to them', async () => {
    const { handle } = db;
    await migrateTo(handle, '20261202-0503-search-words-without-positions');
    // People as an older version stored them; more than one backfill batch.
    const at = '2026-01-05T09:00:00.000Z';
    const record = { created_at: at, updated_at: at, version: 1, owner_id: null, team_id: null, created_by: null, updated_by: null, deleted_at: null, merged_into_id: null };
    const people = Array.from({ length: 1203 }, (_, i) => ({ id: `p${String(i).padStart(5, '0')}`, first_name: i % 2 ? 'Élodie' : '', last_name: `Ørsted ${i}`, ...record }));
    for (let i = 0; i < people.length; i += 200) await (handle.db as any).insertInto('people').values(people.slice(i, i + 200)).execute();
    await (handle.db as any).insertInto('organisations').values({ id: 'o1', name: '  Éts Łukasz ', ...record }).execute();

    await migrateToLatest(handle);
    const rows = await handle.db.selectFrom('people').select(['id', 'first_name_key', 'last_name_key']).orderBy('id').execute();
    expect(rows).toHaveLength(people.length);
    rows.forEach((row, i) => expect(row).toEqual({ id: people[i].id, first_name_key: i % 2 ? 'elodie' : '', last_name_key: `orsted ${i}` }));
    expect(await handle.db.selectFrom('organisations').select('name_key').executeTakeFirstOrThrow()).toEqual({ name_key: 'ets lukasz' });
    const definition = async (index: string) =>
      dialect === 'sqlite'
        ? String(handle.sqlite!.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).pluck().get(index))
        : (await sql<{ indexdef: string }>`SELECT indexdef FROM pg_indexes WHERE indexname = ${index}`.execute(handle.db)).rows[0].indexdef;
    expect(await definition('people_name')).toMatch(/\(\s*"?last_name_key"?,\s*"?first_name_key"?,\s*"?id"?\s*\)\s*WHERE/i);
    expect(await definition('organisations_name')).toMatch(/\(\s*"?name_key"?,\s*"?id"?\s*\)\s*WHERE/i);
  });
});
