import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

/**
 * Tasks, interactions, requests and leads written while their person is merged away follow the
 * kept record, or are refused: none stays on the merged (deleted) one, out of sight.
 */
describe.each(DIALECTS)('writes racing a merge on %s', (dialect) => {
  let h: Harness;
  let typeId: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    const team = (await api(h, h.users.admin, 'POST', '/api/teams', { name: 'Support' })).body;
    const status = (key: string, terminal: boolean) => ({ key, labelEn: key, labelFr: key, terminal });
    typeId = (await api(h, h.users.manager, 'POST', '/api/request-types', { key: 'support', labelEn: 'Support', labelFr: 'Support', teamId: team.id, definition: { statuses: [status('open', false), status('done', true)] } })).body.id;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('leaves nothing on the merged-away record', async () => {
    for (let round = 0; round < 5; round++) {
      const target = (await api(h, h.users.manager, 'POST', '/api/people', { lastName: `Gardé ${round}` })).body.id;
      const source = (await api(h, h.users.manager, 'POST', '/api/people', { lastName: `Fusionné ${round}` })).body.id;
      const writes = Array.from({ length: 8 }, (_, i) =>
        [
          () => api(h, h.users.frontdesk, 'POST', '/api/interactions', { channel: 'note', direction: 'internal', personId: source, summary: `Note ${round}.${i}` }),
          () => api(h, h.users.frontdesk, 'POST', '/api/tasks', { title: `Tâche ${round}.${i}`, personId: source }),
          () => api(h, h.users.frontdesk, 'POST', '/api/requests', { typeId, subject: `Demande ${round}.${i}`, personId: source }),
          () => api(h, h.users.frontdesk, 'POST', '/api/leads', { source: 'front_desk', personId: source, interest: `Piste ${round}.${i}`, suggestedOwnerId: h.users.sales.id }),
        ][i % 4](),
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
      const leftRequests = await h.handle.db.selectFrom('requests').select('id').where('person_id', '=', source).execute();
      const leftLeads = await h.handle.db.selectFrom('leads').select('id').where('person_id', '=', source).execute();
      expect(leftTasks, `round ${round}`).toEqual([]);
      expect(leftInteractions, `round ${round}`).toEqual([]);
      expect(leftRequests, `round ${round}`).toEqual([]);
      expect(leftLeads, `round ${round}`).toEqual([]);
      const written = results.slice(0, -1).filter((r) => r.status === 201).length;
      const onTarget = (await api(h, h.users.manager, 'GET', `/api/tasks?personId=${target}&limit=50`)).body.items.length
        + (await api(h, h.users.manager, 'GET', `/api/interactions?personId=${target}&limit=50`)).body.items.length
        + (await api(h, h.users.manager, 'GET', `/api/requests?personId=${target}&limit=50`)).body.items.length
        + (await api(h, h.users.manager, 'GET', `/api/leads?personId=${target}&limit=50`)).body.items.length;
      expect(onTarget, `round ${round}`).toBe(written);
    }
  });

});

// SQLite runs one write transaction at a time: there, a write and a merge cannot interleave.
describe.each(DIALECTS.filter((d) => d === 'postgres'))('a write racing a merge step by step on %s', () => {
  let h: Harness;
  let typeId: string;
  beforeAll(async () => {
    h = await createHarness('postgres');
    const team = (await api(h, h.users.admin, 'POST', '/api/teams', { name: 'Support' })).body;
    const status = (key: string, terminal: boolean) => ({ key, labelEn: key, labelFr: key, terminal });
    typeId = (await api(h, h.users.manager, 'POST', '/api/request-types', { key: 'support', labelEn: 'Support', labelFr: 'Support', teamId: team.id, definition: { statuses: [status('open', false), status('done', true)] } })).body.id;
  });
  afterAll(async () => {
    await h?.close();
  });

  const writes = {
    task: { table: 'tasks', send: (source: string) => api(h, h.users.frontdesk, 'POST', '/api/tasks', { title: 'Pendant la fusion', personId: source }) },
    request: { table: 'requests', send: (source: string) => api(h, h.users.frontdesk, 'POST', '/api/requests', { typeId, subject: 'Pendant la fusion', personId: source }) },
    lead: { table: 'leads', send: (source: string) => api(h, h.users.frontdesk, 'POST', '/api/leads', { source: 'front_desk', personId: source, interest: 'Pendant la fusion', suggestedOwnerId: h.users.sales.id }) },
  } as const;

  it.each(Object.keys(writes) as (keyof typeof writes)[])('makes a %s for a record being merged wait for the merge, then refuses it', async (kind) => {
    const { table, send } = writes[kind];
    const target = (await api(h, h.users.manager, 'POST', '/api/people', { lastName: 'Cible' })).body.id;
    const source = (await api(h, h.users.manager, 'POST', '/api/people', { lastName: 'Source' })).body.id;
    // A merge in progress, as the service runs it: the source's row claimed, then retired.
    const merger = new pg.Client({ connectionString: h.handle.postgresUrl });
    await merger.connect();
    try {
      await merger.query('BEGIN');
      await merger.query('UPDATE people SET version = version + 1 WHERE id = $1', [source]);
      const create = send(source);
      // The create waits on the source's row lock (it used to check before its transaction and go ahead).
      await vi.waitFor(async () => {
        const waiting = await merger.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
        expect(waiting.rowCount).toBeGreaterThan(0);
      });
      await merger.query(`UPDATE people SET deleted_at = now()::text, merged_into_id = $2 WHERE id = $1`, [source, target]);
      await merger.query(`UPDATE ${table} SET person_id = $2 WHERE person_id = $1`, [source, target]);
      await merger.query('COMMIT');
      const res = await create;
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'personId' })]);
      expect(await h.handle.db.selectFrom(table).select('id').where('person_id', 'in', [source, target]).execute()).toEqual([]);
    } finally {
      await merger.end();
    }
  });
});
