import type { Kysely, SelectQueryBuilder, Transaction } from 'kysely';
import type { AppError } from '../../errors.js';
import type { Database, JobsTable } from '../schema.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database> | Kysely<Database>;

/** How many full-text matches are ranked at most (the first ones found). */
export const SEARCH_CANDIDATES = 2000;

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
  /** Full-text query over search_documents; `terms` are already folded prefix tokens [a-z0-9]+. */
  search(db: Db, terms: string[], limit: number, entityType?: string): Promise<SearchHit[]>;
  /** Makes a table append-only (UPDATE and DELETE refused by the database itself). */
  makeAppendOnly(db: Kysely<unknown>, table: string): Promise<void>;
  /** Atomically marks up to `limit` due jobs as running for this worker and returns them. */
  claimJobs(db: Db, workerId: string, now: string, lockUntil: string, limit: number): Promise<JobsTable[]>;
  /** Maps a driver error to an AppError (unique violation, unavailable database), or undefined. */
  translateError(error: unknown): AppError | undefined;
  /** Locks the selected rows until the transaction ends (SQLite's writer lock already serialises). */
  forUpdate<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  /** Checks the database file or cluster is sound; returns problems found (empty when fine). */
  integrityCheck(db: Db): Promise<string[]>;
}
