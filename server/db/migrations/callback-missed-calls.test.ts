import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DIALECTS, useEmptyDatabase } from '../../test/harness.js';
import { migrateToLatest } from '../connect.js';
import { migrateTo } from './migrate-to.js';

describe.each(DIALECTS)('migration 20261206-0501 (missed calls per call-back) on %s', (dialect) => {
  const db = useEmptyDatabase(dialect);

  it('counts the one call of each call-back before it, dated when the call-back was made', async () => {
    const { handle } = db;
    await migrateTo(handle, '20261206-0401-title-search-index');
    const at = '2026-12-01T10:00:00.000Z';
    await sql`INSERT INTO callbacks (id, call_id, number, e164, reason, status, attempts, created_at, updated_at, version)
              VALUES ('c1', NULL, '0612345678', '+33612345678', 'missed', 'open', 0, ${at}, ${at}, 1)`.execute(handle.db);
    await migrateToLatest(handle);
    const rows = await sql<{ id: string; missed_calls: number; last_missed_at: string }>`SELECT id, missed_calls, last_missed_at FROM callbacks`.execute(handle.db);
    expect(rows.rows.map((r) => ({ ...r, missed_calls: Number(r.missed_calls) }))).toEqual([{ id: 'c1', missed_calls: 1, last_missed_at: at }]);
  });
});
