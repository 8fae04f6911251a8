/**
 * QUALITY 6 and 8: nested references name live records. A request, task or interaction link that
 * points at a deleted or merged-away customer, or at a withdrawn interaction, would sit on a
 * record nobody can open: refused with a 400 naming the field, and nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, type Harness } from '../harness.js';

describe.each(DIALECTS)('nested references to deleted, merged or withdrawn records on %s', (dialect) => {
  let h: Harness;
  let typeId: string;
  let live: { id: string };
  beforeAll(async () => {
    h = await createHarness(dialect);
    const team = (await api(h, h.users.admin, 'POST', '/api/teams', { name: 'Support' })).body;
    const status = (key: string, terminal: boolean) => ({ key, labelEn: key, labelFr: key, terminal });
    typeId = (await api(h, h.users.manager, 'POST', '/api/request-types', { key: 'support', labelEn: 'Support', labelFr: 'Support', teamId: team.id, definition: { statuses: [status('open', false), status('done', true)] } })).body.id;
    live = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Présent' })).body;
  });
  afterAll(async () => {
    await h?.close();
  });

  const requestCount = async () => Number((await h.app.relais.context.db.selectFrom('requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('refuses a request about a deleted person or organisation, naming the field', async () => {
    const person = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Supprimé' })).body;
    const organisation = (await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Fermée SARL' })).body;
    expect((await api(h, h.users.manager, 'DELETE', `/api/people/${person.id}`)).status).toBe(204);
    expect((await api(h, h.users.manager, 'DELETE', `/api/organisations/${organisation.id}`)).status).toBe(204);
    const before = await requestCount();
    const onPerson = await api(h, h.users.frontdesk, 'POST', '/api/requests', { typeId, subject: 'Attestation', personId: person.id });
    expect(onPerson.status).toBe(400);
    expect(onPerson.body.error.details).toEqual([{ path: 'personId', message: 'not found' }]);
    const onOrganisation = await api(h, h.users.frontdesk, 'POST', '/api/requests', { typeId, subject: 'Attestation', organisationId: organisation.id });
    expect(onOrganisation.status).toBe(400);
    expect(onOrganisation.body.error.details).toEqual([{ path: 'organisationId', message: 'not found' }]);
    expect(await requestCount()).toBe(before);
    // The same request about a live customer goes through.
    expect((await api(h, h.users.frontdesk, 'POST', '/api/requests', { typeId, subject: 'Attestation', personId: live.id })).status).toBe(201);
  });

  it('refuses a request about a record merged into another: it would vanish from the kept record', async () => {
    const kept = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Gardé' })).body;
    const merged = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Doublon' })).body;
    expect((await api(h, h.users.manager, 'POST', `/api/people/${kept.id}/merge`, { sourceId: merged.id })).status).toBe(200);
    const res = await api(h, h.users.frontdesk, 'POST', '/api/requests', { typeId, subject: 'Rappel', personId: merged.id });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'personId', message: 'not found' }]);
    expect((await api(h, h.users.frontdesk, 'GET', `/api/requests?personId=${merged.id}`)).body.items).toEqual([]);
  });

  it('refuses a request, a task or a link that comes from a withdrawn interaction', async () => {
    const note = (await api(h, h.users.frontdesk, 'POST', '/api/interactions', { channel: 'note', direction: 'internal', personId: live.id, summary: 'saisi par erreur' })).body;
    expect((await api(h, h.users.frontdesk, 'DELETE', `/api/interactions/${note.id}`)).status).toBe(204);
    const request = await api(h, h.users.frontdesk, 'POST', '/api/requests', { typeId, subject: 'Suite', personId: live.id, interactionId: note.id });
    expect(request.status).toBe(400);
    expect(request.body.error.details).toEqual([{ path: 'interactionId', message: 'not found' }]);
    const task = await api(h, h.users.frontdesk, 'POST', '/api/tasks', { title: 'Rappeler', personId: live.id, interactionId: note.id });
    expect(task.status).toBe(400);
    expect(task.body.error.details).toEqual([{ path: 'interactionId', message: 'not found' }]);
    const link = await api(h, h.users.frontdesk, 'POST', '/api/interactions', { channel: 'note', direction: 'internal', personId: live.id, links: [{ type: 'interaction', id: note.id }] });
    expect(link.status).toBe(400);
    expect(link.body.error.details).toEqual([{ path: 'links.0.id', message: 'not found' }]);
    // Nothing about the withdrawn note was written: the person's timeline holds no entry at all.
    expect((await api(h, h.users.frontdesk, 'GET', `/api/interactions?personId=${live.id}`)).body.items).toEqual([]);
    expect((await api(h, h.users.frontdesk, 'GET', `/api/tasks?personId=${live.id}`)).body.items).toEqual([]);
  });
});
