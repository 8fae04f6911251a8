import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { AppError } from '../../errors.js';
import type { JobsTable } from '../schema.js';
import { NAME_MATCH_SCORE, OTHER_MATCH_SCORE, SEARCH_CANDIDATES, searchInTiers, WHOLE_NAME_SCORE, type Db, type DialectFeatures, type SearchHit } from './features.js';

/** Connection-level failures: the database is down or restarting, not a bad request. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300']);
/**
 * A transaction PostgreSQL ended because another one changed the same rows at the same time:
 * a deadlock (40P01) or a serialization failure (40001). Nothing of it was written; sent again,
 * it goes through. The services take their locks in one order so as not to meet these.
 */
const CONCURRENT_CHANGE_CODES = new Set(['40P01', '40001']);
/**
 * The pg driver's own errors for a lost or unobtainable connection, which carry no code: the
 * connection ended under a query, a client broken by that, no connection within the pool's timeout,
 * no answer within the client's query timeout (a connection cut silently).
 */
const CONNECTION_LOST = /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect|Query read timeout)/;

/**
 * Longest word beginning indexed in search_documents.name_prefixes (migrations before
 * 20261206-0601, which replaced it by search_names): every beginning of 1 to this many characters
 * of every word of a name was a lexeme of its own.
 */
const NAME_PREFIX_MAX = 8;

/** The term whose entries search_names is walked along when terms are not in the name's order: the longest, likely the rarest. */
function longestTerm(terms: string[]): string {
  return terms.reduce((longest, t) => (t.length > longest.length ? t : longest));
}

/**
 * search_names' rotations beginning with `text`, as a range of its index: the column compares in
 * the "C" collation, byte order, where every string beginning with `text` lies between `text` and
 * `text` with its last character's code point plus one (UTF-8 keeps code point order).
 */
function rotationsBeginning(text: string) {
  const chars = Array.from(text);
  const last = chars.pop()!.codePointAt(0)!;
  if (last === 0x10ffff) return sql`rotation >= ${text} AND starts_with(rotation, ${text})`;
  return sql`rotation >= ${text} AND rotation < ${chars.join('') + String.fromCodePoint(last + 1)}`;
}

/**
 * Characters of a rotation and of a title kept in search_names: PostgreSQL's B-tree entries hold at
 * most about 2,700 bytes, and both are in one entry (4 bytes a letter at most in UTF-8). Longer
 * names are still found by their first 250 characters here, and whole by the full-text tier.
 */
const NAME_KEY_MAX = 250;

/**
 * Fills search_names for the search documents after `afterId` (all of them: 0), in one statement:
 * the migration that creates it, and bulk imports, which set its triggers aside meanwhile.
 */
export function searchNamesFill(afterId: number): string {
  return `INSERT INTO search_names (document_id, rotation, title, entity_type)
    SELECT d.id, r, left(d.title, ${NAME_KEY_MAX}), d.entity_type FROM search_documents d, relais_name_rotations(d.title) r
     WHERE d.id > ${Math.trunc(afterId)}`;
}

/** The triggers that keep search_names in step with search_documents, which bulk imports set aside. */
export const SEARCH_NAMES_TRIGGERS = ['search_documents_names', 'search_documents_names_update'];

/**
 * The word beginnings of search_documents.title computed in SQL (titles are folded words separated
 * by spaces, so each regexp_replace keeps the first k characters of every word): what
 * lib/text.ts wordBeginnings() gives, for rows written before the application wrote them (migrations).
 */
function titleBeginnings() {
  const each = Array.from({ length: NAME_PREFIX_MAX }, (_, i) => sql`regexp_replace(title, ${sql.lit(`(\\S{${i + 1}})\\S*`)}, '\\1', 'g')`);
  return sql.join(each, sql` || ' ' || `);
}

