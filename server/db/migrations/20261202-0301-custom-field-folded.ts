import { sql, type Kysely } from 'kysely';
import { fold } from '../../lib/text.js';

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
  // Values repeat (a job title, a goods type): one UPDATE per distinct (field, text) pair, by index.
  let after: { key: string; text: string } | null = null;
  for (;;) {
    const page: { field_key: string; value_text: string }[] = (
      await sql<{ field_key: string; value_text: string }>`
        SELECT DISTINCT field_key, value_text FROM custom_field_values
         WHERE value_text IS NOT NULL ${after ? sql`AND (field_key > ${after.key} OR (field_key = ${after.key} AND value_text > ${after.text}))` : sql``}
         ORDER BY field_key, value_text LIMIT ${BACKFILL_BATCH}`.execute(db)
    ).rows;
    if (page.length === 0) break;
    for (const row of page) {
      await sql`UPDATE custom_field_values SET value_folded = ${fold(row.value_text)} WHERE field_key = ${row.field_key} AND value_text = ${row.value_text}`.execute(db);
    }
    const last = page[page.length - 1];
    after = { key: last.field_key, text: last.value_text };
  }
  await db.schema.createIndex('custom_field_values_folded').on('custom_field_values').columns(['field_key', 'value_folded']).execute();
}
