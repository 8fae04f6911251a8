import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

describe.each(DIALECTS)('call-back to lead on %s', (dialect) => {
  let h: Harness;
  let secret: string;
  let seq = 0;

  /** A missed call from `from`, as a phone system reports it; answers its call-back. */
  const missedCall = async (from: string) => {
    const callId = `cb-${dialect}-${++seq}`;
    for (const event of ['ringing', 'missed']) {
      await h.app.inject({ method: 'POST', url: '/api/telephony/events', headers: { authorization: `Bearer ${secret}` }, payload: { callId, event, from, to: '01 40 00 00 00' } });
    }
    const queue = await api(h, h.users.frontdesk, 'GET', '/api/callbacks?status=open&limit=200');
    const callback = queue.body.items.find((c: { number: string }) => c.number === from);
    const call = await api(h, h.users.frontdesk, 'GET', `/api/calls/${callback.callId}`);
    return { callback, call: call.body };
  };

  beforeAll(async () => {
    h = await createHarness(dialect);
    secret = (await api(h, h.users.admin, 'POST', '/api/telephony/integrations', { name: 'Standard', kind: 'generic' })).body.secret;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('an unknown caller: refused without a customer, then created and passed on; the call joins their file', async () => {
    const { callback, call } = await missedCall('06 31 41 59 26');
    expect(callback.personId).toBeNull();
    expect(call.interactionId).not.toBeNull();

    const noCustomer = await api(h, h.users.frontdesk, 'POST', `/api/callbacks/${callback.id}/lead`, { interest: 'Déménagement de bureaux' });
    expect(noCustomer.status).toBe(400);
    expect(noCustomer.body.error.details[0].path).toBe('personId');
    const noInterest = await api(h, h.users.frontdesk, 'POST', `/api/callbacks/${callback.id}/lead`, { personId: 'x' });
    expect(noInterest.status).toBe(400);
    expect(JSON.stringify(noInterest.body.error.details)).toContain('interest');

    const person = (await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Nina', lastName: 'Roux', phones: [{ number: '06 31 41 59 26' }] })).body;
    const res = await api(h, h.users.frontdesk, 'POST', `/api/callbacks/${callback.id}/lead`, { personId: person.id, interest: 'Déménagement de bureaux', version: callback.version });
    expect(res.status).toBe(201);
    expect(res.body.lead).toMatchObject({ source: 'call', personId: person.id, interactionId: call.interactionId, interest: 'Déménagement de bureaux' });
    expect(res.body.callback).toMatchObject({ status: 'done', outcome: 'lead', personId: person.id, assigneeId: h.users.frontdesk.id });

    const lead = await api(h, h.users.manager, 'GET', `/api/leads/${res.body.lead.id}`);
    expect(lead.body.originatorId).toBe(h.users.frontdesk.id);
    const after = await api(h, h.users.frontdesk, 'GET', `/api/calls/${call.id}`);
    expect(after.body.personId).toBe(person.id);
    const timeline = await api(h, h.users.frontdesk, 'GET', `/api/interactions?personId=${person.id}`);
    expect(timeline.body.items.map((i: { id: string }) => i.id)).toContain(call.interactionId);
    const audit = await api(h, h.users.manager, 'GET', `/api/audit?entityId=${callback.id}`);
    expect(JSON.stringify(audit.body)).toContain(res.body.lead.id);

    // Converted once: a second conversion is refused, nothing more is created.
    const again = await api(h, h.users.frontdesk, 'POST', `/api/callbacks/${callback.id}/lead`, { personId: person.id, interest: 'encore' });
    expect(again.status).toBe(409);
    const leads = await api(h, h.users.manager, 'GET', `/api/leads?personId=${person.id}`);
    expect(leads.body.items).toHaveLength(1);
  });

  it('a known caller is passed on without naming them again; someone else’s call-back is refused to sales', async () => {
    const known = (await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Paul', lastName: 'Morel', phones: [{ number: '06 27 18 28 18' }] })).body;
    const { callback } = await missedCall('06 27 18 28 18');
    expect(callback.personId).toBe(known.id);
    await api(h, h.users.manager, 'PATCH', `/api/callbacks/${callback.id}`, { assigneeId: h.others.sales.id });
    const notHers = await api(h, h.users.sales, 'POST', `/api/callbacks/${callback.id}/lead`, { interest: 'Stockage' });
    expect(notHers.status).toBe(403);
    const res = await api(h, h.others.sales, 'POST', `/api/callbacks/${callback.id}/lead`, { interest: 'Stockage' });
    expect(res.status).toBe(201);
    expect(res.body.lead).toMatchObject({ personId: known.id, source: 'call' });
    expect(res.body.callback).toMatchObject({ status: 'done', outcome: 'lead' });
  });

  it('colleagues passing the same call-back on at once make one lead: the others get a conflict and leave none behind', async () => {
    const known = (await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Léo', lastName: 'Simultané', phones: [{ number: '06 99 88 11 22' }] })).body;
    const { callback } = await missedCall('06 99 88 11 22');
    const attempts = await Promise.all(
      [h.users.frontdesk, h.others.frontdesk, h.users.manager].map((user) => api(h, user, 'POST', `/api/callbacks/${callback.id}/lead`, { interest: 'Transport frigorifique', version: callback.version })),
    );
    expect(attempts.filter((r) => r.status === 201)).toHaveLength(1);
    expect(attempts.filter((r) => r.status !== 201).every((r) => r.status === 409)).toBe(true);
    const leads = await api(h, h.users.manager, 'GET', `/api/leads?personId=${known.id}`);
    expect(leads.body.items).toHaveLength(1);
  });

  it('names an unknown record', async () => {
    const { callback } = await missedCall('06 11 22 33 55');
    const res = await api(h, h.users.frontdesk, 'POST', `/api/callbacks/${callback.id}/lead`, { personId: 'no-such-person', interest: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('personId');
    expect((await api(h, h.users.frontdesk, 'GET', `/api/callbacks/${callback.id}`)).body.status).toBe('open');
  });
});
