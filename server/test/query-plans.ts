import { sql, type CompiledQuery } from 'kysely';
import type { DatabaseHandle } from '../db/connect.js';
import type { DialectName } from './harness.js';

/**
 * Makes the indexes a migration just built visible to PostgreSQL's planner. An index built over
 * rows updated in place (HOT) is hidden until every transaction older than it has ended, in any
 * database of the server (pg_index.indcheckxmin): beside other test files, a plan check sometimes
 * saw no index at all. Once VACUUM has pruned those rows, the same index built again is visible at once.
 */
export async function revealNewIndexes(handle: DatabaseHandle, dialect: DialectName, tables: string[]): Promise<void> {
  if (dialect !== 'postgres') return;
  for (const table of tables) {
    await sql`VACUUM ${sql.table(table)}`.execute(handle.db);
    await sql`REINDEX TABLE ${sql.table(table)}`.execute(handle.db);
  }
}

/**
 * The plan of a query as the server runs it. SQLite: EXPLAIN QUERY PLAN's details. PostgreSQL: a
 * named prepared statement, whose plan may be generic (parameters unknown), so an index's condition
 * must follow from the query alone; sequential scans are off because with a handful of test rows the
 * planner would rightly read the table instead.
 */
export async function queryPlan(handle: DatabaseHandle, dialect: DialectName, compiled: CompiledQuery): Promise<string> {
  if (dialect === 'sqlite') {
    return handle.sqlite!.prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`).all(...compiled.parameters).map((r) => (r as { detail: string }).detail).join('\n');
  }
  return handle.db.connection().execute(async (c) => {
    await sql`SET enable_seqscan = off`.execute(c);
    await sql`SET plan_cache_mode = force_generic_plan`.execute(c);
    await sql.raw(`PREPARE plan_check AS ${compiled.sql}`).execute(c);
    try {
      const values = compiled.parameters.map(sqlLiteral).join(', ');
      const rows = (await sql.raw<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE plan_check${values ? `(${values})` : ''}`).execute(c)).rows;
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await sql`DEALLOCATE plan_check`.execute(c);
      await sql`RESET plan_cache_mode`.execute(c);
      await sql`RESET enable_seqscan`.execute(c);
    }
  });
}

/** A test constant as an SQL literal, for EXECUTE's arguments. */
function sqlLiteral(value: unknown): string {
  return `'${String(value).replace(/'/g, "''")}'`;
}
