import fs from 'node:fs';
import os from 'node:os';
import type SQLite from 'better-sqlite3';
import pg from 'pg';
import type { DatabaseHandle } from '../../db/connect.js';
import { SEARCH_NAMES_TRIGGERS, searchNamesFill } from '../../db/dialect/postgres.js';
import { COLUMNS, IMPORTED_TABLES, PARTICIPANT_COLUMNS, PARTICIPANTS, type Batch, type BulkTable, type Value } from './batch.js';
import { CopyEncoder, type CopyBatch } from './copy-encoder.js';
import { startFtsThread } from './fts-thread.js';
import type { FtsColumn } from './fts-worker.js';
import { SqliteRows } from './sqlite-rows.js';

/** A batch already in PostgreSQL COPY's format (encoded in the generator's thread, see ./copy-encoder.ts). */
export interface EncodedBatch {
  copy: CopyBatch;
}

export interface BulkWriter {
  /**
   * Writes one batch inside the import's transaction, in call order; call it again once it has
   * resolved. It may resolve while the batch is still being written (PostgreSQL): a failure then
   * surfaces at the next write or at finish(). Only PostgreSQL's writer takes encoded batches.
   */
  write(batch: Batch | EncodedBatch): Promise<void>;
  /** Rebuilds what was set aside for speed, commits, and refreshes planner statistics. */
  finish(onPhase: (phase: string) => void): Promise<void>;
  /** Rolls back when finish() was not reached, and restores connection settings. */
  close(): Promise<void>;
}

/** Page cache while the deferred indexes are built: small enough for sorts to spill into runs. */
const SORT_CACHE_KIB = 8 * 1024;
/** Search documents indexed per statement during an import (see indexNewDocuments). */
const FTS_CHUNK_DOCS = 20_000;

/** Schema name of the full-text index's scratch file while attached (see sqliteWriter). */
const SCRATCH = 'relais_search_import';
/** The tables an FTS5 table keeps its index in (`content` is absent with external content). */
const FTS5_SHADOW_TABLES = ['data', 'idx', 'content', 'docsize', 'config'];

/** The id SQLite's AUTOINCREMENT gives the next row of `table`: past every id it ever gave. */
function firstAutoincrementId(sqlite: SQLite.Database, table: string): number {
  const sequence = sqlite.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').pluck().get(table);
  const highest = sqlite.prepare(`SELECT max(rowid) FROM "${table}"`).pluck().get();
  return Math.max(Number(sequence ?? 0), Number(highest ?? 0)) + 1;
}

/** The search_documents columns a full-text table over them indexes, in its order. */
function ftsColumns(sqlite: SQLite.Database, table: string): FtsColumn[] {
  const columns = (sqlite.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[]).join(', ');
  if (columns === 'title, content') return ['title', 'content'];
  if (columns === 'title') return ['title'];
  throw new Error(`demo import: full-text table ${table} indexes ${columns}; the import knows (title, content) and (title)`);
}

/** [title, content] of each search document of a batch, for the full-text index's thread. */
function titlesAndContents(documents: readonly Value[]): string[] {
  const width = COLUMNS.search_documents.length;
  const title = COLUMNS.search_documents.indexOf('title');
  const content = COLUMNS.search_documents.indexOf('content');
  const pairs: string[] = new Array((documents.length / width) * 2);
  for (let d = 0, p = 0; d < documents.length; d += width, p += 2) {
    pairs[p] = documents[d + title] as string;
    pairs[p + 1] = documents[d + content] as string;
  }
  return pairs;
}

/**
 * Indexes kept up to date while the rows are written, not set aside: the generator creates records
 * in creation order, so these keys arrive in order. Each insert still seeks the index from its
 * root (SQLite has no append shortcut for indexes), which pays only for these small ones: kept
 * the same way, the contact points' entity index and the interactions' person index (dropped
 * since) cost the importing thread ≈11 s more at 1M people than building them at the end
 * (measured, 87 s against 97–101 s).
 */
const APPENDED_INDEXES = ['people_created', 'people_updated', 'organisations_created', 'organisations_updated'];
/** Tables the import fills in bulk; their secondary indexes and triggers may be set aside. */
const BULK_TABLES = IMPORTED_TABLES.filter((t) => t !== 'tasks' && t !== 'jobs');

