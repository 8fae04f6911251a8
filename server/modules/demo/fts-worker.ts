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
  // costs less than merging them level by level as they come (measured on 1.2M documents, then
  // inserted 64 per statement: 15.6 s -> 13.3 s), and leaves one segment, the fastest to search.
  db.prepare(`INSERT INTO "${table.name}"("${table.name}", rank) VALUES ('automerge', 0)`).run();
}
db.exec('BEGIN');

/**
 * One document per INSERT, unlike the importing thread's multi-row statements (./sqlite-rows.ts): a
 * statement that writes several rows opens a statement savepoint, and FTS5 writes its pending
 * terms out as a new segment at every savepoint, i.e. every 64 documents, then spends its time
 * merging those small segments. One row per statement lets the terms pile up in memory
 * (measured on 200k documents: 2.9 s -> 1.5 s).
 */
const inserts = settings.tables.map((table) => ({
  titleOnly: table.columns.length === 1,
  statement: db.prepare(`INSERT INTO "${table.name}"(rowid, ${table.columns.join(', ')}) VALUES (${['?', ...table.columns.map(() => '?')].join(', ')})`),
}));

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
  for (const { titleOnly, statement } of inserts) {
    for (let d = 0; d < count; d++) {
      if (titleOnly) statement.run(nextRowid + d, pairs[d * 2]);
      else statement.run(nextRowid + d, pairs[d * 2], pairs[d * 2 + 1]);
    }
  }
  nextRowid += count;
  port.postMessage({ ack: true });
});