export const postgresFeatures: DialectFeatures = {
  name: 'postgres',
  autoIncrementType: 'serial',

  async createSearchIndex(db: Kysely<unknown>) {
    // Text is folded by the application; the 'simple' configuration only splits it into lexemes.
    await sql`ALTER TABLE search_documents ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', content), 'B')) STORED`.execute(db);
    await sql`CREATE INDEX search_documents_tsv ON search_documents USING gin (tsv)`.execute(db);
  },

  async indexNamePrefixes(db: Kysely<unknown>) {
    // A GIN index cannot stop at the first matches: a prefix query ("jean:*") first gathers every
    // record of every word it begins, then intersects (measured at 1M people: 97 ms for
    // "jean:*A & dup:*A", though only 1,162 records hold both). With each beginning stored as a
    // lexeme, a typed prefix is one posting list, and GIN intersects exact lexemes by skipping
    // through the longer list along the shorter one.
    // Rewriting search_documents and building the index take minutes at a million records, beyond
    // the pool's statement timeout; migrations run in one transaction, which SET LOCAL lasts for.
    await sql`SET LOCAL statement_timeout = 0`.execute(db);
    await sql`ALTER TABLE search_documents ADD COLUMN name_prefixes tsvector GENERATED ALWAYS AS (
      to_tsvector('simple', ${titleBeginnings()})) STORED`.execute(db);
    await sql`CREATE INDEX search_documents_name_prefixes ON search_documents USING gin (name_prefixes)`.execute(db);
  },

  async nameBeginningsFromApplication(db: Kysely<unknown>) {
    // Computing the beginnings in the database took 8 regular expressions per name: most of the
    // server's time when importing a million records. Rewrites search_documents twice; see above.
    await sql`SET LOCAL statement_timeout = 0`.execute(db);
    await sql`ALTER TABLE search_documents ADD COLUMN name_beginnings text`.execute(db);
    await sql`UPDATE search_documents SET name_beginnings = ${titleBeginnings()}`.execute(db);
    await sql`ALTER TABLE search_documents DROP COLUMN name_prefixes`.execute(db);
    await sql`ALTER TABLE search_documents ADD COLUMN name_prefixes tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(name_beginnings, ''))) STORED`.execute(db);
    await sql`CREATE INDEX search_documents_name_prefixes ON search_documents USING gin (name_prefixes)`.execute(db);
  },

  async namePrefixesAsLexemes(db: Kysely<unknown>) {
    // name_beginnings holds folded letters and digits (lib/text.ts tokens()) separated by spaces:
    // valid tsvector input, one lexeme per beginning, without to_tsvector's parser. Rewrites
    // search_documents once.
    await sql`SET LOCAL statement_timeout = 0`.execute(db);
    await sql`ALTER TABLE search_documents DROP COLUMN name_prefixes`.execute(db);
    await sql`ALTER TABLE search_documents ADD COLUMN name_prefixes tsvector GENERATED ALWAYS AS (coalesce(name_beginnings, '')::tsvector) STORED`.execute(db);
    await sql`CREATE INDEX search_documents_name_prefixes ON search_documents USING gin (name_prefixes)`.execute(db);
  },

  async compareTextAsBytes(db: Kysely<unknown>) {
    await sql`SET LOCAL statement_timeout = 0`.execute(db);
    // Text columns not yet in "C", but for the sources of generated columns (search_documents'
    // title, content, name_beginnings): PostgreSQL cannot change those without dropping what is
    // computed from them, and nothing compares them but the search's ordering of a few candidates.
    const columns = (
      await sql<{ table: string; column: string; type: string }>`
        SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type
          FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
         WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
           AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
           AND a.atttypid IN ('text'::regtype, 'varchar'::regtype)
           AND a.attcollation <> (SELECT oid FROM pg_collation WHERE collname = 'C' AND collnamespace = 'pg_catalog'::regnamespace)
           AND NOT EXISTS (SELECT 1 FROM information_schema.column_column_usage u
                            WHERE u.table_schema = current_schema() AND u.table_name = c.relname AND u.column_name = a.attname)
         ORDER BY c.relname, a.attnum`.execute(db)
    ).rows;
    if (!columns.length) return;
    // A trigger naming columns (UPDATE OF …, or in its WHEN clause) forbids changing their type:
    // set aside meanwhile, and put back as it was, enabled or not. (Views, rules and policies on
    // text columns would forbid it too: Relais has none.)
    const triggers = (
      await sql<{ name: string; table: string; definition: string; enabled: string }>`
        SELECT DISTINCT t.tgname AS name, c.relname AS table, pg_get_triggerdef(t.oid) AS definition, t.tgenabled AS enabled
          FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
          JOIN pg_depend d ON d.classid = 'pg_trigger'::regclass AND d.objid = t.oid AND d.refobjid = c.oid AND d.refobjsubid > 0
         WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal`.execute(db)
    ).rows;
    for (const t of triggers) await sql`DROP TRIGGER ${sql.id(t.name)} ON ${sql.table(t.table)}`.execute(db);
    // One statement per table: its indexes are rebuilt once (the rows are not rewritten).
    const byTable = new Map<string, typeof columns>();
    for (const c of columns) byTable.set(c.table, [...(byTable.get(c.table) ?? []), c]);
    for (const [table, cols] of byTable) {
      const changes = cols.map((c) => sql`ALTER COLUMN ${sql.id(c.column)} TYPE ${sql.raw(c.type)} COLLATE "C"`);
      await sql`ALTER TABLE ${sql.table(table)} ${sql.join(changes)}`.execute(db);
    }
    const ENABLE: Record<string, string> = { D: 'DISABLE TRIGGER', R: 'ENABLE REPLICA TRIGGER', A: 'ENABLE ALWAYS TRIGGER' };
    for (const t of triggers) {
      await sql.raw(t.definition).execute(db);
      if (ENABLE[t.enabled]) await sql`ALTER TABLE ${sql.table(t.table)} ${sql.raw(ENABLE[t.enabled])} ${sql.id(t.name)}`.execute(db);
    }
  },

  async indexNameRotations(db: Kysely<unknown>) {
    // GIN indexes cannot stop at the first matches: a name beginning shared by many ("lef", 21,714
    // documents at 1M people) built a bitmap of every one (3.8 ms) for the 200 candidates read.
    // A B-tree can be read in order and stop, but holds one key per row: search_names holds one row
    // per word of each name, keyed by the name's words rotated to begin with it ("jean dupont" ->
    // "jean dupont", "dupont jean"), so that a word beginning or words typed in the name's order are
    // one range. The title rides along in the index: ordering and the check of terms typed out of
    // order need no read of the table (index-only scans). Replaces name_prefixes and the title's
    // words index, which nothing reads any more; name_beginnings is emptied (the application
    // writes null there from now on, as on SQLite).
    await sql`SET LOCAL statement_timeout = 0`.execute(db);
    await sql`CREATE TABLE search_names (
      document_id integer NOT NULL, rotation text COLLATE "C" NOT NULL, title text COLLATE "C" NOT NULL,
      entity_type varchar(20) COLLATE "C" NOT NULL)`.execute(db);
    await sql`CREATE FUNCTION relais_name_rotations(title text) RETURNS SETOF text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT DISTINCT left(array_to_string(w[i:] || w[:i - 1], ' '), ${sql.lit(NAME_KEY_MAX)})
        FROM (SELECT string_to_array(title, ' ') AS w) t, generate_series(1, cardinality(w)) i $$`.execute(db);
    await sql.raw(searchNamesFill(0)).execute(db);
    await sql`CREATE INDEX search_names_rotation ON search_names (rotation, title, document_id) INCLUDE (entity_type)`.execute(db);
    await sql`CREATE INDEX search_names_document ON search_names (document_id)`.execute(db);
    await sql`CREATE FUNCTION relais_search_names_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN DELETE FROM search_names WHERE document_id = OLD.id; END IF;
        IF TG_OP <> 'DELETE' THEN
          INSERT INTO search_names (document_id, rotation, title, entity_type)
            SELECT NEW.id, r, left(NEW.title, ${sql.lit(NAME_KEY_MAX)}), NEW.entity_type FROM relais_name_rotations(NEW.title) r;
        END IF;
        RETURN NULL;
      END $$`.execute(db);
    const [changed, renamed] = SEARCH_NAMES_TRIGGERS.map((name) => sql.id(name));
    await sql`CREATE TRIGGER ${changed} AFTER INSERT OR DELETE ON search_documents
      FOR EACH ROW EXECUTE FUNCTION relais_search_names_sync()`.execute(db);
    await sql`CREATE TRIGGER ${renamed} AFTER UPDATE ON search_documents FOR EACH ROW
      WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.entity_type IS DISTINCT FROM NEW.entity_type)
      EXECUTE FUNCTION relais_search_names_sync()`.execute(db);
    await sql`DROP INDEX search_documents_title_words`.execute(db);
    // Dropping columns rewrites nothing: name_beginnings comes back empty, compared as bytes like
    // the other columns (see compareTextAsBytes).
    await sql`ALTER TABLE search_documents DROP COLUMN name_prefixes, DROP COLUMN name_beginnings`.execute(db);
    await sql`ALTER TABLE search_documents ADD COLUMN name_beginnings text COLLATE "C"`.execute(db);
  },

  async indexWordsWithoutPositions() {
    // Nothing to change: PostgreSQL's GIN indexes already keep words without their positions.
  },

  async indexTitlesApart(db: Kysely<unknown>) {
    // Whole words of the name (the first tier) were looked up as tsv's weight-A lexemes: GIN keeps
    // no weights, so every document holding the words anywhere was read again to find them in the
    // name, and "Thomas Fr" (fr: every e-mail address) or "Lyon" (a city) read tens of thousands
    // of rows (measured at 1M people: 330 and 220 ms). An index of the name's own words answers
    // them exactly (0.8 and 1.2 ms); word beginnings already have theirs (name_prefixes). Built in
    // 2 s at 1M people, no row rewritten.
    await sql`CREATE INDEX search_documents_title_words ON search_documents USING gin (to_tsvector('simple', title))`.execute(db);
  },

  nameBeginnings() {
    // Read by nothing since search_names (indexNameRotations).
    return null;
  },

  async estimatedRowCount(db: Db, table: string) {
    // The planner's estimate, kept by ANALYZE and autovacuum; -1 for a table never analysed.
    const row = await sql<{ n: number }>`SELECT reltuples AS n FROM pg_class WHERE oid = to_regclass(${table})`.execute(db);
    const n = Number(row.rows[0]?.n ?? -1);
    return n >= 0 ? n : null;
  },

  async search(db: Db, terms: string[], limit: number, entityType?: string): Promise<SearchHit[]> {
    const typeFilter = entityType ? sql`AND entity_type = ${entityType}` : sql``;
    const candidates = sql.lit(Math.max(SEARCH_CANDIDATES, limit));
    // Names, in search_names' B-tree (see indexNameRotations), read in order: only as far as the
    // candidates needed, however many names the terms begin.
    const names = (match: RawBuilder<unknown>, score: RawBuilder<unknown>) => async () =>
      (await sql<SearchHit>`
        SELECT d.entity_type, d.entity_id, d.display_title, d.display_subtitle, c.score
        FROM (SELECT document_id, max(score) AS score, min(title) AS title
              FROM (SELECT document_id, title, ${score} AS score FROM search_names WHERE ${match} ${typeFilter}
                    ORDER BY rotation, title, document_id LIMIT ${candidates}) w
              GROUP BY document_id ORDER BY score DESC, title, document_id LIMIT ${sql.lit(limit)}) c
        JOIN search_documents d ON d.id = c.document_id
        ORDER BY c.score DESC, c.title, c.document_id`.execute(db)).rows;
    const [whole, beginning] = [sql.lit(WHOLE_NAME_SCORE), sql.lit(NAME_MATCH_SCORE)];
    // Terms typed in the name's order ("jean dup", "dupont je"): the beginning of one rotation;
    // whole words are followed by a space or nothing, which sort before any letter or digit ("!"),
    // so they are the first entries of their beginning's range.
    const typed = terms.join(' ');
    const wholeWords = (text: string) => sql`rotation >= ${text} AND rotation < ${`${text}!`}`;
    // One term: one range, read once, its whole words scored as such.
    const tiers = [terms.length === 1 ? names(rotationsBeginning(typed), sql`CASE WHEN rotation < ${`${typed}!`} THEN ${whole} ELSE ${beginning} END`) : names(wholeWords(typed), whole)];
    if (terms.length > 1) {
      // In any order ("dupont jean" for "jean pierre dupont"): along one term's entries, the others
      // checked against the title. Whole words along the last term, the one being typed, seldom a
      // whole word until it is complete; beginnings along the longest, likely the rarest.
      const along = (walked: string, match: RawBuilder<unknown>, pattern: (t: string) => string, score: RawBuilder<unknown>) =>
        names(sql`${match} ${sql.join(terms.filter((t) => t !== walked).map((t) => sql`AND ' ' || title || ' ' LIKE ${pattern(t)}`), sql` `)}`, score);
      const longest = longestTerm(terms);
      tiers.push(
        along(terms.at(-1)!, wholeWords(terms.at(-1)!), (t) => `% ${t} %`, whole),
        names(rotationsBeginning(typed), beginning),
        along(longest, rotationsBeginning(longest), (t) => `% ${t}%`, beginning),
      );
    }
    const elsewhere = terms.map((t) => `${t}:*`).join(' & ');
    return searchInTiers(
      [
        ...tiers,
        async () =>
          (await sql<SearchHit>`
            SELECT entity_type, entity_id, display_title, display_subtitle, ${sql.lit(OTHER_MATCH_SCORE)} AS score
            FROM (SELECT entity_type, entity_id, title, display_title, display_subtitle FROM search_documents
                  WHERE tsv @@ to_tsquery('simple', ${elsewhere}) ${typeFilter} LIMIT ${candidates}) candidates
            ORDER BY title, entity_id LIMIT ${sql.lit(limit)}`.execute(db)).rows,
      ],
      limit,
    );
  },

  matchingDocuments(terms: string[], entityType: string) {
    const every = terms.map((t) => `${t}:*`).join(' & ');
    return sql<{ entity_id: string }>`SELECT entity_id FROM search_documents WHERE tsv @@ to_tsquery('simple', ${every}) AND entity_type = ${entityType}`;
  },

  async storeByPrimaryKey() {
    // Nothing to change: PostgreSQL keeps every table as a heap beside its primary key's index.
  },

  async makeAppendOnly(db: Kysely<unknown>, table: string) {
    await sql`CREATE OR REPLACE FUNCTION relais_refuse_change() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'append-only table %', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql`.execute(db);
    await sql`CREATE TRIGGER ${sql.raw(`${table}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION relais_refuse_change()`.execute(db);
    await sql`CREATE TRIGGER ${sql.raw(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION relais_refuse_change()`.execute(db);
  },

  async freezeColumns(db: Kysely<unknown>, table: string, columns: string[]) {
    await sql`CREATE OR REPLACE FUNCTION relais_refuse_frozen() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'write-once columns on %', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql`.execute(db);
    const changed = sql.join(columns.map((c) => sql`NEW.${sql.ref(c)} IS DISTINCT FROM OLD.${sql.ref(c)}`), sql` OR `);
    await sql`CREATE TRIGGER ${sql.raw(`${table}_frozen_columns`)} BEFORE UPDATE OF ${sql.join(columns.map((c) => sql.ref(c)))} ON ${sql.table(table)}
      FOR EACH ROW WHEN (${changed}) EXECUTE FUNCTION relais_refuse_frozen()`.execute(db);
  },

  async claimJobs(db: Db, workerId: string, now: string, lockUntil: string, limit: number) {
    // SKIP LOCKED lets several server instances share the queue without waiting on each other.
    const result = await sql<JobsTable>`
      UPDATE jobs SET status = 'running', locked_by = ${workerId}, locked_until = ${lockUntil},
        attempts = attempts + 1, updated_at = ${now}
      WHERE id IN (SELECT id FROM jobs
        WHERE (status = 'queued' AND run_at <= ${now}) OR (status = 'running' AND locked_until < ${now})
        ORDER BY run_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING *`.execute(db);
    return result.rows;
  },

  forShare(query) {
    return query.forShare();
  },

  async serialiseOn(trx, key) {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
  },

  forUpdate(query) {
    return query.forUpdate();
  },

  // json_agg over a sorted subquery keeps its order: one plain aggregate over its rows (never a
  // parallel one for these small reads).
  // Kysely types the rows as JSON would turn them (Dates into strings…); the card's columns are
  // text and numbers, which JSON keeps as they are.
  jsonRows: <O>(subquery: SelectQueryBuilder<any, any, O>) => jsonArrayFrom(subquery) as unknown as RawBuilder<O[]>,

  translateError(error: unknown) {
    const code = (error as { code?: unknown })?.code;
    if (code === '23505') return new AppError('ALREADY_EXISTS');
    // A reference to a row that does not exist: services check references first and name the
    // field; this is the backstop, so a missed check is a 400, never a 500.
    if (code === '23503') return new AppError('VALIDATION_FAILED', 'a reference points to something that does not exist');
    // Class 22, data exceptions: a value that does not fit its column (text where a number is
    // expected in a cursor, an out-of-range number). The caller sent it; SQLite would compare loosely.
    if (typeof code === 'string' && code.startsWith('22')) return new AppError('VALIDATION_FAILED', 'a value does not fit the field it is compared with');
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return new AppError('UNAVAILABLE');
    if (typeof code === 'string' && CONCURRENT_CHANGE_CODES.has(code)) {
      return new AppError('CONFLICT', 'another change of the same records was made at the same time; nothing was saved: send it again', { reason: 'CONCURRENT_CHANGE' });
    }
    if (code === undefined && error instanceof Error && CONNECTION_LOST.test(error.message)) return new AppError('UNAVAILABLE');
    return undefined;
  },

  async integrityCheck(db: Db) {
    // PostgreSQL guards its own pages; check that what Relais relies on is in place.
    const triggers = await sql<{ n: string }>`SELECT count(*) AS n FROM pg_trigger WHERE tgname = 'audit_log_append_only'`.execute(db);
    return Number(triggers.rows[0]?.n) === 1 ? [] : ['audit_log append-only trigger missing'];
  },
};
