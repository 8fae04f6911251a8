import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../events/bus.js';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

/** A call from the phone system's side: where it is filed, how it is wrapped up, what it leaves in the call-back queue. */
describe.each(DIALECTS)('call lifecycle on %s', (dialect) => {
  let h: Harness;
  let secret: string;
  let seq = 0;
  const published: LiveEvent[] = [];

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
    await api(h, h.users.admin, 'PUT', '/api/telephony/extensions', { extension: '301', userId: h.users.frontdesk.id });
    h.app.relais.context.events.subscribe((e) => published.push(e));
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

  describe('correcting its timeline entry', () => {
    it('what the phone system recorded (time, channel, direction, duration) stays; the summary and outcome are corrected', async () => {
      await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Octave', lastName: 'Lemaire', phones: [{ number: '06 49 59 69 79' }] });
      const taken = await call('06 49 59 69 79', ['answered', 'ended'], { extension: '301' });
      const url = `/api/interactions/${taken.interactionId}`;
      const before = (await api(h, h.users.frontdesk, 'GET', url)).body;
      for (const [field, value] of [['durationSeconds', (before.durationSeconds ?? 0) + 300], ['direction', 'out'], ['channel', 'meeting']] as const) {
        const refused = await api(h, h.users.frontdesk, 'PATCH', url, { [field]: value });
        expect(refused.status, field).toBe(400);
        expect(refused.body.error.details, field).toEqual([{ path: field, message: 'set by the phone system' }]);
      }
      // The same values sent back unchanged (a form sending everything) are no change.
      const corrected = await api(h, h.users.frontdesk, 'PATCH', url, { summary: 'Devis chambre froide', durationSeconds: before.durationSeconds, version: before.version });
      expect(corrected.status).toBe(200);
      expect(corrected.body).toMatchObject({ summary: 'Devis chambre froide', durationSeconds: before.durationSeconds });
      expect((await api(h, h.users.frontdesk, 'GET', `/api/calls/${taken.id}`)).body.durationSeconds).toBe(before.durationSeconds);
    });
  });

  describe('times the phone system sends', () => {
    it('events decades apart (a phone system whose clock was reset) end the call; a duration no call lasts is unknown, alike on every database', async () => {
      const now = h.clock.now().toISOString();
      const raw = async (events: [string, string][]) => {
        const callId = `clock-${dialect}-${++seq}`;
        const answers = [];
        for (const [event, at] of events) {
          const res = await h.app.inject({ method: 'POST', url: '/api/telephony/events', headers: { authorization: `Bearer ${secret}` }, payload: { callId, event, from: '06 48 58 68 78', to: '01 40 00 00 00', extension: '301', at } });
          answers.push(res.statusCode);
        }
        return { answers, call: (await api(h, h.users.frontdesk, 'GET', `/api/calls?number=${encodeURIComponent('06 48 58 68 78')}&limit=1`)).body.items[0] };
      };
      const reset = await raw([['ringing', '1950-01-01T00:00:00Z'], ['answered', '1950-01-01T00:00:05Z'], ['ended', now]]);
      expect(reset.answers).toEqual([202, 202, 202]);
      expect(reset.call).toMatchObject({ state: 'ended', waitSeconds: 5, durationSeconds: null });
      const entry = (await api(h, h.users.frontdesk, 'GET', `/api/interactions/${reset.call.interactionId}`)).body;
      expect(entry.durationSeconds).toBeNull();
      // A long call is still counted.
      const long = await raw([['ringing', '2026-03-02T05:00:00Z'], ['answered', '2026-03-02T05:00:10Z'], ['ended', '2026-03-02T07:00:10Z']]);
      expect(long.answers).toEqual([202, 202, 202]);
      expect(long.call).toMatchObject({ state: 'ended', waitSeconds: 10, durationSeconds: 7200 });
    });
  });

  describe('wrap-up', () => {
    const followUp = () => ({ title: 'Rappeler pour le devis', dueAt: new Date(h.clock.now().getTime() + 86_400_000).toISOString() });

    it('the same call wrapped up in two tabs: the second save is a conflict and leaves no second follow-up', async () => {
      const person = (await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Lucie', lastName: 'Garnier', phones: [{ number: '06 42 52 62 72' }] })).body;
      const taken = await call('06 42 52 62 72', ['answered', 'ended'], { extension: '301' });
      // Both tabs open the form on the same version of the call's interaction.
      const { version } = (await api(h, h.users.frontdesk, 'GET', `/api/interactions/${taken.interactionId}`)).body;
      const first = await api(h, h.users.frontdesk, 'POST', `/api/calls/${taken.id}/wrap-up`, { version, outcome: 'info_given', body: 'Veut un devis', followUp: followUp() });
      expect(first.status).toBe(200);
      expect(first.body.interaction).toMatchObject({ outcome: 'info_given', body: 'Veut un devis', version: version + 1 });
      expect(first.body.task).toMatchObject({ title: 'Rappeler pour le devis', personId: person.id, interactionId: taken.interactionId, assigneeId: h.users.frontdesk.id });
      expect(published.find((e) => e.type === 'call.wrapped' && (e.data as { id: string }).id === taken.id)?.audience).toEqual({ userIds: [h.users.frontdesk.id] });

      const second = await api(h, h.users.frontdesk, 'POST', `/api/calls/${taken.id}/wrap-up`, { version, outcome: 'no_need', body: 'Autre chose', followUp: followUp() });
      expect(second.status).toBe(409);
      expect(second.body.error.code).toBe('VERSION_CONFLICT');
      const interaction = (await api(h, h.users.frontdesk, 'GET', `/api/interactions/${taken.interactionId}`)).body;
      expect(interaction).toMatchObject({ outcome: 'info_given', body: 'Veut un devis' });
      const tasks = await api(h, h.users.frontdesk, 'GET', `/api/tasks?personId=${person.id}`);
      expect(tasks.body.items).toHaveLength(1);
    });

    it('a follow-up only, then again: the version still tells the second one apart; If-Match is read too', async () => {
      const person = (await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Hugo', lastName: 'Perrin', phones: [{ number: '06 43 53 63 73' }] })).body;
      const taken = await call('06 43 53 63 73', ['answered', 'ended'], { extension: '301' });
      const { version } = (await api(h, h.users.frontdesk, 'GET', `/api/interactions/${taken.interactionId}`)).body;
      const wrap = () => api(h, h.users.frontdesk, 'POST', `/api/calls/${taken.id}/wrap-up`, { followUp: followUp() }, { 'if-match': `W/"${version}"` });
      const results = await Promise.all([wrap(), wrap()]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const tasks = await api(h, h.users.frontdesk, 'GET', `/api/tasks?personId=${person.id}`);
      expect(tasks.body.items).toHaveLength(1);
      expect((await api(h, h.users.frontdesk, 'POST', `/api/calls/${taken.id}/wrap-up`, { followUp: followUp() })).status).toBe(400);
    });
  });

  describe('calls left to log', () => {
    const toLog = async (user = h.users.frontdesk) => (await api(h, user, 'GET', '/api/calls?toLog=true&agentId=me')).body.items.map((c: { id: string }) => c.id);

    it('an answered call stays on its agent\'s list until the after-call form is saved, whatever the tab or session', async () => {
      const taken = await call('06 44 54 64 74', ['answered', 'ended'], { extension: '301' });
      const missed = await call('06 44 54 64 75', ['missed'], { extension: '301' });
      const ongoing = await call('06 44 54 64 76', ['answered'], { extension: '301' });
      expect(taken).toMatchObject({ state: 'ended', agentId: h.users.frontdesk.id, wrappedUpAt: null });
      const listed = await toLog();
      expect(listed).toContain(taken.id);
      expect(listed).not.toContain(missed.id);
      expect(listed).not.toContain(ongoing.id);
      // Another agent's list does not hold it; the call log shows it to anyone who may read calls.
      expect(await toLog(h.users.manager)).not.toContain(taken.id);
      const byId = await api(h, h.users.manager, 'GET', `/api/calls?toLog=true&agentId=${h.users.frontdesk.id}`);
      expect(byId.body.items.map((c: { id: string }) => c.id)).toContain(taken.id);

      // Saved with nothing to add: off the list, dated.
      const { version } = (await api(h, h.users.frontdesk, 'GET', `/api/interactions/${taken.interactionId}`)).body;
      expect((await api(h, h.users.frontdesk, 'POST', `/api/calls/${taken.id}/wrap-up`, { version })).status).toBe(200);
      expect(await toLog()).not.toContain(taken.id);
      const after = (await api(h, h.users.frontdesk, 'GET', `/api/calls/${taken.id}`)).body;
      expect(after.wrappedUpAt).toBe(h.clock.now().toISOString());
      expect((await api(h, h.users.frontdesk, 'GET', '/api/calls?toLog=false')).status).toBe(400);
    });

    it("a colleague's wrap-up takes the call off its agent's list, live too; a call answered on no one's extension is no one's to log", async () => {
      const taken = await call('06 44 54 64 77', ['answered', 'ended'], { extension: '301' });
      const { version } = (await api(h, h.users.manager, 'GET', `/api/interactions/${taken.interactionId}`)).body;
      expect((await api(h, h.users.manager, 'POST', `/api/calls/${taken.id}/wrap-up`, { version, outcome: 'info_given' })).status).toBe(200);
      expect(await toLog()).not.toContain(taken.id);
      const wrapped = published.find((e) => e.type === 'call.wrapped' && (e.data as { id: string }).id === taken.id);
      expect(wrapped?.audience).toEqual({ userIds: [h.users.manager.id, h.users.frontdesk.id] });

      const nobodys = await call('06 44 54 64 78', ['answered', 'ended'], { extension: '999' });
      expect(nobodys).toMatchObject({ state: 'ended', agentId: null, wrappedUpAt: null });
      const everyone = await api(h, h.users.manager, 'GET', '/api/calls?toLog=true&limit=200');
      expect(everyone.body.items.map((c: { id: string }) => c.id)).not.toContain(nobodys.id);
    });
  });

  describe('a caller unknown when the phone rang', () => {
    it('created from the pop during the call: the wrap-up files the call and its entry on them, never over a known caller', async () => {
      const taken = await call('07 55 44 33 21', ['answered', 'ended'], { extension: '301' });
      expect(taken).toMatchObject({ personId: null, organisationId: null });
      const person = (await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Françoise', lastName: 'Bézier', phones: [{ number: '07 55 44 33 21' }] })).body;
      const { version } = (await api(h, h.users.frontdesk, 'GET', `/api/interactions/${taken.interactionId}`)).body;
      const unknown = await api(h, h.users.frontdesk, 'POST', `/api/calls/${taken.id}/wrap-up`, { version, outcome: 'info_given', personId: '01a00000-0000-7000-8000-000000000000' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.details).toEqual([{ path: 'personId', message: 'not found' }]);
      const wrapped = await api(h, h.users.frontdesk, 'POST', `/api/calls/${taken.id}/wrap-up`, { version, outcome: 'info_given', summary: 'Horaires d’ouverture', personId: person.id, followUp: { title: 'Rappeler', dueAt: new Date(h.clock.now().getTime() + 86_400_000).toISOString() } });
      expect(wrapped.status).toBe(200);
      expect(wrapped.body.interaction).toMatchObject({ personId: person.id, participants: [{ type: 'person', id: person.id }] });
      expect(wrapped.body.task).toMatchObject({ personId: person.id });
      expect((await api(h, h.users.frontdesk, 'GET', `/api/calls/${taken.id}`)).body.personId).toBe(person.id);
      const history = await api(h, h.users.frontdesk, 'GET', `/api/interactions?personId=${person.id}`);
      expect(history.body.items.map((i: { id: string }) => i.id)).toEqual([taken.interactionId]);

      // A known caller stays who they are.
      const other = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Autre' })).body;
      const again = (await api(h, h.users.frontdesk, 'GET', `/api/interactions/${taken.interactionId}`)).body;
      await api(h, h.users.frontdesk, 'POST', `/api/calls/${taken.id}/wrap-up`, { version: again.version, personId: other.id });
      expect((await api(h, h.users.frontdesk, 'GET', `/api/calls/${taken.id}`)).body.personId).toBe(person.id);
    });
  });

  describe('a caller created since, the form not naming them (the page was reloaded)', () => {
    it('the wrap-up files the call on the one record that has the number now; never guesses between two', async () => {
      const taken = await call('07 56 45 34 22', ['answered', 'ended'], { extension: '301' });
      const person = (await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Odile', lastName: 'Marchand', phones: [{ number: '+33 7 56 45 34 22' }] })).body;
      const { version } = (await api(h, h.users.frontdesk, 'GET', `/api/interactions/${taken.interactionId}`)).body;
      const wrapped = await api(h, h.users.frontdesk, 'POST', `/api/calls/${taken.id}/wrap-up`, { version, outcome: 'info_given' });
      expect(wrapped.body.interaction).toMatchObject({ personId: person.id });
      expect((await api(h, h.users.frontdesk, 'GET', `/api/calls/${taken.id}`)).body.personId).toBe(person.id);

      const shared = await call('07 56 45 34 23', ['answered', 'ended'], { extension: '301' });
      for (const firstName of ['Paul', 'Pauline']) await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName, lastName: 'Roux', phones: [{ number: '07 56 45 34 23' }] });
      const again = (await api(h, h.users.frontdesk, 'GET', `/api/interactions/${shared.interactionId}`)).body;
      const unfiled = await api(h, h.users.frontdesk, 'POST', `/api/calls/${shared.id}/wrap-up`, { version: again.version, outcome: 'info_given' });
      expect(unfiled.body.interaction).toMatchObject({ personId: null, organisationId: null });
    });
  });

  describe('call-backs', () => {
    const openFor = async (e164: string) => {
      const queue = await api(h, h.users.frontdesk, 'GET', '/api/callbacks?status=open&limit=200');
      return queue.body.items.filter((c: { e164: string }) => c.e164 === e164);
    };

    it('a caller who misses us again joins their call-back, counted there; a message left says so', async () => {
      const first = await call('06 44 54 64 74', ['missed']);
      h.clock.advance(10 * 60_000);
      const second = await call('06 44 54 64 74', ['missed']);
      let waiting = await openFor('+33644546474');
      expect(waiting).toHaveLength(1);
      expect(waiting[0]).toMatchObject({ callId: first.id, reason: 'missed', missedCalls: 2, lastMissedAt: second.ringingAt, recordingUrl: null });
      // Missed, then a message: the queue says a message waits, still one call-back, and carries the
      // message although it was left on a later call than the call-back's first.
      await call('06 44 54 64 74', ['missed', 'voicemail'], { recordingUrl: 'https://pbx.example/messages/1.wav' });
      waiting = await openFor('+33644546474');
      expect(waiting).toHaveLength(1);
      expect(waiting[0]).toMatchObject({ reason: 'voicemail', missedCalls: 3, recordingUrl: 'https://pbx.example/messages/1.wav' });
      // A newer message is the one the queue plays.
      h.clock.advance(60_000);
      await call('06 44 54 64 74', ['voicemail'], { recordingUrl: 'https://pbx.example/messages/2.wav' });
      const one = (await api(h, h.users.frontdesk, 'GET', `/api/callbacks/${waiting[0].id}`)).body;
      expect(one).toMatchObject({ missedCalls: 4, recordingUrl: 'https://pbx.example/messages/2.wav' });
    });

    it('two calls missed at the same moment from one number open one call-back between them', async () => {
      const calls = await Promise.all([call('06 47 57 67 77', ['missed']), call('06 47 57 67 77', ['missed'])]);
      const waiting = await openFor('+33647576777');
      expect(waiting).toHaveLength(1);
      expect(waiting[0].missedCalls).toBe(2);
      expect(calls.map((c) => c.id)).toContain(waiting[0].callId);
    });

    it('the caller rings again and is answered: their call-backs are done, reached by whoever answered', async () => {
      const missed = await call('06 45 55 65 75', ['missed']);
      const { id } = (await openFor('+33645556575'))[0];
      const answered = await call('06 45 55 65 75', ['answered', 'ended'], { extension: '301' });
      expect(answered.state).toBe('ended');
      expect(await openFor('+33645556575')).toHaveLength(0);
      const done = (await api(h, h.users.frontdesk, 'GET', `/api/callbacks/${id}`)).body;
      expect(done).toMatchObject({ callId: missed.id, status: 'done', outcome: 'reached', assigneeId: h.users.frontdesk.id, attempts: 0 });
      const audit = await api(h, h.users.manager, 'GET', `/api/audit?entityId=${id}`);
      expect(JSON.stringify(audit.body)).toContain(answered.id);
    });

    it('an agent calls them back and they pick up: the call-back is done, the call counted as its attempt', async () => {
      await call('06 46 56 66 76', ['missed']);
      const { id } = (await openFor('+33646566676'))[0];
      // Unanswered: still waiting.
      await call('01 40 00 00 00', ['ended'], { direction: 'out', to: '06 46 56 66 76', extension: '301' });
      expect(await openFor('+33646566676')).toHaveLength(1);
      await call('01 40 00 00 00', ['answered', 'ended'], { direction: 'out', to: '06 46 56 66 76', extension: '301' });
      expect(await openFor('+33646566676')).toHaveLength(0);
      expect((await api(h, h.users.frontdesk, 'GET', `/api/callbacks/${id}`)).body).toMatchObject({ status: 'done', outcome: 'reached', attempts: 1, assigneeId: h.users.frontdesk.id });
      // Missed again later: a new call-back, not the closed one reopened.
      await call('06 46 56 66 76', ['missed']);
      const again = await openFor('+33646566676');
      expect(again).toHaveLength(1);
      expect(again[0].id).not.toBe(id);
      expect(again[0].missedCalls).toBe(1);
    });
  });
});
