import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '../../events/bus.js';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

describe.each(DIALECTS)('consent on %s', (dialect) => {
  let h: Harness;
  let published: LiveEvent[];
  let person: { id: string };
  let organisation: { id: string };
  let secret: string;
  let integrationId: string;

  const auditOf = (entityId: string) =>
    h.app.relais.context.db.selectFrom('audit_log').select(['action', 'field', 'old_value', 'new_value', 'actor_id']).where('entity_id', '=', entityId).where('action', '=', 'consent').orderBy('id').execute();

  beforeAll(async () => {
    h = await createHarness(dialect);
    published = [];
    h.app.relais.context.events.subscribe((e) => published.push(e));
    person = (await api(h, h.users.sales, 'POST', '/api/people', { firstName: 'Sophie', lastName: 'Marchand', phones: [{ number: '06 11 22 33 44' }] })).body;
    organisation = (await api(h, h.users.sales, 'POST', '/api/organisations', { name: 'Transports Marchand' })).body;
    const integration = await api(h, h.users.admin, 'POST', '/api/telephony/integrations', { name: 'Standard', kind: 'generic' });
    secret = integration.body.secret;
    integrationId = integration.body.id;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('records consent per channel and purpose, lists only what was recorded, and audits old → new in the same write', async () => {
    expect((await api(h, h.users.backoffice, 'GET', `/api/people/${person.id}/consents`)).body).toEqual({ items: [] });
    const put = await api(h, h.users.frontdesk, 'PUT', `/api/people/${person.id}/consents`, [
      { channel: 'phone', purpose: 'marketing', status: 'refused', source: 'call of 12/11' },
      { channel: 'email', purpose: 'marketing', status: 'granted', source: 'web form', note: 'newsletter only' },
    ]);
    expect(put.status).toBe(200);
    expect(put.body.items).toEqual([
      { channel: 'email', purpose: 'marketing', status: 'granted', source: 'web form', note: 'newsletter only', recordedAt: h.clock.now().toISOString(), recordedBy: { id: h.users.frontdesk.id, name: expect.any(String) } },
      { channel: 'phone', purpose: 'marketing', status: 'refused', source: 'call of 12/11', note: null, recordedAt: h.clock.now().toISOString(), recordedBy: { id: h.users.frontdesk.id, name: expect.any(String) } },
    ]);
    expect((await api(h, h.users.sales, 'GET', `/api/people/${person.id}/consents`)).body.items).toEqual(put.body.items);
    const audit = await auditOf(person.id);
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'consent', field: 'phone.marketing', old_value: null, new_value: 'refused', actor_id: h.users.frontdesk.id },
        { action: 'consent', field: 'phone.marketing.source', old_value: null, new_value: 'call of 12/11', actor_id: h.users.frontdesk.id },
        { action: 'consent', field: 'email.marketing', old_value: null, new_value: 'granted', actor_id: h.users.frontdesk.id },
      ]),
    );
    await vi.waitFor(() => expect(published.some((e) => e.type === 'consent.changed' && (e.data as { entityId: string }).entityId === person.id)).toBe(true));

    // The same values again change nothing and audit nothing.
    const before = (await auditOf(person.id)).length;
    await api(h, h.users.frontdesk, 'PUT', `/api/people/${person.id}/consents`, [{ channel: 'phone', purpose: 'marketing', status: 'refused' }]);
    expect((await auditOf(person.id)).length).toBe(before);

    // A change of mind, then "unknown" forgets a value: both audited, old → new.
    await api(h, h.users.sales, 'PUT', `/api/people/${person.id}/consents`, [{ channel: 'email', purpose: 'marketing', status: 'refused', source: 'reply to mailing' }]);
    await api(h, h.users.sales, 'PUT', `/api/people/${person.id}/consents`, [{ channel: 'email', purpose: 'marketing', status: 'unknown' }]);
    const later = (await auditOf(person.id)).filter((a) => a.field === 'email.marketing').map((a) => [a.old_value, a.new_value]);
    expect(later).toEqual([[null, 'granted'], ['granted', 'refused'], ['refused', null]]);
    expect((await api(h, h.users.sales, 'GET', `/api/people/${person.id}/consents`)).body.items.map((i: { channel: string }) => i.channel)).toEqual(['phone']);

    // Organisations have the same routes.
    const org = await api(h, h.users.backoffice, 'PUT', `/api/organisations/${organisation.id}/consents`, [{ channel: 'post', purpose: 'service', status: 'granted' }]);
    expect(org.status).toBe(200);
    expect(org.body.items).toMatchObject([{ channel: 'post', purpose: 'service', status: 'granted', source: null }]);
  });

  it('refuses unknown values and fields, naming the field', async () => {
    const url = `/api/people/${person.id}/consents`;
    const cases: [unknown, string][] = [
      [[{ channel: 'fax', purpose: 'marketing', status: 'refused' }], '0.channel'],
      [[{ channel: 'phone', purpose: 'marketing', status: 'granted' }, { channel: 'phone', purpose: 'survey', status: 'granted' }], '1.purpose'],
      [[{ channel: 'phone', purpose: 'marketing', status: 'maybe' }], '0.status'],
      [[{ channel: 'phone', purpose: 'marketing', status: 'refused', recordedBy: 'someone' }], '0.recordedBy'],
      [[{ channel: 'phone', purpose: 'marketing', status: 'refused', source: 'x'.repeat(201) }], '0.source'],
      [[{ channel: 'phone', purpose: 'service', status: 'granted' }, { channel: 'phone', purpose: 'service', status: 'refused' }], '1.purpose'],
    ];
    for (const [body, path] of cases) {
      const res = await api(h, h.users.frontdesk, 'PUT', url, body);
      expect(res.status, path).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.map((d: { path: string }) => d.path), JSON.stringify(body)).toContain(path);
    }
    expect((await api(h, h.users.frontdesk, 'PUT', url, [])).status).toBe(400);
    // Nothing of the refused bodies was written.
    expect((await api(h, h.users.sales, 'GET', url)).body.items.map((i: { purpose: string }) => i.purpose)).toEqual(['marketing']);
  });

  it('answers 404 for unknown and deleted records, and for a person id on the organisation route', async () => {
    const gone = (await api(h, h.users.admin, 'POST', '/api/people', { lastName: 'Parti' })).body;
    expect((await api(h, h.users.manager, 'DELETE', `/api/people/${gone.id}`)).status).toBe(204);
    const body = [{ channel: 'phone', purpose: 'marketing', status: 'refused' }];
    for (const url of [`/api/people/${gone.id}/consents`, '/api/people/00000000-0000-0000-0000-000000000000/consents', `/api/organisations/${person.id}/consents`]) {
      expect((await api(h, h.users.frontdesk, 'GET', url)).status, url).toBe(404);
      expect((await api(h, h.users.frontdesk, 'PUT', url, body)).status, url).toBe(404);
    }
    expect(await h.app.relais.context.db.selectFrom('consents').select('id').where('entity_id', '=', gone.id).execute()).toEqual([]);
  });

  it('a merge keeps, per channel and purpose, what was said last', async () => {
    const a = (await api(h, h.users.admin, 'POST', '/api/people', { lastName: 'Doublon' })).body;
    const b = (await api(h, h.users.admin, 'POST', '/api/people', { lastName: 'Doublon' })).body;
    await api(h, h.users.frontdesk, 'PUT', `/api/people/${a.id}/consents`, [{ channel: 'sms', purpose: 'marketing', status: 'granted' }]);
    h.clock.advance(60_000);
    await api(h, h.users.frontdesk, 'PUT', `/api/people/${b.id}/consents`, [{ channel: 'sms', purpose: 'marketing', status: 'refused' }, { channel: 'post', purpose: 'service', status: 'granted' }]);
    expect((await api(h, h.users.manager, 'POST', `/api/people/${a.id}/merge`, { sourceId: b.id })).status).toBe(200);
    const items = (await api(h, h.users.frontdesk, 'GET', `/api/people/${a.id}/consents`)).body.items;
    expect(items.map((i: { channel: string; status: string }) => `${i.channel}:${i.status}`)).toEqual(['post:granted', 'sms:refused']);
    // The kept record's audit trail says what it consents to now, and who changed it (QUALITY 22).
    const trail = (await auditOf(a.id)).map((r) => ({ field: r.field, old: r.old_value, new: r.new_value, by: r.actor_id }));
    expect(trail).toHaveLength(3);
    expect(trail).toEqual(expect.arrayContaining([
      { field: 'sms.marketing', old: null, new: 'granted', by: h.users.frontdesk.id },
      { field: 'sms.marketing', old: 'granted', new: 'refused', by: h.users.manager.id },
      { field: 'post.service', old: null, new: 'granted', by: h.users.manager.id },
    ]));
  });

  it('puts the consent map on the ringing card (only recorded values)', async () => {
    await api(h, h.users.frontdesk, 'PUT', `/api/people/${person.id}/consents`, [{ channel: 'email', purpose: 'marketing', status: 'granted', source: 'web form' }]);
    const callId = `consent-call-${dialect}`;
    const res = await h.app.inject({ method: 'POST', url: '/api/telephony/events', headers: { authorization: `Bearer ${secret}` }, payload: { callId, event: 'ringing', from: '06 11 22 33 44', to: '01 40 00 00 00' } });
    expect(res.statusCode).toBe(202);
    await vi.waitFor(() => expect(published.find((e) => e.type === 'call.ringing' && (e.data as { externalId: string }).externalId === callId)).toBeDefined());
    const card = published.find((e) => e.type === 'call.ringing' && (e.data as { externalId: string }).externalId === callId)!.data as { matches: { id: string; consent: unknown }[] };
    expect(card.matches).toHaveLength(1);
    expect(card.matches[0].consent).toEqual({ phone: { marketing: 'refused' }, email: { marketing: 'granted' } });
    const full = await api(h, h.users.frontdesk, 'GET', `/api/calls/${res.json().callId}/card`);
    expect(full.body.matches[0].consent).toEqual({ phone: { marketing: 'refused' }, email: { marketing: 'granted' } });
  });

  it('click-to-call to someone who refused marketing calls warns; going ahead needs a reason, which is recorded', async () => {
    const refused = await api(h, h.users.sales, 'POST', '/api/telephony/originate', { number: '06 11 22 33 44', integrationId });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'CONSENT_REFUSED', details: [{ entityId: person.id, channel: 'phone', purpose: 'marketing', source: 'call of 12/11' }] });
    // With a reason the guard lets the call through (a generic integration then cannot place it: 409 CONFLICT).
    const forced = await api(h, h.users.sales, 'POST', '/api/telephony/originate', { number: '06 11 22 33 44', integrationId, pressureOverrideReason: 'she asked us to call about her delivery' });
    expect(forced.body.error.code).toBe('CONFLICT');
    // No call was placed: nobody went over her refusal, so no reason is kept.
    expect((await api(h, h.users.manager, 'GET', `/api/pressure?entityId=${person.id}`)).body.overrides).toEqual([]);

    // Logging an outgoing call is an outbound contact too; e-mail (granted) and incoming calls are not concerned.
    const logged = await api(h, h.users.sales, 'POST', '/api/interactions', { channel: 'call', direction: 'out', personId: person.id });
    expect(logged.status).toBe(409);
    expect(logged.body.error.code).toBe('CONSENT_REFUSED');
    expect((await api(h, h.users.sales, 'POST', '/api/interactions', { channel: 'call', direction: 'out', personId: person.id, pressureOverrideReason: 'delivery date' })).status).toBe(201);
    const status = await api(h, h.users.manager, 'GET', `/api/pressure?entityId=${person.id}`);
    expect(status.body.overrides).toEqual([expect.objectContaining({ userId: h.users.sales.id, ruleId: 'consent:phone:marketing', reason: 'delivery date', context: 'interaction' })]);
    expect((await api(h, h.users.sales, 'POST', '/api/interactions', { channel: 'call', direction: 'in', personId: person.id })).status).toBe(201);
    expect((await api(h, h.users.sales, 'POST', '/api/interactions', { channel: 'email', direction: 'out', personId: person.id })).status).toBe(201);
  });

  it('a refusal of service contact on a channel is obeyed too: an outbound contact on it needs a reason, recorded against that refusal', async () => {
    const client = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Plus-De-Téléphone' })).body;
    await api(h, h.users.frontdesk, 'PUT', `/api/people/${client.id}/consents`, [
      { channel: 'phone', purpose: 'service', status: 'refused', source: 'courrier du 02/12' },
      { channel: 'email', purpose: 'service', status: 'granted' },
    ]);
    const refused = await api(h, h.users.backoffice, 'POST', '/api/interactions', { channel: 'call', direction: 'out', personId: client.id });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'CONSENT_REFUSED', details: [{ entityId: client.id, channel: 'phone', purpose: 'service', source: 'courrier du 02/12' }] });
    expect(refused.body.error.message).toContain('service contact');
    const french = await api(h, h.users.backoffice, 'POST', '/api/interactions', { channel: 'call', direction: 'out', personId: client.id }, { 'accept-language': 'fr-FR' });
    expect(french.body.error.message).toContain('Ce contact a refusé d’être contacté par ce canal');
    const forced = await api(h, h.users.backoffice, 'POST', '/api/interactions', { channel: 'call', direction: 'out', personId: client.id, pressureOverrideReason: 'colis perdu, urgent' });
    expect(forced.status).toBe(201);
    const status = await api(h, h.users.manager, 'GET', `/api/pressure?entityId=${client.id}`);
    expect(status.body.overrides).toEqual([expect.objectContaining({ ruleId: 'consent:phone:service', reason: 'colis perdu, urgent' })]);
    // E-mail (granted for service) goes through without a reason.
    expect((await api(h, h.users.backoffice, 'POST', '/api/interactions', { channel: 'email', direction: 'out', personId: client.id })).status).toBe(201);
  });

  it('a refusal holds for everyone contacted: a participant of the call, and a note corrected into a call made', async () => {
    const client = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Jamais-Au-Téléphone' })).body;
    await api(h, h.users.frontdesk, 'PUT', `/api/people/${client.id}/consents`, [{ channel: 'phone', purpose: 'service', status: 'refused' }]);
    const firm = (await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Quai des Brumes' })).body;

    // Filed under the firm, the person only a participant: refused all the same.
    const viaParticipant = await api(h, h.users.backoffice, 'POST', '/api/interactions', { channel: 'call', direction: 'out', organisationId: firm.id, participants: [{ type: 'person', id: client.id }] });
    expect(viaParticipant.status).toBe(409);
    expect(viaParticipant.body.error).toMatchObject({ code: 'CONSENT_REFUSED', details: [{ entityId: client.id, channel: 'phone' }] });
    const unknown = await api(h, h.users.backoffice, 'POST', '/api/interactions', { channel: 'call', direction: 'out', organisationId: firm.id, participants: [{ type: 'person', id: '01a00000-0000-7000-8000-000000000000' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ path: 'participants.0.id', message: 'not found' }]);

    // A note needs no consent; corrected into a call made, it does, and a reason is kept with it.
    const note = (await api(h, h.users.backoffice, 'POST', '/api/interactions', { channel: 'note', direction: 'internal', personId: client.id, summary: 'à rappeler' })).body;
    const corrected = await api(h, h.users.backoffice, 'PATCH', `/api/interactions/${note.id}`, { channel: 'call', direction: 'out' });
    expect(corrected.status).toBe(409);
    expect(corrected.body.error.code).toBe('CONSENT_REFUSED');
    expect((await api(h, h.users.backoffice, 'GET', `/api/interactions/${note.id}`)).body).toMatchObject({ channel: 'note', direction: 'internal' });
    const withReason = await api(h, h.users.backoffice, 'PATCH', `/api/interactions/${note.id}`, { channel: 'call', direction: 'out', pressureOverrideReason: 'il a rappelé lui-même' });
    expect(withReason.status).toBe(200);
    expect(withReason.body).toMatchObject({ channel: 'call', direction: 'out' });
    const status = await api(h, h.users.manager, 'GET', `/api/pressure?entityId=${client.id}`);
    expect(status.body.overrides).toEqual([expect.objectContaining({ ruleId: 'consent:phone:service', reason: 'il a rappelé lui-même' })]);
    // Its summary corrected afterwards is no new contact: no reason asked again.
    expect((await api(h, h.users.backoffice, 'PATCH', `/api/interactions/${note.id}`, { summary: 'rappelé' })).status).toBe(200);
  });

  it('a contact made, its channel corrected: the new channel\'s refusal applies, the caps do not count it twice', async () => {
    const client = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Pas-De-SMS' })).body;
    await api(h, h.users.frontdesk, 'PUT', `/api/people/${client.id}/consents`, [{ channel: 'sms', purpose: 'service', status: 'refused' }]);
    const made = await api(h, h.users.backoffice, 'POST', '/api/interactions', { channel: 'call', direction: 'out', personId: client.id, summary: 'rappel' });
    expect(made.status).toBe(201);
    const asSms = await api(h, h.users.backoffice, 'PATCH', `/api/interactions/${made.body.id}`, { channel: 'sms' });
    expect(asSms.status).toBe(409);
    expect(asSms.body.error).toMatchObject({ code: 'CONSENT_REFUSED', details: [{ entityId: client.id, channel: 'sms' }] });
    expect((await api(h, h.users.backoffice, 'GET', `/api/interactions/${made.body.id}`)).body.channel).toBe('call');
    const withReason = await api(h, h.users.backoffice, 'PATCH', `/api/interactions/${made.body.id}`, { channel: 'sms', pressureOverrideReason: 'SMS demandé par la cliente au téléphone' });
    expect(withReason.status).toBe(200);
    const status = await api(h, h.users.manager, 'GET', `/api/pressure?entityId=${client.id}`);
    expect(status.body.overrides).toEqual([expect.objectContaining({ ruleId: 'consent:sms:service', reason: 'SMS demandé par la cliente au téléphone' })]);
    // Back to a letter (no refusal): allowed without a reason.
    expect((await api(h, h.users.backoffice, 'PATCH', `/api/interactions/${made.body.id}`, { channel: 'letter' })).status).toBe(200);
  });
});
