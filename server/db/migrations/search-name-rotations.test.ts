import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { tokenText } from '../../lib/text.js';
import { DIALECTS, useEmptyDatabase } from '../../test/harness.js';
import { migrateToLatest } from '../connect.js';
import { migrateTo } from './migrate-to.js';

/** A name longer than a B-tree entry may hold: 200 words of 4 letters of 3 bytes each in UTF-8. */
const LONG_NAME = Array.from({ length: 200 }, (_, i) => `東京物${String.fromCodePoint(0x4e00 + i)}`).join(' ');

describe.each(DIALECTS)('migration 20261206-0601 (names in an index read in order) on %s', (dialect) => {
  const db = useEmptyDatabase(dialect);

  it('finds the names written before it and after it, in the order typed or not, and follows their changes', async () => {
    const { handle } = db;
    const insert = async (id: string, name: string) => {
      await sql`INSERT INTO search_documents (entity_type, entity_id, title, content, display_title)
                VALUES (${id.startsWith('o') ? 'organisation' : 'person'}, ${id}, ${tokenText(name)}, '', ${name.slice(0, 400)})`.execute(handle.db);
    };
    const found = async (terms: string[], type?: string) =>
      (await handle.dialect.search(handle.db, terms, 10, type)).map((h) => `${h.entity_id}:${h.score}`);

    await migrateTo(handle, '20261206-0501-callback-missed-calls');
    await insert('p1', 'Jean Dupont');
    await insert('p2', 'Jean-Pierre Dupont');
    await insert('o1', 'Transports Dupuis et Fils');
    await migrateToLatest(handle);
    await insert('p3', 'Jean Jean'); // one word twice: one row
    await insert('o2', LONG_NAME);

    if (dialect === 'postgres') {
      // One row per distinct word of each name, the words turned to begin with it.
      const rows = await sql<{ entity_id: string; rotation: string }>`
        SELECT d.entity_id, n.rotation FROM search_names n JOIN search_documents d ON d.id = n.document_id
         WHERE d.entity_id <> 'o2' ORDER BY d.entity_id, n.rotation`.execute(handle.db);
      expect(rows.rows.map((r) => `${r.entity_id} ${r.rotation}`)).toEqual([
        'o1 dupuis et fils transports', 'o1 et fils transports dupuis', 'o1 fils transports dupuis et', 'o1 transports dupuis et fils',
        'p1 dupont jean', 'p1 jean dupont',
        'p2 dupont jean pierre', 'p2 jean pierre dupont', 'p2 pierre dupont jean',
        'p3 jean',
      ]);
    }
    // Typed in the name's order or not, whole words before beginnings; the same on both databases.
    expect(await found(['jean', 'dup'])).toEqual(['p1:2', 'p2:2']);
    expect(await found(['dupont', 'jean'])).toEqual(['p1:3', 'p2:3']);
    expect(await found(['pierre', 'jean', 'dupont'])).toEqual(['p2:3']);
    expect(await found(['dup'])).toEqual(['p1:2', 'p2:2', 'o1:2']);
    expect(await found(['dup'], 'organisation')).toEqual(['o1:2']);
    expect(await found(['fils', 'trans'])).toEqual(['o1:2']);
    expect(await found(['jean'])).toEqual(['p3:3', 'p1:3', 'p2:3']);
    expect(await found(['東京物一'])).toEqual(['o2:3']);
    expect(await found(['東京物'])).toEqual(['o2:2']);
    expect(await found(['dupond'])).toEqual([]);

    // Renamed, removed: found under the new name only, then no more.
    await sql`UPDATE search_documents SET title = 'jean dupond', display_title = 'Jean Dupond' WHERE entity_id = 'p1'`.execute(handle.db);
    await sql`UPDATE search_documents SET content = 'jean dupont lyon' WHERE entity_id = 'p2'`.execute(handle.db);
    expect(await found(['dupond'])).toEqual(['p1:3']);
    expect(await found(['dupont', 'jean'])).toEqual(['p2:3']);
    await sql`DELETE FROM search_documents WHERE entity_id = 'p1'`.execute(handle.db);
    expect(await found(['dupond'])).toEqual([]);
    if (dialect === 'postgres') {
      const orphans = await sql<{ n: number }>`SELECT count(*)::int AS n FROM search_names n WHERE NOT EXISTS (SELECT 1 FROM search_documents d WHERE d.id = n.document_id)`.execute(handle.db);
      expect(orphans.rows[0].n).toBe(0);
    }
  });
});
