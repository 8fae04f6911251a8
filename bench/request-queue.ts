/**
 * A team queue with many open requests: seeds them straight into the database (like the demo
 * import, not through the API) so the benchmark measures listing, not seeding.
 */
import { sql } from 'kysely';
import { connectDatabase } from '../server/db/connect.js';
import { newId } from '../server/ids.js';

export async function seedRequestQueue(target: { databaseUrl?: string; sqliteFile?: string }, count: number): Promise<{ teamId: string }> {
  const handle = connectDatabase({ databaseUrl: target.databaseUrl, sqlitePath: target.sqliteFile });
  try {
    const db = handle.db;
    const now = new Date();
    const teamId = newId();
    await db.insertInto('teams').values({ id: teamId, name: `Bench support ${teamId.slice(-6)}`, manager_id: null, created_at: now.toISOString() }).execute();
    const typeId = newId();
    const definition = {
      statuses: [
        { key: 'open', labelEn: 'Open', labelFr: 'Ouverte', terminal: false, required: [] },
        { key: 'closed', labelEn: 'Closed', labelFr: 'Close', terminal: true, required: ['resolutionNote'] },
      ],
      fields: [],
      sla: { byPriority: { normal: 'PT8H' } },
    };
    await db
      .insertInto('request_types')
      .values({ id: typeId, key: `bench_${typeId.slice(-8).replace(/-/g, '')}`, label_en: 'Support', label_fr: 'Support', team_id: teamId, definition: JSON.stringify(definition), created_at: now.toISOString(), updated_at: now.toISOString() })
      .execute();
    const opener = (await db.selectFrom('users').select('id').limit(1).executeTakeFirstOrThrow()).id;
    const batch = 500;
    for (let start = 0; start < count; start += batch) {
      const rows = Array.from({ length: Math.min(batch, count - start) }, (_, i) => {
        const created = new Date(now.getTime() - (start + i) * 60_000).toISOString();
        // Deadlines spread over the coming weeks, unordered with respect to creation.
        const due = new Date(now.getTime() + (((start + i) * 7919) % (30 * 24 * 60)) * 60_000).toISOString();
        return {
          id: newId(),
          type_id: typeId,
          subject: `Demande ${start + i}`,
          description: null,
          person_id: null,
          organisation_id: null,
          interaction_id: null,
          team_id: teamId,
          assignee_id: null,
          priority: 'normal',
          status: 'open',
          is_open: 1,
          field_values: '{}',
          resolution_note: null,
          due_at: due,
          queue_due: due,
          warned_at: null,
          escalated_at: null,
          opened_by: opener,
          created_at: created,
          updated_at: created,
          closed_at: null,
          version: 1,
        };
      });
      await db.insertInto('requests').values(rows).execute();
    }
    // Fresh planner statistics, as after the demo import: with autovacuum off (as on the benchmark
    // machine), PostgreSQL would otherwise plan the caller card's requests section for a table it
    // believes empty, and walk a whole team queue for each screen pop (measured: 820 ms at 600k).
    await sql`ANALYZE requests`.execute(db);
    return { teamId };
  } finally {
    await handle.close();
  }
}
