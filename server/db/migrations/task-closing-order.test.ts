import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DIALECTS, useEmptyDatabase } from '../../test/harness.js';
import { migrateToLatest } from '../connect.js';
import { migrateTo } from './migrate-to.js';
import { queryPlan, revealNewIndexes } from '../../test/query-plans.js';

/** The shape of a record's "latest closed tasks" page (tasks.service.ts list, sort=-closedAt), past a cursor. */
const closedPage = (column: 'person_id' | 'organisation_id', id: string) => sql`
  SELECT * FROM tasks WHERE status IN ('done', 'cancelled') AND ${sql.ref(column)} = ${id} AND completed_at IS NOT NULL
     AND (completed_at, id) < (${'2026-12-31T00:00:00.000Z'}, ${'zzz'})
   ORDER BY completed_at DESC, id DESC LIMIT 21`;

describe.each(DIALECTS)('migration 20261206-0301 (closed tasks, latest first) on %s', (dialect) => {
  const db = useEmptyDatabase(dialect);

  it('stamps closed tasks that had no closing time with their last change, and the record pages read their index in order', async () => {
    const { handle } = db;
    await migrateTo(handle, '20261206-0101-notification-dedupe');
    const now = '2026-12-01T10:00:00.000Z';
    await sql`INSERT INTO users (id, email, name, role, password_hash, locale, disabled, created_at, updated_at, password_changed_at, version)
              VALUES ('u1', 'a@example.fr', 'A', 'sales', 'x', 'fr', 0, ${now}, ${now}, ${now}, 1)`.execute(handle.db);
    const tasks = [
      ['t1', 'done', null, '2026-12-02T08:00:00.000Z'],
      ['t2', 'open', null, '2026-12-03T08:00:00.000Z'],
      ['t3', 'cancelled', '2026-11-30T17:00:00.000Z', '2026-12-04T08:00:00.000Z'],
      ['t4', 'cancelled', null, '2026-12-05T08:00:00.000Z'],
    ] as const;
    for (const [id, status, completedAt, updatedAt] of tasks) {
      await sql`INSERT INTO tasks (id, title, assignee_id, status, completed_at, created_at, created_by, updated_at, updated_by, version)
                VALUES (${id}, 'x', 'u1', ${status}, ${completedAt}, ${now}, 'u1', ${updatedAt}, 'u1', 1)`.execute(handle.db);
    }
    await migrateToLatest(handle);
    const rows = await sql<{ id: string; completed_at: string | null }>`SELECT id, completed_at FROM tasks ORDER BY id`.execute(handle.db);
    expect(rows.rows).toEqual([
      { id: 't1', completed_at: '2026-12-02T08:00:00.000Z' },
      { id: 't2', completed_at: null },
      // Its own closing time stays.
      { id: 't3', completed_at: '2026-11-30T17:00:00.000Z' },
      { id: 't4', completed_at: '2026-12-05T08:00:00.000Z' },
    ]);

    // A record with a long history: with a handful of rows, the index on (record, status) and a sort
    // of its few rows cost the same, and PostgreSQL's choice between them turned on chance.
    await sql`INSERT INTO people (id, first_name, last_name, first_name_key, last_name_key, created_at, updated_at, version)
              VALUES ('p1', 'A', 'B', 'a', 'b', ${now}, ${now}, 1)`.execute(handle.db);
    await sql`INSERT INTO organisations (id, name, name_key, created_at, updated_at, version) VALUES ('o1', 'C', 'c', ${now}, ${now}, 1)`.execute(handle.db);
    for (let i = 0; i < 300; i++) {
      const at = new Date(Date.parse('2026-01-01T08:00:00.000Z') + i * 3600_000).toISOString();
      await sql`INSERT INTO tasks (id, title, assignee_id, person_id, organisation_id, status, completed_at, created_at, created_by, updated_at, updated_by, version)
                VALUES (${`h${String(i).padStart(3, '0')}`}, 'x', 'u1', 'p1', 'o1', 'done', ${at}, ${now}, 'u1', ${at}, 'u1', 2)`.execute(handle.db);
    }
    await sql`ANALYZE tasks`.execute(handle.db);
    await revealNewIndexes(handle, dialect, ['tasks']);

    for (const [column, index] of [['person_id', 'tasks_person_closed'], ['organisation_id', 'tasks_org_closed']] as const) {
      const compiled = closedPage(column, column === 'person_id' ? 'p1' : 'o1').compile(handle.db);
      const plan = await queryPlan(handle, dialect, compiled);
      // Walked in its order: no sorting of the record's closed tasks before the first page.
      expect(plan, compiled.sql).not.toMatch(dialect === 'sqlite' ? /TEMP B-TREE/ : /\bSort\b/);
      expect(plan, compiled.sql).toContain(index);
    }
  });
});
