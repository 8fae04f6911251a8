import type { Kysely } from 'kysely';
import { fold } from '../../lib/text.js';
import { forEachTextValuePage, setFolded } from './custom-field-text-pages.js';

/** Distinct (field, text) pairs folded per statement round while filling the new column. */
const BACKFILL_BATCH = 500;

/**
 * Text custom-field filters ignore case and accents ("lyon" finds "Lyon", "ete" finds "Été"), as
 * search does: each text value is stored folded beside the original, with an index for equality
 * and prefix ranges. Folded by the application (lib/text.ts fold()), the same on both databases;
 * neither database's own functions fold accents the same way, and SQLite has none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('custom_field_values').addColumn('value_folded', 'varchar(1000)').execute();
  await forEachTextValuePage(db, BACKFILL_BATCH, async (page) => {
    for (const value of page) await setFolded(db, value, fold(value.value_text));
  });
  await db.schema.createIndex('custom_field_values_folded').on('custom_field_values').columns(['field_key', 'value_folded']).execute();
}
