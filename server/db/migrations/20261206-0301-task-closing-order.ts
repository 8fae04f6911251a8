import { sql, type Kysely } from 'kysely';
import type { DialectFeatures } from '../dialect/features.js';

/**
 * A record's closed tasks, latest closed first (GET /api/tasks?status=closed&sort=-closedAt): an
 * index per record on the closing time, walked backwards a page at a time. Every closing stamps
 * completed_at; a closed task without one (none is known) gets its last change, so none is left out.
 */
export async function up(db: Kysely<unknown>, dialect: DialectFeatures): Promise<void> {
  await sql`UPDATE tasks SET completed_at = updated_at WHERE status <> 'open' AND completed_at IS NULL`.execute(db);
  await db.schema.createIndex('tasks_person_closed').on('tasks').columns(['person_id', 'completed_at', 'id']).execute();
  await db.schema.createIndex('tasks_org_closed').on('tasks').columns(['organisation_id', 'completed_at', 'id']).execute();
  await dialect.compareTextAsBytes(db);
}
