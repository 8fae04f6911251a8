import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';
import { PARTY_REFERENCES } from './party-kinds.js';

/** Column names that point at a person or an organisation somewhere in the schema. */
const REFERENCE_COLUMNS = new Set(['person_id', 'organisation_id', 'entity_id', 'subject_id', 'object_id', 'from_id', 'to_id']);

describe.each(DIALECTS)('merging people and organisations on %s', (dialect) => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('accounts for every column of the schema that points at a person or an organisation', async () => {
    const tables = await h.app.relais.context.db.introspection.getTables();
    const found = tables.flatMap((t) => t.columns.filter((c) => REFERENCE_COLUMNS.has(c.name)).map((c) => `${t.name}.${c.name}`)).sort();
    const listed = [
      ...PARTY_REFERENCES.moved.flatMap((t) => [`${t}.person_id`, `${t}.organisation_id`]),
      ...PARTY_REFERENCES.movedByEntityId.map((t) => `${t}.entity_id`),
      ...PARTY_REFERENCES.mergedByHand,
      ...PARTY_REFERENCES.kept,
    ].sort();
    expect(found).toEqual(listed);
  });

  it('moves calls, call-backs, requests, leads and pressure overrides to the kept record', async () => {
    const keep = (await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Anne', lastName: 'Garnier', phones: [{ number: '06 11 22 33 01' }] })).body;
    const dup = (await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Anne', lastName: 'Garnier', phones: [{ number: '06 11 22 33 02' }], tags: ['relance'] })).body;

    // A missed call from the duplicate's number: a call and a call-back on the duplicate.
    const secret = (await api(h, h.users.admin, 'POST', '/api/telephony/integrations', { name: 'Standard', kind: 'generic' })).body.secret;
    const event = (name: string) =>
      h.app.inject({ method: 'POST', url: '/api/telephony/events', headers: { authorization: `Bearer ${secret}` }, payload: { callId: 'merge-1', event: name, from: '0611223302', to: '0140000000' } });
    await event('ringing');
    await event('missed');
    // A request and a lead about the duplicate.
    const teamId = (await api(h, h.users.admin, 'POST', '/api/teams', { name: 'Support' })).body.id;
    const type = await api(h, h.users.manager, 'POST', '/api/request-types', {
      key: 'support',
      labelEn: 'Support',
      labelFr: 'Support',
      teamId,
      definition: { statuses: [{ key: 'new', labelEn: 'New', labelFr: 'Nouvelle' }, { key: 'done', labelEn: 'Done', labelFr: 'Faite', terminal: true }], fields: [], sla: { byPriority: {} } },
    });
    expect(type.status).toBe(201);
    const request = await api(h, h.users.frontdesk, 'POST', '/api/requests', { typeId: type.body.id, subject: 'Imprimante', personId: dup.id });
    expect(request.status).toBe(201);
    const lead = await api(h, h.users.frontdesk, 'POST', '/api/leads', { source: 'call', personId: dup.id, interest: 'Contrat de maintenance' });
    expect(lead.status).toBe(201);
    // An outbound contact over a cap, forced with a reason: a pressure override on the duplicate.
    expect((await api(h, h.users.manager, 'POST', '/api/pressure/rules', { scopeType: 'tag', scopeValue: 'relance', maxContacts: 1, periodDays: 30 })).status).toBe(201);
    await api(h, h.users.sales, 'POST', '/api/interactions', { channel: 'call', direction: 'out', personId: dup.id });
    const forced = await api(h, h.users.sales, 'POST', '/api/interactions', { channel: 'email', direction: 'out', personId: dup.id, pressureOverrideReason: 'asked for the quote' });
    expect(forced.status).toBe(201);

    const merged = await api(h, h.users.manager, 'POST', `/api/people/${keep.id}/merge`, { sourceId: dup.id });
    expect(merged.status).toBe(200);

    const db = h.app.relais.context.db;
    for (const table of ['interactions', ...PARTY_REFERENCES.moved] as const) {
      const left = await db.selectFrom(table).select('id').where('person_id', '=', dup.id).execute();
      expect(left, `${table} left on the retired record`).toEqual([]);
    }
    const calls = (await api(h, h.users.frontdesk, 'GET', `/api/calls?personId=${keep.id}`)).body.items;
    expect(calls.map((c: { callId: string }) => c.callId)).toEqual(['merge-1']);
    const callbacks = (await api(h, h.users.frontdesk, 'GET', '/api/callbacks?status=open')).body.items;
    expect(callbacks.find((c: { callId: string }) => c.callId === calls[0].id)).toMatchObject({ personId: keep.id });
    expect((await api(h, h.users.frontdesk, 'GET', `/api/requests/${request.body.id}`)).body).toMatchObject({ personId: keep.id });
    expect((await api(h, h.users.frontdesk, 'GET', `/api/leads/${lead.body.id}`)).body).toMatchObject({ personId: keep.id });
    const pressure = (await api(h, h.users.manager, 'GET', `/api/pressure?entityId=${keep.id}`)).body;
    expect(pressure.overrides[0]).toMatchObject({ reason: 'asked for the quote' });

    // Every row that changed hands says so in its own audit trail, by whom; versioned ones have a new version.
    const movedAudit = async (entityId: string, field: string) =>
      (await api(h, h.users.manager, 'GET', `/api/audit?entityId=${entityId}`)).body.items.filter((r: { field: string | null; action: string }) => r.field === field && r.action !== 'create');
    for (const [id, field] of [[request.body.id, 'personId'], [lead.body.id, 'personId'], [calls[0].id, 'personId'], [forced.body.id, 'participant']]) {
      expect(await movedAudit(id, field), `${id} ${field}`).toEqual([expect.objectContaining({ actorId: h.users.manager.id, oldValue: dup.id, newValue: keep.id })]);
    }
    expect((await api(h, h.users.frontdesk, 'GET', `/api/requests/${request.body.id}`)).body.version).toBe(request.body.version + 1);
    expect((await api(h, h.users.frontdesk, 'GET', `/api/interactions/${forced.body.id}`)).body.version).toBe(forced.body.version + 1);
  });

  it('refuses a merge decided on stale records: If-Match or version for the kept one, sourceVersion for the other', async () => {
    const keep = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Garde' })).body;
    const dup = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Gardes' })).body;
    // A colleague corrects both while the manager compares them.
    expect((await api(h, h.users.frontdesk, 'PATCH', `/api/people/${keep.id}`, { firstName: 'Léa', version: keep.version })).status).toBe(200);
    expect((await api(h, h.users.frontdesk, 'PATCH', `/api/people/${dup.id}`, { firstName: 'Léa', version: dup.version })).status).toBe(200);
    const merge = (body: object, headers: Record<string, string> = {}) => api(h, h.users.manager, 'POST', `/api/people/${keep.id}/merge`, { sourceId: dup.id, ...body }, headers);
    for (const stale of [await merge({}, { 'if-match': `W/"${keep.version}"` }), await merge({ version: keep.version }), await merge({ sourceVersion: dup.version })]) {
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    }
    // Nothing moved: both records are still there.
    expect((await api(h, h.users.sales, 'GET', `/api/people/${dup.id}`)).status).toBe(200);
    const merged = await merge({ sourceVersion: dup.version + 1 }, { 'if-match': `W/"${keep.version + 1}"` });
    expect(merged.status).toBe(200);
    expect(merged.headers.etag).toBe(`W/"${merged.body.version}"`);
    expect((await api(h, h.users.sales, 'GET', `/api/people/${dup.id}`)).status).toBe(404);
  });

  it("audits other records' relationships that now name the kept record", async () => {
    const keep = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Gardé' })).body;
    const dup = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Doublon' })).body;
    const colleague = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Collègue', relationships: [{ type: 'contact-of', targetType: 'person', targetId: dup.id }] })).body;
    expect((await api(h, h.users.manager, 'POST', `/api/people/${keep.id}/merge`, { sourceId: dup.id })).status).toBe(200);
    expect((await api(h, h.users.sales, 'GET', `/api/people/${colleague.id}`)).body.relationships).toEqual([expect.objectContaining({ targetId: keep.id })]);
    const audit = (await api(h, h.users.manager, 'GET', `/api/audit?entityId=${colleague.id}`)).body.items.filter((r: { action: string; field: string }) => r.action === 'update' && r.field === 'relationships');
    expect(audit).toEqual([expect.objectContaining({ actorId: h.users.manager.id, oldValue: expect.stringContaining(dup.id), newValue: expect.stringContaining(keep.id) })]);
  });

  it("audits other records' memberships and interaction links that now name the kept record", async () => {
    const keep = (await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Fret Durand' })).body;
    const dup = (await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Fret Durand SAS' })).body;
    const member = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Employé', organisationIds: [dup.id] })).body;
    const both = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Associé', organisationIds: [keep.id, dup.id] })).body;
    const note = (await api(h, h.users.frontdesk, 'POST', '/api/interactions', { channel: 'note', direction: 'internal', personId: member.id, links: [{ type: 'organisation', id: dup.id }] })).body;
    expect((await api(h, h.users.manager, 'POST', `/api/organisations/${keep.id}/merge`, { sourceId: dup.id })).status).toBe(200);
    const updates = async (id: string, field: string) =>
      (await api(h, h.users.manager, 'GET', `/api/audit?entityId=${id}`)).body.items.filter((r: { action: string; field: string }) => r.action === 'update' && r.field === field);
    expect((await api(h, h.users.sales, 'GET', `/api/people/${member.id}`)).body.organisationIds).toEqual([keep.id]);
    expect(await updates(member.id, 'organisationIds')).toEqual([expect.objectContaining({ actorId: h.users.manager.id, oldValue: dup.id, newValue: keep.id })]);
    expect(await updates(both.id, 'organisationIds')).toEqual([expect.objectContaining({ oldValue: dup.id, newValue: null })]);
    expect((await api(h, h.users.sales, 'GET', `/api/interactions/${note.id}`)).body.links).toEqual([{ type: 'organisation', id: keep.id }]);
    expect(await updates(note.id, 'links')).toEqual([expect.objectContaining({ actorId: h.users.manager.id, oldValue: expect.stringContaining(dup.id), newValue: expect.stringContaining(keep.id) })]);
  });

  it("moves an organisation's timeline to the kept organisation, found through its participants", async () => {
    const keep = (await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Transports Lemoine' })).body;
    const dup = (await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Transports Lemoine SARL' })).body;
    const note = await api(h, h.users.frontdesk, 'POST', '/api/interactions', { channel: 'note', direction: 'internal', organisationId: dup.id, summary: 'Devis palettes' });
    expect(note.status).toBe(201);

    expect((await api(h, h.users.manager, 'POST', `/api/organisations/${keep.id}/merge`, { sourceId: dup.id })).status).toBe(200);

    const timeline = (await api(h, h.users.frontdesk, 'GET', `/api/interactions?organisationId=${keep.id}`)).body.items;
    expect(timeline.map((i: { id: string; organisationId: string }) => [i.id, i.organisationId])).toEqual([[note.body.id, keep.id]]);
    const db = h.app.relais.context.db;
    expect(await db.selectFrom('interactions').select('id').where('organisation_id', '=', dup.id).execute()).toEqual([]);
    expect(await db.selectFrom('interaction_participants').select('interaction_id').where('entity_id', '=', dup.id).execute()).toEqual([]);
  });

  it('merges one record into two others at the same time only once: the loser is refused and nothing is split', async () => {
    const db = h.app.relais.context.db;
    for (let round = 0; round < 4; round++) {
      const create = async (firstName: string, number: string) =>
        (await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName, lastName: `Perrin ${round}`, phones: [{ number }] })).body;
      const first = await create('Luc', `06 12 00 0${round} 01`);
      const second = await create('Lucas', `06 12 00 0${round} 02`);
      const dup = await create('L.', `06 12 00 0${round} 03`);
      const call = await api(h, h.users.frontdesk, 'POST', '/api/interactions', { channel: 'call', direction: 'in', personId: dup.id, summary: 'Livraison' });
      expect(call.status).toBe(201);

      const answers = await Promise.all([first, second].map((target) => api(h, h.users.manager, 'POST', `/api/people/${target.id}/merge`, { sourceId: dup.id })));
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s !== 200).every((s) => s === 409 || s === 404)).toBe(true);

      const winner = statuses[0] === 200 ? first : second;
      const loser = winner === first ? second : first;
      const retired = await db.selectFrom('people').select('merged_into_id').where('id', '=', dup.id).executeTakeFirstOrThrow();
      expect(retired.merged_into_id).toBe(winner.id);
      const phonesOf = async (id: string) =>
        (await db.selectFrom('contact_points').select('normalized').where('entity_id', '=', id).where('kind', '=', 'phone').execute()).map((p) => p.normalized).sort();
      expect(await phonesOf(winner.id)).toEqual([`+33612000${round}${winner === first ? '01' : '02'}`, `+33612000${round}03`].sort());
      expect(await phonesOf(loser.id)).toEqual([`+33612000${round}${loser === first ? '01' : '02'}`]);
      const timeline = (await api(h, h.users.frontdesk, 'GET', `/api/interactions?personId=${winner.id}`)).body.items;
      expect(timeline.map((i: { id: string }) => i.id)).toEqual([call.body.id]);
      expect((await api(h, h.users.frontdesk, 'GET', `/api/interactions?personId=${loser.id}`)).body.items).toEqual([]);
    }
  });

  it('refuses an unknown team by naming the field, for people and users alike', async () => {
    const person = await api(h, h.users.manager, 'POST', '/api/people', { firstName: 'Léa', lastName: 'Sans-Équipe', teamId: 'no-such-team' });
    expect(person.status).toBe(400);
    expect(person.body.error.details).toEqual([{ path: 'teamId', message: 'unknown team' }]);
    const created = (await api(h, h.users.manager, 'POST', '/api/people', { firstName: 'Léa', lastName: 'Équipe' })).body;
    const patched = await api(h, h.users.manager, 'PATCH', `/api/people/${created.id}`, { teamId: 'no-such-team', version: created.version });
    expect(patched.status).toBe(400);
    expect(patched.body.error.details[0]).toMatchObject({ path: 'teamId' });
    const user = await api(h, h.users.admin, 'PATCH', `/api/users/${h.users.sales.id}`, { teamId: 'no-such-team' });
    expect(user.status).toBe(400);
    expect(user.body.error.details[0]).toMatchObject({ path: 'teamId' });
  });

  it('refuses relationships and interaction links that point at nothing', async () => {
    const org = (await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Transports Rivière' })).body;
    const ok = await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Marc', lastName: 'Rivière', relationships: [{ type: 'contact-of', targetId: org.id }] });
    expect(ok.status).toBe(201);
    const dangling = await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Marc', lastName: 'Nulle-Part', relationships: [{ type: 'contact-of', targetId: 'no-such-org' }] });
    expect(dangling.status).toBe(400);
    expect(dangling.body.error.details).toEqual([{ path: 'relationships.0.targetId', message: 'not found' }]);
    const linked = await api(h, h.users.frontdesk, 'POST', '/api/interactions', { channel: 'note', direction: 'internal', personId: ok.body.id, links: [{ type: 'organisation', id: org.id }] });
    expect(linked.status, JSON.stringify(linked.body)).toBe(201);
    expect(linked.body.links).toEqual([{ type: 'organisation', id: org.id }]);
    const unknownId = await api(h, h.users.frontdesk, 'POST', '/api/interactions', { channel: 'note', direction: 'internal', personId: ok.body.id, links: [{ type: 'task', id: 'no-such-task' }] });
    expect(unknownId.status).toBe(400);
    expect(unknownId.body.error.details).toEqual([{ path: 'links.0.id', message: 'not found' }]);
    const unknownType = await api(h, h.users.frontdesk, 'POST', '/api/interactions', { channel: 'note', direction: 'internal', personId: ok.body.id, links: [{ type: 'invoice', id: org.id }] });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.error.details[0].path).toBe('links.0.type');
  });
});
