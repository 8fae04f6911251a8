import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

/** A call from the phone system's side: where it is filed, how it is wrapped up, what it leaves in the call-back queue. */
describe.each(DIALECTS)('call lifecycle on %s', (dialect) => {
  let h: Harness;
  let secret: string;
  let seq = 0;

  const post = (payload: Record<string, unknown>) =>
    h.app.inject({ method: 'POST', url: '/api/telephony/events', headers: { authorization: `Bearer ${secret}` }, payload }).then((r) => r.json());
  /** A whole call as the generic webhook reports it: ringing, then each of `events`; answers the call. */
  const call = async (from: string, events: string[], extra: Record<string, unknown> = {}) => {
    const callId = `life-${dialect}-${++seq}`;
    let last: { callId: string } = { callId: '' };
    for (const event of ['ringing', ...events]) last = await post({ callId, event, from, to: '01 40 00 00 00', ...extra });
    return (await api(h, h.users.frontdesk, 'GET', `/api/calls/${last.callId}`)).body;
  };

  beforeAll(async () => {
    h = await createHarness(dialect);
    secret = (await api(h, h.users.admin, 'POST', '/api/telephony/integrations', { name: 'Standard', kind: 'generic' })).body.secret;
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('filing', () => {
    it('a caller who belongs to exactly one organisation: the call and its interaction are filed on it', async () => {
      const org = (await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Menuiserie Aubry' })).body;
      await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Jean', lastName: 'Aubry', phones: [{ number: '06 40 50 60 70' }], organisationIds: [org.id] });
      const taken = await call('06 40 50 60 70', ['answered', 'ended']);
      expect(taken.organisationId).toBe(org.id);
      const interaction = (await api(h, h.users.frontdesk, 'GET', `/api/interactions/${taken.interactionId}`)).body;
      expect(interaction.organisationId).toBe(org.id);
      const timeline = await api(h, h.users.frontdesk, 'GET', `/api/interactions?organisationId=${org.id}`);
      expect(timeline.body.items.map((i: { id: string }) => i.id)).toContain(taken.interactionId);
      const log = await api(h, h.users.frontdesk, 'GET', `/api/calls?organisationId=${org.id}`);
      expect(log.body.items.map((c: { id: string }) => c.id)).toContain(taken.id);
    });

    it('a caller in two organisations: none is guessed', async () => {
      const a = (await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Boulangerie Vidal' })).body;
      const b = (await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Pâtisserie Vidal' })).body;
      const person = (await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Anne', lastName: 'Vidal', phones: [{ number: '06 41 51 61 71' }], organisationIds: [a.id, b.id] })).body;
      const taken = await call('06 41 51 61 71', ['answered', 'ended']);
      expect(taken).toMatchObject({ personId: person.id, organisationId: null });
      const interaction = (await api(h, h.users.frontdesk, 'GET', `/api/interactions/${taken.interactionId}`)).body;
      expect(interaction.organisationId).toBeNull();
      for (const org of [a, b]) {
        const timeline = await api(h, h.users.frontdesk, 'GET', `/api/interactions?organisationId=${org.id}`);
        expect(timeline.body.items).toHaveLength(0);
      }
    });
  });
});