/**
 * SQLite: prepared INSERTs on the raw better-sqlite3 connection (through Kysely every statement
 * would be compiled and bound again, ≈10× slower), all in ONE transaction: the import lands whole
 * or not at all (QUALITY 27), and since SQLite DDL is transactional, the secondary indexes and the
 * search triggers can be dropped first and rebuilt at the end — sorting once is much cheaper than
 * updating random places of every index for each row, and FTS5 indexes documents in bulk.
 * When a server has the file open, the import runs in WAL mode and that server keeps reading the
 * data as it was until the commit.
 */
export function sqliteWriter(
  handle: DatabaseHandle,
  options: { deferIndexes: boolean; expectedBytes: number; ftsThread?: boolean },
): BulkWriter {
  const sqlite = handle.sqlite!;
  const previousJournal = String(sqlite.pragma('journal_mode', { simple: true }));
  // A rollback journal writes each page once, into the database file; WAL would write the whole
  // import into the WAL and copy it again at the checkpoint (measured: 15% of the import's CPU).
  // SQLite refuses the switch while another connection (a running server) has the file open: then
  // the import simply stays in WAL mode, and that server keeps reading its snapshot until the commit.
  let journal = previousJournal;
  if (previousJournal === 'wal') {
    try {
      journal = String(sqlite.pragma('journal_mode = DELETE', { simple: true }));
    } catch {
      // "database is locked": another connection has the file open.
    }
  }
  const previousSync = sqlite.pragma('synchronous', { simple: true });
  const previousCache = sqlite.pragma('cache_size', { simple: true });
  // The import is one transaction that lands whole or not at all; skipping fsync only risks it on
  // power loss, which a demo import can afford.
  sqlite.pragma('synchronous = OFF');
  // Room for every page the import writes, when memory allows. A transaction larger than the cache
  // spills pages into the WAL, and every later read of a page then searches the WAL's index, whose
  // cost grows with the WAL: measured at 1M people with a 1 GB cache, the import took 14 min instead
  // of about 10× the 100k time. Capped at 60% of free memory; beyond that, spilling is the fallback.
  // With a rollback journal, spilling is cheap (nearly every page is new: written once to the file,
  // never journaled) and it lets the kernel write the file back while the import computes; a cache
  // holding all of it would leave gigabytes to write at the commit, throttled by the kernel's
  // dirty-page limits (measured at 1M people: a 17 s commit).
  const cacheBytes = journal === 'wal' ? Math.min(options.expectedBytes, os.freemem() * 0.6) : Math.min(options.expectedBytes, 1024 ** 3);
  const cacheKiB = Math.round(Math.max(256 * 1024, cacheBytes) / 1024);
  sqlite.pragma(`cache_size = -${cacheKiB}`);
  const previousThreads = sqlite.pragma('threads', { simple: true });
  // CREATE INDEX sorts with helper threads (the import's other CPU work is done by then).
  sqlite.pragma('threads = 2');

  // Exactly as the migrations created them, to recreate them byte for byte.
  const deferred = options.deferIndexes
    ? (sqlite
        .prepare(
          `SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL
             AND tbl_name IN (${BULK_TABLES.map(() => '?').join(', ')}) AND name NOT IN (${APPENDED_INDEXES.map(() => '?').join(', ')})`,
        )
        .all(...BULK_TABLES, ...APPENDED_INDEXES) as { type: string; name: string; sql: string }[])
    : [];
  // External-content full-text tables over search_documents, whose insert trigger is set aside.
  // Each with the document columns it indexes (title and content, or the title alone).
  const ftsDefinitions = deferred.some((d) => d.type === 'trigger')
    ? (sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'`).all() as { name: string; sql: string }[])
        .filter((t) => /content\s*=\s*'search_documents'/.test(t.sql))
        .map((t) => ({ ...t, columns: ftsColumns(sqlite, t.name) }))
    : [];
  const ftsTables = ftsDefinitions.map((t) => t.name);
  const lastDocument = sqlite.prepare('SELECT max(id) AS id FROM search_documents').pluck();
  const firstDocumentId = firstAutoincrementId(sqlite, 'search_documents');

  // Into an empty full-text index, a thread of its own can build the index in a scratch file
  // on the second core, and the finished index's tables are copied in at the end (measured at
  // 1M people: 26 s of this thread's 70 s of inserts). Attached now: ATTACH is refused inside a
  // transaction; this connection only reads it, after the thread has committed.
  const scratchFile = `${sqlite.name}.search-import`;
  const useFtsThread = Boolean(options.ftsThread) && ftsTables.length > 0 && !sqlite.memory && lastDocument.get() === null;
  // A scratch file is removed when its import ends; one still here is left by an import that was
  // stopped (Ctrl-C, a crash), whose transaction did not land: nothing in it is of use.
  if (!sqlite.memory) for (const suffix of ['', '-journal']) fs.rmSync(scratchFile + suffix, { force: true });
  if (useFtsThread) sqlite.prepare(`ATTACH ? AS ${SCRATCH}`).run(scratchFile);
  const ftsThread = useFtsThread ? startFtsThread({ file: scratchFile, tables: ftsDefinitions, firstRowid: firstDocumentId }) : undefined;

  // Every generated reference points at a row generated before it or at an existing user, so
  // checking each one only costs time: ≈12 million index look-ups at 1M people (measured: 13% of
  // the writing thread). The tests check the result with PRAGMA foreign_key_check. The setting is
  // ignored inside a transaction, hence here.
  const previousForeignKeys = sqlite.pragma('foreign_keys', { simple: true });
  sqlite.pragma('foreign_keys = OFF');
  sqlite.exec('BEGIN');
  let open = true;
  for (const d of deferred) sqlite.exec(`DROP ${d.type === 'index' ? 'INDEX' : 'TRIGGER'} "${d.name}"`);

  // New documents are indexed by one INSERT … SELECT per FTS_CHUNK_DOCS documents, as the trigger
  // would have, but in bulk. Done while the rows are written rather than by a 'rebuild' at the end:
  // this thread otherwise waits for the generator's thread part of that time, and the documents are
  // still in the page cache.
  let indexedUpTo = Number(lastDocument.get() ?? 0);
  const indexDocuments = ftsDefinitions.map(({ name, columns }) =>
    sqlite.prepare(`INSERT INTO "${name}"(rowid, ${columns.join(', ')}) SELECT id, ${columns.join(', ')} FROM search_documents WHERE id > ? ORDER BY id`),
  );
  let unindexed = 0;
  function indexNewDocuments() {
    if (unindexed === 0) return;
    for (const s of indexDocuments) s.run(indexedUpTo);
    indexedUpTo = Number(lastDocument.get());
    unindexed = 0;
  }

  /**
   * Copies the index the thread built into the empty full-text tables: the same definitions fed
   * the same rowids and texts give the same shadow tables, whichever connection wrote them. Into
   * empty tables, INSERT … SELECT * copies their b-trees whole (SQLite's transfer optimization).
   */
  async function copyFtsIndex(finished: Promise<number>) {
    const lastIndexed = await finished;
    const lastWritten = Number(lastDocument.get() ?? firstDocumentId - 1);
    if (lastIndexed !== lastWritten) {
      throw new Error(`demo import: search documents ${firstDocumentId}–${lastWritten} written, ${firstDocumentId}–${lastIndexed} indexed`);
    }
    // Shadow tables are read-only to SQL in defensive mode, which better-sqlite3 turns on.
    sqlite.unsafeMode(true);
    try {
      for (const name of ftsTables) {
        for (const suffix of FTS5_SHADOW_TABLES) {
          const table = `${name}_${suffix}`;
          if (!sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table)) continue;
          sqlite.exec(`DELETE FROM main."${table}"`);
          sqlite.exec(`INSERT INTO main."${table}" SELECT * FROM ${SCRATCH}."${table}"`);
        }
      }
    } finally {
      sqlite.unsafeMode(false);
    }
  }

  const rows = new SqliteRows(sqlite);

  const lastInteraction = sqlite.prepare('SELECT max(rowid) FROM interactions').pluck();
  const addParticipants = sqlite.prepare(
    `INSERT INTO ${PARTICIPANTS} (${PARTICIPANT_COLUMNS.join(', ')})
       SELECT id, 'person', person_id FROM interactions WHERE rowid > :after AND person_id IS NOT NULL
       UNION ALL SELECT id, 'organisation', organisation_id FROM interactions WHERE rowid > :after AND organisation_id IS NOT NULL`,
  );

  return {
    async write(batch) {
      if ('copy' in batch) throw new Error('demo import: SQLite takes rows, not COPY text');
      const interactionsBefore = Number(lastInteraction.get() ?? 0);
      for (const table of Object.keys(COLUMNS) as BulkTable[]) rows.insert(table, batch[table]);
      if (batch.interactions.length) addParticipants.run({ after: interactionsBefore });
      if (ftsThread) {
        if (batch.search_documents.length) await ftsThread.send(titlesAndContents(batch.search_documents));
        return;
      }
      unindexed += batch.search_documents.length / COLUMNS.search_documents.length;
      if (unindexed >= FTS_CHUNK_DOCS) indexNewDocuments();
    },
    async finish(onPhase) {
      // The thread commits its index (and merges it, see fts-worker.ts) while the indexes are built.
      const ftsFinished = ftsThread?.finish();
      if (deferred.length) {
        onPhase('indexes');
        // CREATE INDEX sorts in memory up to cache_size, in one thread; with a small cache it
        // sorts runs of that size on the helper threads (PRAGMA threads) and merges them
        // (measured at 1M people: index builds 16 s -> 8 s, with a cache of 1 GB -> 8 MB). Not in
        // WAL mode: shrinking the cache spills the transaction's pages into the WAL (see above).
        if (journal !== 'wal') sqlite.pragma(`cache_size = -${SORT_CACHE_KIB}`);
        for (const d of deferred) if (d.type === 'index') sqlite.exec(d.sql);
        onPhase('search index');
        if (ftsFinished) await copyFtsIndex(ftsFinished);
        else indexNewDocuments();
        for (const d of deferred) if (d.type === 'trigger') sqlite.exec(d.sql);
      }
      onPhase('commit');
      sqlite.exec('COMMIT');
      open = false;
      onPhase('optimize');
      // Fresh statistics for the query planner over the new rows (cheap: SQLite samples).
      sqlite.pragma('analysis_limit = 1000');
      sqlite.exec('ANALYZE');
      // Copy the WAL into the database now and give its disk space back.
      if (journal === 'wal') sqlite.pragma('wal_checkpoint(TRUNCATE)');
    },
    async close() {
      if (open) sqlite.exec('ROLLBACK');
      if (useFtsThread) {
        await ftsThread?.stop();
        sqlite.exec(`DETACH ${SCRATCH}`);
        fs.rmSync(scratchFile, { force: true });
      }
      if (journal !== previousJournal) sqlite.pragma(`journal_mode = ${previousJournal}`);
      sqlite.pragma(`synchronous = ${previousSync}`);
      sqlite.pragma(`cache_size = ${previousCache}`);
      sqlite.pragma(`threads = ${previousThreads}`);
      sqlite.pragma(`foreign_keys = ${previousForeignKeys}`);
    },
  };
}

