import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '../../events/bus.js';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

const HOUR = 3600_000;

describe.each(DIALECTS)('tasks and reminders on %s', (dialect) => {
  let h: Harness;
  let published: LiveEvent[];
  let personId: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    published = [];
    h.app.relais.context.events.subscribe((e) => published.push(e));
    personId = (await api(h, h.users.sales, 'POST', '/api/people', { firstName: 'Rémi', lastName: 'Prospect' })).body.id;
  });
  afterAll(async () => {
    await h?.close();
  });

  const runJobs = () => h.app.relais.context.jobs.runDue();
  const reminders = (userId: string) => published.filter((e) => e.type === 'task.reminder' && e.audience.userIds?.includes(userId));

  it('refuses dates outside the years 1–9999 in UTC (stored as text, year 10000 would sort first), on tasks and interactions', async () => {
    for (const dueAt of ['9999-12-31T23:00:00-23:00', '0000-01-01T00:00:00+01:00']) {
      const task = await api(h, h.users.sales, 'POST', '/api/tasks', { title: 'Trop loin', dueAt });
      expect(task.status, dueAt).toBe(400);
      expect(task.body.error.details, dueAt).toEqual([expect.objectContaining({ path: 'dueAt' })]);
      const call = await api(h, h.users.sales, 'POST', '/api/interactions', { channel: 'note', direction: 'internal', personId, occurredAt: dueAt });
      expect(call.status, dueAt).toBe(400);
      expect(call.body.error.details, dueAt).toEqual([expect.objectContaining({ path: 'occurredAt' })]);
    }
    const last = await api(h, h.users.sales, 'POST', '/api/tasks', { title: 'Au bout', dueAt: '9999-12-31T22:00:00-01:00' });
    expect(last.status).toBe(201);
    expect((await api(h, h.users.sales, 'PATCH', `/api/tasks/${last.body.id}`, { status: 'cancelled' })).status).toBe(200);
  });

  it('takes every task field of the API: status on creation, the person and organisation on change; the same values again change nothing', async () => {
    const done = await api(h, h.users.sales, 'POST', '/api/tasks', { title: 'Devis envoyé', status: 'done', completionNote: 'Envoyé par courrier', dueAt: '2026-03-01T09:00:00Z', personId });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ status: 'done', completionNote: 'Envoyé par courrier', completedAt: expect.any(String) });
    // Dealt with already: no reminder waits for it.
    const jobs = await h.app.relais.context.db.selectFrom('jobs').select('id').where('unique_key', '=', `task:${done.body.id}`).execute();
    expect(jobs).toEqual([]);

    const org = (await api(h, h.users.sales, 'POST', '/api/organisations', { name: 'Fret Nord' })).body;
    const other = (await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Autre' })).body;
    const task = (await api(h, h.users.sales, 'POST', '/api/tasks', { title: 'Rappeler', personId })).body;
    const moved = await api(h, h.users.sales, 'PATCH', `/api/tasks/${task.id}`, { personId: other.id, organisationId: org.id, version: 1 });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ personId: other.id, organisationId: org.id, version: 2 });
    expect((await api(h, h.users.sales, 'PATCH', `/api/tasks/${task.id}`, { personId: 'no-such-person' })).body.error.details).toEqual([{ path: 'personId', message: 'not found' }]);
    const same = await api(h, h.users.sales, 'PATCH', `/api/tasks/${task.id}`, { personId: other.id, title: 'Rappeler', version: 2 });
    expect(same.body.version).toBe(2);
    const cleared = await api(h, h.users.sales, 'PATCH', `/api/tasks/${task.id}`, { organisationId: null, status: 'cancelled', version: 2 });
    expect(cleared.body).toMatchObject({ organisationId: null, personId: other.id, status: 'cancelled', version: 3 });
  });

  it('lists tasks due before a date-time or a day of the firm (Paris), and by assigneeId as by assignee', async () => {
    const client = (await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Échéances' })).body;
    const titles = async (query: string) =>
      (await api(h, h.users.sales, 'GET', `/api/tasks?personId=${client.id}&${query}`)).body.items.map((t: { title: string }) => t.title);
    // 23:30 on 9 April in Paris, 00:30 on 10 April in Paris, noon on 10 April.
    for (const [title, dueAt] of [['veille', '2026-04-09T21:30:00Z'], ['minuit passé', '2026-04-09T22:30:00Z'], ['midi', '2026-04-10T12:00:00Z']]) {
      expect((await api(h, h.users.sales, 'POST', '/api/tasks', { title, dueAt, personId: client.id })).status).toBe(201);
    }
    expect(await titles('dueBefore=2026-04-10')).toEqual(['veille']);
    expect(await titles('dueBefore=2026-04-10T12:00:00Z')).toEqual(['veille', 'minuit passé']);
    expect(await titles('dueBefore=2026-04-10T12:00:00%2B02:00')).toEqual(['veille', 'minuit passé']);
    const wrongDay = await api(h, h.users.sales, 'GET', '/api/tasks?dueBefore=2026-02-30');
    expect(wrongDay.status).toBe(400);
    expect(wrongDay.body.error.details).toEqual([expect.objectContaining({ path: 'dueBefore' })]);

    const salesId = h.users.sales.id;
    expect(await titles(`assigneeId=${salesId}`)).toEqual(await titles('assignee=me'));
    expect(await titles(`assigneeId=${salesId}`)).toHaveLength(3);
    expect(await titles(`assigneeId=${h.users.manager.id}`)).toEqual([]);
    const both = await api(h, h.users.sales, 'GET', `/api/tasks?assignee=me&assigneeId=${h.users.manager.id}`);
    expect(both.status).toBe(400);
    expect(both.body.error.details).toEqual([expect.objectContaining({ path: 'assigneeId' })]);
    // Out of the way of the next tests' "my open tasks".
    for (const task of (await api(h, h.users.sales, 'GET', `/api/tasks?personId=${client.id}`)).body.items) {
      expect((await api(h, h.users.sales, 'PATCH', `/api/tasks/${task.id}`, { status: 'cancelled' })).status).toBe(200);
    }
  });

  it('creates a task for the caller by default and lists "my" open tasks soonest first', async () => {
    const now = h.clock.now().getTime();
    const later = await api(h, h.users.sales, 'POST', '/api/tasks', { title: 'Later', dueAt: new Date(now + 48 * HOUR).toISOString(), personId });
    const sooner = await api(h, h.users.sales, 'POST', '/api/tasks', { title: 'Sooner', dueAt: new Date(now + 2 * HOUR).toISOString(), personId });
    const undated = await api(h, h.users.sales, 'POST', '/api/tasks', { title: 'Someday' });
    expect(later.status).toBe(201);
    expect(sooner.body.assigneeId).toBe(h.users.sales.id);
    const mine = await api(h, h.users.sales, 'GET', '/api/tasks?assignee=me&status=open');
    expect(mine.body.items.map((t: { title: string }) => t.title)).toEqual(['Sooner', 'Later', 'Someday']);
    const page = await api(h, h.users.sales, 'GET', '/api/tasks?assignee=me&status=open&limit=2');
    const rest = await api(h, h.users.sales, 'GET', `/api/tasks?assignee=me&status=open&limit=2&cursor=${encodeURIComponent(page.body.nextCursor)}`);
    expect(rest.body.items.map((t: { id: string }) => t.id)).toEqual([undated.body.id]);
    const others = await api(h, h.others.sales, 'GET', '/api/tasks?assignee=me');
    expect(others.body.items).toEqual([]);

    // total=true counts every matching task on the first page (the heading of "My tasks"), not the page's.
    const counted = await api(h, h.users.sales, 'GET', '/api/tasks?assignee=me&status=open&limit=2&total=true');
    expect(counted.body).toMatchObject({ total: 3, totalIsLowerBound: false });
    expect(counted.body.items).toHaveLength(2);
    const nextCounted = await api(h, h.users.sales, 'GET', `/api/tasks?assignee=me&status=open&limit=2&total=true&cursor=${encodeURIComponent(counted.body.nextCursor)}`);
    expect(nextCounted.body).not.toHaveProperty('total');
    expect(mine.body).not.toHaveProperty('total');
    expect((await api(h, h.others.sales, 'GET', '/api/tasks?assignee=me&total=true')).body).toMatchObject({ items: [], total: 0 });
    const badTotal = await api(h, h.users.sales, 'GET', '/api/tasks?assignee=me&total=yes');
    expect(badTotal.status).toBe(400);
    expect(badTotal.body.error.details).toEqual([expect.objectContaining({ path: 'total' })]);
  });

  it('lists a record\'s closed tasks latest closed first (status=closed, sort=-closedAt), page by page, ties by id', async () => {
    const record = (await api(h, h.users.sales, 'POST', '/api/organisations', { name: 'Transports Clos' })).body;
    const start = h.clock.now().getTime();
    const make = async (title: string) => (await api(h, h.users.sales, 'POST', '/api/tasks', { title, organisationId: record.id, dueAt: new Date(start + 72 * HOUR).toISOString() })).body;
    const close = async (task: { id: string }, status: 'done' | 'cancelled' | 'open') => {
      const res = await api(h, h.users.sales, 'PATCH', `/api/tasks/${task.id}`, { status });
      expect(res.status).toBe(200);
    };
    const first = await make('Closed first');
    const second = await make('Cancelled second');
    const tieA = await make('Tie A');
    const tieB = await make('Tie B');
    const reopened = await make('Closed, reopened, closed last');
    const open = await make('Still open');
    await close(first, 'done');
    h.clock.advance(HOUR);
    await close(second, 'cancelled');
    await close(reopened, 'done');
    h.clock.advance(HOUR);
    // Two closed at the same instant: the id decides, the same way on every page.
    await close(tieA, 'done');
    await close(tieB, 'cancelled');
    h.clock.advance(HOUR);
    await close(reopened, 'open');
    await close(reopened, 'done');
    const ties = [tieA.id, tieB.id].sort().reverse();
    const expected = [reopened.id, ...ties, second.id, first.id];

    const base = `/api/tasks?organisationId=${record.id}&status=closed&sort=-closedAt`;
    const all = await api(h, h.users.sales, 'GET', base);
    expect(all.status).toBe(200);
    expect(all.body.items.map((t: { id: string }) => t.id)).toEqual(expected);
    expect(all.body.nextCursor).toBeNull();
    expect((await api(h, h.users.sales, 'GET', `${base}&limit=2&total=true`)).body.total).toBe(expected.length);
    // Two at a time: every task once, in the same order.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: { id: string; completedAt: string }[]; nextCursor: string | null } } = await api(
        h, h.users.sales, 'GET', `${base}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(res.status).toBe(200);
      paged.push(...res.body.items.map((t) => t.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(expected);

    // One status at a time in the same order; closed in the due-date order as before without sort.
    const cancelled = await api(h, h.users.sales, 'GET', `/api/tasks?organisationId=${record.id}&status=cancelled&sort=-closedAt`);
    expect(cancelled.body.items.map((t: { id: string }) => t.id)).toEqual(expected.filter((id) => id === tieB.id || id === second.id));
    const byDue = await api(h, h.users.sales, 'GET', `/api/tasks?organisationId=${record.id}&status=closed`);
    expect(byDue.body.items.map((t: { id: string }) => t.id).sort()).toEqual([...expected].sort());
    expect((await api(h, h.users.sales, 'GET', `/api/tasks?organisationId=${record.id}&status=open`)).body.items.map((t: { id: string }) => t.id)).toEqual([open.id]);

    // Open tasks have no closing time: asked that way, a 400 naming the sort; an unknown sort or a made-up cursor too.
    for (const query of ['sort=-closedAt', 'status=open&sort=-closedAt', 'status=closed&sort=closedAt']) {
      const res = await api(h, h.users.sales, 'GET', `/api/tasks?organisationId=${record.id}&${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.details, query).toEqual([expect.objectContaining({ path: 'sort' })]);
    }
    const badCursor = await api(h, h.users.sales, 'GET', `${base}&cursor=${encodeURIComponent('2026-01-05|x')}`);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.details).toEqual([expect.objectContaining({ path: 'cursor' })]);
    // A filter that cannot name a record is a mistake said as such, not an empty list.
    for (const [query, path] of [['assignee=bob', 'assignee'], ['assigneeId=bob', 'assigneeId'], ['personId=notanid', 'personId'], ['organisationId=x', 'organisationId']]) {
      const res = await api(h, h.users.sales, 'GET', `/api/tasks?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.details, query).toEqual([expect.objectContaining({ path })]);
    }
    expect((await api(h, h.users.sales, 'GET', '/api/tasks?assignee=me')).status).toBe(200);
  });

  it('fires the reminder when due, not before, once, and pushes it live to the assignee', async () => {
    const due = new Date(h.clock.now().getTime() + 6 * 30 * 24 * HOUR); // "call back in 6 months"
    const task = (await api(h, h.users.frontdesk, 'POST', '/api/tasks', { title: 'Rappeler dans 6 mois', dueAt: due.toISOString(), personId })).body;
    await runJobs();
    expect(reminders(h.users.frontdesk.id)).toEqual([]);
    h.clock.set(new Date(due.getTime() - 1000));
    await runJobs();
    expect(reminders(h.users.frontdesk.id)).toEqual([]);
    h.clock.set(due);
    await runJobs();
    await runJobs();
    // On PostgreSQL events travel through LISTEN/NOTIFY, so they arrive a moment later.
    await vi.waitFor(() => expect(reminders(h.users.frontdesk.id)).toHaveLength(1));
    const fired = reminders(h.users.frontdesk.id);
    expect(fired[0].data).toMatchObject({ taskId: task.id, title: 'Rappeler dans 6 mois', personId });
    const bell = await api(h, h.users.frontdesk, 'GET', '/api/notifications?unread=true');
    expect(bell.body.items[0]).toMatchObject({ kind: 'task.reminder', payload: { taskId: task.id } });
    const read = await api(h, h.users.frontdesk, 'POST', `/api/notifications/${bell.body.items[0].id}/read`);
    expect(read.status).toBe(204);
    const notMine = await api(h, h.users.sales, 'POST', `/api/notifications/${bell.body.items[0].id}/read`);
    expect(notMine.status).toBe(404);
  });

  it('moves the reminder when the due date changes and drops it when the task is done', async () => {
    const start = h.clock.now().getTime();
    const moved = (await api(h, h.users.backoffice, 'POST', '/api/tasks', { title: 'Moved', dueAt: new Date(start + HOUR).toISOString() })).body;
    const done = (await api(h, h.users.backoffice, 'POST', '/api/tasks', { title: 'Done early', dueAt: new Date(start + HOUR).toISOString() })).body;
    await api(h, h.users.backoffice, 'PATCH', `/api/tasks/${moved.id}`, { dueAt: new Date(start + 3 * HOUR).toISOString(), version: 1 });
    await api(h, h.users.backoffice, 'PATCH', `/api/tasks/${done.id}`, { status: 'done', completionNote: 'sorted by phone' });
    h.clock.set(new Date(start + 2 * HOUR));
    await runJobs();
    expect(reminders(h.users.backoffice.id)).toEqual([]);
    h.clock.set(new Date(start + 3 * HOUR));
    await runJobs();
    await vi.waitFor(() => expect(reminders(h.users.backoffice.id).map((e) => (e.data as { taskId: string }).taskId)).toEqual([moved.id]));
  });

  it('does not remind again when an overdue task is edited without moving its time', async () => {
    const start = h.clock.now().getTime();
    const task = (await api(h, h.users.manager, 'POST', '/api/tasks', { title: 'Relancer le devis', dueAt: new Date(start + HOUR).toISOString() })).body;
    h.clock.set(new Date(start + 2 * HOUR));
    await runJobs();
    await vi.waitFor(() => expect(reminders(h.users.manager.id)).toHaveLength(1));
    expect((await api(h, h.users.manager, 'PATCH', `/api/tasks/${task.id}`, { title: 'Relancer le devis (urgent)' })).status).toBe(200);
    await runJobs();
    // A second reminder would have been pushed by now (in-process), or within LISTEN/NOTIFY's moment.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reminders(h.users.manager.id)).toHaveLength(1);
    // Moving it is a new time: it reminds again then.
    await api(h, h.users.manager, 'PATCH', `/api/tasks/${task.id}`, { dueAt: new Date(start + 3 * HOUR).toISOString() });
    h.clock.set(new Date(start + 3 * HOUR));
    await runJobs();
    await vi.waitFor(() => expect(reminders(h.users.manager.id)).toHaveLength(2));
  });

  it('tells the colleague who handed a task over when it is done, with the note', async () => {
    const task = (await api(h, h.users.frontdesk, 'POST', '/api/tasks', { title: 'Technician: call back the client', assigneeId: h.users.backoffice.id, personId })).body;
    await vi.waitFor(() => expect(published.some((e) => e.type === 'task.assigned' && e.audience.userIds?.includes(h.users.backoffice.id))).toBe(true));
    const closed = await api(h, h.users.backoffice, 'PATCH', `/api/tasks/${task.id}`, { status: 'done', completionNote: 'called back, fixed', version: task.version });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'done', completionNote: 'called back, fixed' });
    expect(closed.body.completedAt).toBe(h.clock.now().toISOString());
    await vi.waitFor(() => expect(published.find((e) => e.type === 'task.completed')).toBeDefined());
    const notice = published.find((e) => e.type === 'task.completed' && e.audience.userIds?.includes(h.users.frontdesk.id));
    expect(notice?.data).toMatchObject({ taskId: task.id, completionNote: 'called back, fixed' });
  });

  it('lets staff change only their own tasks; managers any', async () => {
    const task = (await api(h, h.users.sales, 'POST', '/api/tasks', { title: 'Mine' })).body;
    expect((await api(h, h.others.sales, 'PATCH', `/api/tasks/${task.id}`, { title: 'Stolen' })).status).toBe(403);
    expect((await api(h, h.users.manager, 'PATCH', `/api/tasks/${task.id}`, { title: 'Reviewed' })).status).toBe(200);
    const stale = await api(h, h.users.sales, 'PATCH', `/api/tasks/${task.id}`, { title: 'Stale', version: 1 });
    expect(stale.status).toBe(409);
  });

  it('refuses tasks pointing at unknown records or users, naming the field', async () => {
    const res = await api(h, h.users.sales, 'POST', '/api/tasks', { title: 'x', assigneeId: 'nobody', personId: 'missing' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['assigneeId', 'personId']);
    const badDate = await api(h, h.users.sales, 'POST', '/api/tasks', { title: 'x', dueAt: 'tomorrow' });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.details[0].path).toBe('dueAt');
  });

  it('tells who handed a task over when it is cancelled too, with the note and the record; the bell counts every unread one', async () => {
    const org = (await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Annulations SA' })).body.id;
    const task = (await api(h, h.users.frontdesk, 'POST', '/api/tasks', { title: 'Passer chez le client', assigneeId: h.users.backoffice.id, personId, organisationId: org })).body;
    const cancelled = await api(h, h.users.backoffice, 'PATCH', `/api/tasks/${task.id}`, { status: 'cancelled', completionNote: 'Client parti chez un concurrent', version: task.version });
    expect(cancelled.status).toBe(200);
    // Who closed it, beside when: the one who handed it over reads both.
    expect(cancelled.body).toMatchObject({ completedBy: h.users.backoffice.id, completedAt: h.clock.now().toISOString() });
    const reopened = await api(h, h.users.frontdesk, 'PATCH', `/api/tasks/${task.id}`, { status: 'open' });
    // Reopened, it is not done: no closing note either; the audit keeps the one it had.
    expect(reopened.body).toMatchObject({ completedBy: null, completedAt: null, completionNote: null });
    const audit = await api(h, h.users.manager, 'GET', `/api/audit?entityId=${task.id}`);
    expect(audit.body.items).toContainEqual(expect.objectContaining({ field: 'completionNote', oldValue: 'Client parti chez un concurrent', newValue: null }));
    await api(h, h.users.backoffice, 'PATCH', `/api/tasks/${task.id}`, { status: 'cancelled', completionNote: 'Client parti chez un concurrent' });
    const bell = await api(h, h.users.frontdesk, 'GET', '/api/notifications?unread=true&limit=1');
    expect(bell.body.items[0]).toMatchObject({
      kind: 'task.cancelled',
      payload: { taskId: task.id, completionNote: 'Client parti chez un concurrent', personId, organisationId: org, by: 'backoffice one' },
    });
    const all = await api(h, h.users.frontdesk, 'GET', '/api/notifications?unread=true&limit=200');
    expect(bell.body.unreadCount).toBe(all.body.items.length);
    expect(bell.body.unreadCount).toBeGreaterThan(1);
    // The next page starts after the cursor given out; a made-up one is a 400, not a list restarted or ended.
    const second = await api(h, h.users.frontdesk, 'GET', `/api/notifications?unread=true&limit=1&cursor=${bell.body.nextCursor}`);
    expect(second.body.items[0].id).toBe(all.body.items[1].id);
    for (const cursor of ['x', '0', 'not-a-cursor']) {
      const made = await api(h, h.users.frontdesk, 'GET', `/api/notifications?cursor=${cursor}`);
      expect(made.status).toBe(400);
      expect(made.body.error.details).toEqual([expect.objectContaining({ path: 'cursor' })]);
    }
    // Done carries the record too, so the bell leads to it.
    const done = (await api(h, h.users.frontdesk, 'POST', '/api/tasks', { title: 'Rappeler', assigneeId: h.users.backoffice.id, personId })).body;
    await api(h, h.users.backoffice, 'PATCH', `/api/tasks/${done.id}`, { status: 'done', completionNote: 'Rappelé' });
    const latest = await api(h, h.users.frontdesk, 'GET', '/api/notifications?unread=true&limit=1');
    expect(latest.body.items[0]).toMatchObject({ kind: 'task.completed', payload: { taskId: done.id, personId, completionNote: 'Rappelé' } });
  });

  it('does not fire an overdue reminder again when a closed task is reopened; postponing it does', async () => {
    const start = h.clock.now().getTime();
    const task = (await api(h, h.users.admin, 'POST', '/api/tasks', { title: 'Rouvrir', dueAt: new Date(start + HOUR).toISOString() })).body;
    h.clock.set(new Date(start + 2 * HOUR));
    await runJobs();
    await vi.waitFor(() => expect(reminders(h.users.admin.id)).toHaveLength(1));
    await api(h, h.users.admin, 'PATCH', `/api/tasks/${task.id}`, { status: 'done', completionNote: 'fait' });
    expect((await api(h, h.users.admin, 'PATCH', `/api/tasks/${task.id}`, { status: 'open' })).status).toBe(200);
    await runJobs();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reminders(h.users.admin.id)).toHaveLength(1);
    await api(h, h.users.admin, 'PATCH', `/api/tasks/${task.id}`, { dueAt: new Date(start + 3 * HOUR).toISOString() });
    h.clock.set(new Date(start + 3 * HOUR));
    await runJobs();
    await vi.waitFor(() => expect(reminders(h.users.admin.id)).toHaveLength(2));
  });

  it('refuses a task that contradicts itself or names nothing, naming the field', async () => {
    const due = '2027-01-01T09:00:00Z';
    const late = await api(h, h.users.sales, 'POST', '/api/tasks', { title: 'a', dueAt: due, reminderAt: '2027-06-01T09:00:00Z' });
    expect(late.status).toBe(400);
    expect(late.body.error.details).toEqual([expect.objectContaining({ path: 'reminderAt' })]);
    const noteOnOpen = await api(h, h.users.sales, 'POST', '/api/tasks', { title: 'a', completionNote: 'déjà ?' });
    expect(noteOnOpen.body.error.details).toEqual([expect.objectContaining({ path: 'completionNote' })]);
    const task = (await api(h, h.users.sales, 'POST', '/api/tasks', { title: 'a', dueAt: due, reminderAt: '2026-12-31T09:00:00Z' })).body;
    const earlier = await api(h, h.users.sales, 'PATCH', `/api/tasks/${task.id}`, { dueAt: '2026-12-30T09:00:00Z' });
    expect(earlier.status).toBe(400);
    expect(earlier.body.error.details).toEqual([expect.objectContaining({ path: 'dueAt' })]);
    for (const [method, url, body, path] of [
      ['POST', '/api/tasks', { title: 'x', assigneeId: '' }, 'assigneeId'],
      ['POST', '/api/tasks', { title: 'x', personId: '' }, 'personId'],
      ['POST', '/api/tasks', { title: 'x', interactionId: '' }, 'interactionId'],
      ['PATCH', `/api/tasks/${task.id}`, { assigneeId: '' }, 'assigneeId'],
      ['GET', '/api/tasks?assignee=', undefined, 'assignee'],
      ['GET', '/api/tasks?cursor=a|b', undefined, 'cursor'],
    ] as const) {
      const res = await api(h, h.users.sales, method, url, body);
      expect(res.status, `${method} ${url} ${JSON.stringify(body)}`).toBe(400);
      expect(res.body.error.details?.[0]?.path, `${method} ${url}`).toBe(path);
    }
  });

  it("cancels a deleted record's open tasks, or keeps them on the other record they are about, audited", async () => {
    const org = (await api(h, h.users.sales, 'POST', '/api/organisations', { name: 'Reste SA' })).body.id;
    const gone = (await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Parti' })).body.id;
    const alone = (await api(h, h.users.sales, 'POST', '/api/tasks', { title: 'Seul', personId: gone, dueAt: new Date(h.clock.now().getTime() + HOUR).toISOString() })).body;
    const shared = (await api(h, h.users.sales, 'POST', '/api/tasks', { title: 'Partagé', personId: gone, organisationId: org })).body;
    const closed = (await api(h, h.users.sales, 'POST', '/api/tasks', { title: 'Déjà fait', personId: gone, status: 'done' })).body;
    expect((await api(h, h.users.manager, 'DELETE', `/api/people/${gone}`)).status).toBe(204);
    expect((await api(h, h.users.sales, 'GET', `/api/tasks/${alone.id}`)).body).toMatchObject({ status: 'cancelled', personId: gone, version: 2 });
    expect((await api(h, h.users.sales, 'GET', `/api/tasks/${shared.id}`)).body).toMatchObject({ status: 'open', personId: null, organisationId: org });
    expect((await api(h, h.users.sales, 'GET', `/api/tasks/${closed.id}`)).body).toMatchObject({ status: 'done', version: 1 });
    // The record's page is gone, its task lists with it (as its timeline); the assignee keeps theirs.
    for (const status of ['open', 'cancelled', 'done', 'closed']) {
      expect((await api(h, h.users.sales, 'GET', `/api/tasks?personId=${gone}&status=${status}`)).body, status).toEqual({ items: [], nextCursor: null });
    }
    const mine = (await api(h, h.users.sales, 'GET', '/api/tasks?assignee=me&status=cancelled&limit=200')).body.items.map((t: { id: string }) => t.id);
    expect(mine).toContain(alone.id);
    const audit = await api(h, h.users.admin, 'GET', `/api/audit?entityId=${alone.id}`);
    expect(audit.body.items).toContainEqual(expect.objectContaining({ field: 'status', newValue: 'cancelled', actorId: h.users.manager.id }));
    // Its reminder never fires.
    h.clock.set(new Date(h.clock.now().getTime() + 2 * HOUR));
    await runJobs();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reminders(h.users.sales.id).map((e) => (e.data as { taskId: string }).taskId)).not.toContain(alone.id);
  });
});
