import type { Kysely } from 'kysely';
import type { DialectFeatures } from '../dialect/features.js';

/**
 * The word beginnings of names that PostgreSQL indexes for search are written by the application
 * (search_documents.name_beginnings) instead of computed by the database with eight regular
 * expressions per name, which took most of the database's time in a large import. Same index,
 * same results; on SQLite the column stays empty (FTS5 indexes prefixes itself).
 */
export async function up(db: Kysely<unknown>, dialect: DialectFeatures): Promise<void> {
  await dialect.nameBeginningsFromApplication(db);
}