/**
 * Runs several `COPY … FROM STDIN` in ONE query message (one round trip), each with its data, through
 * pg's extension point for custom queries (an object with submit(), as pg-cursor uses): no extra
 * dependency for the few protocol messages COPY needs. Every COPY's data follows the query at once,
 * without waiting for the server to ask for it (CopyInResponse): the server reads it from the
 * socket when it gets there, instead of waiting, table after table, for this thread to be free to
 * answer (measured at 1M people: the server waited in ClientRead 45% of the people phase, which
 * went 69.5 → 46.6 s). When a COPY fails, the server ignores the data still coming, as the protocol
 * says (CopyData and CopyDone outside a COPY), and is ready for the next query once all ran or one
 * failed.
 */
function copyIn(client: pg.Client, copies: { statement: string; data: Uint8Array }[]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let error: Error | undefined;
    const query = {
      submit(connection: PgConnection) {
        connection.query(copies.map((c) => c.statement).join(';\n'));
        for (const copy of copies) {
          connection.sendCopyFromChunk(Buffer.from(copy.data.buffer, copy.data.byteOffset, copy.data.byteLength));
          connection.endCopyFrom();
        }
      },
      // Its data is already on its way (see above).
      handleCopyInResponse() {},
      handleCommandComplete() {},
      handleError(e: Error) {
        error ??= e;
        // A broken connection sends nothing more; an error from the server is followed by ReadyForQuery.
        reject(e);
      },
      handleReadyForQuery() {
        if (error) reject(error);
        else resolve();
      },
    };
    client.query(query as unknown as pg.QueryConfig);
  });
}

