import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { tokenText, wordBeginnings } from '../../lib/text.js';
import { DIALECTS, useEmptyDatabase } from '../../test/harness.js';
import { migrateToLatest } from '../connect.js';
import { migrateTo } from './migrate-to.js';

/** Names as people write them: accents, hyphens, apostrophes, other scripts, digits. */
const NAMES = ['Jean-François Dupont', 'Hélène d’Ormesson', 'Дмитрий Ковалёв', '東京 物流', 'Transports 2000', 'Zoë O’Brien-Łukasiewicz'];

describe.each(DIALECTS)('migration 20261204-0101 (name beginnings read as lexemes) on %s', (dialect) => {
  const db = useEmptyDatabase(dialect);

  it('finds by the beginnings of their words the names written before it and after it', async () => {
    const { handle } = db;
    // What the application wrote then (PostgreSQL's word beginnings; nothing since 20261206-0601).
    const insert = async (i: number, name: string, beginnings: (title: string) => string | null) => {
      const title = tokenText(name);
      await sql`INSERT INTO search_documents (entity_type, entity_id, title, content, display_title, name_beginnings)
                VALUES ('person', ${`p${i}`}, ${title}, '', ${name}, ${beginnings(title)})`.execute(handle.db);
    };
    await migrateTo(handle, '20261203-0102-fold-more-letters');
    for (const [i, name] of NAMES.slice(0, 3).entries()) await insert(i, name, (title) => (dialect === 'postgres' ? wordBeginnings(title, 8) : null));
    await migrateTo(handle, '20261204-0101-name-prefixes-as-lexemes');
    if (dialect === 'postgres') {
      // Each beginning is a lexeme of its own, as the text parser made them before.
      const rows = await sql<{ same: boolean }>`SELECT name_prefixes = strip(to_tsvector('simple', name_beginnings)) AS same FROM search_documents`.execute(handle.db);
      expect(rows.rows.map((r) => r.same)).toEqual(NAMES.slice(0, 3).map(() => true));
    }
    await migrateToLatest(handle);
    for (const [i, name] of NAMES.slice(3).entries()) await insert(i + 3, name, () => null);

    for (const [query, name] of [
      [['jean', 'fran'], 'Jean-François Dupont'],
      [['helene', 'orm'], 'Hélène d’Ormesson'],
      [['дми', 'ков'], 'Дмитрий Ковалёв'],
      [['東京'], '東京 物流'],
      [['trans', '20'], 'Transports 2000'],
      [['zoe', 'lukasiewicz'], 'Zoë O’Brien-Łukasiewicz'],
    ] as const) {
      const hits = await handle.dialect.search(handle.db, [...query], 10);
      expect(hits.map((h) => h.display_title), query.join(' ')).toEqual([name]);
    }
  });
});
