import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

/**
 * Tasks and interactions written while their person is merged away follow the kept record, or are
 * refused: none stays on the merged (deleted) one, out of sight.
 */
describe.each(DIALECTS)('writes racing a merge on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('leaves nothing on the merged-away record', async () => {
    for (let round = 0; round < 5; round++) {
      const target = (await api(h, h.users.manager, 'POST', '/api/people', { lastName: `Gardé ${round}` })).body.id;
      const source = (await api(h, h.users.manager, 'POST', '/api/people', { lastName: `Fusionné ${round}` })).body.id;
      const writes = Array.from({ length: 8 }, (_, i) =>
        i % 2
          ? api(h, h.users.frontdesk, 'POST', '/api/tasks', { title: `Tâche ${round}.${i}`, personId: source })
          : api(h, h.users.frontdesk, 'POST', '/api/interactions', { channel: 'note', direction: 'internal', personId: source, summary: `Note ${round}.${i}` }),
      );
      const merge = api(h, h.users.manager, 'POST', `/api/people/${target}/merge`, { sourceId: source });
      const results = await Promise.all([...writes, merge]);
      expect(results.at(-1)!.status).toBe(200);
      for (const res of results.slice(0, -1)) {
        // Either written (then moved to the kept record) or refused, naming the person.
        if (res.status !== 201) expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'personId' })]);
      }
      const leftTasks = await h.handle.db.selectFrom('tasks').select('id').where('person_id', '=', source).execute();
      const leftInteractions = await h.handle.db.selectFrom('interaction_participants').select('interaction_id').where('entity_id', '=', source).execute();
      expect(leftTasks, `round ${round}`).toEqual([]);
      expect(leftInteractions, `round ${round}`).toEqual([]);
      const written = results.slice(0, -1).filter((r) => r.status === 201).length;
      const onTarget = (await api(h, h.users.manager, 'GET', `/api/tasks?personId=${target}&limit=50`)).body.items.length
        + (await api(h, h.users.manager, 'GET', `/api/interactions?personId=${target}&limit=50`)).body.items.length;
      expect(onTarget, `round ${round}`).toBe(written);
    }
  });

});

// SQLite runs one write transaction at a time: there, a write and a merge cannot interleave.
describe.each(DIALECTS.filter((d) => d === 'postgres'))('a write racing a merge step by step on %s', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness('postgres');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('makes a task for a record being merged wait for the merge, then refuses it', async () => {
    const target = (await api(h, h.users.manager, 'POST', '/api/people', { lastName: 'Cible' })).body.id;
    const source = (await api(h, h.users.manager, 'POST', '/api/people', { lastName: 'Source' })).body.id;
    // A merge in progress, as the service runs it: the source's row claimed, then retired.
    const merger = new pg.Client({ connectionString: h.handle.postgresUrl });
    await merger.connect();
    try {
      await merger.query('BEGIN');
      await merger.query('UPDATE people SET version = version + 1 WHERE id = $1', [source]);
      const create = api(h, h.users.frontdesk, 'POST', '/api/tasks', { title: 'Pendant la fusion', personId: source });
      // The create waits on the source's row lock (it used to check before its transaction and go ahead).
      await vi.waitFor(async () => {
        const waiting = await merger.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
        expect(waiting.rowCount).toBeGreaterThan(0);
      });
      await merger.query(`UPDATE people SET deleted_at = now()::text, merged_into_id = $2 WHERE id = $1`, [source, target]);
      await merger.query('UPDATE tasks SET person_id = $2 WHERE person_id = $1', [source, target]);
      await merger.query('COMMIT');
      const res = await create;
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'personId' })]);
      expect(await h.handle.db.selectFrom('tasks').select('id').where('person_id', 'in', [source, target]).execute()).toEqual([]);
    } finally {
      await merger.end();
    }
  });
});