/**
 * Checks the foreign keys of the imported tables whose per-row checks this session skipped, as
 * PostgreSQL's own checks would: first locks the referenced rows of tables the import does not
 * fill (FOR KEY SHARE: nobody deletes a user the import references before the commit), then
 * looks for a reference without its row, with one anti-join per key. Throws on the first one.
 */
async function checkSkippedKeys(client: pg.Client, addedBack: Set<string>) {
  const keys = (
    await client.query<{ name: string; table: string; columns: string[]; referenced: string; referencedColumns: string[] }>(
      `SELECT c.conname AS name, c.conrelid::regclass::text AS table, c.confrelid::regclass::text AS referenced,
              (SELECT array_agg(a.attname::text ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS columns,
              (SELECT array_agg(a.attname::text ORDER BY k.i) FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                 JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) AS "referencedColumns"
         FROM pg_constraint c
        WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace AND c.conrelid::regclass::text = ANY($1)`,
      [IMPORTED_TABLES],
    )
  ).rows.filter((k) => !addedBack.has(k.name));
  for (const k of keys) {
    const pairs = k.columns.map((c, i) => `r."${k.referencedColumns[i]}" = t."${c}"`).join(' AND ');
    const present = k.columns.map((c) => `t."${c}" IS NOT NULL`).join(' AND ');
    if (!IMPORTED_TABLES.includes(k.referenced)) {
      await client.query(`SELECT 1 FROM ${k.referenced} r WHERE EXISTS (SELECT 1 FROM ${k.table} t WHERE ${pairs}) FOR KEY SHARE OF r`);
    }
    const orphan = await client.query(`SELECT 1 FROM ${k.table} t WHERE ${present} AND NOT EXISTS (SELECT 1 FROM ${k.referenced} r WHERE ${pairs}) LIMIT 1`);
    if (orphan.rowCount) throw new Error(`demo import: a row of ${k.table} breaks foreign key ${k.name}`);
  }
}

