import { AsyncLocalStorage } from 'node:async_hooks';
import type { CompiledQuery, DatabaseConnection, Driver, QueryResult, TransactionSettings } from 'kysely';

/**
 * What a piece of work (one HTTP request with an Idempotency-Key) has written so far: changes that
 * committed, and changes whose commit was cut off with no answer (they may have committed). The
 * Idempotency-Key hook reads it: an error answer after a commit must not free the key for a retry
 * that would make the change twice.
 */
export interface CommitLedger {
  committed: number;
  uncertain: number;
  /**
   * A statement run in each transaction that writes, just before its COMMIT (and just after a write
   * made on its own): the Idempotency-Key's record notes "the change is made" in the same
   * transaction as the change, so that no retry after a crash makes it a second time.
   */
  mark?: CompiledQuery;
}

const ledgers = new AsyncLocalStorage<CommitLedger>();

/** Runs `fn` (and all it starts) with a fresh ledger. */
export function withCommitLedger<T>(fn: () => T): T {
  return ledgers.run({ committed: 0, uncertain: 0 }, fn);
}

/** The ledger of the work under way, if it keeps one. */
export function currentCommitLedger(): CommitLedger | undefined {
  return ledgers.getStore();
}

const WRITE_NODES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);
/** Raw SQL (sql`…`) that may write: conservative, a read that names these words counts as a write. */
const WRITE_WORDS = /\b(insert|update|delete|merge|truncate)\b/i;

function mayWrite(query: CompiledQuery): boolean {
  const kind = query.query.kind;
  if (WRITE_NODES.has(kind)) return true;
  if (kind === 'SelectQueryNode') return false;
  return WRITE_WORDS.test(query.sql);
}

/** A connection that notes its writes in the ledger of the work that runs them. */
class LedgerConnection implements DatabaseConnection {
  inTransaction = false;
  wrote = false;
  constructor(
    readonly inner: DatabaseConnection,
    private readonly maybeCommitted: (error: unknown) => boolean,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // Only work that keeps a ledger (a keyed request) needs to know; the rest skips the matching.
    const writes = ledgers.getStore() !== undefined && mayWrite(query);
    try {
      const result = await this.inner.executeQuery<R>(query);
      if (writes) {
        if (this.inTransaction) this.wrote = true;
        else {
          note('committed');
          // Not atomic with the write (it committed on its own): the window is one round trip.
          const mark = ledgers.getStore()?.mark;
          if (mark) await this.inner.executeQuery(mark).catch(() => undefined);
        }
      }
      return result;
    } catch (error) {
      if (writes && !this.inTransaction && this.maybeCommitted(error)) note('uncertain');
      throw error;
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

function note(what: 'committed' | 'uncertain') {
  const ledger = ledgers.getStore();
  if (ledger) ledger[what] += 1;
}

/**
 * Wraps a Kysely driver so that every write is noted in the current ledger once it is committed
 * (a statement on its own, or a transaction that wrote, at its COMMIT). `maybeCommitted` says
 * whether a failed statement or COMMIT may still have committed (the connection was lost before
 * the answer): then it is noted as uncertain.
 */
export class LedgerDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly maybeCommitted: (error: unknown) => boolean,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new LedgerConnection(await this.inner.acquireConnection(), this.maybeCommitted);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const c = connection as LedgerConnection;
    await this.inner.beginTransaction(c.inner, settings);
    c.inTransaction = true;
    c.wrote = false;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as LedgerConnection;
    const wrote = c.wrote;
    // In the transaction, before COMMIT: if the mark fails, Kysely rolls the whole change back.
    const mark = wrote ? ledgers.getStore()?.mark : undefined;
    if (mark) await c.inner.executeQuery(mark);
    c.inTransaction = false;
    c.wrote = false;
    try {
      await this.inner.commitTransaction(c.inner);
    } catch (error) {
      if (wrote && this.maybeCommitted(error)) note('uncertain');
      throw error;
    }
    if (wrote) note('committed');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as LedgerConnection;
    c.inTransaction = false;
    c.wrote = false;
    await this.inner.rollbackTransaction(c.inner);
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]): Promise<void> {
    await this.inner.savepoint?.((connection as LedgerConnection).inner, name, compile);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['rollbackToSavepoint']>>[2]): Promise<void> {
    await this.inner.rollbackToSavepoint?.((connection as LedgerConnection).inner, name, compile);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['releaseSavepoint']>>[2]): Promise<void> {
    await this.inner.releaseSavepoint?.((connection as LedgerConnection).inner, name, compile);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection((connection as LedgerConnection).inner);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}
