import type { Kysely } from 'kysely';
import type { DialectFeatures } from '../dialect/features.js';

/**
 * A lead's decision note (why it was accepted, converted or rejected) in a column of its own: it
 * overwrote the originator's note, which described the opportunity and was then lost.
 */
export async function up(db: Kysely<unknown>, dialect: DialectFeatures): Promise<void> {
  await db.schema.alterTable('leads').addColumn('decision_note', 'text').execute();
  await dialect.compareTextAsBytes(db);
}