/**
 * Empties again, inside the import's transaction, the imported tables that are empty, so that COPY
 * may write their rows already frozen and their pages all-visible (COPY … WITH (FREEZE), which
 * PostgreSQL allows only into a table created or truncated in the same transaction): VACUUM then
 * has nothing left to do there, and no later reader sets the rows' hint bits page by page
 * (measured at 1M people: VACUUM 3.3 s → none). TRUNCATE must name every table whose foreign keys
 * point at one it empties (calls, requests, leads… for people): only when all of them are empty
 * too, checked again once they are locked, so that a row written meanwhile is never lost. Those
 * tables then stay locked until the commit, like the imported ones (whose indexes are dropped): a
 * running server's writes to them wait for the import. Returns the tables emptied.
 */
async function truncateEmptyTables(client: pg.Client): Promise<Set<string>> {
  const references = (
    await client.query<{ table: string; referenced: string }>(
      `SELECT conrelid::regclass::text AS table, confrelid::regclass::text AS referenced FROM pg_constraint
        WHERE contype = 'f' AND connamespace = current_schema()::regnamespace`,
    )
  ).rows;
  const allEmpty = async (tables: string[]) => {
    for (const t of tables) if ((await client.query(`SELECT 1 FROM ${t} LIMIT 1`)).rowCount) return false;
    return true;
  };
  const emptied = new Set<string>();
  for (const table of IMPORTED_TABLES) {
    if (emptied.has(table)) continue;
    // The table and every table that references it, directly or not.
    const closure = new Set([table]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const r of references) {
        if (closure.has(r.referenced) && !closure.has(r.table)) {
          closure.add(r.table);
          grew = true;
        }
      }
    }
    // All of them, those emptied already included: TRUNCATE refuses to leave out a referencing table.
    const tables = [...closure];
    if (!(await allEmpty(tables))) continue;
    await client.query(`LOCK TABLE ${tables.join(', ')} IN ACCESS EXCLUSIVE MODE`);
    if (!(await allEmpty(tables))) continue;
    await client.query(`TRUNCATE ${tables.join(', ')}`);
    for (const t of tables) emptied.add(t);
  }
  return emptied;
}

