import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { wordBeginnings } from '../../lib/text.js';
import { DIALECTS, useEmptyDatabase } from '../../test/harness.js';
import { migrateToLatest } from '../connect.js';
import { migrateTo } from './migrate-to.js';

const TITLES = ['jean dupont', 'maximilien ostergaard lebrun', 'a', 'transports quintard fils'];

describe.each(DIALECTS)('migration 20261202-0302 (name beginnings written by the application) on %s', (dialect) => {
  const db = useEmptyDatabase(dialect);

  it('gives documents written before it the beginnings the application would write, and the name index finds them', async () => {
    const { handle } = db;
    await migrateTo(handle, '20261202-0301-custom-field-folded');
    for (const [i, title] of TITLES.entries()) {
      await sql`INSERT INTO search_documents (entity_type, entity_id, title, content, display_title) VALUES ('person', ${`p${i}`}, ${title}, '', ${title})`.execute(handle.db);
    }
    await migrateTo(handle, '20261202-0302-name-beginnings');
    const rows = await handle.db.selectFrom('search_documents').select(['title', 'name_beginnings']).orderBy('id').execute();
    // The same words as the application wrote then (in another order: the index sees a set).
    const words = (text: string | null) => (text === null ? null : [...new Set(text.split(' '))].sort());
    if (dialect === 'postgres') expect(rows.map((r) => words(r.name_beginnings))).toEqual(TITLES.map((t) => words(wordBeginnings(t, 8))));
    else expect(rows.every((r) => r.name_beginnings === null)).toBe(true);
    // Read by nothing since search_names (20261206-0601): emptied there.
    await migrateToLatest(handle);
    const after = await handle.db.selectFrom('search_documents').select('name_beginnings').execute();
    expect(after.map((r) => r.name_beginnings)).toEqual(TITLES.map(() => null));
    // The same name search as before the migration: every beginning of each word, both databases.
    for (const [query, title] of [[['maxim', 'leb'], 'maximilien ostergaard lebrun'], [['quin'], 'transports quintard fils'], [['a'], 'a']] as const) {
      const hits = await handle.dialect.search(handle.db, [...query], 10);
      expect(hits.map((h) => h.display_title), query.join(' ')).toContain(title);
    }
  });
});
