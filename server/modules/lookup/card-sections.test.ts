import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '../../events/bus.js';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

const supportType = {
  key: 'support',
  labelEn: 'Support',
  labelFr: 'Assistance',
  definition: {
    statuses: [
      { key: 'received', labelEn: 'Received', labelFr: 'Reçue' },
      { key: 'in_progress', labelEn: 'In progress', labelFr: 'En cours' },
      { key: 'solved', labelEn: 'Solved', labelFr: 'Résolue', terminal: true },
    ],
    sla: { byPriority: { normal: 'PT4H', urgent: 'PT1H' } },
  },
};

interface RequestItem { id: string; subject: string; status: string; statusLabelEn: string; statusLabelFr: string; teamName: string; dueAt: string | null; overdue: boolean }
interface LeadItem { id: string; interest: string; status: string; ownerId: string | null; ownerName: string | null; dueAt: string | null; overdue: boolean }
interface Sections { openRequests?: { total: number; items: RequestItem[] }; openLeads?: { total: number; items: LeadItem[] } }

describe.each(DIALECTS)('screen-pop sections: open requests and leads on %s', (dialect) => {
  let h: Harness;
  let typeId: string;
  let org: { id: string };
  let person: { id: string };

  const lookup = async (number: string) => {
    const res = await api(h, h.users.frontdesk, 'GET', `/api/lookup/phone/${encodeURIComponent(number)}`);
    expect(res.status).toBe(200);
    return res.body.matches as { type: string; id: string; sections: Sections }[];
  };
  const request = async (body: Record<string, unknown>) => {
    const res = await api(h, h.users.frontdesk, 'POST', '/api/requests', { typeId, ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string };
  };
  const lead = async (body: Record<string, unknown>) => {
    const res = await api(h, h.users.frontdesk, 'POST', '/api/leads', { source: 'call', suggestedOwnerId: h.users.sales.id, ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string };
  };

  beforeAll(async () => {
    h = await createHarness(dialect);
    const teamId = (await api(h, h.users.admin, 'POST', '/api/teams', { name: 'Techniciens' })).body.id;
    typeId = (await api(h, h.users.manager, 'POST', '/api/request-types', { ...supportType, teamId })).body.id;
    org = (await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Clinique du Parc', phones: [{ number: '04 78 00 00 01' }] })).body;
    person = (await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Élise', lastName: 'Bernard', phones: [{ number: '06 01 02 03 04' }], organisationIds: [org.id] })).body;
  });
  afterAll(async () => {
    await h?.close();
  });

  it("shows the caller's open requests and leads, nearest deadline first, with labels in both languages", async () => {
    const later = await request({ subject: 'Printer driver', personId: person.id });
    const urgent = await request({ subject: 'Server down', personId: person.id, priority: 'urgent' });
    const solved = await request({ subject: 'Old password reset', personId: person.id });
    expect((await api(h, h.users.manager, 'POST', `/api/requests/${solved.id}/transition`, { status: 'solved' })).status).toBe(200);
    expect((await api(h, h.users.manager, 'POST', `/api/requests/${later.id}/transition`, { status: 'in_progress' })).status).toBe(200);
    const fresh = await lead({ personId: person.id, interest: 'Second site licence' });
    h.clock.advance(1000);
    const accepted = await lead({ personId: person.id, interest: 'Training day' });
    expect((await api(h, h.users.sales, 'POST', `/api/leads/${accepted.id}/transition`, { status: 'accepted' })).status).toBe(200);
    const rejected = await lead({ personId: person.id, interest: 'Cheaper plan' });
    expect((await api(h, h.users.sales, 'POST', `/api/leads/${rejected.id}/transition`, { status: 'rejected', reason: 'no_budget' })).status).toBe(200);
    // Two hours later the urgent request (1 h) is overdue; the other (4 h) is not.
    h.clock.advance(2 * 3_600_000);

    const [match] = await lookup('+33 6 01 02 03 04');
    expect(match.id).toBe(person.id);
    const requests = match.sections.openRequests!;
    expect(requests.total).toBe(2);
    expect(requests.items.map((r) => r.id)).toEqual([urgent.id, later.id]);
    expect(requests.items[0]).toMatchObject({ subject: 'Server down', status: 'received', statusLabelEn: 'Received', statusLabelFr: 'Reçue', teamName: 'Techniciens', overdue: true });
    expect(requests.items[1]).toMatchObject({ subject: 'Printer driver', status: 'in_progress', statusLabelEn: 'In progress', statusLabelFr: 'En cours', overdue: false });
    expect(requests.items[1].dueAt).toEqual(expect.any(String));

    const leads = match.sections.openLeads!;
    expect(leads.total).toBe(2);
    // Leads to treat come first (with their deadline); accepted ones have no deadline left.
    expect(leads.items).toEqual([
      { id: fresh.id, interest: 'Second site licence', status: 'new', ownerId: h.users.sales.id, ownerName: 'sales one', dueAt: expect.any(String), overdue: false },
      { id: accepted.id, interest: 'Training day', status: 'accepted', ownerId: h.users.sales.id, ownerName: 'sales one', dueAt: null, overdue: false },
    ]);
  });

  it("shows an organisation its own requests and leads; a record with none gets no section", async () => {
    let [orgMatch] = await lookup('04 78 00 00 01');
    expect(orgMatch).toMatchObject({ type: 'organisation', id: org.id, sections: {} });
    const own = await request({ subject: 'Contract renewal', organisationId: org.id });
    const orgLead = await lead({ organisationId: org.id, interest: 'Three more workstations' });
    [orgMatch] = await lookup('04 78 00 00 01');
    expect(orgMatch.sections.openRequests!.items.map((r) => r.id)).toEqual([own.id]);
    expect(orgMatch.sections.openLeads!.items.map((l) => l.id)).toEqual([orgLead.id]);
    // The person's card does not list the organisation's own items.
    const [personMatch] = await lookup('0601020304');
    expect(personMatch.sections.openRequests!.items.map((r) => r.id)).not.toContain(own.id);
    expect(personMatch.sections.openLeads!.items.map((l) => l.id)).not.toContain(orgLead.id);
  });

  it("reads a caller's open requests through the record, not through the team's queue", async () => {
    // A busy team: other callers' open requests, nearer deadlines than this caller's.
    for (let i = 0; i < 12; i++) await request({ subject: `Autre demande ${i}`, organisationId: org.id, priority: 'urgent' });
    const [match] = await lookup('06 01 02 03 04');
    expect(match.sections.openRequests!.items.every((r) => !r.subject.startsWith('Autre demande'))).toBe(true);
    if (dialect === 'sqlite') {
      // A database analysed while it had no request (a demo import, a first start): statistics
      // for teams (a handful) but none for requests. SQLite then took the team queue's index,
      // which has the card's order, and read the whole queue on every call.
      const sqlite = h.app.relais.context.handle.sqlite!;
      sqlite.exec('ANALYZE');
      sqlite.exec(`DELETE FROM sqlite_stat1 WHERE tbl = 'requests'`);
      sqlite.exec('ANALYZE sqlite_schema');
      for (const [type, index] of [['person', 'requests_person'], ['organisation', 'requests_org']] as const) {
        const query = h.app.relais.services.requests.cardSection.rows({ type, id: person.id }).compile();
        const plan = sqlite
          .prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
          .all(...query.parameters)
          .map((r) => (r as { detail: string }).detail)
          .join('\n');
        expect(plan).toContain(`USING INDEX ${index} `);
        expect(plan).not.toContain('requests_queue');
      }
    }
  });

  it('keeps the ringing card under the NOTIFY limit with many long items; the full card keeps three of each', async () => {
    const published: LiveEvent[] = [];
    h.app.relais.context.events.subscribe((e) => published.push(e));
    const secret = (await api(h, h.users.admin, 'POST', '/api/telephony/integrations', { name: 'Standard', kind: 'generic' })).body.secret;
    const long = (what: string, i: number) => `${what} ${i} ${'très long texte avec des accents — '.repeat(7)}`;
    // Six people behind one switchboard number, each with four open requests, four leads, long history.
    for (let p = 0; p < 6; p++) {
      const id = (await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: `Agent${p}`, lastName: 'Standard', phones: [{ number: '04 72 99 99 99' }] })).body.id;
      for (let i = 0; i < 4; i++) {
        await request({ subject: long('Demande', i), personId: id });
        await lead({ personId: id, interest: long('Intérêt', i) });
        await api(h, h.users.frontdesk, 'POST', '/api/interactions', { channel: 'call', direction: 'in', personId: id, summary: long('Appel', i) });
        await api(h, h.users.frontdesk, 'POST', '/api/tasks', { title: long('Tâche', i), personId: id });
      }
    }
    const post = await h.app.inject({ method: 'POST', url: '/api/telephony/events', headers: { authorization: `Bearer ${secret}` }, payload: { callId: `big-${dialect}`, event: 'ringing', from: '0472999999', to: '0140000000' } });
    expect(post.statusCode).toBe(202);
    await vi.waitFor(() => expect(published.some((e) => e.type === 'call.ringing')).toBe(true));
    const card = published.find((e) => e.type === 'call.ringing')!.data as { callId: string; unknown: boolean; trimmed: boolean; matches: unknown[] };
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(6500);
    expect(card).toMatchObject({ unknown: false, trimmed: true });
    // Detail goes before callers: all six are still listed, each with its most urgent open request.
    expect(card.matches).toHaveLength(6);
    for (const m of card.matches as { sections: Sections }[]) expect(m.sections.openRequests?.items).toHaveLength(1);

    const full = await api(h, h.users.frontdesk, 'GET', `/api/calls/${card.callId}/card`);
    expect(full.status).toBe(200);
    expect(full.body.matches).toHaveLength(6);
    for (const m of full.body.matches as { sections: Sections }[]) {
      expect(m.sections.openRequests!).toMatchObject({ total: 4 });
      expect(m.sections.openRequests!.items).toHaveLength(3);
      expect(m.sections.openLeads!.items).toHaveLength(3);
      // Texts are clipped so a section stays small.
      for (const r of m.sections.openRequests!.items) expect(r.subject.length).toBeLessThanOrEqual(100);
      for (const l of m.sections.openLeads!.items) expect(l.interest.length).toBeLessThanOrEqual(100);
    }
  });
});
