import type { Kysely } from 'kysely';
import type { DialectFeatures } from '../dialect/features.js';

/**
 * A notification raised by a job carries the job's id: a job that runs again (its "done" mark lost
 * to a dropped connection, its worker killed mid-way) then stores and sends nothing twice. Both
 * databases let any number of rows have no key (NULLs are distinct in a unique index).
 */
export async function up(db: Kysely<unknown>, dialect: DialectFeatures): Promise<void> {
  await db.schema.alterTable('notifications').addColumn('dedupe_key', 'varchar(120)').execute();
  await db.schema.createIndex('notifications_dedupe').unique().on('notifications').columns(['user_id', 'dedupe_key']).execute();
  await dialect.compareTextAsBytes(db);
}
