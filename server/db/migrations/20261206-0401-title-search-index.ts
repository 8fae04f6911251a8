import type { Kysely } from 'kysely';
import type { DialectFeatures } from '../dialect/features.js';

/**
 * The search looks names up first (whole words, then word beginnings). On SQLite the names shared
 * one full-text index with e-mails, cities and the rest, so a beginning such as "fr" or "thomas"
 * walked the documents of every address in .fr or thomas.…, and one letter ("Saint-B") walked
 * every word: the slowest searches of the benchmark (10–25 ms at 1M people). Names now have an
 * index of their own. Nothing changes on PostgreSQL.
 */
export async function up(db: Kysely<unknown>, dialect: DialectFeatures): Promise<void> {
  await dialect.indexTitlesApart(db);
}
