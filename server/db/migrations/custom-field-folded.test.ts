import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DIALECTS, useEmptyDatabase } from '../../test/harness.js';
import { migrateToLatest } from '../connect.js';
import { migrateTo } from './migrate-to.js';

describe.each(DIALECTS)('migration 20261202-0301 (folded custom-field text) on %s', (dialect) => {
  const db = useEmptyDatabase(dialect);

  it('folds the text values already stored, numbers left alone', async () => {
    const { handle } = db;
    await migrateTo(handle, '20261202-0203-lead-warning');
    // Values as an older version stored them; more distinct values than one backfill batch.
    const rows = Array.from({ length: 1203 }, (_, i) => ({
      entity_type: 'person',
      entity_id: `p${i}`,
      field_key: i % 3 === 0 ? 'size' : 'note',
      value_text: i % 3 === 0 ? null : `Été N°${i % 700} Œuvre`,
      value_number: i % 3 === 0 ? i : null,
    }));
    for (let i = 0; i < rows.length; i += 200) await handle.db.insertInto('custom_field_values').values(rows.slice(i, i + 200)).execute();

    await migrateToLatest(handle);
    const after = await sql<{ entity_id: string; value_text: string | null; value_folded: string | null }>`
      SELECT entity_id, value_text, value_folded FROM custom_field_values`.execute(handle.db);
    expect(after.rows).toHaveLength(rows.length);
    for (const row of after.rows) {
      const i = Number(row.entity_id.slice(1));
      expect(row.value_folded, row.entity_id).toBe(i % 3 === 0 ? null : `ete n°${i % 700} oeuvre`);
    }
  });
});
