/**
 * Batches in PostgreSQL COPY's text format, as UTF-8 bytes per table: what the PostgreSQL writer
 * (./bulk-writers.ts) sends. Done in the generator's worker thread for large imports, whose
 * buffers are then handed to the importing thread without a copy (measured at 1M people: the
 * importing thread spent ≈20 s receiving the rows as arrays and encoding them).
 */
import { COLUMNS, PARTICIPANT_COLUMNS, PARTICIPANTS, type Batch, type BulkTable, type Value } from './batch.js';

export type ImportedTable = BulkTable | typeof PARTICIPANTS;
/** Per table, its rows in COPY's text format; tables without rows are absent. */
export type CopyBatch = Partial<Record<ImportedTable, Uint8Array<ArrayBuffer>>>;

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIALS = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * The rows of one table in COPY's text format: tab between values, a newline after each row, \N
 * for null, and a backslash escape for the characters that would otherwise separate values or rows.
 */
export function copyText(values: readonly Value[], width: number): string {
  // Appended value by value: V8 builds the string as a rope, flattened once when encoded, which is
  // cheaper than joining arrays of fields and rows (measured: −30% on a batch of every table).
  let text = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    text += v === null ? '\\N' : typeof v === 'number' ? String(v) : COPY_SPECIAL.test(v) ? v.replace(COPY_SPECIALS, (c) => COPY_ESCAPES[c]) : v;
    text += (i + 1) % width === 0 ? '\n' : '\t';
  }
  return text;
}

const INTERACTION_ID = COLUMNS.interactions.indexOf('id');
const INTERACTION_PERSON = COLUMNS.interactions.indexOf('person_id');
const INTERACTION_ORGANISATION = COLUMNS.interactions.indexOf('organisation_id');

/** (interaction_id, entity_type, entity_id) of the participants of a batch's interactions (see PARTICIPANTS). */
function participantsOf(interactions: readonly Value[]): Value[] {
  const rows: Value[] = [];
  for (let i = 0; i < interactions.length; i += COLUMNS.interactions.length) {
    const id = interactions[i + INTERACTION_ID];
    const person = interactions[i + INTERACTION_PERSON];
    const organisation = interactions[i + INTERACTION_ORGANISATION];
    if (person !== null) rows.push(id, 'person', person);
    if (organisation !== null) rows.push(id, 'organisation', organisation);
  }
  return rows;
}

/** Encodes batches for COPY, in its text format, one buffer per table. */
export class CopyEncoder {
  private readonly utf8 = new TextEncoder();

  encode(batch: Batch): CopyBatch {
    const copy: CopyBatch = {};
    const add = (table: ImportedTable, values: readonly Value[], width: number) => {
      // TextEncoder gives each table its own ArrayBuffer, which can be transferred to another thread.
      if (values.length) copy[table] = this.utf8.encode(copyText(values, width));
    };
    for (const table of Object.keys(COLUMNS) as BulkTable[]) add(table, batch[table], COLUMNS[table].length);
    add(PARTICIPANTS, participantsOf(batch.interactions), PARTICIPANT_COLUMNS.length);
    return copy;
  }
}
