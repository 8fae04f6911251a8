import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DIALECTS, useEmptyDatabase } from '../../test/harness.js';
import { migrateToLatest } from '../connect.js';
import { migrateTo } from './migrate-to.js';

/** Folded tokens, as the search service writes them: title (the name shown, folded), content (e-mail, city, tags…). */
const DOCUMENTS = [
  ['p1', 'paul martin', 'paul martin transports roux fr lyon', 'Paul Martin'],
  ['p2', 'lea martinez', 'lea example fr marseille', 'Léa Martinez'],
  ['p3', 'anne roux', 'anne roux martin freres fr lyon vip', 'Anne Roux'],
] as const;

describe.each(DIALECTS)('migration 20261202-0503 (search words without positions) on %s', (dialect) => {
  const db = useEmptyDatabase(dialect);

  it('finds the records written before it by whole word, name prefix and any field', async () => {
    const { handle } = db;
    await migrateTo(handle, '20261202-0502-interaction-party-indexes');
    for (const [id, title, content, display] of DOCUMENTS) {
      await sql`INSERT INTO search_documents (entity_type, entity_id, title, content, display_title, name_beginnings)
                VALUES ('person', ${id}, ${title}, ${content}, ${display}, ${handle.dialect.nameBeginnings(title)})`.execute(handle.db);
    }
    const queries = [['martin'], ['mar'], ['lyon'], ['ro', 'an'], ['vip'], ['zz']];
    const search = async () => {
      const results: string[][] = [];
      for (const terms of queries) results.push((await handle.dialect.search(handle.db, terms, 10)).map((h) => `${h.entity_id}:${h.score}`));
      return results;
    };
    await migrateToLatest(handle);

    // As the search answered before the migration (today's search reads an index added since, so
    // it cannot run on the older schema). Whole name words first, then name beginnings, then other fields.
    expect(await search()).toEqual([['p1:3', 'p2:2', 'p3:1'], ['p2:2', 'p1:2', 'p3:1'], ['p3:1', 'p1:1'], ['p3:2'], ['p3:1'], []]);
    // Later writes still reach the index through the triggers: an update, a delete, an insert.
    await sql`UPDATE search_documents SET content = 'paul martin transports roux fr grenoble' WHERE entity_id = 'p1'`.execute(handle.db);
    await sql`DELETE FROM search_documents WHERE entity_id = 'p2'`.execute(handle.db);
    await sql`INSERT INTO search_documents (entity_type, entity_id, title, content, display_title, name_beginnings)
              VALUES ('person', 'p4', 'zoe martin', '', 'Zoé Martin', ${handle.dialect.nameBeginnings('zoe martin')})`.execute(handle.db);
    expect((await handle.dialect.search(handle.db, ['gre'], 10)).map((h) => h.entity_id)).toEqual(['p1']);
    expect((await handle.dialect.search(handle.db, ['lyon'], 10)).map((h) => h.entity_id)).toEqual(['p3']);
    expect((await handle.dialect.search(handle.db, ['martin'], 10)).map((h) => h.entity_id)).toEqual(['p1', 'p4', 'p3']);

    if (dialect === 'sqlite') {
      const sqlite = handle.sqlite!;
      expect(sqlite.prepare(`SELECT sql FROM sqlite_master WHERE name = 'search_fts'`).pluck().get()).toContain(`detail='column'`);
      // FTS5 compares every entry of the index with the documents.
      sqlite.exec(`INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)`);
    }
  });
});
