import { sql, type Kysely } from 'kysely';
import { sortKey } from '../../lib/text.js';
import type { DialectFeatures } from '../dialect/features.js';

/** Records given their sort keys per statement while filling the new columns. */
const BACKFILL_BATCH = 500;

const TABLES = [
  { table: 'people', names: ['last_name', 'first_name'], index: 'people_name' },
  { table: 'organisations', names: ['name'], index: 'organisations_name' },
] as const;

/**
 * Lists sorted by name compared raw bytes: "Émery" and "de la Fontaine" came after "Zola". Each
 * name now has a sort key beside it (lib/text.ts sortKey(): folded case and accents), written by
 * the application, the same on both databases (SQLite has no accent-aware collation, and
 * PostgreSQL's depend on how its cluster was set up). The live-record sort indexes move to the keys.
 */
export async function up(db: Kysely<unknown>, _dialect: DialectFeatures): Promise<void> {
  for (const { table, names, index } of TABLES) {
    for (const name of names) {
      await db.schema.alterTable(table).addColumn(`${name}_key`, 'varchar(300)', (c) => c.notNull().defaultTo('')).execute();
    }
    // Dropped first: the backfill would otherwise update it on every row.
    await db.schema.dropIndex(index).execute();
    let after = '';
    for (;;) {
      const page = (
        await sql<Record<string, string>>`SELECT id, ${sql.join(names.map((n) => sql.ref(n)))} FROM ${sql.table(table)}
           WHERE id > ${after} ORDER BY id LIMIT ${BACKFILL_BATCH}`.execute(db)
      ).rows;
      if (page.length === 0) break;
      // One statement per page: VALUES rows joined to the table by id, on both databases.
      const values = sql.join(page.map((row) => sql`(${sql.join([row.id, ...names.map((n) => sortKey(row[n] ?? ''))])})`));
      const columns = sql.join(['id', ...names.map((n) => `${n}_key`)].map((c) => sql.ref(c)));
      const sets = sql.join(names.map((n) => sql`${sql.ref(`${n}_key`)} = keys.${sql.ref(`${n}_key`)}`));
      await sql`WITH keys (${columns}) AS (VALUES ${values})
        UPDATE ${sql.table(table)} SET ${sets} FROM keys WHERE ${sql.table(table)}.id = keys.id`.execute(db);
      after = page[page.length - 1].id;
    }
    const live = sql<boolean>`deleted_at IS NULL`;
    await db.schema.createIndex(index).on(table).columns([...names.map((n) => `${n}_key`), 'id']).where(live).execute();
  }
}
