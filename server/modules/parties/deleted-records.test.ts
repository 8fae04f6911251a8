import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

/**
 * QUALITY 8, the same record filter everywhere: once a person or an organisation is deleted, its
 * timeline goes with it — what only it took part in is gone everywhere, what it shared with a live
 * record stays on that record's timeline only — and so do other records' relationships to it.
 */
describe.each(DIALECTS)('what goes with a deleted record on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  const interaction = async (body: Record<string, unknown>) => {
    const res = await api(h, h.users.frontdesk, 'POST', '/api/interactions', { channel: 'call', direction: 'in', summary: 'Appel', ...body });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const ids = async (filter: string) => (await api(h, h.users.sales, 'GET', `/api/interactions?${filter}&limit=50`)).body.items.map((i: { id: string }) => i.id).sort();

  it('hides what only the deleted record took part in, keeps what a live record shares, and audits it', async () => {
    const org = (await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Transports Effacés' })).body;
    const person = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Effacée', organisationIds: [org.id] })).body;
    // Not filed on the organisation (which a contact's interaction is by default).
    const onlyPerson = await interaction({ personId: person.id, organisationId: null });
    const shared = await interaction({ personId: person.id, organisationId: org.id });
    const onlyOrg = await interaction({ organisationId: org.id });
    expect(await ids(`personId=${person.id}`)).toEqual([onlyPerson, shared].sort());

    expect((await api(h, h.users.manager, 'DELETE', `/api/people/${person.id}`)).status).toBe(204);
    // Gone with the person: by its own address, in lists, for attachments.
    expect((await api(h, h.users.sales, 'GET', `/api/interactions/${onlyPerson}`)).status).toBe(404);
    expect(await ids(`personId=${person.id}`)).toEqual([]);
    expect(await ids('channel=call')).not.toContain(onlyPerson);
    const attach = await h.app.inject({
      method: 'POST',
      url: `/api/interactions/${onlyPerson}/attachments`,
      payload: '--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nbonjour\r\n--b--\r\n',
      headers: { 'content-type': 'multipart/form-data; boundary=b', authorization: `Bearer ${h.users.frontdesk.token}` },
    });
    expect(attach.statusCode).toBe(404);
    // The organisation's timeline keeps the call it shared.
    expect(await ids(`organisationId=${org.id}`)).toEqual([shared, onlyOrg].sort());
    expect((await api(h, h.users.sales, 'GET', `/api/interactions/${shared}`)).status).toBe(200);
    const audit = await h.app.relais.context.db.selectFrom('audit_log').select(['entity_id', 'action', 'actor_id']).where('entity_type', '=', 'interaction').where('action', '=', 'delete').execute();
    expect(audit).toEqual([{ entity_id: onlyPerson, action: 'delete', actor_id: h.users.manager.id }]);

    // Deleting the organisation too takes the rest.
    expect((await api(h, h.users.manager, 'DELETE', `/api/organisations/${org.id}`)).status).toBe(204);
    expect(await ids(`organisationId=${org.id}`)).toEqual([]);
    for (const id of [shared, onlyOrg]) expect((await api(h, h.users.sales, 'GET', `/api/interactions/${id}`)).status).toBe(404);
  });

  it("lists no requests or leads for a deleted or merged-away record, as its tasks and timeline; each stays in its queue and by its id", async () => {
    const team = (await api(h, h.users.admin, 'POST', '/api/teams', { name: 'Support effacé' })).body;
    const status = (key: string, terminal: boolean) => ({ key, labelEn: key, labelFr: key, terminal });
    const type = await api(h, h.users.manager, 'POST', '/api/request-types', { key: 'support', labelEn: 'Support', labelFr: 'Support', teamId: team.id, definition: { statuses: [status('open', false), status('done', true)] } });
    expect(type.status).toBe(201);
    const typeId = type.body.id as string;
    const org = (await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Demandes Effacées' })).body.id;
    const person = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Demandeuse', organisationIds: [org] })).body.id;
    const created = async (path: string, body: Record<string, unknown>) => {
      const res = await api(h, h.users.frontdesk, 'POST', `/api/${path}`, body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const request = await created('requests', { typeId, subject: 'Facture', personId: person, organisationId: org });
    const lead = await created('leads', { source: 'call', personId: person, organisationId: org, interest: 'Flotte' });
    const listed = async (path: string, filter: string) => (await api(h, h.users.manager, 'GET', `/api/${path}?${filter}&limit=50`)).body;
    for (const filter of [`personId=${person}`, `organisationId=${org}`]) {
      expect((await listed('requests', filter)).items.map((r: { id: string }) => r.id), filter).toEqual([request]);
      expect((await listed('leads', filter)).items.map((l: { id: string }) => l.id), filter).toEqual([lead]);
    }

    expect((await api(h, h.users.manager, 'DELETE', `/api/people/${person}`)).status).toBe(204);
    for (const path of ['requests', 'leads', 'tasks', 'interactions']) expect(await listed(path, `personId=${person}`), path).toEqual({ items: [], nextCursor: null });
    // Still the organisation's, in the team's queue, and readable by id.
    expect((await listed('requests', `organisationId=${org}`)).items.map((r: { id: string }) => r.id)).toEqual([request]);
    expect((await listed('requests', `teamId=${team.id}`)).items.map((r: { id: string }) => r.id)).toEqual([request]);
    expect((await api(h, h.users.manager, 'GET', `/api/requests/${request}`)).body).toMatchObject({ personId: person, organisationId: org });
    expect((await api(h, h.users.manager, 'GET', `/api/leads/${lead}`)).body).toMatchObject({ personId: person, organisationId: org });
    expect((await listed('leads', `originator=${h.users.frontdesk.id}`)).items.map((l: { id: string }) => l.id)).toContain(lead);
    // Both filters at once: the deleted one empties the list.
    expect(await listed('requests', `personId=${person}&organisationId=${org}`)).toEqual({ items: [], nextCursor: null });

    // Merged away: its requests and leads are the kept organisation's; by the old id, nothing.
    const kept = (await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Demandes Gardées' })).body.id;
    expect((await api(h, h.users.manager, 'POST', `/api/organisations/${kept}/merge`, { sourceId: org })).status).toBe(200);
    for (const path of ['requests', 'leads', 'tasks', 'interactions']) expect(await listed(path, `organisationId=${org}`), path).toEqual({ items: [], nextCursor: null });
    expect((await listed('requests', `organisationId=${kept}`)).items.map((r: { id: string }) => r.id)).toEqual([request]);
    expect((await listed('leads', `organisationId=${kept}`)).items.map((l: { id: string }) => l.id)).toEqual([lead]);
  });

  it("lists no calls for a deleted record's id; the call log keeps them by number", async () => {
    const person = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Appelante', phones: [{ number: '06 11 22 44 01' }] })).body.id;
    const secret = (await api(h, h.users.admin, 'POST', '/api/telephony/integrations', { name: 'Standard effacé', kind: 'generic' })).body.secret;
    for (const event of ['ringing', 'missed']) {
      const res = await h.app.inject({ method: 'POST', url: '/api/telephony/events', headers: { authorization: `Bearer ${secret}` }, payload: { callId: 'deleted-1', event, from: '0611224401', to: '0140000000' } });
      expect(res.statusCode).toBeLessThan(300);
    }
    const calls = async (filter: string) => (await api(h, h.users.frontdesk, 'GET', `/api/calls?${filter}`)).body.items.map((c: { callId: string }) => c.callId);
    expect(await calls(`personId=${person}`)).toEqual(['deleted-1']);
    expect((await api(h, h.users.manager, 'DELETE', `/api/people/${person}`)).status).toBe(204);
    expect((await api(h, h.users.frontdesk, 'GET', `/api/calls?personId=${person}`)).body).toEqual({ items: [], nextCursor: null });
    expect(await calls('number=0611224401')).toEqual(['deleted-1']);
  });

  it('drops the relationships of other records pointing at a deleted one, audited on each; the survivor saves back what it reads', async () => {
    const gone = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Partie' })).body;
    const colleague = (await api(h, h.users.frontdesk, 'POST', '/api/people', {
      lastName: 'Reste',
      relationships: [{ type: 'contact-of', targetType: 'person', targetId: gone.id }, { type: 'client' }],
    })).body;
    expect(colleague.relationships).toHaveLength(2);
    expect((await api(h, h.users.manager, 'DELETE', `/api/people/${gone.id}`)).status).toBe(204);
    const read = (await api(h, h.users.sales, 'GET', `/api/people/${colleague.id}`)).body;
    expect(read.relationships).toEqual([expect.objectContaining({ type: 'client' })]);
    const listed = (await api(h, h.users.sales, 'GET', `/api/people?relationship=contact-of&q=Reste`)).body.items;
    expect(listed).toEqual([]);
    const saved = await api(h, h.users.manager, 'PATCH', `/api/people/${colleague.id}`, {
      relationships: read.relationships.map((r: { type: string; targetType?: string; targetId?: string }) => ({ type: r.type, ...(r.targetId && { targetType: r.targetType, targetId: r.targetId }) })),
    });
    expect(saved.status).toBe(200);
    const audit = await h.app.relais.context.db.selectFrom('audit_log').select(['old_value', 'new_value', 'actor_id']).where('entity_id', '=', colleague.id).where('field', '=', 'relationships').execute();
    expect(audit.filter((a) => a.old_value?.includes(gone.id) && a.new_value === null)).toEqual([expect.objectContaining({ actor_id: h.users.manager.id })]);
  });

  it('shows on a record the relationships other live records hold to it, without auditing them on it', async () => {
    const firm = (await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Nommée SA' })).body;
    const contact = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Contact', relationships: [{ type: 'contact-of', targetType: 'organisation', targetId: firm.id }] })).body;
    const partner = (await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Partenaire', relationships: [{ type: 'supplier', targetType: 'organisation', targetId: firm.id }] })).body;
    const read = (await api(h, h.users.sales, 'GET', `/api/organisations/${firm.id}`)).body;
    expect(read.incomingRelationships).toEqual([
      { id: contact.relationships[0].id, type: 'contact-of', sourceType: 'person', sourceId: contact.id },
      { id: partner.relationships[0].id, type: 'supplier', sourceType: 'organisation', sourceId: partner.id },
    ]);
    // Another record's relationship is audited on that record, not on the one it names.
    const fields = await h.app.relais.context.db.selectFrom('audit_log').select('field').where('entity_id', '=', firm.id).execute();
    expect(fields.map((f) => f.field)).not.toContain('incomingRelationships');
    // A deleted record's relationships no longer show.
    expect((await api(h, h.users.manager, 'DELETE', `/api/people/${contact.id}`)).status).toBe(204);
    expect((await api(h, h.users.sales, 'GET', `/api/organisations/${firm.id}`)).body.incomingRelationships).toEqual([
      { id: partner.relationships[0].id, type: 'supplier', sourceType: 'organisation', sourceId: partner.id },
    ]);
  });

  it('a DELETE with the version read refuses a record changed meanwhile, and takes no other field', async () => {
    for (const [url, body] of [['/api/people', { lastName: 'Versionnée' }], ['/api/organisations', { name: 'Versionnée SA' }]] as const) {
      const created = (await api(h, h.users.frontdesk, 'POST', url, body)).body;
      expect((await api(h, h.users.frontdesk, 'PATCH', `${url}/${created.id}`, { tags: ['vu'] })).body.version).toBe(created.version + 1);
      const stale = await api(h, h.users.manager, 'DELETE', `${url}/${created.id}`, { version: created.version });
      expect(stale.status, url).toBe(409);
      expect(stale.body.error).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: created.version + 1 } });
      const unknown = await api(h, h.users.manager, 'DELETE', `${url}/${created.id}`, { version: created.version + 1, bogus: true });
      expect(unknown.status, url).toBe(400);
      expect(unknown.body.error.details[0].path).toBe('bogus');
      expect((await api(h, h.users.sales, 'GET', `${url}/${created.id}`)).status).toBe(200);
      expect((await api(h, h.users.manager, 'DELETE', `${url}/${created.id}`, { version: created.version + 1 })).status).toBe(204);
    }
    // An interaction the same way.
    const about = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Annotée' })).body;
    const logged = (await api(h, h.users.frontdesk, 'POST', '/api/interactions', { channel: 'note', direction: 'internal', summary: 'Note', personId: about.id })).body;
    expect((await api(h, h.users.frontdesk, 'PATCH', `/api/interactions/${logged.id}`, { summary: 'Note corrigée' })).status).toBe(200);
    expect((await api(h, h.users.manager, 'DELETE', `/api/interactions/${logged.id}`, { version: logged.version })).status).toBe(409);
    expect((await api(h, h.users.manager, 'DELETE', `/api/interactions/${logged.id}`, { version: logged.version + 1 })).status).toBe(204);
  });
});
