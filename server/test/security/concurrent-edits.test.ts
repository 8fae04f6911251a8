import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, type Harness } from '../harness.js';

/**
 * Every editable record detects a concurrent edit the same way (issue 3: "version or ETag → 409,
 * never a silent lost update"): GET and PATCH answer an ETag; a PATCH with a stale If-Match or a
 * stale body `version` is refused, even when the other one is current.
 */
const RESOURCES = [
  { name: 'people', url: '/api/people', create: { firstName: 'Marc', lastName: 'Lefort' }, change: (n: number) => ({ lastName: `Lefort ${n}` }) },
  { name: 'organisations', url: '/api/organisations', create: { name: 'Transports Vidal' }, change: (n: number) => ({ name: `Transports Vidal ${n}` }) },
  { name: 'tasks', url: '/api/tasks', create: { title: 'Rappeler le dépôt', dueAt: '2026-03-05T09:00:00.000Z' }, change: (n: number) => ({ title: `Rappeler le dépôt ${n}` }) },
  { name: 'interactions', url: '/api/interactions', create: { channel: 'note', direction: 'internal', summary: 'Palettes', personId: 'SUBJECT' }, change: (n: number) => ({ summary: `Palettes ${n}` }) },
] as const;

describe.each(DIALECTS)('concurrent edits on %s', (dialect) => {
  let h: Harness;
  /** The person an interaction is about (an interaction needs someone). */
  let subjectId: string;
  const createBody = (body: object) => JSON.parse(JSON.stringify(body).replace('"SUBJECT"', JSON.stringify(subjectId)));
  beforeAll(async () => {
    h = await createHarness(dialect);
    subjectId = (await api(h, h.users.manager, 'POST', '/api/people', { lastName: 'Cordier' })).body.id;
  });
  afterAll(async () => {
    await h?.close();
  });

  describe.each(RESOURCES)('$name', (resource) => {
    const patch = (id: string, body: object, headers: Record<string, string> = {}) => api(h, h.users.manager, 'PATCH', `${resource.url}/${id}`, body, headers);

    it('answers an ETag and refuses a stale If-Match, keeping the first edit', async () => {
      const created = await api(h, h.users.manager, 'POST', resource.url, createBody(resource.create));
      expect(created.status).toBe(201);
      const id = created.body.id;
      const read = await api(h, h.users.manager, 'GET', `${resource.url}/${id}`);
      expect(read.headers.etag).toBe('W/"1"');

      const first = await patch(id, resource.change(1), { 'if-match': 'W/"1"' });
      expect(first.status).toBe(200);
      expect(first.headers.etag).toBe('W/"2"');
      const stale = await patch(id, resource.change(2), { 'if-match': 'W/"1"' });
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe('VERSION_CONFLICT');
      expect((await api(h, h.users.manager, 'GET', `${resource.url}/${id}`)).body).toMatchObject({ ...resource.change(1), version: 2 });
    });

    it('refuses a request whose body version and If-Match disagree, whichever is stale', async () => {
      const id = (await api(h, h.users.manager, 'POST', resource.url, createBody(resource.create))).body.id;
      expect((await patch(id, resource.change(1))).status).toBe(200);
      expect((await patch(id, { ...resource.change(2), version: 2 }, { 'if-match': '"1"' })).status).toBe(409);
      expect((await patch(id, { ...resource.change(3), version: 1 }, { 'if-match': '"2"' })).status).toBe(409);
      expect((await api(h, h.users.manager, 'GET', `${resource.url}/${id}`)).body).toMatchObject({ ...resource.change(1), version: 2 });
    });

    it('takes If-Match: * as "the record exists", and names the header when it is not a version', async () => {
      const id = (await api(h, h.users.manager, 'POST', resource.url, createBody(resource.create))).body.id;
      expect((await patch(id, resource.change(1), { 'if-match': '*' })).status).toBe(200);
      const bad = await patch(id, resource.change(2), { 'if-match': 'yesterday' });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'If-Match' }] });
    });
  });

  it('refuses to delete a person with a stale If-Match', async () => {
    const id = (await api(h, h.users.manager, 'POST', '/api/people', { lastName: 'Sauvage' })).body.id;
    expect((await api(h, h.users.manager, 'PATCH', `/api/people/${id}`, { firstName: 'Rémi' })).status).toBe(200);
    expect((await api(h, h.users.manager, 'DELETE', `/api/people/${id}`, undefined, { 'if-match': 'W/"1"' })).status).toBe(409);
    expect((await api(h, h.users.manager, 'GET', `/api/people/${id}`)).status).toBe(200);
  });

  it('a delete racing an edit or another delete: never both, never twice (the version is checked where the row is written)', async () => {
    const deletes = (id: string) => api(h, h.users.manager, 'DELETE', `/api/people/${id}`, undefined, { 'if-match': 'W/"1"' });
    for (let round = 0; round < 8; round++) {
      const edited = (await api(h, h.users.manager, 'POST', '/api/people', { lastName: `Course ${round}` })).body.id;
      const [edit, deletion] = await Promise.all([api(h, h.users.manager, 'PATCH', `/api/people/${edited}`, { firstName: 'Éditée', version: 1 }), deletes(edited)]);
      // One of them was first; the other saw version 1 gone.
      expect([edit.status, deletion.status].sort(), `round ${round}`).not.toEqual([200, 204]);
      expect([edit.status, deletion.status].filter((s) => s === 200 || s === 204), `round ${round}`).toHaveLength(1);

      const twice = (await api(h, h.users.manager, 'POST', '/api/people', { lastName: `Double ${round}` })).body.id;
      const both = await Promise.all([deletes(twice), deletes(twice)]);
      expect(both.filter((r) => r.status === 204), `round ${round}`).toHaveLength(1);
      const audit = await h.app.relais.context.db.selectFrom('audit_log').select('id').where('entity_id', '=', twice).where('action', '=', 'delete').execute();
      expect(audit).toHaveLength(1);
    }
  });

  it('the same values sent again change nothing: no new version, no audit row, no conflict for a colleague', async () => {
    for (const resource of RESOURCES) {
      const created = (await api(h, h.users.manager, 'POST', resource.url, createBody(resource.create))).body;
      const again = await api(h, h.users.manager, 'PATCH', `${resource.url}/${created.id}`, { ...resource.change(0), version: 1 });
      expect(again.status, resource.name).toBe(200);
      const audit = () => h.app.relais.context.db.selectFrom('audit_log').select('id').where('entity_id', '=', created.id).execute();
      const rowsBefore = (await audit()).length;
      const unchanged = await api(h, h.users.manager, 'PATCH', `${resource.url}/${created.id}`, { ...resource.change(0), version: 2 });
      expect(unchanged.status, resource.name).toBe(200);
      expect(unchanged.body.version, resource.name).toBe(2);
      expect(await audit(), resource.name).toHaveLength(rowsBefore);
      // A colleague who read version 2 still saves.
      expect((await api(h, h.users.manager, 'PATCH', `${resource.url}/${created.id}`, { ...resource.change(1), version: 2 })).status, resource.name).toBe(200);
    }
  });
});
