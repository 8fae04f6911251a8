import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DIALECTS, useEmptyDatabase } from '../../test/harness.js';
import { migrateToLatest } from '../connect.js';
import { migrateTo } from './migrate-to.js';
import { queryPlan, revealNewIndexes } from '../../test/query-plans.js';

/**
 * The shapes of the queries that read the two indexes (party lists, caller lookup, search,
 * duplicates). Since 20261205-0501 (city keys) addresses keep their city's folded words, since
 * 20261206-0110 in a column of their own (city_key), which the city index holds with the record.
 */
const QUERIES = [
  // A city's addresses, as the list filter counts them: the city index alone, never the lookup
  // index, which SQLite's statistics make look unique (measured at 1M people: 237 ms per count).
  { index: 'contact_points_city', query: sql`SELECT entity_id FROM contact_points f WHERE f.city_key = ${'lyon'} AND f.city IS NOT NULL AND f.entity_type = ${'person'}` },
  // A list walking its sort order asks, record by record, "is it in Lyon?": one seek in the city
  // index (SQLite; PostgreSQL weighs by statistics, which six rows do not give).
  {
    index: 'contact_points_city',
    sqliteOnly: true,
    query: sql`SELECT entity_id FROM contact_points f WHERE f.city_key = ${'lyon'} AND f.city IS NOT NULL AND f.entity_type = ${'person'} AND f.entity_id = ${'p1'}`,
  },
  { index: 'contact_points_lookup', query: sql`SELECT entity_id FROM contact_points WHERE normalized = ${'+33612345678'} AND kind = 'phone' AND entity_type = ${'person'}` },
  { index: 'contact_points_lookup', query: sql`SELECT entity_type, entity_id, normalized FROM contact_points WHERE normalized IN (${'a@example.fr'}, ${'b@example.fr'}) AND kind = 'email'` },
  {
    index: 'contact_points_lookup',
    query: sql`SELECT entity_id FROM contact_points WHERE normalized >= ${'+33612'} AND normalized < ${'+33613'} AND kind = 'phone' ORDER BY normalized LIMIT 20`,
  },
];

describe.each(DIALECTS)('migrations 20261202-0401 (partial contact-point indexes), 20261205-0501 and 20261206-0110 (city keys) on %s', (dialect) => {
  const db = useEmptyDatabase(dialect);

  it('keeps finding points written before it, and every query shape still reads its index', async () => {
    const { handle } = db;
    await migrateTo(handle, '20261202-0302-name-beginnings');
    const points = [
      ['c1', 'p1', 'phone', '06 12 34 56 78', '+33612345678', null],
      ['c2', 'p1', 'address', '3 rue Neuve', null, 'Lyon'],
      ['c5', 'p3', 'address', '9 place Jean-Jaurès', null, 'SAINT-ÉTIENNE'],
      ['c6', 'p4', 'address', '1 cours Fauriel', null, 'Saint Etienne'],
      ['c3', 'p2', 'email', 'a@example.fr', 'a@example.fr', null],
      ['c4', 'p2', 'address', 'sans ville', null, null],
    ] as const;
    for (const [id, entity, kind, value, normalized, city] of points) {
      await sql`INSERT INTO contact_points (id, entity_type, entity_id, kind, value, normalized, city, position)
                VALUES (${id}, 'person', ${entity}, ${kind}, ${value}, ${normalized}, ${city}, 0)`.execute(handle.db);
    }
    await migrateToLatest(handle);

    const ids = async (q: (typeof QUERIES)[number]['query']) => (await q.execute(handle.db)).rows.map((r) => (r as { entity_id: string }).entity_id);
    expect(await ids(QUERIES[0].query)).toEqual(['p1']);
    expect(await ids(QUERIES[1].query)).toEqual(['p1']);
    expect(await ids(QUERIES[2].query)).toEqual(['p1']);
    expect(await ids(QUERIES[3].query)).toEqual(['p2']);
    expect(await ids(QUERIES[4].query)).toEqual(['p1']);
    // Every address written before got its city's key, whatever the case, accents or hyphens, and
    // left the lookup's key (normalized) to phones and e-mails.
    const saintEtienne = sql`SELECT entity_id FROM contact_points WHERE city_key = ${'saint etienne'} AND kind = 'address' ORDER BY entity_id`;
    expect(await ids(saintEtienne)).toEqual(['p3', 'p4']);
    const keys = await sql<{ id: string; normalized: string | null; city_key: string | null }>`SELECT id, normalized, city_key FROM contact_points ORDER BY id`.execute(handle.db);
    expect(keys.rows).toEqual([
      { id: 'c1', normalized: '+33612345678', city_key: null },
      { id: 'c2', normalized: null, city_key: 'lyon' },
      { id: 'c3', normalized: 'a@example.fr', city_key: null },
      { id: 'c4', normalized: null, city_key: null },
      { id: 'c5', normalized: null, city_key: 'saint etienne' },
      { id: 'c6', normalized: null, city_key: 'saint etienne' },
    ]);

    await revealNewIndexes(handle, dialect, ['contact_points']);
    // A partial index serves a query only when the database proves the query implies its condition.
    for (const { index, query, ...shape } of QUERIES) {
      const expected = dialect === 'postgres' && 'sqliteOnly' in shape ? 'contact_points_' : index;
      const compiled = query.compile(handle.db);
      const plan = await queryPlan(handle, dialect, compiled);
      expect(plan, compiled.sql).toContain(expected);
    }
  });
});

