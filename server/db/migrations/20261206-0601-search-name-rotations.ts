import type { Kysely } from 'kysely';
import type { DialectFeatures } from '../dialect/features.js';

/**
 * Names looked up in an index read in order (PostgreSQL): a short name beginning shared by tens of
 * thousands of records ("lef", "dan") cost PostgreSQL's GIN index a bitmap of every one of them
 * per search, the bulk of the search benchmark's time at 1M people. See indexNameRotations.
 */
export async function up(db: Kysely<unknown>, dialect: DialectFeatures): Promise<void> {
  await dialect.indexNameRotations(db);
}
