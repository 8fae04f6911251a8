/** Row counts printed after a backup or a restore, so an operator sees at a glance that data is there. */

/** The tables an operator recognises; the restore drill test compares every table. */
export const MAIN_TABLES = ['users', 'people', 'organisations', 'contact_points', 'interactions', 'tasks', 'attachments', 'audit_log'] as const;

/** Counts rows with the given query function; tables missing (an older backup) are left out. */
export async function countRows(
  count: (table: string) => Promise<number>,
  tables: readonly string[] = MAIN_TABLES,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    try {
      counts[table] = await count(table);
    } catch {
      // An older backup may lack a table added since; the others still tell the story.
    }
  }
  return counts;
}

/** SQL counting one table, for a raw pg client; names come from our own lists, never from input. */
export function countSql(table: string): string {
  return `SELECT count(*) AS n FROM "${table.replace(/"/g, '""')}"`;
}

export function formatCounts(counts: Record<string, number>): string {
  const width = Math.max(...Object.keys(counts).map((t) => t.length), 5);
  return Object.entries(counts)
    .map(([table, n]) => `  ${table.padEnd(width)}  ${n.toLocaleString('en-US').padStart(12)}`)
    .join('\n');
}
