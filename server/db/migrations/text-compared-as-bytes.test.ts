import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DIALECTS, useEmptyDatabase } from '../../test/harness.js';
import { migrateToLatest } from '../connect.js';
import { migrateTo } from './migrate-to.js';

/** Tags whose order differs between a language's rules (a, b, B, e, É, z…) and bytes (-, B, Z, a…). */
const TAGS = ['b', 'B', 'a', 'É', 'e', 'z', 'Z', '-urgent', 'é'];
/** UTF-8 byte order, as SQLite's BINARY collation and PostgreSQL's "C" compare. */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

// On PostgreSQL, a database whose own locale orders text the French way (ICU), unlike this
// machine's C.UTF-8 default, which happens to agree with byte order.
describe.each(DIALECTS)('migration 20261205-0101 (text compared as bytes) on %s', (dialect) => {
  const db = useEmptyDatabase(dialect, `TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'fr-FR' LOCALE 'C.UTF-8'`);

  it('orders text by its bytes, keeps the rows in place and the triggers that name columns', async () => {
    const { handle } = db;
    await migrateTo(handle, '20261204-0101-name-prefixes-as-lexemes');
    for (const tag of TAGS) await sql`INSERT INTO tags (entity_type, entity_id, tag) VALUES ('person', 'p1', ${tag})`.execute(handle.db);
    if (dialect === 'postgres') {
      // A trigger naming a text column in its WHEN clause only, disabled: it must come back as it was.
      await sql`CREATE FUNCTION keep_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`.execute(handle.db);
      await sql`CREATE TRIGGER tags_watch BEFORE UPDATE ON tags FOR EACH ROW WHEN (NEW.tag IS DISTINCT FROM OLD.tag) EXECUTE FUNCTION keep_row()`.execute(handle.db);
      await sql`ALTER TABLE tags DISABLE TRIGGER tags_watch`.execute(handle.db);
    }
    const fileBefore = dialect === 'postgres' ? await sql<{ file: string }>`SELECT pg_relation_filenode('tags')::text AS file`.execute(handle.db) : undefined;

    await migrateToLatest(handle);

    const ordered = await sql<{ tag: string }>`SELECT tag FROM tags ORDER BY tag`.execute(handle.db);
    expect(ordered.rows.map((r) => r.tag)).toEqual([...TAGS].sort(byBytes));
    // Read through the index rebuilt in the new order.
    const found = await sql<{ tag: string }>`SELECT tag FROM tags WHERE tag = 'É' AND entity_type = 'person'`.execute(handle.db);
    expect(found.rows).toEqual([{ tag: 'É' }]);
    if (dialect !== 'postgres') return;

    const fileAfter = await sql<{ file: string }>`SELECT pg_relation_filenode('tags')::text AS file`.execute(handle.db);
    expect(fileAfter.rows, 'the table is not rewritten').toEqual(fileBefore!.rows);
    const frozen = await sql<{ name: string }>`SELECT tgname AS name FROM pg_trigger WHERE tgname = 'leads_frozen_columns'`.execute(handle.db);
    expect(frozen.rows).toHaveLength(1);
    const watch = await sql<{ enabled: string }>`SELECT tgenabled AS enabled FROM pg_trigger WHERE tgname = 'tags_watch'`.execute(handle.db);
    expect(watch.rows).toEqual([{ enabled: 'D' }]);
    // Run again on a database already converted: nothing left to do, nothing broken.
    await handle.dialect.compareTextAsBytes(handle.db as unknown as Kysely<unknown>);
    expect((await sql<{ tag: string }>`SELECT tag FROM tags ORDER BY tag`.execute(handle.db)).rows.map((r) => r.tag)).toEqual([...TAGS].sort(byBytes));

    // No text column left in the database's locale: a migration adding one calls compareTextAsBytes.
    const inLocale = await sql<{ column: string }>`
      SELECT c.relname || '.' || a.attname AS column FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
       WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
         AND a.attnum > 0 AND NOT a.attisdropped AND a.atttypid IN ('text'::regtype, 'varchar'::regtype)
         AND a.attcollation <> (SELECT oid FROM pg_collation WHERE collname = 'C' AND collnamespace = 'pg_catalog'::regnamespace)
       ORDER BY 1`.execute(handle.db);
    // But the sources of search_documents' generated column (see compareTextAsBytes); name_beginnings
    // was one until 20261206-0601.
    expect(inLocale.rows.map((r) => r.column)).toEqual(['search_documents.content', 'search_documents.title']);
  });
});
