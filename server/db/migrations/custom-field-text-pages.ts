import { sql, type Kysely } from 'kysely';

export interface TextValue {
  field_key: string;
  value_text: string;
  value_folded: string | null;
}

/**
 * Walks the distinct (field, text) pairs of custom_field_values in pages, by index: values repeat
 * (a job title, a goods type), so migrations that rewrite a derived column do it once per pair.
 */
export async function forEachTextValuePage(db: Kysely<unknown>, pageSize: number, handle: (page: TextValue[]) => Promise<void>): Promise<void> {
  let after: { key: string; text: string } | null = null;
  for (;;) {
    const page: TextValue[] = (
      await sql<TextValue>`
        SELECT DISTINCT field_key, value_text, value_folded FROM custom_field_values
         WHERE value_text IS NOT NULL ${after ? sql`AND (field_key > ${after.key} OR (field_key = ${after.key} AND value_text > ${after.text}))` : sql``}
         ORDER BY field_key, value_text LIMIT ${pageSize}`.execute(db)
    ).rows;
    if (page.length === 0) return;
    await handle(page);
    const last = page[page.length - 1];
    after = { key: last.field_key, text: last.value_text };
  }
}

/** Sets the folded form of one (field, text) pair everywhere it is stored. */
export async function setFolded(db: Kysely<unknown>, value: TextValue, folded: string): Promise<void> {
  await sql`UPDATE custom_field_values SET value_folded = ${folded} WHERE field_key = ${value.field_key} AND value_text = ${value.value_text}`.execute(db);
}
