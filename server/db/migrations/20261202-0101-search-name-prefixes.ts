import type { Kysely } from 'kysely';
import type { DialectFeatures } from '../dialect/features.js';

/**
 * Search by name at a million records: the beginnings of the words of names are indexed, so a
 * typed prefix is one index entry (see indexNamePrefixes in the dialects; SQLite's FTS5 table has
 * had its prefix index from the start). Same results as before, found without walking every word.
 */
export async function up(db: Kysely<unknown>, dialect: DialectFeatures): Promise<void> {
  await dialect.indexNamePrefixes(db);
}
