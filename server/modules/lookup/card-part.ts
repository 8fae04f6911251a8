import type { SelectQueryBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';

/** The matched record a part of the caller card is read for. */
export interface CardRecord {
  type: 'person' | 'organisation';
  /** A placeholder while the card's query is compiled (see db/prepared.ts): use it only as a value. */
  id: string;
}

/**
 * One part of the caller card (screen pop) of a matched record: its latest interactions, its open
 * tasks, and the sections other modules add (open requests, leads…). A part gives its rows as a
 * subquery; the card reads all parts of a record with ONE query (DialectFeatures.jsonRows), since
 * on PostgreSQL each query costs a round trip and the driver's per-query work, then turns each
 * part's rows into what the card shows.
 * The subquery names every column it selects (no selectAll): SQLite builds each row by name.
 */
export interface CardPart<Row, Value> {
  rows(record: CardRecord): SelectQueryBuilder<Database, any, Row>;
  value(rows: Row[]): Value;
}

/** A card part, its row type inferred from its subquery. */
export function cardPart<Row, Value>(rows: CardPart<Row, Value>['rows'], value: CardPart<Row, Value>['value']): CardPart<Row, Value> {
  return { rows, value };
}

/**
 * A card section listing a record's first few items and how many it has in all (its rows carry
 * COUNT(*) OVER () as `total`), or nothing when it has none, so the card stays compact.
 */
export function countedSection<Name extends string, Row extends { total: number | string }, Item>(
  name: Name,
  rows: Row[],
  item: (row: Row) => Item,
): [Name, { total: number; items: Item[] }] | undefined {
  return rows.length ? [name, { total: Number(rows[0].total), items: rows.map(item) }] : undefined;
}
