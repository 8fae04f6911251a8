import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '../../events/bus.js';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

const billingType = {
  key: 'billing',
  labelEn: 'Billing question',
  labelFr: 'Question de facturation',
  definition: {
    statuses: [
      { key: 'open', labelEn: 'Open', labelFr: 'Ouverte', required: ['fields.invoice_number'] },
      { key: 'in_progress', labelEn: 'In progress', labelFr: 'En cours', required: ['assigneeId'] },
      { key: 'closed', labelEn: 'Closed', labelFr: 'Close', terminal: true, required: ['resolutionNote'] },
    ],
    fields: [{ key: 'invoice_number', labelEn: 'Invoice number', labelFr: 'Numéro de facture', type: 'text' }],
    sla: { byPriority: { normal: 'PT4H', urgent: 'PT1H' }, warnBefore: 'PT1H' },
  },
};

describe.each(DIALECTS)('requests handed to teams on %s', (dialect) => {
  let h: Harness;
  let published: LiveEvent[];
  let teamId: string;
  let typeId: string;
  let customerId: string;

  beforeAll(async () => {
    h = await createHarness(dialect);
    published = [];
    h.app.relais.context.events.subscribe((e) => published.push(e));
    teamId = (await api(h, h.users.admin, 'POST', '/api/teams', { name: 'Facturation' })).body.id;
    // The back-office users belong to the billing team; the manager manages it.
    for (const user of [h.users.backoffice, h.others.backoffice]) await api(h, h.users.admin, 'PATCH', `/api/users/${user.id}`, { teamId });
    const calendar = await api(h, h.users.manager, 'PATCH', `/api/teams/${teamId}`, {
      managerId: h.users.manager.id,
      calendar: { timeZone: 'Europe/Paris', hours: { '1': [['09:00', '18:00']], '2': [['09:00', '18:00']], '3': [['09:00', '18:00']], '4': [['09:00', '18:00']], '5': [['09:00', '18:00']] }, holidays: [] },
    });
    expect(calendar.status).toBe(200);
    const type = await api(h, h.users.manager, 'POST', '/api/request-types', { ...billingType, teamId });
    expect(type.status).toBe(201);
    typeId = type.body.id;
    customerId = (await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Paul', lastName: 'Facture' })).body.id;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses a request without the fields its first status requires, naming them', async () => {
    const res = await api(h, h.users.frontdesk, 'POST', '/api/requests', { typeId, subject: 'Double billing', personId: customerId });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'fields.invoice_number', message: 'required for status open' }]);
    const badType = await api(h, h.users.manager, 'POST', '/api/request-types', { ...billingType, key: 'bad', definition: { ...billingType.definition, statuses: [{ key: 'a', labelEn: 'A', labelFr: 'A', required: ['fields.nope'] }, { key: 'b', labelEn: 'B', labelFr: 'B', terminal: true }] } });
    expect(badType.status).toBe(400);
  });

  it('queues requests oldest deadline first; the team takes and closes them; the originator sees it live', async () => {
    // Friday 2026-03-06 16:00 Paris: 4 working hours run to Monday 11:00.
    h.clock.set('2026-03-06T15:00:00.000Z');
    const normal = await api(h, h.users.frontdesk, 'POST', '/api/requests', { typeId, subject: 'Double billing', personId: customerId, fields: { invoice_number: 'F-2026-0042' } });
    expect(normal.status).toBe(201);
    expect(normal.body).toMatchObject({ status: 'open', teamId, open: true, dueAt: '2026-03-09T10:00:00.000Z', openedBy: h.users.frontdesk.id });
    const urgent = await api(h, h.users.frontdesk, 'POST', '/api/requests', { typeId, subject: 'Blocked account', priority: 'urgent', personId: customerId, fields: { invoice_number: 'F-2026-0050' } });
    expect(urgent.body.dueAt).toBe('2026-03-06T16:00:00.000Z');
    const queue = await api(h, h.users.backoffice, 'GET', `/api/requests?teamId=${teamId}&open=true`);
    expect(queue.body.items.map((r: { subject: string }) => r.subject)).toEqual(['Blocked account', 'Double billing']);

    const notInTeam = await api(h, h.users.sales, 'POST', `/api/requests/${normal.body.id}/take`);
    expect(notInTeam.status).toBe(403);
    const taken = await api(h, h.users.backoffice, 'POST', `/api/requests/${normal.body.id}/take`);
    expect(taken.body.assigneeId).toBe(h.users.backoffice.id);
    const noNote = await api(h, h.users.backoffice, 'POST', `/api/requests/${normal.body.id}/transition`, { status: 'closed' });
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.details).toEqual([{ path: 'resolutionNote', message: 'required for status closed' }]);
    const closed = await api(h, h.users.backoffice, 'POST', `/api/requests/${normal.body.id}/transition`, { status: 'closed', resolutionNote: 'Credit note sent' });
    expect(closed.body).toMatchObject({ status: 'closed', open: false, resolutionNote: 'Credit note sent' });

    await vi.waitFor(() => expect(published.some((e) => e.type === 'request.closed' && e.audience.userIds?.includes(h.users.frontdesk.id))).toBe(true));
    const bell = await api(h, h.users.frontdesk, 'GET', '/api/notifications?unread=true');
    expect(bell.body.items.find((n: { kind: string }) => n.kind === 'request.closed').payload).toMatchObject({ requestId: normal.body.id, resolutionNote: 'Credit note sent', status: 'closed', statusLabelEn: 'Closed', statusLabelFr: 'Close' });
    const mine = await api(h, h.users.frontdesk, 'GET', '/api/requests?openedBy=me');
    expect(mine.body.items.find((r: { id: string }) => r.id === normal.body.id).status).toBe('closed');
    const onRecord = await api(h, h.users.sales, 'GET', `/api/requests?personId=${customerId}`);
    expect(onRecord.body.items).toHaveLength(2);
    const detail = await api(h, h.users.frontdesk, 'GET', `/api/requests/${normal.body.id}`);
    expect(detail.body.history.map((e: { kind: string }) => e.kind)).toEqual(['created', 'assigned', 'status']);
  });

  it('warns before the deadline and escalates after it, in working time across the weekend', async () => {
    h.clock.set('2026-03-13T16:00:00.000Z'); // Friday 17:00 Paris
    const req = (await api(h, h.users.frontdesk, 'POST', '/api/requests', { typeId, subject: 'Refund', assigneeId: h.users.backoffice.id, fields: { invoice_number: 'F-9' } })).body;
    expect(req.dueAt).toBe('2026-03-16T11:00:00.000Z'); // 1 h on Friday + 3 h on Monday: 12:00 Paris
    const runJobs = () => h.app.relais.context.jobs.runDue();
    h.clock.set('2026-03-14T12:00:00.000Z'); // Saturday: nothing yet
    await runJobs();
    expect((await api(h, h.users.backoffice, 'GET', `/api/requests/${req.id}`)).body.warnedAt).toBeNull();
    h.clock.set('2026-03-16T10:00:00.000Z'); // Monday 11:00 Paris: one hour left
    await runJobs();
    const warned = (await api(h, h.users.backoffice, 'GET', `/api/requests/${req.id}`)).body;
    expect(warned.warnedAt).toBe('2026-03-16T10:00:00.000Z');
    expect(warned.escalatedAt).toBeNull();
    await vi.waitFor(() => expect(published.some((e) => e.type === 'request.deadline_warning' && e.audience.userIds?.includes(h.users.backoffice.id))).toBe(true));
    h.clock.set('2026-03-16T11:00:00.000Z');
    await runJobs();
    const escalated = (await api(h, h.users.backoffice, 'GET', `/api/requests/${req.id}`)).body;
    expect(escalated).toMatchObject({ escalatedAt: '2026-03-16T11:00:00.000Z', overdue: true });
    const managerBell = await api(h, h.users.manager, 'GET', '/api/notifications?unread=true');
    expect(managerBell.body.items.some((n: { kind: string; payload: { requestId: string } }) => n.kind === 'request.escalated' && n.payload.requestId === req.id)).toBe(true);
    const marked = await api(h, h.users.manager, 'GET', `/api/requests?teamId=${teamId}&escalated=true`);
    expect(marked.body.items.map((r: { id: string }) => r.id)).toContain(req.id);
  });
  it('warns in working time: one hour before a Monday 09:30 deadline is Friday 17:30', async () => {
    h.clock.set('2026-03-20T13:30:00.000Z'); // Friday 14:30 Paris; 3.5 h left on Friday, 0.5 h on Monday
    const req = (await api(h, h.users.frontdesk, 'POST', '/api/requests', { typeId, subject: 'Late invoice', assigneeId: h.users.backoffice.id, fields: { invoice_number: 'F-10' } })).body;
    expect(req.dueAt).toBe('2026-03-23T08:30:00.000Z');
    h.clock.set('2026-03-20T16:29:00.000Z');
    await h.app.relais.context.jobs.runDue();
    expect((await api(h, h.users.backoffice, 'GET', `/api/requests/${req.id}`)).body.warnedAt).toBeNull();
    h.clock.set('2026-03-20T16:30:00.000Z'); // Friday 17:30 Paris, while the assignee is still at work
    await h.app.relais.context.jobs.runDue();
    expect((await api(h, h.users.backoffice, 'GET', `/api/requests/${req.id}`)).body.warnedAt).toBe('2026-03-20T16:30:00.000Z');
  });
  it('edits a request type: labels, team, workflow with allowed next statuses; stale versions and stranded requests refused', async () => {
    const statuses = [
      { key: 'new', labelEn: 'New', labelFr: 'Nouvelle' },
      { key: 'on_site', labelEn: 'On site', labelFr: 'Sur place' },
      { key: 'done', labelEn: 'Done', labelFr: 'Terminée', terminal: true },
    ];
    const type = (await api(h, h.users.manager, 'POST', '/api/request-types', { key: 'repair', labelEn: 'Repair', labelFr: 'Réparation', teamId, definition: { statuses } })).body;
    expect(type.version).toBe(1);
    const req = (await api(h, h.users.frontdesk, 'POST', '/api/requests', { typeId: type.id, subject: 'Broken screen' })).body;
    expect((await api(h, h.users.backoffice, 'POST', `/api/requests/${req.id}/transition`, { status: 'on_site' })).status).toBe(200);

    expect((await api(h, h.users.frontdesk, 'PATCH', `/api/request-types/${type.id}`, { labelEn: 'Nope' })).status).toBe(403);
    const badNext = await api(h, h.users.manager, 'PATCH', `/api/request-types/${type.id}`, { definition: { statuses: [{ ...statuses[0], next: ['nowhere'] }, statuses[2]] } });
    expect(badNext.status).toBe(400);
    expect(badNext.body.error.details[0].path).toBe('definition.statuses.0.next.0');

    // "on_site" holds an open request: removing it would strand it.
    const stranded = await api(h, h.users.manager, 'PATCH', `/api/request-types/${type.id}`, { version: 1, definition: { statuses: [statuses[0], statuses[2]] } });
    expect(stranded.status).toBe(409);
    expect(stranded.body.error.message).toContain('"on_site" (1 open)');

    // A new label, and a workflow where new requests must go on site before being done.
    const edited = await api(h, h.users.manager, 'PATCH', `/api/request-types/${type.id}`, {
      version: 1,
      labelEn: 'On-site repair',
      definition: { statuses: [{ ...statuses[0], next: ['on_site'] }, { ...statuses[1], next: ['done'] }, { ...statuses[2], required: ['resolutionNote'] }], sla: { byPriority: { normal: 'P1D' } } },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ labelEn: 'On-site repair', labelFr: 'Réparation', version: 2, teamId });
    expect((await api(h, h.users.manager, 'PATCH', `/api/request-types/${type.id}`, { version: 1, labelFr: 'Vieille' })).status).toBe(409);
    const listed = (await api(h, h.users.sales, 'GET', '/api/request-types')).body.items.find((t: { id: string }) => t.id === type.id);
    expect(listed.definition.statuses[2].required).toEqual(['resolutionNote']);

    const other = (await api(h, h.users.frontdesk, 'POST', '/api/requests', { typeId: type.id, subject: 'Flickering' })).body;
    const skipped = await api(h, h.users.backoffice, 'POST', `/api/requests/${other.id}/transition`, { status: 'done', resolutionNote: 'x' });
    expect(skipped.status).toBe(400);
    expect(skipped.body.error.message).toContain('on_site');
    // The edited requirement applies to requests already open.
    const noNote = await api(h, h.users.backoffice, 'POST', `/api/requests/${req.id}/transition`, { status: 'done' });
    expect(noNote.body.error.details).toEqual([{ path: 'resolutionNote', message: 'required for status done' }]);
    const audit = (await api(h, h.users.manager, 'GET', `/api/audit?entityId=${type.id}&limit=50`)).body.items;
    expect(audit.some((row: { action: string; field: string }) => row.action === 'update' && row.field === 'label_en')).toBe(true);
  });
  it('reassigns to a colleague, then to another team: queues, history, audit, both teams told live', async () => {
    const recovery = (await api(h, h.users.admin, 'POST', '/api/teams', { name: 'Recouvrement' })).body.id;
    await api(h, h.users.admin, 'PATCH', `/api/users/${h.others.frontdesk.id}`, { teamId: recovery });
    const req = (await api(h, h.users.frontdesk, 'POST', '/api/requests', { typeId, subject: 'Unpaid since June', personId: customerId, fields: { invoice_number: 'F-77' } })).body;

    const toColleague = await api(h, h.users.backoffice, 'PATCH', `/api/requests/${req.id}`, { assigneeId: h.others.backoffice.id, version: req.version });
    expect(toColleague.body).toMatchObject({ assigneeId: h.others.backoffice.id, version: 2 });
    const bell = await api(h, h.others.backoffice, 'GET', '/api/notifications?unread=true');
    expect(bell.body.items.some((n: { kind: string; payload: { requestId: string } }) => n.kind === 'request.assigned' && n.payload.requestId === req.id)).toBe(true);
    expect((await api(h, h.users.backoffice, 'PATCH', `/api/requests/${req.id}`, { priority: 'high', version: 1 })).status).toBe(409);
    expect((await api(h, h.users.sales, 'PATCH', `/api/requests/${req.id}`, { teamId: recovery })).status).toBe(403);
    expect((await api(h, h.users.backoffice, 'PATCH', `/api/requests/${req.id}`, { teamId: 'no-such-team' })).body.error.details).toEqual([{ path: 'teamId', message: 'not found' }]);

    const from = published.length;
    const moved = await api(h, h.users.backoffice, 'PATCH', `/api/requests/${req.id}`, { teamId: recovery, version: 2 });
    expect(moved.body).toMatchObject({ teamId: recovery, assigneeId: null, version: 3 });
    const recoveryQueue = await api(h, h.others.frontdesk, 'GET', `/api/requests?teamId=${recovery}&open=true`);
    expect(recoveryQueue.body.items.map((r: { id: string }) => r.id)).toEqual([req.id]);
    const billingQueue = await api(h, h.users.backoffice, 'GET', `/api/requests?teamId=${teamId}&open=true&limit=200`);
    expect(billingQueue.body.items.map((r: { id: string }) => r.id)).not.toContain(req.id);
    await vi.waitFor(() => expect(published.slice(from).some((e) => e.type === 'request.updated' && (e.data as { id: string }).id === req.id)).toBe(true));
    const told = published.slice(from).find((e) => e.type === 'request.updated' && (e.data as { id: string }).id === req.id)!;
    expect(told.audience.userIds).toEqual(expect.arrayContaining([h.others.frontdesk.id, h.users.backoffice.id, h.others.backoffice.id, h.users.frontdesk.id]));
    expect(told.data).toMatchObject({ teamId: recovery, fromTeamId: teamId });

    // It is the other team's now: the old team may no longer work it, the new one may.
    expect((await api(h, h.users.backoffice, 'POST', `/api/requests/${req.id}/take`)).status).toBe(403);
    expect((await api(h, h.others.frontdesk, 'POST', `/api/requests/${req.id}/take`)).body.assigneeId).toBe(h.others.frontdesk.id);
    const detail = (await api(h, h.users.frontdesk, 'GET', `/api/requests/${req.id}`)).body;
    expect(detail.history.map((e: { kind: string; body: string | null }) => [e.kind, e.body])).toEqual([
      ['created', null],
      ['assigned', h.others.backoffice.id],
      ['team', recovery],
      ['assigned', null],
      ['assigned', h.others.frontdesk.id],
    ]);
    const audit = (await api(h, h.users.manager, 'GET', `/api/audit?entityId=${req.id}&limit=50`)).body.items;
    expect(audit.some((row: { field: string; oldValue?: unknown; newValue?: unknown }) => row.field === 'teamId' && JSON.stringify(row).includes(recovery))).toBe(true);
  });

  it('pages through a queue with a cursor: every request once, in deadline order', async () => {
    const team = (await api(h, h.users.admin, 'POST', '/api/teams', { name: 'Pagination' })).body.id;
    const made: string[] = [];
    for (const priority of ['normal', 'urgent', 'normal', 'low', 'urgent']) {
      h.clock.advance(60_000);
      made.push((await api(h, h.users.frontdesk, 'POST', '/api/requests', { typeId, teamId: team, subject: `Page ${made.length}`, priority, fields: { invoice_number: 'F-1' } })).body.id);
    }
    const seen: { id: string; dueAt: string | null }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: { items: { id: string; dueAt: string | null }[]; nextCursor: string | null } } = await api(h, h.users.backoffice, 'GET', `/api/requests?teamId=${team}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.map((r) => r.id).sort()).toEqual([...made].sort());
    const dues = seen.map((r) => r.dueAt ?? '9999');
    expect(dues).toEqual([...dues].sort());
    const bad = await api(h, h.users.backoffice, 'GET', `/api/requests?teamId=${team}&cursor=garbage`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ path: 'cursor', message: 'invalid cursor' }]);
  });
  it('answers each list filter, alone and with others, as filtering the whole list would', async () => {
    type Listed = { id: string; teamId: string; assigneeId: string | null; openedBy: string; status: string; open: boolean; typeId: string; personId: string | null; organisationId: string | null; escalatedAt: string | null };
    const everything: Listed[] = (await api(h, h.users.manager, 'GET', '/api/requests?limit=200')).body.items;
    expect(everything.length).toBeGreaterThan(3);
    expect(new Set(everything.map((r) => r.open)).size).toBe(2);
    const sample = everything.find((r) => r.assigneeId && r.personId)!;
    const cases: [string, (r: Listed) => boolean][] = [
      [`teamId=${teamId}`, (r) => r.teamId === teamId],
      [`assignee=${sample.assigneeId}`, (r) => r.assigneeId === sample.assigneeId],
      [`openedBy=${sample.openedBy}`, (r) => r.openedBy === sample.openedBy],
      [`status=${sample.status}`, (r) => r.status === sample.status],
      ['open=true', (r) => r.open],
      ['open=false', (r) => !r.open],
      [`typeId=${typeId}`, (r) => r.typeId === typeId],
      [`personId=${sample.personId}`, (r) => r.personId === sample.personId],
      ['escalated=true', (r) => r.escalatedAt !== null],
      [`teamId=${teamId}&open=false&personId=${sample.personId}`, (r) => r.teamId === teamId && !r.open && r.personId === sample.personId],
      [`teamId=${teamId}&open=true&escalated=true`, (r) => r.teamId === teamId && r.open && r.escalatedAt !== null],
    ];
    for (const [filter, keep] of cases) {
      const listed = await api(h, h.users.manager, 'GET', `/api/requests?${filter}&limit=200`);
      expect(listed.status, filter).toBe(200);
      expect(listed.body.items.map((r: Listed) => r.id), filter).toEqual(everything.filter(keep).map((r) => r.id));
    }
  });

  it('refuses a team calendar in an unknown time zone, naming the field', async () => {
    const res = await api(h, h.users.manager, 'PATCH', `/api/teams/${teamId}`, { calendar: { timeZone: 'Mars/Olympus', hours: null, holidays: [] } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'calendar.timeZone', message: 'unknown time zone' }]);
    const teams = (await api(h, h.users.sales, 'GET', '/api/teams')).body.items;
    expect(teams.find((t: { id: string }) => t.id === teamId).calendar.timeZone).toBe('Europe/Paris');
  });

  it('refuses working hours that are not times or close before they open, naming the day, and leaves the calendar as it was', async () => {
    for (const hours of [[['18:00', '09:00']], [['09:00', '09:00']], [['25:00', '26:00']], [['99:99', '99:99']]]) {
      const res = await api(h, h.users.manager, 'PATCH', `/api/teams/${teamId}`, { calendar: { timeZone: 'Europe/Paris', hours: { '1': [['09:00', '18:00']], '2': hours }, holidays: [] } });
      expect(res.status, JSON.stringify(hours)).toBe(400);
      expect(res.body.error.details[0].path, JSON.stringify(hours)).toMatch(/^calendar\.hours\.2/);
    }
    const teams = (await api(h, h.users.sales, 'GET', '/api/teams')).body.items;
    expect(teams.find((t: { id: string }) => t.id === teamId).calendar.hours['2']).toEqual([['09:00', '18:00']]);
  });

  it('refuses a deadline that could never work when the type is saved, naming it', async () => {
    for (const [sla, path] of [[{ byPriority: { normal: 'P0D' } }, 'definition.sla.byPriority.normal'], [{ byPriority: { normal: 'P999999Y' } }, 'definition.sla.byPriority.normal'], [{ byPriority: {}, warnBefore: 'PT0M' }, 'definition.sla.warnBefore']] as const) {
      const res = await api(h, h.users.manager, 'POST', '/api/request-types', { ...billingType, key: `never_${path.length}_${JSON.stringify(sla).length}`, teamId, definition: { ...billingType.definition, sla } });
      expect(res.status, JSON.stringify(sla)).toBe(400);
      expect(res.body.error.details, JSON.stringify(sla)).toEqual([{ path, message: 'between one minute (PT1M) and five years (P5Y)' }]);
    }
  });

  it('takes a request once: a colleague holding it is not overtaken, and of two taking it at once one gets it', async () => {
    const open = async () =>
      (await api(h, h.users.frontdesk, 'POST', '/api/requests', { typeId, subject: 'Facture en double', personId: customerId, fields: { invoice_number: 'F-2026-0042' } })).body as { id: string };
    const held = await open();
    expect((await api(h, h.users.backoffice, 'POST', `/api/requests/${held.id}/take`)).status).toBe(200);
    const overtaken = await api(h, h.others.backoffice, 'POST', `/api/requests/${held.id}/take`);
    expect(overtaken.status).toBe(409);
    expect((await api(h, h.users.sales, 'GET', `/api/requests/${held.id}`)).body.assigneeId).toBe(h.users.backoffice.id);
    // Taking again what one holds changes nothing.
    expect((await api(h, h.users.backoffice, 'POST', `/api/requests/${held.id}/take`)).body.assigneeId).toBe(h.users.backoffice.id);

    const contested = await open();
    const both = await Promise.all([h.users.backoffice, h.others.backoffice].map((user) => api(h, user, 'POST', `/api/requests/${contested.id}/take`)));
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = both.find((r) => r.status === 200)!.body.assigneeId;
    expect((await api(h, h.users.sales, 'GET', `/api/requests/${contested.id}`)).body.assigneeId).toBe(winner);
  });

  it('audits what an edit changed, and only that: subject, description, fields', async () => {
    const req = (await api(h, h.users.frontdesk, 'POST', '/api/requests', { typeId, subject: 'Avoir', personId: customerId, fields: { invoice_number: 'F-100' } })).body;
    const edited = await api(h, h.users.backoffice, 'PATCH', `/api/requests/${req.id}`, { subject: 'Avoir sur facture', description: 'Montant erroné', fields: { invoice_number: 'F-101' } });
    expect(edited.status).toBe(200);
    const rows = (await api(h, h.users.manager, 'GET', `/api/audit?entityId=${req.id}&limit=50`)).body.items.filter((r: { action: string }) => r.action === 'update');
    expect(rows.map((r: { field: string }) => r.field).sort()).toEqual(['description', 'fields', 'subject']);
    expect(rows.find((r: { field: string }) => r.field === 'fields').newValue).toContain('F-101');
  });

  it('refuses a disabled colleague as assignee or team manager: their warnings and escalations would reach nobody', async () => {
    const leaver = (await api(h, h.users.admin, 'POST', '/api/users', { email: `leaver-req-${dialect}@test.local`, password: 'Leaver-Strong-Pass-2026!', name: 'Leaver', role: 'manager' })).body;
    expect((await api(h, h.users.admin, 'PATCH', `/api/users/${leaver.id}`, { disabled: true })).status).toBe(200);
    const req = (await api(h, h.users.frontdesk, 'POST', '/api/requests', { typeId, subject: 'Relance', personId: customerId, fields: { invoice_number: 'F-102' } })).body;
    expect((await api(h, h.users.backoffice, 'PATCH', `/api/requests/${req.id}`, { assigneeId: leaver.id })).body.error.details).toEqual([{ path: 'assigneeId', message: 'unknown or disabled user' }]);
    expect((await api(h, h.users.manager, 'PATCH', `/api/teams/${teamId}`, { managerId: leaver.id })).body.error.details).toEqual([{ path: 'managerId', message: 'unknown or disabled user' }]);
  });

  it('an escalated request moved to a team with the same deadline stays escalated; a new deadline starts afresh', async () => {
    const twin = (await api(h, h.users.admin, 'POST', '/api/teams', { name: 'Facturation bis' })).body.id;
    const sameHours = (await api(h, h.users.sales, 'GET', '/api/teams')).body.items.find((t: { id: string }) => t.id === teamId).calendar;
    expect((await api(h, h.users.manager, 'PATCH', `/api/teams/${twin}`, { managerId: h.users.manager.id, calendar: sameHours })).status).toBe(200);
    h.clock.set('2026-03-17T08:00:00.000Z'); // Tuesday 09:00 Paris
    const req = (await api(h, h.users.frontdesk, 'POST', '/api/requests', { typeId, subject: 'Litige', personId: customerId, fields: { invoice_number: 'F-103' } })).body;
    h.clock.set('2026-03-17T13:00:00.000Z'); // past its 4 working hours
    await h.app.relais.context.jobs.runDue();
    const escalated = (await api(h, h.users.backoffice, 'GET', `/api/requests/${req.id}`)).body;
    expect(escalated.escalatedAt).not.toBeNull();
    const moved = (await api(h, h.users.backoffice, 'PATCH', `/api/requests/${req.id}`, { teamId: twin })).body;
    expect(moved).toMatchObject({ dueAt: escalated.dueAt, escalatedAt: escalated.escalatedAt, overdue: true });
    // Urgent is another deadline (1 h): already past too, it is escalated again at once.
    const urgent = (await api(h, h.users.manager, 'PATCH', `/api/requests/${req.id}`, { priority: 'urgent' })).body;
    expect(urgent.dueAt).not.toBe(escalated.dueAt);
    await h.app.relais.context.jobs.runDue();
    expect((await api(h, h.users.manager, 'GET', `/api/requests/${req.id}`)).body.escalatedAt).not.toBeNull();
  });

  it("holds each of a type's own fields to its kind, on creation, change and transition, naming the field", async () => {
    const visit = await api(h, h.users.manager, 'POST', '/api/request-types', {
      key: `visit_${dialect}`,
      labelEn: 'Site visit',
      labelFr: 'Visite',
      teamId,
      definition: {
        statuses: [{ key: 'open', labelEn: 'Open', labelFr: 'Ouverte' }, { key: 'planned', labelEn: 'Planned', labelFr: 'Planifiée', required: ['fields.visit_on', 'fields.pallets'] }, { key: 'done', labelEn: 'Done', labelFr: 'Faite', terminal: true }],
        fields: [{ key: 'pallets', labelEn: 'Pallets', labelFr: 'Palettes', type: 'number' }, { key: 'visit_on', labelEn: 'Visit on', labelFr: 'Visite le', type: 'date' }],
        sla: { byPriority: {} },
      },
    });
    expect(visit.status).toBe(201);
    const bad = await api(h, h.users.frontdesk, 'POST', '/api/requests', { typeId: visit.body.id, subject: 'Visite dépôt', personId: customerId, fields: { pallets: 'douze', visit_on: '2026-02-31', colour: 'bleu' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([
      { path: 'fields.pallets', message: 'expected a number' },
      { path: 'fields.visit_on', message: 'expected a date YYYY-MM-DD' },
      { path: 'fields.colour', message: 'unknown field for this request type; use pallets, visit_on' },
    ]);
    const req = (await api(h, h.users.frontdesk, 'POST', '/api/requests', { typeId: visit.body.id, subject: 'Visite dépôt', personId: customerId })).body;
    expect((await api(h, h.users.backoffice, 'PATCH', `/api/requests/${req.id}`, { fields: { pallets: 'abc' } })).status).toBe(400);
    const notADate = await api(h, h.users.backoffice, 'POST', `/api/requests/${req.id}/transition`, { status: 'planned', fields: { pallets: 12, visit_on: 'garbage' } });
    expect(notADate.body.error.details).toEqual([{ path: 'fields.visit_on', message: 'expected a date YYYY-MM-DD' }]);
    const planned = await api(h, h.users.backoffice, 'POST', `/api/requests/${req.id}/transition`, { status: 'planned', fields: { pallets: 12, visit_on: '2026-03-20' } });
    expect(planned.status).toBe(200);
    expect(planned.body.fields).toEqual({ pallets: 12, visit_on: '2026-03-20' });
  });

  it('audits every field a request is created with, and each comment, with who and when', async () => {
    const req = (await api(h, h.users.frontdesk, 'POST', '/api/requests', { typeId, subject: 'Audit', description: 'Tout est noté', personId: customerId, fields: { invoice_number: 'F-77' } })).body;
    const audit = (await api(h, h.users.manager, 'GET', `/api/audit?entityId=${req.id}`)).body.items as { action: string; field: string; newValue: string; actorId: string }[];
    const created = Object.fromEntries(audit.filter((a) => a.action === 'create').map((a) => [a.field, a.newValue]));
    expect(created).toMatchObject({ subject: 'Audit', description: 'Tout est noté', personId: customerId, priority: 'normal', typeId, teamId });
    expect(created.fields).toContain('F-77');
    await api(h, h.users.backoffice, 'POST', `/api/requests/${req.id}/comments`, { body: 'Appelé le client', internal: true });
    const after = (await api(h, h.users.manager, 'GET', `/api/audit?entityId=${req.id}`)).body.items as { action: string; field: string; newValue: string; actorId: string }[];
    expect(after).toContainEqual(expect.objectContaining({ action: 'comment', field: 'comment', newValue: 'Appelé le client', actorId: h.users.backoffice.id }));
  });
});
