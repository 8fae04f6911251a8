import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DIALECTS, useEmptyDatabase } from '../../test/harness.js';
import { migrateToLatest } from '../connect.js';
import { sqliteFeatures } from '../dialect/sqlite.js';
import { TABLES } from './20261202-0501-link-tables-by-key.js';
import { migrateTo } from './migrate-to.js';

const AT = '2026-12-02T10:00:00.000Z';

describe.each(DIALECTS)('migration 20261202-0501 (link tables stored by their key) on %s', (dialect) => {
  const db = useEmptyDatabase(dialect);

  it('keeps every row, key, foreign key and index of the four tables', async () => {
    const { handle } = db;
    const run = (query: ReturnType<typeof sql>) => query.execute(handle.db);
    await migrateTo(handle, '20261202-0401-partial-contact-indexes');
    await run(sql`INSERT INTO people (id, first_name, last_name, created_at, updated_at) VALUES ('p1', 'Anne', 'Roux', ${AT}, ${AT}), ('p2', 'Marc', 'Petit', ${AT}, ${AT})`);
    await run(sql`INSERT INTO organisations (id, name, created_at, updated_at) VALUES ('o1', 'Transports Roux', ${AT}, ${AT})`);
    await run(sql`INSERT INTO person_organisations (person_id, organisation_id, created_at) VALUES ('p1', 'o1', ${AT}), ('p2', 'o1', ${AT})`);
    await run(sql`INSERT INTO tags (entity_type, entity_id, tag) VALUES ('person', 'p1', 'vip'), ('person', 'p2', 'vip'), ('person', 'p2', 'export')`);
    await run(sql`INSERT INTO custom_field_values (entity_type, entity_id, field_key, value_text, value_folded, value_number)
                  VALUES ('person', 'p1', 'fleet_size', NULL, NULL, 12), ('person', 'p1', 'region', 'Île-de-France', 'ile-de-france', NULL)`);
    await run(sql`INSERT INTO interactions (id, channel, direction, occurred_at, person_id, organisation_id, created_at, updated_at)
                  VALUES ('i1', 'call', 'in', ${AT}, 'p1', 'o1', ${AT}, ${AT})`);
    await run(sql`INSERT INTO interaction_participants (interaction_id, entity_type, entity_id) VALUES ('i1', 'person', 'p1'), ('i1', 'organisation', 'o1')`);
    const contents = async () => {
      const result: Record<string, unknown[]> = {};
      for (const table of TABLES) result[table] = (await sql.raw(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).execute(handle.db)).rows;
      return result;
    };
    const before = await contents();

    await migrateToLatest(handle);

    expect(await contents()).toEqual(before);
    // Readers by the other column still find their rows, through the recreated indexes.
    const members = await sql<{ person_id: string }>`SELECT person_id FROM person_organisations WHERE organisation_id = 'o1' ORDER BY person_id`.execute(handle.db);
    expect(members.rows.map((r) => r.person_id)).toEqual(['p1', 'p2']);
    const tagged = await sql<{ entity_id: string }>`SELECT entity_id FROM tags WHERE tag = 'vip' AND entity_type = 'person' ORDER BY entity_id`.execute(handle.db);
    expect(tagged.rows.map((r) => r.entity_id)).toEqual(['p1', 'p2']);
    // The keys and the foreign keys still hold.
    await expect(run(sql`INSERT INTO tags (entity_type, entity_id, tag) VALUES ('person', 'p1', 'vip')`)).rejects.toThrow();
    await expect(run(sql`INSERT INTO interaction_participants (interaction_id, entity_type, entity_id) VALUES ('no-such-interaction', 'person', 'p2')`)).rejects.toThrow();
    await expect(run(sql`INSERT INTO person_organisations (person_id, organisation_id, created_at) VALUES ('p1', 'no-such-organisation', ${AT})`)).rejects.toThrow();

    const indexes =
      dialect === 'sqlite'
        ? handle.sqlite!.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`).pluck().all()
        : (await sql<{ indexname: string }>`SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()`.execute(handle.db)).rows.map((r) => r.indexname);
    expect(indexes).toEqual(
      expect.arrayContaining(['person_organisations_org', 'tags_tag', 'custom_field_values_text', 'custom_field_values_number', 'custom_field_values_folded', 'interaction_participants_entity']),
    );

    if (dialect === 'sqlite') {
      const sqlite = handle.sqlite!;
      // (FTS5 keeps two of its own shadow tables per index this way.)
      const withoutRowid = sqlite.prepare(`SELECT name FROM pragma_table_list WHERE wr = 1 AND name NOT LIKE 'search_fts_%' AND name NOT LIKE 'search_titles_%' ORDER BY name`).pluck().all();
      expect(withoutRowid).toEqual([...TABLES].sort());
      // A timeline's interaction ids are read from the participants' index alone.
      const plan = sqlite
        .prepare(`EXPLAIN QUERY PLAN SELECT interaction_id FROM interaction_participants WHERE entity_id = ?`)
        .all('p1')
        .map((r) => (r as { detail: string }).detail);
      expect(plan.join('\n')).toContain('COVERING INDEX interaction_participants_entity');
      // Running it again changes nothing.
      await sqliteFeatures.storeByPrimaryKey(handle.db as never, 'tags');
      expect(sqlite.prepare(`SELECT count(*) FROM tags`).pluck().get()).toBe(3);
      expect(sqlite.pragma('foreign_key_check')).toEqual([]);
    }
  });
});
