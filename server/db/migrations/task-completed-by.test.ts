import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DIALECTS, useEmptyDatabase } from '../../test/harness.js';
import { migrateToLatest } from '../connect.js';
import { migrateTo } from './migrate-to.js';

describe.each(DIALECTS)('migration 20261205-0601 (who closed a task) on %s', (dialect) => {
  const db = useEmptyDatabase(dialect);

  it('gives tasks closed before it their last editor, and open ones nobody', async () => {
    const { handle } = db;
    await migrateTo(handle, '20261205-0501-city-keys');
    const now = '2026-12-01T10:00:00.000Z';
    await sql`INSERT INTO users (id, email, name, role, password_hash, locale, disabled, created_at, updated_at, password_changed_at, version)
              VALUES ('u1', 'a@example.fr', 'A', 'sales', 'x', 'fr', 0, ${now}, ${now}, ${now}, 1)`.execute(handle.db);
    for (const [id, status] of [['t1', 'done'], ['t2', 'open'], ['t3', 'cancelled']]) {
      await sql`INSERT INTO tasks (id, title, assignee_id, status, created_at, created_by, updated_at, updated_by, version)
                VALUES (${id}, 'x', 'u1', ${status}, ${now}, 'u1', ${now}, 'u1', 1)`.execute(handle.db);
    }
    await migrateToLatest(handle);
    const rows = await sql<{ id: string; completed_by: string | null }>`SELECT id, completed_by FROM tasks ORDER BY id`.execute(handle.db);
    expect(rows.rows).toEqual([{ id: 't1', completed_by: 'u1' }, { id: 't2', completed_by: null }, { id: 't3', completed_by: 'u1' }]);
  });
});
