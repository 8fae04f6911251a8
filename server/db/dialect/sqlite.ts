import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/sqlite';
import { AppError } from '../../errors.js';
import type { JobsTable } from '../schema.js';
import { NAME_MATCH_SCORE, OTHER_MATCH_SCORE, SEARCH_CANDIDATES, searchInTiers, WHOLE_NAME_SCORE, type Db, type DialectFeatures, type SearchHit } from './features.js';

/** FTS5 MATCH expression: every term quoted, as a prefix or a whole word, all required. */
function matchExpression(terms: string[], prefix = true): string {
  return terms.map((t) => `"${t}"${prefix ? '*' : ''}`).join(' AND ');
}

/**
 * The full-text table over search_documents. `detail`: what the index keeps of each word's
 * occurrences; 'column' (which columns, not the positions) since migration 20261202-0503.
 */
function createFtsTable(db: Kysely<unknown>, detail: 'full' | 'column') {
  return sql`CREATE VIRTUAL TABLE search_fts USING fts5(
      title, content, content='search_documents', content_rowid='id',
      tokenize='unicode61 remove_diacritics 2', prefix='2 3 4', detail=${sql.lit(detail)})`.execute(db);
}

/**
 * The names alone, for the search's first tiers (see indexTitlesApart). Word beginnings of 1 to 8
 * letters are indexed as such: without, FTS5 gathers every word a beginning starts ("Saint-B" walks
 * every word in b…), and a whole first name typed with a beginning ("François Rol") gathers all
 * of that name's documents before the AND can skip through them (measured at 1M people: 2.6 ->
 * 0.7 ms; an index of 58 MB instead of 40, built in 3.2 s instead of 2.2).
 */
function createTitleTable(db: Kysely<unknown>) {
  return sql`CREATE VIRTUAL TABLE search_titles USING fts5(
      title, content='search_documents', content_rowid='id',
      tokenize='unicode61 remove_diacritics 2', prefix='1 2 3 4 5 6 7 8', detail='column')`.execute(db);
}

