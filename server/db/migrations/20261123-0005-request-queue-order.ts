import { sql, type Kysely } from 'kysely';

/**
 * Queues sort by deadline with undated requests last. COALESCE(due_at, …) in ORDER BY cannot use an
 * index, so the sort key is stored: queue_due is due_at, or the far future when there is none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('requests').addColumn('queue_due', 'varchar(32)', (c) => c.notNull().defaultTo('9999-12-31T23:59:59.999Z')).execute();
  await sql`UPDATE requests SET queue_due = due_at WHERE due_at IS NOT NULL`.execute(db);
  await db.schema.dropIndex('requests_queue').execute();
  await db.schema.createIndex('requests_queue').on('requests').columns(['team_id', 'is_open', 'queue_due', 'id']).execute();
  await db.schema.createIndex('requests_assignee_queue').on('requests').columns(['assignee_id', 'is_open', 'queue_due', 'id']).execute();
}
