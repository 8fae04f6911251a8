import type { Kysely } from 'kysely';
import type { DialectFeatures } from '../dialect/features.js';

/**
 * S8: "whoever first initiated a sale is decided by tamper-evident timestamps". A lead's creation
 * time and creator are the first link of that attribution record: the application never changes
 * them, and now the database refuses to as well, whoever connects to it.
 */
export async function up(db: Kysely<unknown>, dialect: DialectFeatures): Promise<void> {
  await dialect.freezeColumns(db, 'leads', ['created_at', 'created_by']);
}
