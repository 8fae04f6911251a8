import type { Kysely, RawBuilder, SelectQueryBuilder, Transaction } from 'kysely';
import type { AppError } from '../../errors.js';
import type { Database, JobsTable } from '../schema.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database> | Kysely<Database>;

/**
 * How many full-text matches are ordered at most, per tier (see WHOLE_NAME_SCORE): the first ones
 * the index yields. A short prefix ("ma") matches tens of thousands of records at 1M; ordering them
 * all would cost a keystroke hundreds of milliseconds, and typing one more letter narrows the list.
 */
export const SEARCH_CANDIDATES = 200;

/**
 * Search order, on both databases: records whose name holds every typed word as a whole word
 * ("martin" finds Paul Martin before Léa Martinez), then those whose name has words beginning with
 * every typed word, then records matching elsewhere (e-mail, phone, city, tags, custom fields);
 * alphabetical within each. Predictable for a person scanning a short list, and cheap: each tier is
 * one indexed query, run only while the ones before it found fewer than asked for.
 */
export const WHOLE_NAME_SCORE = 3;
export const NAME_MATCH_SCORE = 2;
export const OTHER_MATCH_SCORE = 1;

/** Runs the tiers of a search in order until `limit` records are found, each record once. */
export async function searchInTiers(tiers: (() => Promise<SearchHit[]>)[], limit: number): Promise<SearchHit[]> {
  const found: SearchHit[] = [];
  const seen = new Set<string>();
  for (const tier of tiers) {
    if (found.length >= limit) break;
    for (const hit of await tier()) {
      if (seen.has(hit.entity_id)) continue;
      seen.add(hit.entity_id);
      found.push(hit);
    }
  }
  return found.slice(0, limit);
}

export interface SearchHit {
  entity_type: string;
  entity_id: string;
  display_title: string;
  display_subtitle: string | null;
  score: number;
}

/**
 * Everything that differs between SQLite and PostgreSQL, behind one interface (decision D4).
 * Chosen once in connect.ts; nothing else asks which database it runs on.
 */
export interface DialectFeatures {
  readonly name: 'sqlite' | 'postgres';
  /** Column type for an auto-incrementing integer primary key, for the schema builder. */
  readonly autoIncrementType: 'integer' | 'serial';
  /** Creates the full-text index over search_documents. */
  createSearchIndex(db: Kysely<unknown>): Promise<void>;
  /**
   * Indexes the beginnings of the words of names, so that a typed prefix is found as one index
   * entry rather than by walking every word it begins (FTS5's prefix option on SQLite).
   */
  indexNamePrefixes(db: Kysely<unknown>): Promise<void>;
  /**
   * Has name_prefixes built from search_documents.name_beginnings, written by the application
   * (nameBeginnings), instead of computed from the title by the database (migration 20261202-0302).
   */
  nameBeginningsFromApplication(db: Kysely<unknown>): Promise<void>;
  /**
   * Has name_prefixes read name_beginnings as lexemes as they are, without the text parser
   * (migration 20261204-0101); the search then looks its prefixes up the same way.
   */
  namePrefixesAsLexemes(db: Kysely<unknown>): Promise<void>;
  /**
   * Keeps in the full-text index only what the search reads: which column holds a word, not where
   * in it (SQLite's FTS5 detail=column; the search matches words and prefixes, never phrases).
   */
  indexWordsWithoutPositions(db: Kysely<unknown>): Promise<void>;
  /**
   * Indexes the names (search_documents.title) apart from the rest, for the search's first tiers:
   * in an index shared with the other fields, "fr" or "thomas" also lists every e-mail address in
   * .fr or thomas.…, which the name tiers then walk or re-read (migration 20261206-0401).
   */
  indexTitlesApart(db: Kysely<unknown>): Promise<void>;
  /**
   * Looks names up in an index read in order, which stops at the first matches (PostgreSQL:
   * search_names, a B-tree over every rotation of each title's words, kept by triggers).
   */
  indexNameRotations(db: Kysely<unknown>): Promise<void>;
  /**
   * Has every text column of the schema compared byte by byte, as SQLite compares them
   * (PostgreSQL's "C" collation), whatever locale the database was created with. Idempotent: a
   * migration that adds text columns calls it again (a test checks none is left out).
   */
  compareTextAsBytes(db: Kysely<unknown>): Promise<void>;
  /**
   * What search_documents.name_beginnings held for a folded title, for the migrations written while
   * PostgreSQL read it; null everywhere since search_names (migration 20261206-0601).
   */
  nameBeginnings(title: string): string | null;
  /** A table's row count, estimated cheaply (no scan); null when the database has no estimate yet. */
  estimatedRowCount(db: Db, table: string): Promise<number | null>;
  /** Full-text query over search_documents; `terms` are already folded prefix tokens (lib/text.ts tokens()). Order: see NAME_MATCH_SCORE. */
  search(db: Db, terms: string[], limit: number, entityType?: string): Promise<SearchHit[]>;
  /**
   * Every record of a type whose search document has all `terms` as word beginnings, as a query
   * selecting `entity_id`: a list's text filter, which must keep every match, not the best few.
   */
  matchingDocuments(terms: string[], entityType: string): RawBuilder<{ entity_id: string }>;
  /**
   * Stores a table with a composite primary key as that key's b-tree alone (SQLite's WITHOUT
   * ROWID), rows and indexes kept. For link tables whose rows are their key.
   */
  storeByPrimaryKey(db: Kysely<unknown>, table: string): Promise<void>;
  /** Makes a table append-only (UPDATE and DELETE refused by the database itself). */
  makeAppendOnly(db: Kysely<unknown>, table: string): Promise<void>;
  /** Makes these columns write-once: an UPDATE changing any of them is refused by the database itself. */
  freezeColumns(db: Kysely<unknown>, table: string, columns: string[]): Promise<void>;
  /** Atomically marks up to `limit` due jobs as running for this worker and returns them. */
  claimJobs(db: Db, workerId: string, now: string, lockUntil: string, limit: number): Promise<JobsTable[]>;
  /** Maps a driver error to an AppError (unique violation, unavailable database), or undefined. */
  translateError(error: unknown): AppError | undefined;
  /** Locks the selected rows until the transaction ends (SQLite's writer lock already serialises). */
  forUpdate<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  /**
   * Makes transactions naming the same key run one after the other from here to their end: for a
   * check-then-insert with no row to lock yet (PostgreSQL's transaction-level advisory lock;
   * SQLite's writer lock already serialises).
   */
  serialiseOn(trx: Tx, key: string): Promise<void>;
  /**
   * Keeps the selected rows as read until the transaction ends: a concurrent change of them waits,
   * or, if it came first, the read sees its result (SQLite's writer lock already serialises).
   */
  forShare<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  /** Checks the database file or cluster is sound; returns problems found (empty when fine). */
  integrityCheck(db: Db): Promise<string[]>;
  /**
   * The rows of a subquery as one JSON array value, in the subquery's order: several small reads
   * then share one query, hence one round trip (the caller card). The subquery must name each
   * column it selects (SQLite builds each row with json_object). Read the value with readJsonRows.
   */
  jsonRows<O>(subquery: SelectQueryBuilder<any, any, O>): RawBuilder<O[]>;
}

/** The rows of a jsonRows value as the driver returns it: parsed by pg, JSON text from SQLite. */
export function readJsonRows<O>(value: unknown): O[] {
  return (typeof value === 'string' ? JSON.parse(value) : value) as O[];
}
