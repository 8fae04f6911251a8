import type { Kysely } from 'kysely';
import type { DialectFeatures } from '../dialect/features.js';

/**
 * The search looks names up first (whole words, then word beginnings), in indexes shared with
 * e-mails, cities and the rest: "fr" (every address in .fr), "thomas" (every thomas.…) or one
 * letter ("Saint-B") walked or re-read tens of thousands of documents, the slowest searches of the
 * benchmark (at 1M people: up to 33 ms on SQLite, 330 ms on PostgreSQL). Names now have an index
 * of their own: a full-text table on SQLite, an index of the title's words on PostgreSQL.
 */
export async function up(db: Kysely<unknown>, dialect: DialectFeatures): Promise<void> {
  await dialect.indexTitlesApart(db);
}
