import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, sql, Migrator, PostgresDialect, SqliteDialect, SqliteDriver, SqliteQueryCompiler, ValueNode, type DatabaseConnection, type LimitNode, type OffsetNode, type OperationNode, type SqliteDialectConfig } from 'kysely';
import pg from 'pg';
import { ensureDirectory } from '../lib/directories.js';
import { LedgerDriver } from './commits.js';
import type { DialectFeatures } from './dialect/features.js';
import { postgresFeatures } from './dialect/postgres.js';
import { sqliteFeatures } from './dialect/sqlite.js';
import { migrationProvider } from './migrations/index.js';
import { preparedStatementName } from './prepared.js';
import type { Database } from './schema.js';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectFeatures;
  /** The raw SQLite connection (backups, benchmarks), when running on SQLite. */
  sqlite?: SQLite.Database;
  /** The PostgreSQL connection string, when running on PostgreSQL. */
  postgresUrl?: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** postgres://… ; absent means SQLite. */
  databaseUrl?: string;
  /** SQLite file path, or ':memory:'. */
  sqlitePath?: string;
  /** Connections in the PostgreSQL pool. */
  poolSize?: number;
  /** PostgreSQL: how long a query waits for its answer before its connection is taken for dead. */
  queryTimeoutMs?: number;
  /** PostgreSQL: how long close() waits for connections in use. */
  closeTimeoutMs?: number;
  /** SQLite: how often the planner's statistics are refreshed where tables changed a lot (ms). */
  statisticsEveryMs?: number;
}

/** SQLite's memory map (the library caps it at 2 GB) and page cache (negative: in KiB). */
const SQLITE_MMAP_BYTES = 1024 ** 3;
const SQLITE_CACHE_KIB = -64 * 1024;
/** How often a long-lived SQLite connection runs PRAGMA optimize (SQLite advises hourly to daily). */
const SQLITE_STATISTICS_EVERY_MS = 3_600_000;

/** Whether a postgres:// address carries this query parameter. */
function hasOption(url: string, name: string): boolean {
  try {
    return new URL(url).searchParams.has(name);
  } catch {
    return false;
  }
}

/** Opens SQLite or PostgreSQL and picks the dialect features once. */
export function connectDatabase(options: ConnectOptions): DatabaseHandle {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      Client: PreparingClient,
      connectionString: options.databaseUrl,
      // Names Relais's sessions in pg_stat_activity (and in `relais restore`'s "sessions connected"),
      // unless the address sets application_name itself.
      fallback_application_name: 'relais',
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      // pg closes a connection idle for 10 s by default; a new one starts with cold catalog caches
      // and must prepare every statement again, which the requests after a quiet spell would pay.
      idleTimeoutMillis: 60_000,
      // A stalled query must not hold a request forever (QUALITY 29: bounded 503s).
      statement_timeout: 30_000,
      // …nor one whose connection died silently (a NAT or firewall forgot it): no answer ever comes,
      // and the server's statement_timeout cannot help. The client gives up, and the connection
      // is dropped (PreparingClient); keepalive lets the system notice dead idle connections.
      query_timeout: options.queryTimeoutMs ?? 35_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      // Requests run one query each on one core: parallel workers only make them fight over the
      // cores that other requests are waiting for (measured at 1M people on 2 cores, list under 20
      // connections: 72 → 103 req/s, p99 600 → 324 ms). An address that sets `options` decides itself.
      options: hasOption(options.databaseUrl, 'options') ? undefined : '-c max_parallel_workers_per_gather=0',
    });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new RelaisPostgresDialect({ pool }) });
    // pool.end() waits for connections in use; one stuck on a dead connection must not hold a stop.
    return { db, dialect: postgresFeatures, postgresUrl: options.databaseUrl, close: () => within(db.destroy(), options.closeTimeoutMs ?? 5_000) };
  }
  const file = options.sqlitePath ?? ':memory:';
  // A new data folder is private to the server's user: it holds the whole customer base.
  if (file !== ':memory:') ensureDirectory(path.dirname(file), 0o700);
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Reads through a memory map instead of a copy per page: at a million people the file is several
  // GB and a lookup or search touches pages all over it (1M people, 2 cores: searches +19%/s,
  // lookups +6%; bench/RESULTS.md 2026-12-06 11:40). The mapped pages are the system's file cache,
  // counted in the process's RSS but given back under memory pressure. A bigger page cache keeps
  // the index pages that writes go through.
  sqlite.pragma(`mmap_size = ${SQLITE_MMAP_BYTES}`);
  sqlite.pragma(`cache_size = ${SQLITE_CACHE_KIB}`);
  // Keep the planner's statistics fresh (it picks indexes by selectivity); a bounded sample keeps
  // this quick even on a million rows.
  sqlite.pragma('analysis_limit = 1000');
  sqlite.pragma('optimize = 0x10002');
  const db = new Kysely<Database>({ dialect: new RelaisSqliteDialect({ database: withStatementCache(sqlite) }, sqlite) });
  // A server runs for months, and statistics taken at its start go stale as tables fill: a table
  // empty then has none, and the planner guesses (a screen pop once read a team's whole queue that
  // way). Again every hour, through Kysely so as not to land inside a transaction in progress;
  // optimize analyses only tables whose size changed a lot since, or never analysed, with the
  // bounded sample above.
  const statistics = setInterval(() => {
    sql`PRAGMA optimize`.execute(db).catch(() => undefined); // busy or closing: the next hour will do
  }, options.statisticsEveryMs ?? SQLITE_STATISTICS_EVERY_MS);
  statistics.unref();
  return {
    db,
    dialect: sqliteFeatures,
    sqlite,
    close: () => {
      clearInterval(statistics);
      return db.destroy();
    },
  };
}

