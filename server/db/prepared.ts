import type { Compilable, CompiledQuery, QueryResult } from 'kysely';

/** Anything that runs a compiled query: the database handle or a transaction. */
export interface QueryExecutor {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

/** Stands for argument `index` (or item `item` of a list argument) while the query is built. */
class Slot {
  constructor(
    readonly index: number,
    readonly item?: number,
  ) {}
}

type Argument = string | number | null | readonly string[];

/** Shapes kept per query: one per length of its list arguments, bounded. */
const MAX_SHAPES = 32;

/**
 * A name per SQL text of the prepared queries, so that PostgreSQL can prepare each once per
 * connection and keep its plan (see connect.ts): planning these small indexed queries costs it
 * 3 to 10 times what running them does (EXPLAIN ANALYZE at 1M people: 0.13–1.1 ms against 0.04–0.15 ms).
 * Bounded like the shapes, since every name holds a plan in every connection.
 */
const statementNames = new Map<string, string>();
const MAX_STATEMENTS = 500;

/** The statement name of a prepared query's SQL, or undefined for any other SQL. */
export function preparedStatementName(sql: string): string | undefined {
  return statementNames.get(sql);
}

/**
 * A query built and compiled once per shape, then run with new values: for the hot paths (caller
 * lookup, authentication of every request). Kysely builds and compiles each query anew, which on
 * SQLite costs about as much as running a simple indexed query (≈ 7 µs of the ≈ 12 µs a lookup
 * query takes). Kysely has no prepared-query API, hence this small helper.
 *
 * `build` receives placeholders for the arguments and must use each only as a value (compared,
 * inserted, listed in `in`), never to shape the query: the shape is compiled once per number of
 * items of the list arguments.
 */
export function prepared<Args extends Argument[], Row>(build: (...args: Args) => Compilable<Row>) {
  const shapes = new Map<string, CompiledQuery<Row>>();
  return async (executor: QueryExecutor, ...args: Args): Promise<Row[]> => {
    const shape = args.map((a) => (Array.isArray(a) ? String(a.length) : '.')).join(',');
    let compiled = shapes.get(shape);
    if (!compiled) {
      const placeholders = args.map((a, index) => (Array.isArray(a) ? a.map((_, item) => new Slot(index, item)) : new Slot(index)));
      compiled = build(...(placeholders as unknown as Args)).compile();
      if (shapes.size < MAX_SHAPES) shapes.set(shape, compiled);
      if (!statementNames.has(compiled.sql) && statementNames.size < MAX_STATEMENTS) statementNames.set(compiled.sql, `relais_${statementNames.size + 1}`);
    }
    const parameters = compiled.parameters.map((p) => {
      if (!(p instanceof Slot)) return p;
      const value = args[p.index];
      return p.item === undefined ? value : (value as readonly string[])[p.item];
    });
    return (await executor.executeQuery<Row>({ ...compiled, parameters })).rows;
  };
}

/**
 * Prepared queries per value of an argument that shapes the query (a page size, written into the
 * SQL as a literal limit): `latest(5)(db, id)`.
 */
export function preparedBy<Key, Args extends Argument[], Row>(build: (key: Key) => (...args: Args) => Compilable<Row>) {
  const byKey = new Map<Key, ReturnType<typeof prepared<Args, Row>>>();
  return (key: Key) => {
    let query = byKey.get(key);
    if (!query) {
      query = prepared(build(key));
      if (byKey.size < MAX_SHAPES) byKey.set(key, query);
    }
    return query;
  };
}
