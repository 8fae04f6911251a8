import { sql, type Kysely } from 'kysely';
import type { DialectFeatures } from '../dialect/features.js';

/**
 * One call-back per caller waiting: a caller's new missed call joins their open call-back, which
 * counts them (missed_calls) and dates the latest (last_missed_at), instead of queueing a second
 * one. Call-backs before it count their one call. Found by number: an index on (e164, status).
 */
export async function up(db: Kysely<unknown>, dialect: DialectFeatures): Promise<void> {
  await db.schema.alterTable('callbacks').addColumn('missed_calls', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('callbacks').addColumn('last_missed_at', 'varchar(32)').execute();
  await sql`UPDATE callbacks SET last_missed_at = created_at`.execute(db);
  await db.schema.createIndex('callbacks_number_status').on('callbacks').columns(['e164', 'status']).execute();
  await dialect.compareTextAsBytes(db);
}