/**
 * Runs the hot queries (those built with prepared(), see prepared.ts) as named prepared statements:
 * the pg driver parses each once per connection, and PostgreSQL then reuses its plan instead of
 * planning it on every call. Kysely passes only SQL text and values, hence the name looked up here.
 */
class PreparingClient extends pg.Client {
  // The pool listens for errors only on idle clients: a connection lost while a request holds it
  // (between two queries of a transaction) would otherwise be an uncaught 'error' event, which ends
  // the process. The loss still reaches that request, as its next query's failure (a 503, see
  // translateError), and the pool drops the broken client when it is released.
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }

  // pg's query() has many overloads; only (text, values) from Kysely is rewritten, the rest passes through.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const [text, values] = args;
    const name = typeof text === 'string' && args.length <= 2 ? preparedStatementName(text) : undefined;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = name ? super.query({ name, text, values }) : (super.query as (...a: any[]) => any)(...args);
    if (!(result instanceof Promise)) return result;
    return result.catch((error: unknown) => {
      // No answer within query_timeout: the query is still the connection's current one, and every
      // later query would queue behind it. Drop the connection; the pool then replaces it.
      if ((error as Error)?.message === QUERY_TIMEOUT) (this as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      throw error;
    });
  }
}

/** pg's error when query_timeout passes. */
const QUERY_TIMEOUT = 'Query read timeout';

/** Notes committed writes in the current ledger (commits.ts); a lost connection may have committed. */
class RelaisPostgresDialect extends PostgresDialect {
  override createDriver() {
    return new LedgerDriver(super.createDriver(), (error) => !isServerError(error));
  }
}

/** An error PostgreSQL itself answered (a SQLSTATE): the statement did not commit. */
function isServerError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

/** Waits for `promise` at most `ms`; its failure is ignored (closing what is already broken). */
async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/**
 * SQLite plans "LIMIT ?" without knowing the bound, so it cannot keep only the first N rows while
 * sorting (measured at 1M people: a caller's open tasks 19 µs with "LIMIT ?", 4.8 µs with
 * "LIMIT 10"). Integer limits and offsets are written into the SQL instead; anything else stays a
 * bound parameter, so no text from a request can reach the SQL this way.
 */
class LiteralLimitCompiler extends SqliteQueryCompiler {
  protected override visitLimit(node: LimitNode): void {
    if (!this.appendInteger('limit ', node.limit)) super.visitLimit(node);
  }

  protected override visitOffset(node: OffsetNode): void {
    if (!this.appendInteger('offset ', node.offset)) super.visitOffset(node);
  }

  private appendInteger(keyword: string, value: OperationNode): boolean {
    if (!ValueNode.is(value) || !Number.isSafeInteger(value.value)) return false;
    this.append(`${keyword}${value.value as number}`);
    return true;
  }
}

/**
 * SQLite rolls a transaction back by itself on some errors (a full disk, an I/O error, no memory);
 * Kysely's ROLLBACK after them then fails with "no transaction is active", and that error would be
 * reported instead of the one that caused it (a 500 instead of a 503 for a full disk).
 */
class RelaisSqliteDriver extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly sqlite: SQLite.Database,
  ) {
    super(config);
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.sqlite.inTransaction) await super.rollbackTransaction(connection);
  }
}

class RelaisSqliteDialect extends SqliteDialect {
  constructor(
    private readonly config: SqliteDialectConfig,
    private readonly sqlite: SQLite.Database,
  ) {
    super(config);
  }

  override createDriver() {
    // SQLite answers in-process: a failed statement or COMMIT did not commit.
    return new LedgerDriver(new RelaisSqliteDriver(this.config, this.sqlite), () => false);
  }

  override createQueryCompiler() {
    return new LiteralLimitCompiler();
  }
}

/**
 * Kysely prepares every query anew; better-sqlite3 statements are reusable, so keep the most recent
 * ones by SQL text. Preparing costs about as much as running a simple indexed query.
 */
function withStatementCache(sqlite: SQLite.Database, max = 1000) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        // Re-insert to keep the map in least-recently-used order.
        cache.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(handle: DatabaseHandle, options: { onStart?: (name: string) => void } = {}): Promise<string[]> {
  const migrator = new Migrator({
    db: handle.db,
    provider: migrationProvider(handle.dialect, options.onStart),
    migrationTableName: 'relais_migrations',
    migrationLockTableName: 'relais_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const reason = (error as Error).message ?? String(error);
    // Kysely's words for a migration recorded in the database that this release does not have:
    // a database (or a restored backup) written by a newer Relais.
    const unknown = /previously executed migration (\S+) is missing/.exec(reason)?.[1];
    if (!failed && unknown) {
      throw new Error(
        `this database was written by a newer Relais (migration ${unknown} is unknown here): upgrade Relais, or restore a backup made by this release / ` +
          `cette base a été écrite par une version plus récente de Relais (migration ${unknown} inconnue ici) : mettez Relais à jour, ou restaurez une sauvegarde faite par cette version`,
        { cause: error },
      );
    }
    // No migration failed: the database could not be reached or locked (refused connection, unknown database…).
    // The driver's code (3D000, ECONNREFUSED…) stays, so the message can say what to do.
    if (!failed) {
      throw Object.assign(new Error(`the database did not answer / la base de données n’a pas répondu: ${reason}`, { cause: error }), {
        code: (error as { code?: unknown }).code,
      });
    }
    throw new Error(`migration ${failed.migrationName} failed / la migration ${failed.migrationName} a échoué: ${reason}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