/** The part of pg's (untyped) connection object a custom query uses. */
interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/**
 * PostgreSQL: each batch is one query message of `COPY … FROM STDIN`, one per table, with the
 * rows in COPY's text format: the server's fastest way in (measured at 1M people: 43% less server
 * CPU than the multi-row `INSERT … SELECT FROM unnest($1::text[], …)` it replaces). The server
 * inserts a batch while the generator builds and encodes the next ones.
 * On an empty database the secondary indexes are dropped first and rebuilt at the end, as on
 * SQLite (inside the transaction; other sessions wait for the commit to read these tables).
 */
export async function postgresWriter(handle: DatabaseHandle, options: { deferIndexes: boolean }): Promise<BulkWriter> {
  const client = new pg.Client({ connectionString: handle.postgresUrl });
  await client.connect();
  // The pool's statement timeout guards requests; a bulk import legitimately runs longer.
  await client.query('SET statement_timeout = 0');
  await client.query('SET synchronous_commit = off');
  // Index builds sort in memory rather than in temporary files.
  await client.query(`SET maintenance_work_mem = '512MB'`);

  // The other foreign keys of the imported tables (to users, teams, relationship types, and those
  // of tasks) cost one query per new reference (≈3 million at 1M people; measured: a fifth of the
  // server's time in COPY), and dropping them would lock users, which a running server needs,
  // until the commit. A superuser session may skip these trigger-based checks instead; each key is
  // then checked once, with one join, before the commit (checkSkippedKeys). Other roles keep them.
  // The setting skips every trigger of the session: only while the imported tables have no
  // trigger of their own but those whose work the import does in bulk (search_names'), lest a
  // later one be skipped silently.
  const skipChecks =
    options.deferIndexes &&
    (
      await client.query(
        `SELECT 1 FROM pg_roles WHERE rolname = current_user AND rolsuper
            AND NOT EXISTS (SELECT 1 FROM pg_trigger WHERE NOT tgisinternal AND tgrelid::regclass::text = ANY($1) AND tgname <> ALL($2))`,
        [IMPORTED_TABLES, SEARCH_NAMES_TRIGGERS],
      )
    ).rowCount === 1;
  if (skipChecks) await client.query('SET session_replication_role = replica');

  // One transaction for the whole import, as on SQLite: all of it or nothing. Read committed
  // whatever the server's default: truncateEmptyTables must see rows committed before its lock.
  await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
  let open = true;
  const frozen = options.deferIndexes ? await truncateEmptyTables(client) : new Set<string>();
  // search_names (names in the search's B-tree, one row per word of each name) is filled after the
  // rows, with one statement, rather than by its triggers row by row; its indexes then built once.
  const namedUpTo = options.deferIndexes ? Number((await client.query<{ id: number | null }>('SELECT max(id) AS id FROM search_documents')).rows[0].id ?? 0) : 0;
  if (options.deferIndexes) for (const t of SEARCH_NAMES_TRIGGERS) await client.query(`ALTER TABLE search_documents DISABLE TRIGGER "${t}"`);
  const deferred = options.deferIndexes
    ? (
        await client.query<{ name: string; definition: string }>(
          `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
            WHERE schemaname = current_schema() AND tablename = ANY($1)
              AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
          [[...BULK_TABLES, 'search_names']],
        )
      ).rows
    : [];
  for (const d of deferred) await client.query(`DROP INDEX "${d.name}"`);
  // Foreign keys between the bulk tables too: PostgreSQL checks each new row with its own query
  // (≈10 million at 1M people), while adding the constraint back checks all rows with one join.
  // Keys to other tables (users, teams, relationship types) stay: dropping them would lock those
  // tables, which a running server needs, until the commit.
  const foreignKeys = options.deferIndexes
    ? (
        await client.query<{ table: string; name: string; definition: string }>(
          `SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
            WHERE contype = 'f' AND connamespace = current_schema()::regnamespace
              AND conrelid::regclass::text = ANY($1) AND confrelid::regclass::text = ANY($1)`,
          [BULK_TABLES],
        )
      ).rows
    : [];
  for (const f of foreignKeys) await client.query(`ALTER TABLE ${f.table} DROP CONSTRAINT "${f.name}"`);

  // Batches the generator's thread did not encode (small imports) are encoded here.
  const encoder = new CopyEncoder();

  // The COPY of the previous batch, which the server runs while this thread encodes the next one
  // (measured at 1M people: 139 → 124 s against encoding only once the server was done). Its
  // failure surfaces at the next write or at finish().
  let inFlight: Promise<void> = Promise.resolve();

  // One COPY per table, parents before children (IMPORTED_TABLES' order): where foreign keys stay
  // (an import into a database that already holds data), their checks at the end of each COPY
  // find the parents.
  const copyStatements = IMPORTED_TABLES.map((table) => ({
    table: table as keyof CopyBatch,
    statement: `COPY ${table} (${(table === PARTICIPANTS ? PARTICIPANT_COLUMNS : COLUMNS[table as BulkTable]).join(', ')}) FROM STDIN${frozen.has(table) ? ' WITH (FREEZE)' : ''}`,
  }));

  return {
    async write(rows) {
      const batch = 'copy' in rows ? rows.copy : encoder.encode(rows);
      const copies = copyStatements.filter(({ table }) => batch[table]).map(({ table, statement }) => ({ statement, data: batch[table]! }));
      await inFlight;
      if (!copies.length) return;
      inFlight = copyIn(client, copies);
      // Awaited later; until then, a failure is not an unhandled rejection.
      inFlight.catch(() => undefined);
    },
    async finish(onPhase) {
      await inFlight;
      if (options.deferIndexes) {
        onPhase('search names');
        await client.query(searchNamesFill(namedUpTo));
        for (const t of SEARCH_NAMES_TRIGGERS) await client.query(`ALTER TABLE search_documents ENABLE TRIGGER "${t}"`);
      }
      if (deferred.length) {
        onPhase('indexes');
        for (const d of deferred) await client.query(d.definition);
      }
      // Statistics for the planner, which would otherwise think the tables nearly empty: taken
      // before the key checks below, which are planned with them, and published by the commit.
      onPhase('statistics');
      await client.query(`ANALYZE ${[...IMPORTED_TABLES, 'search_names'].join(', ')}`);
      if (foreignKeys.length || skipChecks) {
        onPhase('foreign keys');
        for (const f of foreignKeys) await client.query(`ALTER TABLE ${f.table} ADD CONSTRAINT "${f.name}" ${f.definition}`);
        if (skipChecks) await checkSkippedKeys(client, new Set(foreignKeys.map((f) => f.name)));
      }
      onPhase('commit');
      await client.query('COMMIT');
      open = false;
      onPhase('vacuum');
      // A first pass over the rows COPY could not freeze (tables that were not empty, see
      // truncateEmptyTables; search_names, filled by INSERT): VACUUM marks their pages
      // all-visible, so index-only scans (caller lookup, list filters, name search) skip the table,
      // and sets the rows' commit hint bits once, here, rather than in the first requests, which
      // would otherwise each dirty the pages they read.
      // Autovacuum would get there eventually, when it runs at all (it is off on the benchmark machine).
      const unfrozen = [...IMPORTED_TABLES.filter((t) => !frozen.has(t)), ...(options.deferIndexes ? ['search_names'] : [])];
      if (unfrozen.length) await client.query(`VACUUM ${unfrozen.join(', ')}`);
    },
    async close() {
      await inFlight.catch(() => undefined);
      if (open) await client.query('ROLLBACK').catch(() => undefined);
      await client.end();
    },
  };
}