export const sqliteFeatures: DialectFeatures = {
  name: 'sqlite',
  autoIncrementType: 'integer',

  async createSearchIndex(db: Kysely<unknown>) {
    // External-content FTS5 table kept in sync by triggers, so portable code only writes search_documents.
    await createFtsTable(db, 'full');
    await sql`CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN
      INSERT INTO search_fts(rowid, title, content) VALUES (new.id, new.title, new.content); END`.execute(db);
    await sql`CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN
      INSERT INTO search_fts(search_fts, rowid, title, content) VALUES ('delete', old.id, old.title, old.content); END`.execute(db);
    await sql`CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN
      INSERT INTO search_fts(search_fts, rowid, title, content) VALUES ('delete', old.id, old.title, old.content);
      INSERT INTO search_fts(rowid, title, content) VALUES (new.id, new.title, new.content); END`.execute(db);
  },

  async indexNamePrefixes() {
    // Nothing to add: the FTS5 table already indexes prefixes of 2, 3 and 4 characters, and FTS5
    // stops at the first matches it needs (SEARCH_CANDIDATES) however many there are.
  },

  async nameBeginningsFromApplication(db: Kysely<unknown>) {
    // The column exists on both databases so that writes are the same; FTS5 indexes prefixes itself.
    await sql`ALTER TABLE search_documents ADD COLUMN name_beginnings text`.execute(db);
  },

  async namePrefixesAsLexemes() {
    // Nothing to change: FTS5 indexes prefixes itself, name_beginnings stays empty.
  },

  async compareTextAsBytes() {
    // Nothing to change: SQLite's default collation (BINARY) compares bytes.
  },

  async indexWordsWithoutPositions(db: Kysely<unknown>) {
    // An FTS5 table's options are fixed at creation: a new table, filled from the documents. The
    // triggers on search_documents name the table, so they keep feeding the new one.
    await sql`DROP TABLE search_fts`.execute(db);
    await createFtsTable(db, 'column');
    await sql`INSERT INTO search_fts(search_fts) VALUES ('rebuild')`.execute(db);
  },

  async indexNameRotations() {
    // Nothing to change: FTS5's prefix index (search_titles) already stops at the first matches.
  },

  async indexTitlesApart(db: Kysely<unknown>) {
    // Measured on 1.2M documents, against the names' column of search_fts: "Thomas Fr" 4.9 ->
    // 0.5 ms, "Saint-B" 15 -> 0.3 ms, the same documents found. Kept in sync like search_fts, by
    // triggers of its own; every edit of a record rewrites its document, but only a new name
    // changes this index.
    await createTitleTable(db);
    await sql`INSERT INTO search_titles(search_titles) VALUES ('rebuild')`.execute(db);
    await sql`CREATE TRIGGER search_documents_titles_ai AFTER INSERT ON search_documents BEGIN
      INSERT INTO search_titles(rowid, title) VALUES (new.id, new.title); END`.execute(db);
    await sql`CREATE TRIGGER search_documents_titles_ad AFTER DELETE ON search_documents BEGIN
      INSERT INTO search_titles(search_titles, rowid, title) VALUES ('delete', old.id, old.title); END`.execute(db);
    await sql`CREATE TRIGGER search_documents_titles_au AFTER UPDATE OF title ON search_documents WHEN old.title IS NOT new.title BEGIN
      INSERT INTO search_titles(search_titles, rowid, title) VALUES ('delete', old.id, old.title);
      INSERT INTO search_titles(rowid, title) VALUES (new.id, new.title); END`.execute(db);
  },

  nameBeginnings() {
    return null;
  },

  async estimatedRowCount(db: Db, table: string) {
    // The largest rowid, read from the end of the table's b-tree: the count, give or take deletions.
    const row = await sql<{ n: number | null }>`SELECT max(rowid) AS n FROM ${sql.table(table)}`.execute(db);
    return Number(row.rows[0]?.n ?? 0);
  },

  async search(db: Db, terms: string[], limit: number, entityType?: string): Promise<SearchHit[]> {
    // The type is checked among the candidates, so that records of the other type cannot fill them.
    // Names are looked up in their own index (search_titles), everything else in search_fts.
    const candidates = (index: 'search_titles' | 'search_fts', match: string) =>
      entityType
        ? sql`SELECT f.rowid AS id FROM ${sql.table(index)} f JOIN search_documents t ON t.id = f.rowid
              WHERE ${sql.table(index)} MATCH ${match} AND t.entity_type = ${entityType} LIMIT ${sql.lit(Math.max(SEARCH_CANDIDATES, limit))}`
        : sql`SELECT rowid AS id FROM ${sql.table(index)} WHERE ${sql.table(index)} MATCH ${match} LIMIT ${sql.lit(Math.max(SEARCH_CANDIDATES, limit))}`;
    const tier = (index: 'search_titles' | 'search_fts', match: string, score: number) => async () =>
      (await sql<SearchHit>`
        SELECT d.entity_type, d.entity_id, d.display_title, d.display_subtitle, ${sql.lit(score)} AS score
        FROM (${candidates(index, match)}) m
        JOIN search_documents d ON d.id = m.id
        ORDER BY d.title, d.entity_id LIMIT ${sql.lit(limit)}`.execute(db)).rows;
    const prefixes = matchExpression(terms);
    return searchInTiers(
      [
        tier('search_titles', matchExpression(terms, false), WHOLE_NAME_SCORE),
        tier('search_titles', prefixes, NAME_MATCH_SCORE),
        tier('search_fts', prefixes, OTHER_MATCH_SCORE),
      ],
      limit,
    );
  },

  matchingDocuments(terms: string[], entityType: string) {
    return sql<{ entity_id: string }>`SELECT d.entity_id FROM search_fts f JOIN search_documents d ON d.id = f.rowid
      WHERE search_fts MATCH ${matchExpression(terms)} AND d.entity_type = ${entityType}`;
  },

  async storeByPrimaryKey(db: Kysely<unknown>, table: string) {
    // A rowid table with a composite key keeps two b-trees of the same rows: the table by rowid and
    // the key's index. WITHOUT ROWID keeps the key's alone, and every other index of the table then
    // holds the key instead of a rowid, so an index on one column of the key covers the other.
    // SQLite cannot change this in place: a copy under the same definition replaces the table.
    const [definition] = (await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ${table}`.execute(db)).rows;
    if (!definition) throw new Error(`storeByPrimaryKey: no table ${table}`);
    if (/WITHOUT\s+ROWID\s*$/i.test(definition.sql)) return;
    const dependents = (await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = ${table} AND sql IS NOT NULL`.execute(db)).rows;
    const copy = `${table}_by_key`;
    const created = definition.sql.replace(/^CREATE TABLE\s+(?:"[^"]+"|\S+)/i, `CREATE TABLE "${copy}"`);
    await sql.raw(`${created} WITHOUT ROWID`).execute(db);
    await sql.raw(`INSERT INTO "${copy}" SELECT * FROM "${table}"`).execute(db);
    await sql.raw(`DROP TABLE "${table}"`).execute(db);
    await sql.raw(`ALTER TABLE "${copy}" RENAME TO "${table}"`).execute(db);
    for (const d of dependents) await sql.raw(d.sql).execute(db);
  },

  async makeAppendOnly(db: Kysely<unknown>, table: string) {
    await sql`CREATE TRIGGER ${sql.raw(`${table}_no_update`)} BEFORE UPDATE ON ${sql.table(table)}
      BEGIN SELECT RAISE(ABORT, 'append-only table'); END`.execute(db);
    await sql`CREATE TRIGGER ${sql.raw(`${table}_no_delete`)} BEFORE DELETE ON ${sql.table(table)}
      BEGIN SELECT RAISE(ABORT, 'append-only table'); END`.execute(db);
  },

  async freezeColumns(db: Kysely<unknown>, table: string, columns: string[]) {
    const changed = sql.join(columns.map((c) => sql`NEW.${sql.ref(c)} IS NOT OLD.${sql.ref(c)}`), sql` OR `);
    await sql`CREATE TRIGGER ${sql.raw(`${table}_frozen_columns`)} BEFORE UPDATE OF ${sql.join(columns.map((c) => sql.ref(c)))} ON ${sql.table(table)}
      WHEN ${changed} BEGIN SELECT RAISE(ABORT, 'write-once columns'); END`.execute(db);
  },

  async claimJobs(db: Db, workerId: string, now: string, lockUntil: string, limit: number) {
    // SQLite has one writer at a time, so a plain UPDATE … RETURNING is already exclusive.
    const result = await sql<JobsTable>`
      UPDATE jobs SET status = 'running', locked_by = ${workerId}, locked_until = ${lockUntil},
        attempts = attempts + 1, updated_at = ${now}
      WHERE id IN (SELECT id FROM jobs
        WHERE (status = 'queued' AND run_at <= ${now}) OR (status = 'running' AND locked_until < ${now})
        ORDER BY run_at LIMIT ${limit})
      RETURNING *`.execute(db);
    return result.rows;
  },

  forUpdate(query) {
    return query;
  },

  forShare(query) {
    return query;
  },

  async serialiseOn() {},

  // json_group_array over a sorted subquery keeps its order in SQLite.
  // Kysely types the rows as JSON would turn them (Dates into strings…); the card's columns are
  // text and numbers, which JSON keeps as they are.
  jsonRows: <O>(subquery: SelectQueryBuilder<any, any, O>) => jsonArrayFrom(subquery) as unknown as RawBuilder<O[]>,

  translateError(error: unknown) {
    const code = (error as { code?: unknown })?.code;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      return new AppError('ALREADY_EXISTS');
    }
    // A reference to a row that does not exist: services check references first and name the
    // field; this is the backstop, so a missed check is a 400, never a 500.
    if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
      return new AppError('VALIDATION_FAILED', 'a reference points to something that does not exist');
    }
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_FULL' || code === 'SQLITE_IOERR') {
      return new AppError('UNAVAILABLE');
    }
    return undefined;
  },

  async integrityCheck(db: Db) {
    const rows = (await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db)).rows;
    const fk = (await sql<Record<string, unknown>>`PRAGMA foreign_key_check`.execute(db)).rows;
    const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    return [...problems, ...fk.map((r) => `foreign key: ${JSON.stringify(r)}`)];
  },
};
