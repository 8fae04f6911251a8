import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isInAudience, type LiveEvent } from '../../events/bus.js';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

describe.each(DIALECTS)('telephony on %s', (dialect) => {
  let h: Harness;
  let secret: string;
  let published: LiveEvent[];
  let contractPerson: { id: string };
  let prospect: { id: string };
  let callSeq = 0;

  const post = (event: Record<string, unknown>, key = secret) =>
    h.app.inject({ method: 'POST', url: '/api/telephony/events', headers: { authorization: `Bearer ${key}` }, payload: event }).then((r) => ({ status: r.statusCode, body: r.json() }));
  const nextCallId = () => `call-${dialect}-${++callSeq}`;
  const at = (minutes: number) => new Date(h.clock.now().getTime() + minutes * 60_000).toISOString();
  const ofType = (type: string) => published.filter((e) => e.type === type);

  beforeAll(async () => {
    h = await createHarness(dialect);
    published = [];
    h.app.relais.context.events.subscribe((e) => published.push(e));
    const integration = await api(h, h.users.admin, 'POST', '/api/telephony/integrations', { name: 'Standard', kind: 'generic' });
    expect(integration.status).toBe(201);
    secret = integration.body.secret;
    const org = (await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Clinique du Parc', tags: ['contract'] })).body;
    contractPerson = (await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Élise', lastName: 'Bernard', phones: [{ number: '06 01 02 03 04' }], organisationIds: [org.id], addresses: [{ street: '12 rue de Charenton', postalCode: '75012', city: 'Paris' }] })).body;
    prospect = (await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Marc', lastName: 'Petit', phones: [{ number: '06 99 88 77 66' }], relationships: [{ type: 'prospect' }] })).body;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('only admins create integrations; events need the integration secret', async () => {
    expect((await api(h, h.users.manager, 'POST', '/api/telephony/integrations', { name: 'x' })).status).toBe(403);
    const bad = await post({ callId: 'x', event: 'ringing', from: '0601020304', to: '0140000000' }, 'rlt_wrong');
    expect(bad.status).toBe(401);
    const list = await api(h, h.users.admin, 'GET', '/api/telephony/integrations');
    expect(JSON.stringify(list.body)).not.toContain(secret);
  });

  it('pops the caller file up for the front desk on duty, with contract status and contact counts', async () => {
    await api(h, h.users.sales, 'POST', '/api/interactions', { channel: 'email', direction: 'out', personId: contractPerson.id, occurredAt: at(-3 * 24 * 60) });
    const callId = nextCallId();
    const res = await post({ callId, event: 'ringing', from: '+33 6 01 02 03 04', to: '01 40 00 00 00', at: at(0) });
    expect(res.status).toBe(202);
    expect(res.body.routing[0]).toMatchObject({ decision: 'ring', reason: 'front desk on duty' });
    await vi.waitFor(() => expect(ofType('call.ringing').find((e) => (e.data as { externalId: string }).externalId === callId)).toBeDefined());
    const pop = ofType('call.ringing').find((e) => (e.data as { externalId: string }).externalId === callId)!;
    expect(pop.audience.userIds?.sort()).toEqual([h.users.frontdesk.id, h.others.frontdesk.id].sort());
    const card = pop.data as { unknown: boolean; priority: boolean; matches: { id: string; contract: boolean; contacts: { last7Days: number; last30Days: number }; organisations: { name: string }[] }[] };
    expect(card.unknown).toBe(false);
    expect(card.priority).toBe(true);
    expect(card.matches).toHaveLength(1);
    expect(card.matches[0]).toMatchObject({ id: contractPerson.id, contract: true, contacts: { last7Days: 1, last30Days: 1 }, organisations: [{ name: 'Clinique du Parc' }], place: '75012 Paris', customFields: {} });
  });

  it('handles an unknown caller and a repeated event without doing anything twice', async () => {
    const callId = nextCallId();
    const event = { callId, event: 'ringing', from: '07 12 12 12 12', to: '0140000000', at: at(1) };
    const results = await Promise.all([post(event), post(event), post(event)]);
    expect(results.map((r) => r.body.duplicate).filter((d) => !d)).toHaveLength(1);
    await vi.waitFor(() => expect(ofType('call.ringing').filter((e) => (e.data as { externalId: string }).externalId === callId)).toHaveLength(1));
    const pop = ofType('call.ringing').find((e) => (e.data as { externalId: string }).externalId === callId)!;
    expect(pop.data).toMatchObject({ unknown: true, e164: '+33712121212', matches: [] });
    const log = await api(h, h.users.frontdesk, 'GET', '/api/calls?number=0712121212');
    expect(log.body.items).toHaveLength(1);
  });

  it('logs an answered call on the timeline with the agent, then fills its duration', async () => {
    await api(h, h.users.admin, 'PUT', '/api/telephony/extensions', { extension: '201', userId: h.users.frontdesk.id });
    const callId = nextCallId();
    await post({ callId, event: 'ringing', from: '0601020304', to: '0140000000', at: at(10), extension: '201' });
    const answered = await post({ callId, event: 'answered', from: '0601020304', to: '0140000000', at: at(10.25), extension: '201' });
    expect(answered.body.state).toBe('answered');
    const ended = await post({ callId, event: 'ended', from: '0601020304', to: '0140000000', at: at(14.25) });
    expect(ended.body.state).toBe('ended');
    const call = (await api(h, h.users.frontdesk, 'GET', `/api/calls/${ended.body.callId}`)).body;
    expect(call).toMatchObject({ agentId: h.users.frontdesk.id, personId: contractPerson.id, durationSeconds: 240, waitSeconds: 15 });
    const interaction = (await api(h, h.users.frontdesk, 'GET', `/api/interactions/${call.interactionId}`)).body;
    expect(interaction).toMatchObject({ channel: 'call', direction: 'in', authorId: h.users.frontdesk.id, personId: contractPerson.id, durationSeconds: 240 });
    await vi.waitFor(() => expect(ofType('call.ended').some((e) => (e.data as { id: string }).id === call.id && e.audience.userIds?.includes(h.users.frontdesk.id))).toBe(true));
  });

  it('ends right whatever order the events arrive in', async () => {
    const callId = nextCallId();
    await post({ callId, event: 'ended', from: '0601020304', to: '0140000000', at: at(22) });
    await post({ callId, event: 'answered', from: '0601020304', to: '0140000000', at: at(20.5), agentEmail: h.users.frontdesk.email });
    const last = await post({ callId, event: 'ringing', from: '0601020304', to: '0140000000', at: at(20) });
    const call = (await api(h, h.users.frontdesk, 'GET', `/api/calls/${last.body.callId}`)).body;
    expect(call).toMatchObject({ state: 'ended', durationSeconds: 90, waitSeconds: 30, agentId: h.users.frontdesk.id });
    const queue = await api(h, h.users.frontdesk, 'GET', '/api/callbacks?status=open');
    expect(queue.body.items.some((c: { callId: string }) => c.callId === call.id)).toBe(false);
    expect(ofType('call.ringing').some((e) => (e.data as { externalId: string }).externalId === callId)).toBe(false);
    // On the timeline it is dated from when it rang, not from its end, reported first.
    expect((await api(h, h.users.frontdesk, 'GET', `/api/interactions/${call.interactionId}`)).body.occurredAt).toBe(at(20));
  });

  it('a missed call from a withheld number stays in the log but not in the call-back queue: there is nobody to call back', async () => {
    const callId = nextCallId();
    await post({ callId, event: 'ringing', from: 'anonymous', to: '0140000000', at: at(23) });
    const missed = await post({ callId, event: 'missed', from: 'anonymous', to: '0140000000', at: at(23.5) });
    expect(missed.body.state).toBe('missed');
    const queue = (await api(h, h.users.frontdesk, 'GET', '/api/callbacks?status=open&limit=200')).body.items;
    expect(queue.some((c: { callId: string }) => c.callId === missed.body.callId)).toBe(false);
  });

  it('puts a missed call in the call-back queue, visible live to everyone who may read the queue', async () => {
    const callId = nextCallId();
    await post({ callId, event: 'ringing', from: '06 99 88 77 66', to: '0140000000', at: at(30) });
    const missed = await post({ callId, event: 'missed', from: '06 99 88 77 66', to: '0140000000', at: at(30.5) });
    expect(missed.body.state).toBe('missed');
    const queue = await api(h, h.users.frontdesk, 'GET', '/api/callbacks?status=open');
    const entry = queue.body.items.find((c: { callId: string }) => c.callId === missed.body.callId);
    expect(entry).toMatchObject({ reason: 'missed', personId: prospect.id, number: '06 99 88 77 66', attempts: 0 });
    await vi.waitFor(() => expect(ofType('callback.created').some((e) => (e.data as { callId: string }).callId === missed.body.callId)).toBe(true));
    const created = ofType('callback.created').find((e) => (e.data as { callId: string }).callId === missed.body.callId)!;
    // The sales rep and the back office read the queue too (S5: call-backs passed to sales).
    for (const role of ['frontdesk', 'sales', 'backoffice', 'manager', 'admin']) expect(isInAudience(created.audience, { id: 'someone', role }), role).toBe(true);
    const timeline = await api(h, h.users.frontdesk, 'GET', `/api/interactions?personId=${prospect.id}&channel=call`);
    expect(timeline.body.items[0]).toMatchObject({ outcome: 'missed', direction: 'in' });
    // The sales rep takes it, tries once, then closes it.
    const taken = await api(h, h.users.sales, 'PATCH', `/api/callbacks/${entry.id}`, { attempt: true, outcome: 'no_answer', version: entry.version });
    expect(taken.body).toMatchObject({ assigneeId: h.users.sales.id, attempts: 1, outcome: 'no_answer' });
    expect((await api(h, h.others.sales, 'PATCH', `/api/callbacks/${entry.id}`, { status: 'done' })).status).toBe(403);
    const closed = await api(h, h.users.sales, 'PATCH', `/api/callbacks/${entry.id}`, { attempt: true, outcome: 'reached', status: 'done' });
    expect(closed.body).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('overload mode: non-priority callers go to voicemail and the queue, contract callers still pop up', async () => {
    expect((await api(h, h.users.frontdesk, 'PUT', '/api/telephony/overload', { enabled: true })).status).toBe(403);
    expect((await api(h, h.users.manager, 'PUT', '/api/telephony/overload', { enabled: true })).body).toEqual({ enabled: true });
    const prospectCall = nextCallId();
    const queued = await post({ callId: prospectCall, event: 'ringing', from: '0699887766', to: '0140000000', at: at(40) });
    expect(queued.body.routing[0]).toMatchObject({ decision: 'voicemail', reason: 'overload mode: caller not under contract' });
    const contractCall = nextCallId();
    const rung = await post({ callId: contractCall, event: 'ringing', from: '0601020304', to: '0140000000', at: at(41) });
    expect(rung.body.routing[0]).toMatchObject({ decision: 'ring', reason: 'overload mode: caller under contract' });
    await vi.waitFor(() => expect(ofType('call.ringing').some((e) => (e.data as { externalId: string }).externalId === contractCall)).toBe(true));
    expect(ofType('call.ringing').some((e) => (e.data as { externalId: string }).externalId === prospectCall)).toBe(false);
    const queue = await api(h, h.users.frontdesk, 'GET', '/api/callbacks?reason=overload');
    expect(queue.body.items.map((c: { callId: string }) => c.callId)).toContain(queued.body.callId);
    await api(h, h.users.admin, 'PUT', '/api/telephony/overload', { enabled: false });
  });

  it('contact pressure: warns before a cap is crossed; going over needs a recorded reason', async () => {
    const rule = await api(h, h.users.manager, 'POST', '/api/pressure/rules', { scopeType: 'relationship', scopeValue: 'prospect', maxContacts: 1, periodDays: 30 });
    expect(rule.status).toBe(201);
    const first = await api(h, h.users.sales, 'POST', '/api/interactions', { channel: 'call', direction: 'out', personId: prospect.id });
    expect(first.status).toBe(201);
    const status = await api(h, h.users.frontdesk, 'GET', `/api/pressure?entityId=${prospect.id}`);
    expect(status.body.caps[0]).toMatchObject({ count: 1, wouldExceed: true, rule: { maxContacts: 1, periodDays: 30 } });
    const second = await api(h, h.others.sales, 'POST', '/api/interactions', { channel: 'email', direction: 'out', personId: prospect.id });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'PRESSURE_CAP_EXCEEDED', details: [{ entityId: prospect.id, count: 1, max: 1 }] });
    const inbound = await api(h, h.others.sales, 'POST', '/api/interactions', { channel: 'email', direction: 'in', personId: prospect.id });
    expect(inbound.status).toBe(201);
    const forced = await api(h, h.others.sales, 'POST', '/api/interactions', { channel: 'email', direction: 'out', personId: prospect.id, pressureOverrideReason: 'he asked for the brochure' });
    expect(forced.status).toBe(201);
    const after = await api(h, h.users.manager, 'GET', `/api/pressure?entityId=${prospect.id}`);
    expect(after.body.overrides[0]).toMatchObject({ userId: h.others.sales.id, reason: 'he asked for the brochure' });
  });

  it('reports calls per day, by hour of the week, answer and miss rates, wait and duration', async () => {
    const stats = await api(h, h.users.manager, 'GET', `/api/reports/calls?from=${encodeURIComponent(at(-60))}&to=${encodeURIComponent(at(24 * 60))}`);
    expect(stats.status).toBe(200);
    const t = stats.body.totals;
    expect(t.calls).toBeGreaterThanOrEqual(7);
    expect(t.answered + t.missed).toBeLessThanOrEqual(t.calls);
    expect(t.answerRate).toBeCloseTo(t.answered / t.calls, 2);
    expect(stats.body.heatmap).toHaveLength(7);
    expect(stats.body.heatmap.flat().reduce((a: number, b: number) => a + b, 0)).toBe(t.calls);
    // 2026-03-02 is a Monday; 08:00 UTC is 09:00 in Paris.
    expect(stats.body.heatmap[0][9]).toBeGreaterThan(0);
    expect(stats.body.perDay[0].date).toBe('2026-03-02');
    expect(stats.body.perAgent.find((a: { agentId: string }) => a.agentId === h.users.frontdesk.id)).toMatchObject({ answered: 2, avgDurationSeconds: 165 });
    expect((await api(h, h.users.frontdesk, 'GET', `/api/reports/calls?from=${encodeURIComponent(at(-60))}&to=${encodeURIComponent(at(60))}`)).status).toBe(403);
    // Plain days, as the timeline's filters take them: the firm's days (Paris), the last one included.
    const byDays = await api(h, h.users.manager, 'GET', '/api/reports/calls?from=2026-03-02&to=2026-03-02');
    expect(byDays.status).toBe(200);
    const parisDay = await api(h, h.users.manager, 'GET', `/api/reports/calls?from=${encodeURIComponent('2026-03-01T23:00:00Z')}&to=${encodeURIComponent('2026-03-02T23:00:00Z')}`);
    expect(byDays.body.totals).toEqual(parisDay.body.totals);
    expect(byDays.body.totals.calls).toBeGreaterThan(0);
    expect(byDays.body).toMatchObject({ from: '2026-03-01T23:00:00.000Z', to: '2026-03-02T23:00:00.000Z' });
    expect((await api(h, h.users.manager, 'GET', '/api/reports/calls?from=2026-03-02&to=9999-12-31')).status).toBe(200);
    expect((await api(h, h.users.manager, 'GET', '/api/reports/calls?from=2026-02-30&to=2026-03-02')).body.error.details).toEqual([expect.objectContaining({ path: 'from' })]);
  });

  it("audits what the phone system changes (no user): the call's entry completed, a call-back cancelled by a late answer, which an older edit then cannot overwrite", async () => {
    const callId = nextCallId();
    await post({ callId, event: 'ringing', from: '06 55 44 33 22', to: '0140000000', at: at(40) });
    const missed = await post({ callId, event: 'missed', from: '06 55 44 33 22', to: '0140000000', at: at(40.5) });
    const queue = (await api(h, h.users.frontdesk, 'GET', '/api/callbacks?status=open&limit=200')).body.items;
    const entry = queue.find((c: { callId: string }) => c.callId === missed.body.callId);
    expect(entry).toMatchObject({ status: 'open', reason: 'missed' });
    // The answer, reported after the end: the call was not missed after all.
    await post({ callId, event: 'answered', from: '06 55 44 33 22', to: '0140000000', at: at(40.25), agentEmail: h.users.frontdesk.email });
    const call = (await api(h, h.users.frontdesk, 'GET', `/api/calls/${missed.body.callId}`)).body;
    const entryAudit = (await api(h, h.users.admin, 'GET', `/api/audit?entityId=${call.interactionId}`)).body.items;
    expect(entryAudit).toContainEqual(expect.objectContaining({ action: 'update', field: 'outcome', oldValue: 'missed', newValue: null, actorId: null }));
    expect(entryAudit).toContainEqual(expect.objectContaining({ action: 'update', field: 'authorId', newValue: h.users.frontdesk.id, actorId: null }));
    const callbackAudit = (await api(h, h.users.admin, 'GET', `/api/audit?entityId=${entry.id}`)).body.items;
    expect(callbackAudit).toContainEqual(expect.objectContaining({ action: 'update', field: 'status', oldValue: 'open', newValue: 'cancelled', actorId: null }));
    const stale = await api(h, h.users.sales, 'PATCH', `/api/callbacks/${entry.id}`, { attempt: true, outcome: 'no_answer', version: entry.version });
    expect(stale.status).toBe(409);
  });

  it('counts a call reported late on the day it rang, in the report and the call log', async () => {
    // Rang the evening before, reported now (a webhook retried, a backlog after a reconnection).
    const callId = nextCallId();
    const rang = new Date(h.clock.now().getTime() - 10 * 3600_000).toISOString();
    await post({ callId, event: 'ringing', from: '06 44 55 66 77', to: '0140000000', at: rang });
    await post({ callId, event: 'missed', from: '06 44 55 66 77', to: '0140000000', at: rang });
    const window = (from: number, to: number) => `from=${encodeURIComponent(new Date(h.clock.now().getTime() + from * 3600_000).toISOString())}&to=${encodeURIComponent(new Date(h.clock.now().getTime() + to * 3600_000).toISOString())}`;
    const numbers = async (range: string) => (await api(h, h.users.manager, 'GET', `/api/calls?${range}&limit=200`)).body.items.map((c: { from: string }) => c.from);
    expect(await numbers(window(-11, -9))).toContain('06 44 55 66 77');
    expect(await numbers(window(-1, 48))).not.toContain('06 44 55 66 77');
    const evening = (await api(h, h.users.manager, 'GET', `/api/reports/calls?${window(-11, -9)}`)).body;
    expect(evening.totals.calls).toBe(1);
    expect(evening.perDay.map((d: { date: string }) => d.date)).toEqual(['2026-03-01']);
  });

  it('a message left after a missed call says so in the call-back queue', async () => {
    const callId = nextCallId();
    await post({ callId, event: 'ringing', from: '06 12 12 12 12', to: '0140000000', at: at(200) });
    await post({ callId, event: 'missed', from: '06 12 12 12 12', to: '0140000000', at: at(200.5) });
    await post({ callId, event: 'voicemail', from: '06 12 12 12 12', to: '0140000000', at: at(201), recordingUrl: 'https://example.com/message.wav' });
    const queue = (await api(h, h.users.frontdesk, 'GET', '/api/callbacks?status=open&reason=voicemail&limit=200')).body.items;
    expect(queue.filter((c: { number: string }) => c.number === '06 12 12 12 12')).toEqual([expect.objectContaining({ reason: 'voicemail' })]);
    // A recording is a web address the browser links to: a script address is refused, naming the field.
    const scripted = await post({ callId: nextCallId(), event: 'voicemail', from: '06 12 12 12 13', to: '0140000000', recordingUrl: 'javascript:alert(1)' });
    expect(scripted.status).toBe(400);
    expect(scripted.body.error.details[0].path).toBe('recordingUrl');
  });

  it("counts calls per contact whichever way they went, and per line by the firm's line", async () => {
    const known = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Deuxsens', phones: [{ number: '06 52 52 52 52' }] })).body;
    for (const [direction, from, to] of [['in', '0652525252', '0140000000'], ['in', '0652525252', '0140000000'], ['out', '201', '0652525252']]) {
      const callId = nextCallId();
      await post({ callId, event: 'ringing', direction, from, to, at: at(400) });
      await post({ callId, event: 'ended', direction, from, to, at: at(401) });
    }
    const range = `from=${encodeURIComponent(at(399))}&to=${encodeURIComponent(at(402))}`;
    const perContact = (await api(h, h.users.manager, 'GET', `/api/calls/per-contact?${range}`)).body.items;
    expect(perContact).toEqual([expect.objectContaining({ personId: known.id, calls: 3 })]);
    const stats = (await api(h, h.users.manager, 'GET', `/api/reports/calls?${range}`)).body;
    const lines = JSON.stringify(stats.perLine);
    expect(lines).not.toContain('+33652525252');
    expect(lines).toContain('+33140000000');
  });

  it("a disabled colleague's extension rings the front desk on duty instead", async () => {
    const leaver = (await api(h, h.users.admin, 'POST', '/api/users', { email: `leaver-${dialect}@test.local`, password: 'Leaver-Strong-Pass-2026!', name: 'Leaver', role: 'sales' })).body;
    expect((await api(h, h.users.admin, 'PUT', '/api/telephony/extensions', { extension: '299', userId: leaver.id })).status).toBeLessThan(300);
    expect((await api(h, h.users.admin, 'PATCH', `/api/users/${leaver.id}`, { disabled: true })).status).toBe(200);
    expect((await api(h, h.users.frontdesk, 'PUT', '/api/telephony/duty', { onDuty: true })).status).toBe(200);
    const callId = nextCallId();
    const ringing = await post({ callId, event: 'ringing', from: '06 77 66 55 44', to: '0140000000', extension: '299', at: at(300) });
    expect(ringing.status).toBeLessThan(300);
    const call = (await api(h, h.users.manager, 'GET', `/api/calls/${ringing.body.callId}`)).body;
    expect(call.agentId).toBeNull();
    expect(call.routing[0].userIds).not.toContain(leaver.id);
    expect(call.routing[0].userIds.length).toBeGreaterThan(0);
  });

  it('lets a manager say who counts as under contract: tags and relationship types', async () => {
    expect((await api(h, h.users.frontdesk, 'GET', '/api/telephony/priority-rule')).body).toEqual({ tags: ['contract'], relationshipTypes: [] });
    expect((await api(h, h.users.frontdesk, 'PUT', '/api/telephony/priority-rule', { tags: [], relationshipTypes: ['prospect'] })).status).toBe(403);
    const unknown = await api(h, h.users.manager, 'PUT', '/api/telephony/priority-rule', { tags: [], relationshipTypes: ['nope'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0]).toMatchObject({ path: 'relationshipTypes' });
    // Prospects become priority callers; the contract tag no longer counts.
    const set = await api(h, h.users.manager, 'PUT', '/api/telephony/priority-rule', { tags: ['VIP'], relationshipTypes: ['prospect'] });
    expect(set.body).toEqual({ tags: ['vip'], relationshipTypes: ['prospect'] });
    await api(h, h.users.manager, 'PUT', '/api/telephony/overload', { enabled: true });
    const prospectCall = await post({ callId: nextCallId(), event: 'ringing', from: '0699887766', to: '0140000000', at: at(60) });
    expect(prospectCall.body.routing[0]).toMatchObject({ decision: 'ring', reason: 'overload mode: caller under contract' });
    const contractCall = await post({ callId: nextCallId(), event: 'ringing', from: '0601020304', to: '0140000000', at: at(61) });
    expect(contractCall.body.routing[0]).toMatchObject({ decision: 'voicemail' });
    const card = (await api(h, h.users.frontdesk, 'GET', `/api/calls/${prospectCall.body.callId}/card`)).body;
    expect(card.matches[0]).toMatchObject({ id: prospect.id, contract: true });
    await api(h, h.users.manager, 'PUT', '/api/telephony/overload', { enabled: false });
    await api(h, h.users.manager, 'PUT', '/api/telephony/priority-rule', { tags: ['contract'], relationshipTypes: [] });
  });

  it('takes a repeated event without a time (a webhook retry) as the same event', async () => {
    const callId = nextCallId();
    const event = { callId, event: 'ringing', from: '07 34 34 34 34', to: '0140000000' };
    const first = await post(event);
    h.clock.advance(5_000);
    const retry = await post(event);
    expect([first.body.duplicate, retry.body.duplicate]).toEqual([false, true]);
    await vi.waitFor(() => expect(ofType('call.ringing').filter((e) => (e.data as { externalId: string }).externalId === callId)).toHaveLength(1));
  });

  it('pops the call to the colleague whose extension rings after the call began, and makes whoever answers its agent', async () => {
    await api(h, h.users.admin, 'PUT', '/api/telephony/extensions', { extension: '301', userId: h.users.sales.id });
    await api(h, h.users.admin, 'PUT', '/api/telephony/extensions', { extension: '302', userId: h.users.backoffice.id });
    const callId = nextCallId();
    const popsOf = () => ofType('call.ringing').filter((e) => (e.data as { externalId: string }).externalId === callId).map((e) => e.audience.userIds);
    // Entered the switchboard: nobody named yet, the desk on duty sees it.
    await post({ callId, event: 'ringing', from: '0601020304', to: '0140000000', at: at(100) });
    // Then a ring group rings two phones; each of their users gets the pop, once.
    await post({ callId, event: 'ringing', from: '0601020304', to: '0140000000', at: at(100), extension: '301' });
    await post({ callId, event: 'ringing', from: '0601020304', to: '0140000000', at: at(100), extension: '302' });
    await post({ callId, event: 'ringing', from: '0601020304', to: '0140000000', at: at(100), extension: '301' });
    await vi.waitFor(() => expect(popsOf()).toHaveLength(3));
    expect(popsOf()).toEqual([[h.users.frontdesk.id, h.others.frontdesk.id].sort(), [h.users.sales.id], [h.users.backoffice.id]].map((ids) => expect.arrayContaining(ids)));
    const answered = await post({ callId, event: 'answered', from: '0601020304', to: '0140000000', at: at(100.5), extension: '302' });
    expect((await api(h, h.users.admin, 'GET', `/api/calls/${answered.body.callId}`)).body).toMatchObject({ agentId: h.users.backoffice.id, extension: '302' });
    expect(answered.body.routing.map((r: { reason: string; userIds?: string[] }) => [r.reason, r.userIds?.length])).toEqual([
      ['front desk on duty', 2],
      ['extension', 1],
      ['extension', 1],
    ]);
    // The first phone named stays the agent only until someone else picks up.
    const ended = await post({ callId, event: 'ended', from: '0601020304', to: '0140000000', at: at(102) });
    expect((await api(h, h.users.admin, 'GET', `/api/calls/${ended.body.callId}`)).body).toMatchObject({ state: 'ended', agentId: h.users.backoffice.id });
  });

  it('lets the admin rename, disable and re-enable an integration, change its settings and give it a new secret', async () => {
    // Twilio signs its webhooks with the auth token: an integration without one is refused, made or changed.
    const tokenless = await api(h, h.users.admin, 'POST', '/api/telephony/integrations', { name: 'Twilio sans jeton', kind: 'twilio', config: { forwardTo: '+33140000001' } });
    expect(tokenless.status).toBe(400);
    expect(tokenless.body.error.details).toEqual([expect.objectContaining({ path: 'config.twilioAuthToken' })]);
    const created = (await api(h, h.users.admin, 'POST', '/api/telephony/integrations', { name: 'Twilio', kind: 'twilio', config: { twilioAuthToken: 'token-1234567', forwardTo: '+33140000001' } })).body;
    const ring = (key: string) => post({ callId: nextCallId(), event: 'ringing', from: '0601020304', to: '0140000000' }, key);
    const disabled = await api(h, h.users.admin, 'PATCH', `/api/telephony/integrations/${created.id}`, { name: 'Twilio (old line)', disabled: true });
    expect(disabled.body).toMatchObject({ name: 'Twilio (old line)', disabled: true, config: { twilioAuthToken: '********', forwardTo: '+33140000001' } });
    expect((await ring(created.secret)).status).toBe(401);
    // New settings without the token: the token is kept (the API never shows it).
    const changed = await api(h, h.users.admin, 'PATCH', `/api/telephony/integrations/${created.id}`, { disabled: false, config: { forwardTo: '+33140000002', voicemailLanguage: 'en' } });
    expect(changed.body).toMatchObject({ disabled: false, config: { twilioAuthToken: '********', forwardTo: '+33140000002', voicemailLanguage: 'en' } });
    expect(JSON.stringify(changed.body)).not.toContain('token-1234567');
    expect((await h.app.relais.services.integrations.get(created.id)).config.twilioAuthToken).toBe('token-1234567');
    expect((await ring(created.secret)).status).toBe(202);
    const rotated = await api(h, h.users.admin, 'POST', `/api/telephony/integrations/${created.id}/secret`);
    expect(rotated.body.secret).toMatch(/^rlt_/);
    expect((await ring(created.secret)).status).toBe(401);
    expect((await ring(rotated.body.secret)).status).toBe(202);
    const audit = await api(h, h.users.admin, 'GET', `/api/audit?entityId=${created.id}`);
    expect(audit.status).toBe(200);
    expect(audit.body.items.length).toBeGreaterThan(1);
    expect(JSON.stringify(audit.body)).not.toContain('token-1234567');
    expect((await api(h, h.users.admin, 'PATCH', '/api/telephony/integrations/no-such-id', { disabled: true })).status).toBe(404);
  });

  it('a cap on a tag typed in capitals is stored as tags are (lower case) and applies to the tagged record', async () => {
    const vip = (await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Jean', lastName: 'Adam', tags: ['vip'] })).body;
    const rule = await api(h, h.users.manager, 'POST', '/api/pressure/rules', { scopeType: 'tag', scopeValue: ' VIP ', maxContacts: 1, periodDays: 7 });
    expect(rule.status).toBe(201);
    expect(rule.body).toMatchObject({ scopeType: 'tag', scopeValue: 'vip' });
    expect((await api(h, h.users.manager, 'GET', '/api/pressure/rules')).body.items).toContainEqual(expect.objectContaining({ id: rule.body.id, scopeValue: 'vip' }));
    expect((await api(h, h.users.sales, 'POST', '/api/interactions', { channel: 'call', direction: 'out', personId: vip.id })).status).toBe(201);
    const status = await api(h, h.users.frontdesk, 'GET', `/api/pressure?entityId=${vip.id}`);
    expect(status.body.caps).toEqual([expect.objectContaining({ count: 1, wouldExceed: true, rule: expect.objectContaining({ id: rule.body.id }) })]);
    const second = await api(h, h.users.sales, 'POST', '/api/interactions', { channel: 'call', direction: 'out', personId: vip.id });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'PRESSURE_CAP_EXCEEDED', details: [{ scope: 'tag:vip' }] });
    // A rule saved in capitals before this change still matches.
    await h.app.relais.context.db.updateTable('pressure_rules').set({ scope_value: 'VIP' }).where('id', '=', rule.body.id).execute();
    expect((await api(h, h.users.frontdesk, 'GET', `/api/pressure?entityId=${vip.id}`)).body.caps).toHaveLength(1);
    expect((await api(h, h.users.manager, 'DELETE', `/api/pressure/rules/${rule.body.id}`)).status).toBe(204);
  });

  it("answers 404 for a deleted or unknown record's pressure: the reasons written about someone go with their record", async () => {
    const gone = (await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Parti' })).body;
    const firm = (await api(h, h.users.sales, 'POST', '/api/organisations', { name: 'Entrepôt Nord' })).body;
    expect((await api(h, h.users.frontdesk, 'GET', `/api/pressure?entityId=${gone.id}`)).status).toBe(200);
    expect((await api(h, h.users.frontdesk, 'GET', `/api/pressure?entityId=${firm.id}`)).status).toBe(200);
    expect((await api(h, h.users.manager, 'DELETE', `/api/people/${gone.id}`)).status).toBe(204);
    expect((await api(h, h.users.frontdesk, 'GET', `/api/pressure?entityId=${gone.id}`)).status).toBe(404);
    expect((await api(h, h.users.frontdesk, 'GET', '/api/pressure?entityId=no-such-record')).status).toBe(404);
  });
});
