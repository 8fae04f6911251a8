import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

describe.each(DIALECTS)('phone lookup and timeline on %s', (dialect) => {
  let h: Harness;
  let person: { id: string };
  let org: { id: string };
  beforeAll(async () => {
    h = await createHarness(dialect);
    org = (await api(h, h.users.frontdesk, 'POST', '/api/organisations', {
      name: 'Transports Lefèvre',
      phones: [{ number: '04 72 00 00 00', label: 'standard' }],
      relationships: [{ type: 'carrier' }],
      tags: ['contract'],
    })).body;
    person = (await api(h, h.users.frontdesk, 'POST', '/api/people', {
      firstName: 'Zoé',
      lastName: 'Lefèvre',
      phones: [{ number: '06 11 22 33 44' }, { number: '04 72 00 00 00', label: 'standard' }],
      organisationIds: [org.id],
      relationships: [{ type: 'contact-of', targetType: 'organisation', targetId: org.id }],
      addresses: [{ street: '3 quai Perrache', postalCode: '69002', city: 'Lyon' }],
    })).body;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('finds the caller from any written form of the number, with what a screen pop needs', async () => {
    // Kept off the organisation's timeline (where a contact's call goes by default), which a later test counts.
    await api(h, h.users.frontdesk, 'POST', '/api/interactions', { channel: 'call', direction: 'in', personId: person.id, organisationId: null, summary: 'Quote for Lyon–Lille', outcome: 'reached', durationSeconds: 180 });
    await api(h, h.users.frontdesk, 'POST', '/api/tasks', { title: 'Send the quote', personId: person.id });
    for (const written of ['06 11 22 33 44', '+33 6 11 22 33 44', '0033611223344', '06.11.22.33.44', '+33611223344']) {
      const res = await api(h, h.users.frontdesk, 'GET', `/api/lookup/phone/${encodeURIComponent(written)}`);
      expect(res.status, written).toBe(200);
      expect(res.body.e164).toBe('+33611223344');
      expect(res.body.matches).toHaveLength(1);
      const [match] = res.body.matches;
      expect(match).toMatchObject({ type: 'person', id: person.id, displayName: 'Zoé Lefèvre', organisations: [{ id: org.id, name: 'Transports Lefèvre' }] });
      expect(match.lastInteractions[0]).toMatchObject({ summary: 'Quote for Lyon–Lille', channel: 'call' });
      expect(match.openTasks.map((t: { title: string }) => t.title)).toEqual(['Send the quote']);
      // S1: where they are, and their custom fields, without opening the file.
      expect(match.addresses).toEqual([expect.objectContaining({ street: '3 quai Perrache', postalCode: '69002', city: 'Lyon' })]);
      expect(match.customFields).toEqual({});
    }
  });

  it('shows on the card the five latest interactions and the open tasks, soonest first, exactly as the API does', async () => {
    const caller = (await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Anaïs', lastName: 'Carte', phones: [{ number: '06 55 44 33 22' }] })).body;
    // Read back through JSON on the card: quotes, backslashes, line breaks and accents must survive.
    const tricky = 'Il a dit "oui" \\ à 9 h\nRappeler — ça urge ✓';
    for (let day = 1; day <= 7; day++) {
      const created = await api(h, h.users.frontdesk, 'POST', '/api/interactions', {
        channel: day % 2 ? 'call' : 'email',
        direction: 'in',
        personId: caller.id,
        occurredAt: `2026-02-0${day}T09:00:00.000Z`,
        summary: day === 6 ? tricky : `Jour ${day}`,
        ...(day % 2 ? { durationSeconds: 60 + day, outcome: 'reached' } : {}),
      });
      expect(created.status).toBe(201);
    }
    const task = async (title: string, dueAt?: string) => (await api(h, h.users.frontdesk, 'POST', '/api/tasks', { title, personId: caller.id, ...(dueAt ? { dueAt } : {}) })).body;
    const later = await task('Plus tard', '2027-03-01T10:00:00.000Z');
    const undated = await task('Sans date');
    const soon = await task('Bientôt', '2027-01-15T10:00:00.000Z');
    const done = await task('Déjà fait', '2027-01-01T10:00:00.000Z');
    expect((await api(h, h.users.frontdesk, 'PATCH', `/api/tasks/${done.id}`, { status: 'done', version: done.version })).status).toBe(200);

    const [match] = (await api(h, h.users.frontdesk, 'GET', '/api/lookup/phone/0655443322')).body.matches;
    const timeline = (await api(h, h.users.frontdesk, 'GET', `/api/interactions?personId=${caller.id}`)).body.items;
    // The card leaves out what it does not show (participants, attachments, links): absent, never
    // empty lists that would say "no attachment" of an interaction that has some; the rest is the API's view.
    const withoutExtras = ({ participants: _p, attachments: _a, links: _l, ...rest }: Record<string, unknown>) => rest;
    expect(timeline[0].participants).toEqual([{ type: 'person', id: caller.id }]);
    expect(match.lastInteractions).toEqual(timeline.slice(0, 5).map(withoutExtras));
    expect(match.lastInteractions.map((i: { summary: string }) => i.summary)).toEqual(['Jour 7', tricky, 'Jour 5', 'Jour 4', 'Jour 3']);
    expect(match.lastInteractions[0]).toMatchObject({ durationSeconds: 67, outcome: 'reached', body: null, version: 1 });
    const tasks = await Promise.all([soon, later, undated].map(async (t) => (await api(h, h.users.frontdesk, 'GET', `/api/tasks/${t.id}`)).body));
    expect(match.openTasks).toEqual(tasks);
  });

  it('lists every record behind a shared switchboard number instead of guessing', async () => {
    const res = await api(h, h.users.frontdesk, 'GET', '/api/lookup/phone/0472000000');
    expect(res.body.matches.map((m: { type: string; id: string }) => `${m.type}:${m.id}`).sort()).toEqual([`organisation:${org.id}`, `person:${person.id}`].sort());
    const carrier = res.body.matches.find((m: { type: string }) => m.type === 'organisation');
    expect(carrier.relationships.map((r: { type: string }) => r.type)).toEqual(['carrier']);
    expect(carrier.tags).toEqual(['contract']);
  });

  it('answers unknown numbers with no match, and garbage with a 400', async () => {
    const unknown = await api(h, h.users.frontdesk, 'GET', '/api/lookup/phone/0699999999');
    expect(unknown.status).toBe(200);
    expect(unknown.body.matches).toEqual([]);
    const garbage = await api(h, h.users.frontdesk, 'GET', '/api/lookup/phone/hello');
    expect(garbage.status).toBe(400);
  });

  it('shows the timeline newest first, filtered by channel and dates, with cursor pages', async () => {
    const base = new Date('2026-01-10T10:00:00.000Z').getTime();
    for (const [i, channel] of ['email', 'call', 'letter', 'call'].entries()) {
      const r = await api(h, h.users.backoffice, 'POST', '/api/interactions', {
        channel, direction: 'out', organisationId: org.id, occurredAt: new Date(base + i * 86_400_000).toISOString(), summary: `${channel} ${i}`,
      });
      expect(r.status).toBe(201);
    }
    const all = await api(h, h.users.sales, 'GET', `/api/interactions?organisationId=${org.id}`);
    expect(all.body.items.map((i: { summary: string }) => i.summary)).toEqual(['call 3', 'letter 2', 'call 1', 'email 0']);
    const calls = await api(h, h.users.sales, 'GET', `/api/interactions?organisationId=${org.id}&channel=call`);
    expect(calls.body.items.map((i: { summary: string }) => i.summary)).toEqual(['call 3', 'call 1']);
    const range = await api(h, h.users.sales, 'GET', `/api/interactions?organisationId=${org.id}&from=2026-01-11T00:00:00Z&to=2026-01-13T00:00:00Z`);
    expect(range.body.items.map((i: { summary: string }) => i.summary)).toEqual(['letter 2', 'call 1']);
    // Plain days, as people write a period: from the first day's start to the last day's end (the firm's days, Paris).
    const days = await api(h, h.users.sales, 'GET', `/api/interactions?organisationId=${org.id}&from=2026-01-11&to=2026-01-12`);
    expect(days.status).toBe(200);
    expect(days.body.items.map((i: { summary: string }) => i.summary)).toEqual(['letter 2', 'call 1']);
    const notADay = await api(h, h.users.sales, 'GET', `/api/interactions?organisationId=${org.id}&from=2026-02-30`);
    expect(notADay.status).toBe(400);
    expect(notADay.body.error.details[0].path).toBe('from');
    const page1 = await api(h, h.users.sales, 'GET', `/api/interactions?organisationId=${org.id}&limit=3`);
    const page2 = await api(h, h.users.sales, 'GET', `/api/interactions?organisationId=${org.id}&limit=3&cursor=${encodeURIComponent(page1.body.nextCursor)}`);
    expect(page2.body.items.map((i: { summary: string }) => i.summary)).toEqual(['email 0']);
    const badChannel = await api(h, h.users.sales, 'POST', '/api/interactions', { channel: 'pigeon', direction: 'in', personId: person.id });
    expect(badChannel.status).toBe(400);
    expect(badChannel.body.error.details[0].path).toBe('channel');
  });

  it('lets only the author (or a manager) edit an interaction', async () => {
    const created = (await api(h, h.users.sales, 'POST', '/api/interactions', { channel: 'note', direction: 'internal', personId: person.id, body: 'draft' })).body;
    expect((await api(h, h.others.sales, 'PATCH', `/api/interactions/${created.id}`, { body: 'hijack' })).status).toBe(403);
    const edited = await api(h, h.users.sales, 'PATCH', `/api/interactions/${created.id}`, { body: 'final', version: 1 });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ body: 'final', version: 2 });
    expect((await api(h, h.users.manager, 'PATCH', `/api/interactions/${created.id}`, { outcome: 'reviewed', version: 1 })).status).toBe(409);
  });
});

describe.each(DIALECTS)('the caller card and the record page on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('show the same contact points, tags, fields, links and organisations (the card reads them in its own query)', async () => {
    const field = async (entityType: string, key: string, type: string) =>
      expect((await api(h, h.users.admin, 'POST', '/api/custom-fields', { entityType, key, labelEn: key, labelFr: key, type })).status).toBe(201);
    await field('person', 'goods', 'text');
    await field('person', 'pallets', 'number');
    await field('person', 'hazmat', 'boolean');
    await field('organisation', 'fleet', 'number');
    const org = (await api(h, h.users.frontdesk, 'POST', '/api/organisations', {
      name: 'Frigo Express Rhône',
      phones: [{ number: '04 78 11 22 33', label: 'standard' }],
      emails: [{ address: 'exploitation@frigo-rhone.fr', label: 'ops' }],
      tags: ['carrier', 'refrigerated'],
      customFields: { fleet: 42 },
    })).body;
    const person = (await api(h, h.users.frontdesk, 'POST', '/api/people', {
      firstName: 'Élodie',
      lastName: 'Marchand',
      phones: [{ number: '06 98 76 54 32', label: 'mobile' }, { number: '04 78 11 22 33', label: 'standard' }],
      emails: [{ address: 'elodie@frigo-rhone.fr', label: 'work' }, { address: 'e.marchand@example.fr' }],
      addresses: [
        { label: 'depot', street: '12 rue du Port', postalCode: '69007', city: 'Lyon' },
        { street: 'ZI Nord', postalCode: '38200', city: 'Vienne', country: 'FR' },
      ],
      organisationIds: [org.id],
      tags: ['vip', 'night shifts'],
      customFields: { goods: 'yaourts, "frais"', pallets: 26, hazmat: false },
      relationships: [{ type: 'contact-of', targetType: 'organisation', targetId: org.id }],
    })).body;
    expect(person.id).toBeDefined();

    const sameAsRecordPage = async (match: Record<string, unknown>, page: string) => {
      const record = (await api(h, h.users.frontdesk, 'GET', page)).body;
      for (const key of ['displayName', 'phones', 'emails', 'addresses', 'tags', 'customFields', 'relationships']) {
        expect(match[key], `${page} ${key}`).toEqual(record[key]);
      }
      return record;
    };
    const [alone] = (await api(h, h.users.frontdesk, 'GET', '/api/lookup/phone/0698765432')).body.matches;
    const page = await sameAsRecordPage(alone, `/api/people/${person.id}`);
    expect(alone.organisations).toEqual(page.organisations);
    expect(alone.customFields).toEqual({ goods: 'yaourts, "frais"', pallets: 26, hazmat: false });

    // A shared switchboard: both records, each with its own details.
    const shared = (await api(h, h.users.frontdesk, 'GET', '/api/lookup/phone/0478112233')).body.matches;
    expect(shared.map((m: { type: string }) => m.type)).toEqual(['person', 'organisation']);
    await sameAsRecordPage(shared[0], `/api/people/${person.id}`);
    await sameAsRecordPage(shared[1], `/api/organisations/${org.id}`);
    expect(shared[1].customFields).toEqual({ fleet: 42 });
  });
});
