import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '../../events/bus.js';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

describe.each(DIALECTS)('leads that never vanish on %s', (dialect) => {
  let h: Harness;
  let published: LiveEvent[];
  let ownedAccount: string;
  let newProspect: string;

  beforeAll(async () => {
    h = await createHarness(dialect);
    published = [];
    h.app.relais.context.events.subscribe((e) => published.push(e));
    ownedAccount = (await api(h, h.users.sales, 'POST', '/api/people', { firstName: 'Anne', lastName: 'Compte' })).body.id; // owned by the rep who created it
    newProspect = (await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Nouveau', lastName: 'Prospect', addresses: [{ postalCode: '69003', city: 'Lyon' }] })).body.id;
  });
  afterAll(async () => {
    await h?.close();
  });

  it("routes to the account's owner, stamps creation by the server, and refuses client timestamps", async () => {
    const lead = await api(h, h.users.frontdesk, 'POST', '/api/leads', { source: 'call', personId: ownedAccount, interest: 'Fleet tracking', potential: 12000 });
    expect(lead.status).toBe(201);
    expect(lead.body).toMatchObject({ ownerId: h.users.sales.id, originatorId: h.users.frontdesk.id, createdBy: h.users.frontdesk.id, status: 'new', createdAt: h.clock.now().toISOString(), routing: [{ rule: 'account_owner' }] });
    expect(lead.body.dueAt).toBe(new Date(h.clock.now().getTime() + 2 * 86_400_000).toISOString());
    // Audited whole: the account, the potential, the deadline, not only owner, source and interest.
    const audit = (await api(h, h.users.manager, 'GET', `/api/audit?entityId=${lead.body.id}`)).body.items as { action: string; field: string; newValue: string; actorId: string }[];
    const created = Object.fromEntries(audit.filter((a) => a.action === 'create').map((a) => [a.field, a.newValue]));
    expect(created).toMatchObject({ personId: ownedAccount, interest: 'Fleet tracking', source: 'call', ownerId: h.users.sales.id, dueAt: lead.body.dueAt, status: 'new' });
    expect(created.potential).toBe('12000');
    const forged = await api(h, h.users.frontdesk, 'POST', '/api/leads', { source: 'call', personId: ownedAccount, interest: 'x', createdAt: '2020-01-01T00:00:00Z', createdBy: h.users.sales.id });
    expect(forged.status).toBe(400);
    expect(forged.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['createdAt', 'createdBy']);
    await vi.waitFor(() => expect(published.some((e) => e.type === 'lead.assigned' && e.audience.userIds?.includes(h.users.sales.id))).toBe(true));
  });

  it('uses territory rules, then a fair round robin among sales reps', async () => {
    const settings = await api(h, h.users.manager, 'PUT', '/api/leads/settings', { territories: [{ postalPrefix: '69', ownerId: h.others.sales.id }] });
    expect(settings.status).toBe(200);
    const lyon = await api(h, h.users.frontdesk, 'POST', '/api/leads', { source: 'front_desk', personId: newProspect, interest: 'Cold storage' });
    expect(lyon.body).toMatchObject({ ownerId: h.others.sales.id, routing: [{ rule: 'territory', detail: '69' }] });
    await api(h, h.users.manager, 'PUT', '/api/leads/settings', {});
    const owners = [];
    for (let i = 0; i < 4; i++) {
      h.clock.advance(1000);
      owners.push((await api(h, h.users.frontdesk, 'POST', '/api/leads', { source: 'web_form', personId: newProspect, interest: `Request ${i}` })).body.ownerId);
    }
    expect(new Set(owners)).toEqual(new Set([h.users.sales.id, h.others.sales.id]));
    expect(owners[0]).not.toBe(owners[1]);
    expect(owners[2]).toBe(owners[0]);
  });

  it('a rejected lead carries a reason the originator sees; only the owner decides', async () => {
    const lead = (await api(h, h.users.frontdesk, 'POST', '/api/leads', { source: 'call', personId: ownedAccount, interest: 'Second truck', note: 'Wants a second refrigerated truck before June' })).body;
    expect((await api(h, h.others.sales, 'POST', `/api/leads/${lead.id}/transition`, { status: 'accepted' })).status).toBe(403);
    const noReason = await api(h, h.users.sales, 'POST', `/api/leads/${lead.id}/transition`, { status: 'rejected' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].path).toBe('reason');
    const rejected = await api(h, h.users.sales, 'POST', `/api/leads/${lead.id}/transition`, { status: 'rejected', reason: 'no_budget', note: 'Budget frozen until 2027' });
    // The originator's description of the opportunity stays; the decision has its own note, audited.
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: 'no_budget', note: 'Wants a second refrigerated truck before June', decisionNote: 'Budget frozen until 2027' });
    const audit = (await api(h, h.users.manager, 'GET', `/api/audit?entityId=${lead.id}`)).body.items;
    expect(audit).toContainEqual(expect.objectContaining({ field: 'decisionNote', newValue: 'Budget frozen until 2027' }));
    // Decided, it is no longer anyone else's to take: reassigning it would move the result in the report.
    const moved = await api(h, h.users.manager, 'PATCH', `/api/leads/${lead.id}`, { ownerId: h.others.sales.id });
    expect(moved.status).toBe(409);
    expect((await api(h, h.users.manager, 'GET', `/api/leads/${lead.id}`)).body.ownerId).toBe(rejected.body.ownerId);
    const seen = await api(h, h.users.frontdesk, 'GET', `/api/leads?originator=me&status=rejected`);
    expect(seen.body.items.map((l: { id: string }) => l.id)).toContain(lead.id);
    const bell = await api(h, h.users.frontdesk, 'GET', '/api/notifications?unread=true');
    expect(bell.body.items.find((n: { kind: string }) => n.kind === 'lead.rejected').payload).toMatchObject({ leadId: lead.id, reason: 'no_budget', reasonLabelEn: 'No budget', reasonLabelFr: 'Pas de budget', note: 'Budget frozen until 2027' });
    expect((await api(h, h.users.sales, 'POST', `/api/leads/${lead.id}/transition`, { status: 'accepted' })).status).toBe(400);
  });

  it('an untreated lead escalates to the manager after its deadline and can be reassigned', async () => {
    const lead = (await api(h, h.users.frontdesk, 'POST', '/api/leads', { source: 'colleague', personId: ownedAccount, interest: 'Ignored lead' })).body;
    h.clock.set(new Date(new Date(lead.dueAt).getTime() - 60_000));
    await h.app.relais.context.jobs.runDue();
    expect((await api(h, h.users.manager, 'GET', `/api/leads/${lead.id}`)).body.escalatedAt).toBeNull();
    h.clock.set(lead.dueAt);
    await h.app.relais.context.jobs.runDue();
    expect((await api(h, h.users.manager, 'GET', `/api/leads/${lead.id}`)).body.escalatedAt).toBe(lead.dueAt);
    const bell = await api(h, h.users.manager, 'GET', '/api/notifications?unread=true');
    expect(bell.body.items.some((n: { kind: string; payload: { leadId: string } }) => n.kind === 'lead.escalated' && n.payload.leadId === lead.id)).toBe(true);
    expect((await api(h, h.users.sales, 'PATCH', `/api/leads/${lead.id}`, { ownerId: h.others.sales.id })).status).toBe(403);
    const moved = await api(h, h.users.manager, 'PATCH', `/api/leads/${lead.id}`, { ownerId: h.others.sales.id });
    expect(moved.body).toMatchObject({ ownerId: h.others.sales.id, escalatedAt: null });
    const history = (await api(h, h.users.frontdesk, 'GET', `/api/leads/${lead.id}`)).body.history.map((e: { kind: string }) => e.kind);
    expect(history).toEqual(['created', 'escalated', 'reassigned']);
  });

  it('reports conversion per owner, source and originator', async () => {
    const lead = (await api(h, h.users.frontdesk, 'POST', '/api/leads', { source: 'campaign', personId: ownedAccount, interest: 'Converted one' })).body;
    await api(h, h.users.sales, 'POST', `/api/leads/${lead.id}/transition`, { status: 'converted' });
    const report = await api(h, h.users.manager, 'GET', `/api/reports/leads?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z`);
    expect(report.status).toBe(200);
    const campaign = report.body.bySource.find((g: { key: string }) => g.key === 'campaign');
    expect(campaign).toMatchObject({ total: 1, converted: 1, conversionRate: 1 });
    const frontdesk = report.body.byOriginator.find((g: { key: string }) => g.key === h.users.frontdesk.id);
    expect(frontdesk.total).toBe(report.body.total);
    expect((await api(h, h.users.sales, 'GET', `/api/reports/leads?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z`)).status).toBe(403);
  });
  it('the database itself refuses to rewrite when and by whom a lead was created (S8 attribution)', async () => {
    const lead = (await api(h, h.users.frontdesk, 'POST', '/api/leads', { source: 'call', personId: ownedAccount, interest: 'Attribution' })).body;
    const db = h.app.relais.context.db;
    const tamper = [
      sql`UPDATE leads SET created_at = '2020-01-01T00:00:00.000Z' WHERE id = ${lead.id}`,
      sql`UPDATE leads SET created_by = ${h.users.sales.id} WHERE id = ${lead.id}`,
      sql`UPDATE leads SET created_by = ${h.users.sales.id}, status = 'accepted'`,
    ];
    for (const statement of tamper) await expect(statement.execute(db)).rejects.toThrow(/write-once columns/);
    await expect(db.transaction().execute(async (trx) => sql`UPDATE leads SET created_at = created_at || 'x' WHERE id = ${lead.id}`.execute(trx))).rejects.toThrow(/write-once columns/);
    const stored = await db.selectFrom('leads').select(['created_at', 'created_by', 'status']).where('id', '=', lead.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ created_at: lead.createdAt, created_by: h.users.frontdesk.id, status: 'new' });
    // The rest of the lead still moves: setting the stamp to its own value is no change either.
    await sql`UPDATE leads SET note = 'ok', created_at = created_at WHERE id = ${lead.id}`.execute(db);
    expect((await api(h, h.users.sales, 'POST', `/api/leads/${lead.id}/transition`, { status: 'accepted' })).body).toMatchObject({ status: 'accepted', createdAt: lead.createdAt, createdBy: h.users.frontdesk.id });
  });
  it('pages through a record’s leads with a cursor, newest first, each once', async () => {
    const person = (await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Page', lastName: 'Turner' })).body.id;
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      // Two leads in the same millisecond: the id breaks the tie.
      if (i !== 3) h.clock.advance(1000);
      made.push((await api(h, h.users.frontdesk, 'POST', '/api/leads', { source: 'call', personId: person, interest: `Lead ${i}`, suggestedOwnerId: h.users.sales.id })).body.id);
    }
    const seen: { id: string; createdAt: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { id: string; createdAt: string }[]; nextCursor: string | null } } = await api(h, h.users.sales, 'GET', `/api/leads?personId=${person}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.map((l) => l.id).sort()).toEqual([...made].sort());
    const times = seen.map((l) => l.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect((await api(h, h.users.sales, 'GET', '/api/leads?cursor=nope')).body.error.details).toEqual([{ path: 'cursor', message: 'invalid cursor' }]);
  });
  it('the originator’s suggestion wins over the account owner; a non-seller suggestion is ignored', async () => {
    const suggested = await api(h, h.users.frontdesk, 'POST', '/api/leads', { source: 'call', personId: ownedAccount, interest: 'Asked for Sophie', suggestedOwnerId: h.others.sales.id });
    expect(suggested.body).toMatchObject({ ownerId: h.others.sales.id, suggestedOwnerId: h.others.sales.id, routing: [{ rule: 'suggested' }] });
    const notASeller = await api(h, h.users.frontdesk, 'POST', '/api/leads', { source: 'call', personId: ownedAccount, interest: 'Asked for the desk', suggestedOwnerId: h.users.frontdesk.id });
    expect(notASeller.body).toMatchObject({ ownerId: h.users.sales.id, suggestedOwnerId: h.users.frontdesk.id, routing: [{ rule: 'account_owner' }] });
  });

  it('routes by product keyword (accents and case folded) when no account owner or territory decides', async () => {
    const leaver = (await api(h, h.users.admin, 'POST', '/api/users', { email: `leaver-leads-${dialect}@test.local`, password: 'Leaver-Strong-Pass-2026!', name: 'Leaver', role: 'sales' })).body;
    const settings = await api(h, h.users.manager, 'PUT', '/api/leads/settings', { products: [{ keyword: 'frigo', ownerId: leaver.id }, { keyword: 'Chambre froide', ownerId: h.others.sales.id }] });
    expect(settings.status).toBe(200);
    const cold = await api(h, h.users.frontdesk, 'POST', '/api/leads', { source: 'web_form', personId: newProspect, interest: 'Une CHAMBRE FROIDE de 20 m³' });
    expect(cold.body).toMatchObject({ ownerId: h.others.sales.id, routing: [{ rule: 'product', detail: 'Chambre froide' }] });
    // Its owner left since the rule was saved: the keyword falls through to the round robin.
    expect((await api(h, h.users.admin, 'PATCH', `/api/users/${leaver.id}`, { disabled: true })).status).toBe(200);
    const fridge = await api(h, h.users.frontdesk, 'POST', '/api/leads', { source: 'web_form', personId: newProspect, interest: 'Un frigo' });
    expect(fridge.body.routing).toEqual([{ rule: 'round_robin' }]);
    await api(h, h.users.manager, 'PUT', '/api/leads/settings', {});
  });

  it('warns the owner before the deadline, then escalates; a bad duration is refused by name', async () => {
    const bad = await api(h, h.users.manager, 'PUT', '/api/leads/settings', { warnBefore: 'PT4X' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ path: 'warnBefore', message: 'an ISO 8601 duration such as PT4H or P2D' }]);
    // A duration that could never work is refused when saved, not at each lead it would make fail.
    for (const treatWithin of ['P0D', 'PT0M', 'P999999Y']) {
      const never = await api(h, h.users.manager, 'PUT', '/api/leads/settings', { treatWithin });
      expect(never.status, treatWithin).toBe(400);
      expect(never.body.error.details, treatWithin).toEqual([{ path: 'treatWithin', message: 'between one minute (PT1M) and five years (P5Y)' }]);
    }
    expect((await api(h, h.users.manager, 'PUT', '/api/leads/settings', { warnBefore: 'PT4H' })).status).toBe(200);
    const lead = (await api(h, h.users.frontdesk, 'POST', '/api/leads', { source: 'call', personId: ownedAccount, interest: 'Warn me' })).body;
    const warnAt = new Date(new Date(lead.dueAt).getTime() - 4 * 3_600_000);
    h.clock.set(new Date(warnAt.getTime() - 60_000));
    await h.app.relais.context.jobs.runDue();
    expect((await api(h, h.users.sales, 'GET', `/api/leads/${lead.id}`)).body.warnedAt).toBeNull();
    h.clock.set(warnAt);
    await h.app.relais.context.jobs.runDue();
    const warned = (await api(h, h.users.sales, 'GET', `/api/leads/${lead.id}`)).body;
    expect(warned).toMatchObject({ warnedAt: warnAt.toISOString(), escalatedAt: null });
    const bell = await api(h, h.users.sales, 'GET', '/api/notifications?unread=true');
    expect(bell.body.items.find((n: { kind: string; payload: { leadId: string } }) => n.kind === 'lead.deadline_warning' && n.payload.leadId === lead.id).payload).toMatchObject({ interest: 'Warn me', dueAt: lead.dueAt });
    await vi.waitFor(() => expect(published.some((e) => e.type === 'lead.deadline_warning' && (e.data as { id: string }).id === lead.id && e.audience.userIds?.includes(h.users.sales.id))).toBe(true));
    h.clock.set(lead.dueAt);
    await h.app.relais.context.jobs.runDue();
    const after = (await api(h, h.users.sales, 'GET', `/api/leads/${lead.id}`)).body;
    expect(after.escalatedAt).toBe(lead.dueAt);
    expect(after.history.map((e: { kind: string }) => e.kind)).toEqual(['created', 'warning', 'escalated']);
    // Treated in time: no warning at all.
    const treated = (await api(h, h.users.frontdesk, 'POST', '/api/leads', { source: 'call', personId: ownedAccount, interest: 'Handled quickly' })).body;
    await api(h, h.users.sales, 'POST', `/api/leads/${treated.id}/transition`, { status: 'accepted' });
    h.clock.set(treated.dueAt);
    await h.app.relais.context.jobs.runDue();
    expect((await api(h, h.users.sales, 'GET', `/api/leads/${treated.id}`)).body).toMatchObject({ warnedAt: null, escalatedAt: null });
    await api(h, h.users.manager, 'PUT', '/api/leads/settings', {});
  });

  it('refuses routing rules and leads that name nobody, naming the field', async () => {
    const settings = (await api(h, h.users.manager, 'GET', '/api/leads/settings')).body;
    const bad = await api(h, h.users.manager, 'PUT', '/api/leads/settings', { ...settings, roundRobinTeamId: 'no-such-team', territories: [{ postalPrefix: '75', ownerId: 'no-such-user' }], products: [{ keyword: 'frigo', ownerId: h.users.frontdesk.id }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([
      { path: 'territories.0.ownerId', message: 'not an active sales user' },
      { path: 'products.0.ownerId', message: 'not an active sales user' },
      { path: 'roundRobinTeamId', message: 'not found' },
    ]);
    expect((await api(h, h.users.manager, 'GET', '/api/leads/settings')).body).toEqual(settings);
    for (const [field, value] of [['interactionId', 'nope'], ['suggestedOwnerId', 'nope']]) {
      const res = await api(h, h.users.frontdesk, 'POST', '/api/leads', { source: 'call', personId: ownedAccount, interest: 'x', [field]: value });
      expect(res.status, field).toBe(400);
      expect(res.body.error.details, field).toEqual([{ path: field, message: 'not found' }]);
    }
  });
});
