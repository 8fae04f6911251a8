import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DIALECTS, useEmptyDatabase } from '../../test/harness.js';
import { migrateToLatest } from '../connect.js';
import { migrateTo } from './migrate-to.js';
import { queryPlan, revealNewIndexes } from '../../test/query-plans.js';

/** The shape of an agent's calls left to log (calls.service.ts list, toLog=true&agentId=…), newest first. */
const toLogPage = (agentId: string) => sql`
  SELECT * FROM calls WHERE agent_id = ${agentId} AND state = 'ended' AND wrapped_up_at IS NULL AND interaction_id IS NOT NULL
   ORDER BY created_at DESC, id DESC LIMIT 21`;

describe.each(DIALECTS)('migration 20261207-0101 (calls left to log) on %s', (dialect) => {
  const db = useEmptyDatabase(dialect);

  it('counts the answered calls before it as logged, when they ended; calls nobody answered stay without', async () => {
    const { handle } = db;
    await migrateTo(handle, '20261206-0601-search-name-rotations');
    const at = '2026-12-01T10:00:00.000Z';
    const ended = '2026-12-01T10:05:00.000Z';
    await sql`INSERT INTO telephony_integrations (id, name, kind, secret_hash, config, created_at)
              VALUES ('i1', 'Standard', 'generic', 'x', '{}', ${at})`.execute(handle.db);
    for (const [id, state, endedAt] of [['c1', 'ended', ended], ['c2', 'missed', ended], ['c3', 'answered', null]] as const) {
      await sql`INSERT INTO calls (id, integration_id, external_id, direction, from_number, to_number, state, ended_at, routing, created_at, updated_at)
                VALUES (${id}, 'i1', ${id}, 'in', '0612345678', '0140000000', ${state}, ${endedAt}, '[]', ${at}, ${at})`.execute(handle.db);
    }
    await migrateToLatest(handle);
    const rows = await sql<{ id: string; wrapped_up_at: string | null }>`SELECT id, wrapped_up_at FROM calls ORDER BY id`.execute(handle.db);
    expect(rows.rows).toEqual([
      { id: 'c1', wrapped_up_at: ended },
      { id: 'c2', wrapped_up_at: null },
      { id: 'c3', wrapped_up_at: null },
    ]);

    await revealNewIndexes(handle, dialect, ['calls']);
    const compiled = toLogPage('u1').compile(handle.db);
    const plan = await queryPlan(handle, dialect, compiled);
    // Read from the partial index in its order: neither the agent's whole call log nor a sort.
    expect(plan, compiled.sql).toContain('calls_to_log');
    expect(plan, compiled.sql).not.toMatch(dialect === 'sqlite' ? /TEMP B-TREE/ : /\bSort\b/);
  });
});
