import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DIALECTS, useEmptyDatabase } from '../../test/harness.js';
import { migrateToLatest } from '../connect.js';
import { migrateTo } from './migrate-to.js';

/** Folded tokens, as the search service writes them: title (the name shown, folded), content (e-mail, city, tags…). */
const DOCUMENTS = [
  ['p1', 'thomas fraisse', 'thomas fraisse thomas fraisse orange fr lyon', 'Thomas Fraisse'],
  ['p2', 'thomas martin', 'thomas martin thomas martin free fr saint brieuc', 'Thomas Martin'],
  ['o1', 'transports saint benoit', 'transports saint benoit contact tsb fr bordeaux', 'Transports Saint-Benoît'],
  ['p3', 'anne roux', 'anne roux anne roux laposte fr saint etienne', 'Anne Roux'],
] as const;

describe.each(DIALECTS)('migration 20261206-0401 (names indexed apart) on %s', (dialect) => {
  const db = useEmptyDatabase(dialect);

  it('finds the records written before it in the same tiers, one-letter name beginnings included', async () => {
    const { handle } = db;
    await migrateTo(handle, '20261206-0301-task-closing-order');
    for (const [id, title, content, display] of DOCUMENTS) {
      await sql`INSERT INTO search_documents (entity_type, entity_id, title, content, display_title, name_beginnings)
                VALUES (${id.startsWith('o') ? 'organisation' : 'person'}, ${id}, ${title}, ${content}, ${display}, ${handle.dialect.nameBeginnings(title)})`.execute(handle.db);
    }
    // "fr" is in every e-mail address but begins only one name; "saint b" is a name for one record, a city for another.
    const queries = [['thomas', 'fr'], ['thomas'], ['saint', 'b'], ['s'], ['fr'], ['lyon'], ['zz']];
    const search = async () => {
      const results: string[][] = [];
      for (const terms of queries) results.push((await handle.dialect.search(handle.db, terms, 10)).map((h) => `${h.entity_id}:${h.score}`));
      return results;
    };
    // Written before the migration: its rebuild indexes them. Whole name words first, then name
    // beginnings, then other fields; by name within each (as the search answered before it).
    await migrateToLatest(handle);
    expect(await search()).toEqual([['p1:2', 'p2:1'], ['p1:3', 'p2:3'], ['o1:2', 'p2:1'], ['o1:2', 'p3:1', 'p2:1'], ['p1:2', 'p3:1', 'p2:1', 'o1:1'], ['p1:1'], []]);
    // Later writes reach the names' index through its triggers: a record edited without a new
    // name, a renamed one, a deleted one, a new one.
    await sql`UPDATE search_documents SET content = 'anne roux anne roux laposte fr rennes' WHERE entity_id = 'p3'`.execute(handle.db);
    expect((await handle.dialect.search(handle.db, ['anne'], 10)).map((h) => `${h.entity_id}:${h.score}`)).toEqual(['p3:3']);
    expect((await handle.dialect.search(handle.db, ['rennes'], 10)).map((h) => `${h.entity_id}:${h.score}`)).toEqual(['p3:1']);
    await sql`UPDATE search_documents SET title = 'thomas bernard', content = 'thomas bernard free fr saint brieuc', display_title = 'Thomas Bernard', name_beginnings = ${handle.dialect.nameBeginnings('thomas bernard')} WHERE entity_id = 'p2'`.execute(handle.db);
    await sql`DELETE FROM search_documents WHERE entity_id = 'p1'`.execute(handle.db);
    await sql`INSERT INTO search_documents (entity_type, entity_id, title, content, display_title, name_beginnings)
              VALUES ('person', 'p4', 'zoe fraisse', '', 'Zoé Fraisse', ${handle.dialect.nameBeginnings('zoe fraisse')})`.execute(handle.db);
    expect((await handle.dialect.search(handle.db, ['fr'], 10)).map((h) => `${h.entity_id}:${h.score}`)).toEqual(['p4:2', 'p3:1', 'p2:1', 'o1:1']);
    expect((await handle.dialect.search(handle.db, ['thomas', 'b'], 10)).map((h) => `${h.entity_id}:${h.score}`)).toEqual(['p2:2']);
    expect((await handle.dialect.search(handle.db, ['martin'], 10)).map((h) => h.entity_id)).toEqual([]);

    if (dialect === 'sqlite') {
      // FTS5 compares every entry of each index with the documents.
      handle.sqlite!.exec(`INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)`);
      handle.sqlite!.exec(`INSERT INTO search_titles(search_titles, rank) VALUES ('integrity-check', 1)`);
    }
  });
});
