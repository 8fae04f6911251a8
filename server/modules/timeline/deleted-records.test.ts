import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

/**
 * QUALITY 8, the same record filter everywhere: once a person or an organisation is deleted, its
 * timeline goes with it — what only it took part in is gone everywhere, what it shared with a live
 * record stays on that record's timeline only.
 */
describe.each(DIALECTS)('the timeline of deleted records on %s', (dialect) => {
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
    const onlyPerson = await interaction({ personId: person.id });
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
});
