import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

const MINUTE = 60_000;

/** The shared timeline: what may be logged, corrected and withdrawn, and how it is listed. */
describe.each(DIALECTS)('timeline on %s', (dialect) => {
  let h: Harness;
  let personId: string;
  beforeAll(async () => {
    // Winter in Paris: UTC+1.
    h = await createHarness(dialect, { RELAIS_TIMEZONE: 'Europe/Paris' });
    h.clock.set(new Date('2026-12-15T10:00:00Z'));
    personId = (await api(h, h.users.sales, 'POST', '/api/people', { firstName: 'Théo', lastName: 'Chronos' })).body.id;
  });
  afterAll(async () => {
    await h?.close();
  });

  const note = (extra: Record<string, unknown> = {}, user = h.users.sales) =>
    api(h, user, 'POST', '/api/interactions', { channel: 'note', direction: 'internal', personId, summary: 'note', ...extra });

  it('answers a new entry as it reads it back: participants and links in the same order; unknown ones are 400s naming them', async () => {
    const org = (await api(h, h.users.sales, 'POST', '/api/organisations', { name: 'Chronos Fret' })).body.id;
    const other = (await api(h, h.users.sales, 'POST', '/api/people', { firstName: 'Zoé', lastName: 'Aval' })).body.id;
    const tasks = [];
    for (const title of ['Rappeler', 'Relancer']) tasks.push((await api(h, h.users.sales, 'POST', '/api/tasks', { title, personId })).body.id);
    const created = await note({
      organisationId: org,
      participants: [{ type: 'person', id: other }, { type: 'organisation', id: org }],
      links: [{ type: 'task', id: tasks[1] }, { type: 'task', id: tasks[0] }],
    });
    expect(created.status).toBe(201);
    expect(created.body.participants).toHaveLength(3);
    expect(created.body.links).toHaveLength(2);
    const read = await api(h, h.users.sales, 'GET', `/api/interactions/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(created.body).toEqual(read.body);
    // And in a page of the timeline, read with other entries.
    await note({ participants: [{ type: 'organisation', id: org }] });
    const page = (await api(h, h.users.sales, 'GET', `/api/interactions?personId=${personId}&limit=5`)).body.items;
    expect(page.find((i: { id: string }) => i.id === created.body.id)).toEqual(created.body);

    for (const [extra, path] of [
      [{ personId: 'no-such-person' }, 'personId'],
      [{ organisationId: 'no-such-org' }, 'organisationId'],
      [{ participants: [{ type: 'organisation', id: 'no-such-org' }] }, 'participants.0.id'],
      [{ direction: 'out', channel: 'call', personId: 'no-such-person' }, 'personId'],
    ] as const) {
      const res = await note(extra);
      expect(res.status, path).toBe(400);
      expect(res.body.error.details, path).toEqual([{ path, message: 'not found' }]);
    }
  });

  it('stores a blank summary or outcome as none', async () => {
    const created = (await note({ summary: '  ', outcome: '' })).body;
    expect(created).toMatchObject({ summary: null, outcome: null });
    const changed = await api(h, h.users.sales, 'PATCH', `/api/interactions/${created.id}`, { summary: 'Rappel', outcome: 'reached' });
    const cleared = await api(h, h.users.sales, 'PATCH', `/api/interactions/${created.id}`, { outcome: ' ', version: changed.body.version });
    expect(cleared.body).toMatchObject({ summary: 'Rappel', outcome: null });
  });

  it('refuses a date ahead of the clock or before 1900, naming occurredAt; a few minutes ahead is a clock, not a mistake', async () => {
    for (const occurredAt of ['2027-12-01T10:00:00+01:00', new Date(h.clock.now().getTime() + 6 * MINUTE).toISOString(), '0026-12-01T10:00:00Z']) {
      const res = await note({ occurredAt });
      expect(res.status, occurredAt).toBe(400);
      expect(res.body.error.details, occurredAt).toEqual([expect.objectContaining({ path: 'occurredAt' })]);
    }
    expect((await note({ occurredAt: new Date(h.clock.now().getTime() + 4 * MINUTE).toISOString() })).status).toBe(201);
  });

  it('lets the author correct when, how and which way, audited; a colleague may not; a manager may', async () => {
    const created = (await note({ occurredAt: '2026-12-14T09:00:00+01:00' })).body;
    const fixed = await api(h, h.users.sales, 'PATCH', `/api/interactions/${created.id}`, { occurredAt: '2026-12-13T09:00:00+01:00', channel: 'meeting', direction: 'out', version: created.version });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({ occurredAt: '2026-12-13T08:00:00.000Z', channel: 'meeting', direction: 'out', version: created.version + 1 });
    const audit = await api(h, h.users.admin, 'GET', `/api/audit?entityId=${created.id}`);
    const updates = audit.body.items.filter((a: { action: string }) => a.action === 'update');
    expect(updates).toContainEqual(expect.objectContaining({ field: 'occurredAt', oldValue: '2026-12-14T08:00:00.000Z', newValue: '2026-12-13T08:00:00.000Z' }));
    expect(updates).toContainEqual(expect.objectContaining({ field: 'channel', oldValue: 'note', newValue: 'meeting', actorId: h.users.sales.id }));
    expect((await api(h, h.others.sales, 'PATCH', `/api/interactions/${created.id}`, { summary: 'pas à moi' })).status).toBe(403);
    expect((await api(h, h.users.manager, 'PATCH', `/api/interactions/${created.id}`, { summary: 'relu' })).status).toBe(200);
    const future = await api(h, h.users.sales, 'PATCH', `/api/interactions/${created.id}`, { occurredAt: '2027-01-01T00:00:00Z' });
    expect(future.status).toBe(400);
    expect(future.body.error.details).toEqual([expect.objectContaining({ path: 'occurredAt' })]);
    // A filter that cannot name a record is a mistake said as such, not an empty timeline.
    for (const query of ['personId=notanid', 'organisationId=42']) {
      const res = await api(h, h.users.sales, 'GET', `/api/interactions?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.details, query).toEqual([expect.objectContaining({ path: query.split('=')[0] })]);
    }
  });

  it('withdraws an entry logged by mistake: its author or a manager, audited, gone from the timeline; a stale version is a conflict', async () => {
    const mine = (await note({ summary: 'saisi sur la mauvaise fiche' })).body;
    expect((await api(h, h.others.sales, 'DELETE', `/api/interactions/${mine.id}`)).status).toBe(403);
    const stale = await h.app.inject({ method: 'DELETE', url: `/api/interactions/${mine.id}`, headers: { authorization: `Bearer ${h.users.sales.token}`, 'if-match': 'W/"7"' } });
    expect(stale.statusCode).toBe(409);
    expect((await api(h, h.users.sales, 'DELETE', `/api/interactions/${mine.id}`)).status).toBe(204);
    expect((await api(h, h.users.sales, 'GET', `/api/interactions/${mine.id}`)).status).toBe(404);
    const timeline = await api(h, h.users.sales, 'GET', `/api/interactions?personId=${personId}&limit=200`);
    expect(timeline.body.items.map((i: { id: string }) => i.id)).not.toContain(mine.id);
    const audit = await api(h, h.users.admin, 'GET', `/api/audit?entityId=${mine.id}`);
    expect(audit.body.items.map((a: { action: string; actorId: string }) => [a.action, a.actorId])).toContainEqual(['delete', h.users.sales.id]);
    const theirs = (await note({}, h.others.sales)).body;
    expect((await api(h, h.users.manager, 'DELETE', `/api/interactions/${theirs.id}`)).status).toBe(204);
  });

  it('keeps what the phone system recorded: its time, channel and direction stay, and it cannot be withdrawn', async () => {
    const integration = await api(h, h.users.admin, 'POST', '/api/telephony/integrations', { name: 'Standard', kind: 'generic' });
    const send = (event: Record<string, unknown>) =>
      h.app.inject({ method: 'POST', url: '/api/telephony/events', headers: { authorization: `Bearer ${integration.body.secret}` }, payload: event });
    await api(h, h.users.sales, 'PATCH', `/api/people/${personId}`, { phones: [{ number: '06 45 45 45 45' }] });
    for (const event of ['ringing', 'answered', 'ended']) {
      expect((await send({ callId: 'tl-1', event, from: '06 45 45 45 45', to: '0140000000' })).statusCode, event).toBeLessThan(300);
    }
    const call = await h.handle.db.selectFrom('calls').select('interaction_id').where('external_id', '=', 'tl-1').executeTakeFirstOrThrow();
    expect(call.interaction_id).toBeTruthy();
    const moved = await api(h, h.users.manager, 'PATCH', `/api/interactions/${call.interaction_id}`, { occurredAt: '2026-12-01T10:00:00Z', channel: 'email' });
    expect(moved.status).toBe(400);
    expect(moved.body.error.details.map((d: { path: string }) => d.path)).toEqual(['channel', 'occurredAt']);
    expect((await api(h, h.users.manager, 'PATCH', `/api/interactions/${call.interaction_id}`, { summary: 'Devis demandé' })).status).toBe(200);
    expect((await api(h, h.users.manager, 'DELETE', `/api/interactions/${call.interaction_id}`)).status).toBe(409);
  });

  it("reads a plain day as one of the firm's days (Paris), refuses an inverted range, and takes the last day of year 9999", async () => {
    const dayPerson = (await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Minuit' })).body.id;
    for (const occurredAt of ['2026-12-10T00:30:00+01:00', '2026-12-10T23:30:00+01:00', '2026-12-11T00:30:00+01:00']) {
      expect((await note({ personId: dayPerson, occurredAt })).status).toBe(201);
    }
    const day = await api(h, h.users.sales, 'GET', `/api/interactions?personId=${dayPerson}&from=2026-12-10&to=2026-12-10`);
    expect(day.body.items.map((i: { occurredAt: string }) => i.occurredAt)).toEqual(['2026-12-10T22:30:00.000Z', '2026-12-09T23:30:00.000Z']);
    const inverted = await api(h, h.users.sales, 'GET', `/api/interactions?personId=${dayPerson}&from=2026-12-11&to=2026-12-01`);
    expect(inverted.status).toBe(400);
    expect(inverted.body.error.details).toEqual([expect.objectContaining({ path: 'to' })]);
    expect((await api(h, h.users.sales, 'GET', `/api/interactions?personId=${dayPerson}&to=9999-12-31`)).body.items).toHaveLength(3);
  });

  it('refuses an empty record filter or a made-up cursor rather than answering for everyone or from the start', async () => {
    for (const query of ['personId=', 'organisationId=', 'cursor=zzz|yyy', 'cursor=2026-12-01T00:00:00.000Z', 'cursor=x|y|z']) {
      const res = await api(h, h.users.sales, 'GET', `/api/interactions?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.details?.[0]?.path, query).toBe(query.split('=')[0]);
    }
    const empty = await api(h, h.users.sales, 'POST', '/api/interactions', { channel: 'note', direction: 'internal', personId, organisationId: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details).toEqual([expect.objectContaining({ path: 'organisationId' })]);
  });

  it("files what is said to an organisation's only contact on the organisation's timeline too, unless told otherwise", async () => {
    const org = (await api(h, h.users.sales, 'POST', '/api/organisations', { name: 'Transports Horizon' })).body.id;
    const other = (await api(h, h.users.sales, 'POST', '/api/organisations', { name: 'Affrètement Sud' })).body.id;
    const contact = (await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Contact', organisationIds: [org] })).body.id;
    const logged = await note({ personId: contact, summary: 'appel depuis la fiche contact' });
    expect(logged.body).toMatchObject({ personId: contact, organisationId: org });
    const orgTimeline = await api(h, h.users.sales, 'GET', `/api/interactions?organisationId=${org}`);
    expect(orgTimeline.body.items.map((i: { id: string }) => i.id)).toContain(logged.body.id);
    const none = await note({ personId: contact, organisationId: null });
    expect(none.body.organisationId).toBeNull();
    const twoOrgs = (await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Double', organisationIds: [org, other] })).body.id;
    expect((await note({ personId: twoOrgs })).body.organisationId).toBeNull();
  });

  it('does not count a date typed in the future (written before it was refused) as a recent contact', async () => {
    const target = (await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Futur', tags: ['pressure-tl'] })).body.id;
    expect((await api(h, h.users.manager, 'POST', '/api/pressure/rules', { scopeType: 'tag', scopeValue: 'pressure-tl', maxContacts: 1, periodDays: 7 })).status).toBe(201);
    const past = (await note({ personId: target, channel: 'call', direction: 'out' })).body;
    // As the API let it through before: a year typed wrong.
    await h.handle.db.updateTable('interactions').set({ occurred_at: '2027-12-01T09:00:00.000Z' }).where('id', '=', past.id).execute();
    const pressure = await api(h, h.users.sales, 'GET', `/api/pressure?entityId=${target}`);
    expect(pressure.status).toBe(200);
    expect(JSON.stringify(pressure.body)).toContain('"wouldExceed":false');
    expect((await note({ personId: target, channel: 'call', direction: 'out' })).status).toBe(201);
  });

  it('answers a French user in French first, the specific English after; details stay as programs read them', async () => {
    const french = h.others.backoffice;
    await h.handle.db.updateTable('users').set({ locale: 'fr' }).where('id', '=', french.id).execute();
    const invalid = await api(h, french, 'POST', '/api/interactions', { channel: 'pigeon', direction: 'in', personId, occurredAt: '2099-01-01T00:00:00Z' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(/^Certains champs sont invalides\. \(Invalid body: channel\)$/);
    const missing = await api(h, french, 'GET', '/api/interactions/01a00000-0000-7000-8000-000000000000');
    expect(missing.body.error.message).toBe('Introuvable. (interaction not found)');
    const future = await note({ occurredAt: '2099-01-01T00:00:00Z' }, french);
    expect(future.body.error).toMatchObject({ message: 'Certains champs sont invalides. (occurredAt: in the future; plan what is to come as a task)', details: [{ path: 'occurredAt', message: 'in the future' }] });
    // The same for an English user: the specific English message.
    const english = h.others.frontdesk;
    await h.handle.db.updateTable('users').set({ locale: 'en' }).where('id', '=', english.id).execute();
    expect((await note({ occurredAt: '2099-01-01T00:00:00Z' }, english)).body.error.message).toMatch(/^occurredAt: in the future/);
  });
});
