/**
 * Worker thread of a large SQLite import (see sqliteWriter in ./bulk-writers.ts): builds the
 * full-text index of the imported search documents in a database file of its own, on the second
 * core, while the importing thread writes everything else. The importing thread then copies the
 * finished index's tables into the database, inside its transaction.
 *
 * Messages in: { documents: [title, content, title, content, …] } for the next documents, whose
 * rowids follow on from `firstRowid`, then { finish: true }. Messages out: { ack: true } per
 * batch, then { lastRowid } once the index is committed. A failure ends the thread with an error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { lowerThreadPriority } from './threads.js';

/** A search_documents column a full-text table indexes. */
export type FtsColumn = 'title' | 'content';

export interface FtsThreadSettings {
  /** The file to build the index in; created, or emptied by the caller beforehand. */
  file: string;
  /**
   * The full-text tables to build, with the very statements that created them in the database,
   * and the columns each indexes (all of title and content, or the title alone).
   */
  tables: { name: string; sql: string; columns: FtsColumn[] }[];
  firstRowid: number;
}

export type FtsThreadMessage = { documents: string[] } | { finish: true };

/** Documents per INSERT: binding 64 at a time halves the statement overhead, as in bulk-writers. */
const ROWS_PER_STATEMENT = 64;
/** FTS5's own 'automerge' setting when none is stored (SQLite's FTS5_DEFAULT_AUTOMERGE). */
const FTS5_DEFAULT_AUTOMERGE = 4;

// The lowest priority: this thread runs on what the generator and the importing thread leave, and
// catches up while the importing thread builds the other indexes, when a core is half idle
// (measured at 1M people: the rows are written in 39 s instead of 46 s; see ./fts-thread.ts for
// how far behind it may fall).
lowerThreadPriority(19);
const settings = workerData as FtsThreadSettings;
const port = parentPort!;
const db = new SQLite(settings.file);
// A scratch file: nothing to recover should the machine stop, the import would start again.
db.pragma('journal_mode = OFF');
db.pragma('synchronous = OFF');
for (const table of settings.tables) {
  db.exec(table.sql);
  // No merging of segments while documents arrive: one merge of them all at the end ('optimize')
  // costs less than merging them level by level as they come (measured on 1.2M documents:
  // 15.6 s -> 13.3 s), and leaves one segment, the fastest to search.
  db.prepare(`INSERT INTO "${table.name}"("${table.name}", rank) VALUES ('automerge', 0)`).run();
}
db.exec('BEGIN');

const statements = new Map<string, SQLite.Statement>();
function insert(table: FtsThreadSettings['tables'][number], rows: number) {
  const key = `${table.name}:${rows}`;
  let statement = statements.get(key);
  if (!statement) {
    const row = `(${['?', ...table.columns.map(() => '?')].join(', ')})`;
    statement = db.prepare(`INSERT INTO "${table.name}"(rowid, ${table.columns.join(', ')}) VALUES ${Array(rows).fill(row).join(', ')}`);
    statements.set(key, statement);
  }
  return statement;
}

let nextRowid = settings.firstRowid;
port.on('message', (message: FtsThreadMessage) => {
  if ('finish' in message) {
    for (const table of settings.tables) {
      db.prepare(`INSERT INTO "${table.name}"("${table.name}") VALUES ('optimize')`).run();
      // Back to FTS5's default, since this configuration is copied into the database with the index.
      db.prepare(`INSERT INTO "${table.name}"("${table.name}", rank) VALUES ('automerge', ${FTS5_DEFAULT_AUTOMERGE})`).run();
    }
    db.exec('COMMIT');
    db.close();
    port.postMessage({ lastRowid: nextRowid - 1 });
    port.close();
    return;
  }
  const pairs = message.documents;
  const count = pairs.length / 2;
  for (let first = 0; first < count; first += ROWS_PER_STATEMENT) {
    const rows = Math.min(ROWS_PER_STATEMENT, count - first);
    // rowid, title, content per document; and rowid, title for the tables of titles alone.
    const withContent: (string | number)[] = new Array(rows * 3);
    const titlesOnly: (string | number)[] = new Array(rows * 2);
    for (let r = 0; r < rows; r++) {
      withContent[r * 3] = titlesOnly[r * 2] = nextRowid + first + r;
      withContent[r * 3 + 1] = titlesOnly[r * 2 + 1] = pairs[(first + r) * 2];
      withContent[r * 3 + 2] = pairs[(first + r) * 2 + 1];
    }
    // Spread: cheaper to bind than one array (see sqlite-rows.ts).
    for (const table of settings.tables) insert(table, rows).run(...(table.columns.length === 1 ? titlesOnly : withContent));
  }
  nextRowid += count;
  port.postMessage({ ack: true });
});
