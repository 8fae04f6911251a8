import type { Kysely } from 'kysely';

/** Leads warn their owner before the deadline (like requests): when it was done, so it is done once. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('leads').addColumn('warned_at', 'varchar(32)').execute();
}
