import { sql, type Kysely } from 'kysely';
import { fold, tokenText } from '../../lib/text.js';
import type { DialectFeatures } from '../dialect/features.js';
import { forEachTextValuePage, setFolded } from './custom-field-text-pages.js';

/** Rows read per statement while looking for what folds differently now. */
const PAGE = 2000;

/**
 * Folding learnt letters Unicode does not decompose (ł, ø, đ, þ…) and words now keep letters of
 * every script (Cyrillic, Greek, Chinese…), which were dropped: "lukasz" and "дмит" found nothing.
 * Rewritten here, with the same functions the application writes with (lib/text.ts):
 * - search titles (the names), from the name each document shows; only those that change;
 * - folded text custom-field values, used by filters and sorts.
 * The rest of a search document (e-mails, cities, tags…) cannot be rebuilt from the document
 * alone; it catches up the next time its record is saved. Non-ASCII text there is rare.
 */
export async function up(db: Kysely<unknown>, dialect: DialectFeatures): Promise<void> {
  let afterId = 0;
  for (;;) {
    const page = (
      await sql<{ id: number; title: string; display_title: string }>`
        SELECT id, title, display_title FROM search_documents WHERE id > ${afterId} ORDER BY id LIMIT ${PAGE}`.execute(db)
    ).rows;
    if (page.length === 0) break;
    for (const doc of page) {
      const title = tokenText(doc.display_title);
      if (title === doc.title) continue;
      await sql`UPDATE search_documents SET title = ${title}, name_beginnings = ${dialect.nameBeginnings(title)} WHERE id = ${doc.id}`.execute(db);
    }
    afterId = Number(page[page.length - 1].id);
  }

  await forEachTextValuePage(db, PAGE, async (page) => {
    for (const value of page) {
      const folded = fold(value.value_text);
      if (folded !== value.value_folded) await setFolded(db, value, folded);
    }
  });
}
