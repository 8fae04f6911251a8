import { sql, type Kysely } from 'kysely';
import type { DialectFeatures } from '../dialect/features.js';

/**
 * Who closed a task (done or cancelled): the colleague who handed it over reads it beside the note.
 * Tasks closed before get their last editor, who closed them unless someone changed them since.
 */
export async function up(db: Kysely<unknown>, dialect: DialectFeatures): Promise<void> {
  await db.schema.alterTable('tasks').addColumn('completed_by', 'text').execute();
  await sql`UPDATE tasks SET completed_by = updated_by WHERE status <> 'open'`.execute(db);
  await dialect.compareTextAsBytes(db);
}
