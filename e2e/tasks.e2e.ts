import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from './browser.js';
import { useServerAndBrowser } from './serverAndBrowser.js';
import { apiAs, apiSession, signIn } from './session.js';
import { see } from './see.js';

type Task = { id: string; title: string; dueAt: string | null; reminderAt: string | null; assigneeId: string; version: number; personId: string | null };

/** How the app writes a due date (fr-FR, the browser's time zone), computed in the browser. */
function dueText(page: Page, daysAhead: number, hour: number) {
  return page.evaluate(
    ([days, h]) => {
      const d = new Date();
      d.setDate(d.getDate() + days);
      d.setHours(h, 0, 0, 0);
      // Relative postponements land on a weekday: Saturday and Sunday move to Monday.
      if (d.getDay() === 6) d.setDate(d.getDate() + 2);
      else if (d.getDay() === 0) d.setDate(d.getDate() + 1);
      return { iso: d.toISOString(), text: new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeStyle: 'short' }).format(d) };
    },
    [daysAhead, hour] as const,
  );
}

describe('tasks: create, postpone, reassign', () => {
  const env = useServerAndBrowser();
  const PASSWORD = 'Relais-Tasks-Test-2026!';
  const alice = { id: '', email: 'alice@relais.test' };
  const bruno = { id: '', email: 'bruno@relais.test' };
  const sales = { id: '', email: 'sophie@relais.test' };

  beforeAll(async () => {
    const admin = await apiSession(env.server.url);
    alice.id = (await admin.post<{ id: string }>('/api/users', { email: alice.email, password: PASSWORD, name: 'Alice Accueil', role: 'frontdesk', locale: 'fr' })).id;
    bruno.id = (await admin.post<{ id: string }>('/api/users', { email: bruno.email, password: PASSWORD, name: 'Bruno Technicien', role: 'backoffice', locale: 'fr' })).id;
    sales.id = (await admin.post<{ id: string }>('/api/users', { email: sales.email, password: PASSWORD, name: 'Sophie Vente', role: 'sales', locale: 'fr' })).id;
    await admin.close();
  });

  it('creates a task in My tasks, postpones it (tomorrow, then a chosen date) and gives it to a colleague', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, alice.email, PASSWORD);
    const api = await apiAs(page);
    const mine = async () => (await api.get<{ items: Task[] }>('/api/tasks?assignee=me&status=open')).items;

    await page.getByTestId('new-task').click();
    await page.getByTestId('new-task-title').fill('Relancer le fournisseur');
    await page.getByTestId('new-task-due').fill('2030-03-15T14:30');
    // The browser's field follows the browser's language; the date is written out in the interface's.
    expect(await see(page.getByTestId('written-date'))).toBe('vendredi 15 mars 2030 à 14:30');
    // "Moi" is the default assignee.
    expect(await page.getByTestId('new-task-assignee').inputValue()).toBe('Moi (Alice Accueil)');
    await page.getByTestId('new-task-submit').click();
    const item = page.getByTestId('my-tasks').getByTestId('task-item').filter({ hasText: 'Relancer le fournisseur' });
    expect(await see(item)).toContain('2030');
    // The heading counts every open task of the user, not only the page shown.
    expect(await see(page.getByTestId('tasks-total'))).toBe('1 tâche en cours');
    const [created] = await mine();
    expect(created).toMatchObject({ title: 'Relancer le fournisseur', dueAt: '2030-03-15T13:30:00.000Z', assigneeId: alice.id });

    // Due ahead, it moves on from its due date, at its hour: a day after Friday 15 March is Monday 18
    // March (never "tomorrow", which brought a task due later forward). The menu says the date.
    await item.getByTestId('task-postpone').click();
    const later = await see(page.getByTestId('postpone-tomorrow'));
    expect(later).toContain('Un jour plus tard');
    expect(later).toMatch(/18 mars 2030.*14:30/);
    await page.getByTestId('postpone-tomorrow').click();
    expect(await see(item.getByText(/Échéance 18 mars 2030/))).toContain('14:30');
    expect((await mine())[0]).toMatchObject({ dueAt: '2030-03-18T13:30:00.000Z', reminderAt: null, version: 2 });

    // Then to a date of one's choosing.
    await item.getByTestId('task-postpone').click();
    await page.getByTestId('postpone-pick').click();
    await page.getByTestId('postpone-date').fill('2030-04-02T10:00');
    await page.getByTestId('postpone-submit').click();
    await page.getByTestId('postpone-form').waitFor({ state: 'hidden' });
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="task-item"]')].some((el) => el.textContent?.includes('2030')),
    );
    expect((await mine())[0]).toMatchObject({ dueAt: '2030-04-02T08:00:00.000Z', version: 3 });

    // Given to Bruno: it leaves Alice's list and is his.
    await item.getByTestId('task-reassign').click();
    await page.getByTestId('reassign-assignee').click();
    await page.getByRole('option', { name: 'Bruno Technicien' }).click();
    await page.getByTestId('reassign-submit').click();
    expect(await see(page.getByText('Tâche confiée à Bruno Technicien'))).toBe('Tâche confiée à Bruno Technicien');
    await item.waitFor({ state: 'detached' });
    expect(await see(page.getByTestId('tasks-empty'))).toContain('Aucune tâche en cours');
    expect(await page.getByTestId('tasks-total').count()).toBe(0);
    const bruns = await api.get<{ items: Task[] }>(`/api/tasks?assignee=${bruno.id}&status=open`);
    expect(bruns.items.map((t) => t.title)).toEqual(['Relancer le fournisseur']);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('creates a task for a colleague from a person’s page, where it shows whose it is', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, alice.email, PASSWORD);
    const api = await apiAs(page);
    const person = await api.post<{ id: string }>('/api/people', { firstName: 'Gérard', lastName: 'Client' });

    await page.goto(`/people/${person.id}`);
    expect(await see(page.getByTestId('record-title'))).toBe('Gérard Client');
    await page.getByTestId('record-tasks').waitFor();
    await page.getByTestId('new-task').click();
    await page.getByTestId('new-task-title').fill('Envoyer le devis à Gérard');
    await page.getByTestId('new-task-assignee').click();
    await page.getByRole('option', { name: 'Bruno Technicien' }).click();
    await page.getByTestId('new-task-submit').click();
    const item = page.getByTestId('record-tasks').getByTestId('task-item').filter({ hasText: 'Envoyer le devis à Gérard' });
    expect(await see(item.getByTestId('task-assignee'))).toBe('Pour Bruno Technicien');
    expect(await see(item)).toContain('Sans échéance');
    const tasks = await api.get<{ items: Task[] }>(`/api/tasks?personId=${person.id}`);
    expect(tasks.items).toEqual([expect.objectContaining({ title: 'Envoyer le devis à Gérard', assigneeId: bruno.id, dueAt: null })]);
    // Alice created it: she may still postpone, reassign or close it.
    expect(await item.getByTestId('task-postpone').count()).toBe(1);

    // A sales rep who neither holds nor wrote it sees it, without actions that would be refused.
    const rep = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(rep.page, env.server.url, sales.email, PASSWORD);
    await rep.page.goto(`/people/${person.id}`);
    const seen = rep.page.getByTestId('record-tasks').getByTestId('task-item').filter({ hasText: 'Envoyer le devis à Gérard' });
    expect(await see(seen.getByTestId('task-assignee'))).toBe('Pour Bruno Technicien');
    expect(await seen.getByTestId('task-postpone').count()).toBe(0);
    expect(await seen.getByTestId('task-reassign').count()).toBe(0);
    expect(await seen.getByTestId('task-done').count()).toBe(0);
    expect(rep.problems).toEqual([]);
    await rep.context.close();

    expect(problems).toEqual([]);
    await context.close();
  });

  it('a task changed by a colleague meanwhile: postponing it says so and reloads the list', async () => {
    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, alice.email, PASSWORD);
    const api = await apiAs(page);
    const task = await api.post<Task>('/api/tasks', { title: 'Rappeler Mme Durand' });
    expectFailure(`/api/tasks/${task.id}`, 409);

    await page.goto('/tasks');
    const item = page.getByTestId('my-tasks').getByTestId('task-item').filter({ hasText: 'Rappeler Mme Durand' });
    await item.waitFor();
    // A colleague renames it while it is on screen.
    await api.patch(`/api/tasks/${task.id}`, { title: 'Rappeler Mme Durand (urgent)', version: task.version });

    await item.getByTestId('task-postpone').click();
    await page.getByTestId('postpone-week').click();
    expect(await see(page.getByTestId('task-conflict'))).toContain('modifiée par quelqu’un d’autre');
    // The list is read again after the conflict is told: the colleague's title replaces the old one.
    expect(await see(page.getByTestId('my-tasks').getByTestId('task-title').filter({ hasText: '(urgent)' }))).toBe('Rappeler Mme Durand (urgent)');
    expect((await api.get<Task>(`/api/tasks/${task.id}`)).dueAt).toBeNull();

    // Acting again on what is there now works.
    const week = await dueText(page, 7, 9);
    await item.getByTestId('task-postpone').click();
    await page.getByTestId('postpone-week').click();
    expect(await see(item.getByText(`Échéance ${week.text}`))).toBe(`Échéance ${week.text}`);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('closing a task a colleague changed meanwhile keeps the note typed; closed meanwhile, the note stays to copy', async () => {
    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, alice.email, PASSWORD);
    const api = await apiAs(page);
    const task = await api.post<Task>('/api/tasks', { title: 'Rappeler M. Lenoir' });
    const other = await api.post<Task>('/api/tasks', { title: 'Rappeler Mme Blanc' });
    expectFailure(`/api/tasks/${task.id}`, 409);
    expectFailure(`/api/tasks/${other.id}`, 409);

    await page.goto('/tasks');
    const item = (title: string) => page.getByTestId('my-tasks').getByTestId('task-item').filter({ hasText: title });
    await item('Rappeler M. Lenoir').getByTestId('task-done').click();
    await page.getByTestId('completion-note').fill('Joint, il confirme 12 palettes pour jeudi.');
    // A colleague renames it while the note is being written.
    await api.patch(`/api/tasks/${task.id}`, { title: 'Rappeler M. Lenoir (devis)', version: task.version });
    await page.getByTestId('complete-task-submit').click();
    expect(await see(page.getByTestId('error-alert'))).toContain('modifiée par quelqu’un d’autre');
    await page.getByTestId('conflict-reload').click();
    expect(await see(page.getByTestId('task-reloaded'))).toContain('Votre note est gardée');
    expect(await page.getByTestId('completion-note').inputValue()).toBe('Joint, il confirme 12 palettes pour jeudi.');
    await page.getByTestId('complete-task-submit').click();
    await item('Rappeler M. Lenoir').waitFor({ state: 'detached' });
    expect(await api.get<Task>(`/api/tasks/${task.id}`)).toMatchObject({ status: 'done', title: 'Rappeler M. Lenoir (devis)', completionNote: 'Joint, il confirme 12 palettes pour jeudi.' });

    // Closed by a colleague meanwhile: said so, the note stays on screen, nothing more is sent.
    await item('Rappeler Mme Blanc').getByTestId('task-done').click();
    await page.getByTestId('completion-note').fill('Message laissé sur son répondeur.');
    await api.patch(`/api/tasks/${other.id}`, { status: 'done', version: other.version });
    await page.getByTestId('complete-task-submit').click();
    await page.getByTestId('conflict-reload').click();
    expect(await see(page.getByTestId('task-reloaded'))).toContain('Un collègue a déjà clôturé cette tâche');
    expect(await page.getByTestId('completion-note').inputValue()).toBe('Message laissé sur son répondeur.');
    expect(await page.getByTestId('complete-task-submit').isDisabled()).toBe(true);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('cancelling a task asks for an optional reason; the record shows its closed tasks with their notes, latest first', async () => {
    const desk = await apiSession(env.server.url, alice.email, PASSWORD);
    const person = await desk.post<{ id: string }>('/api/people', { firstName: 'Hélène', lastName: 'Clôture' });
    const older = await desk.post<Task>('/api/tasks', { title: 'Rappeler Hélène pour le devis', assigneeId: bruno.id, personId: person.id });
    const newer = await desk.post<Task>('/api/tasks', { title: 'Vérifier la facture d’Hélène', assigneeId: bruno.id, personId: person.id });
    const untouched = await desk.post<Task>('/api/tasks', { title: 'Envoyer le catalogue à Hélène', assigneeId: bruno.id, personId: person.id });
    await desk.close();

    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, bruno.email, PASSWORD);
    const api = await apiAs(page);
    await page.goto(`/people/${person.id}`);
    expect(await see(page.getByTestId('closed-tasks-empty'))).toBe('Aucune tâche close.');
    const open = (title: string) => page.getByTestId('record-tasks').getByTestId('task-item').filter({ hasText: title });

    // Done, with a note (the existing dialog).
    await open('Rappeler Hélène pour le devis').getByTestId('task-done').click();
    await page.getByTestId('completion-note').fill('Devis envoyé, elle signe lundi.');
    await page.getByTestId('complete-task-submit').click();
    await open('Rappeler Hélène pour le devis').waitFor({ state: 'detached' });

    // Cancelled: "Keep the task" leaves it as it was…
    await open('Vérifier la facture').getByTestId('task-cancel').click();
    expect(await see(page.getByRole('dialog'))).toContain('Annuler « Vérifier la facture d’Hélène »');
    await page.getByTestId('cancel-task-keep').click();
    await page.getByTestId('cancel-task-form').waitFor({ state: 'hidden' });
    expect((await api.get<Task & { status: string }>(`/api/tasks/${newer.id}`)).status).toBe('open');
    // …and the reason typed (Ctrl+Enter from the field) closes it as cancelled.
    await open('Vérifier la facture').getByTestId('task-cancel').click();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'cancel-task-note');
    await page.keyboard.type('Facture déjà réglée par virement.');
    await page.keyboard.press('Control+Enter');
    expect(await see(page.getByTestId('task-cancelled-notification'))).toBe('Tâche annulée');
    await open('Vérifier la facture').waitFor({ state: 'detached' });
    const cancelled = await api.get<Task & { status: string; completionNote: string | null }>(`/api/tasks/${newer.id}`);
    expect(cancelled).toMatchObject({ status: 'cancelled', completionNote: 'Facture déjà réglée par virement.' });
    expect((await api.get<Task & { status: string }>(`/api/tasks/${older.id}`)).status).toBe('done');

    // The record lists both, the latest closure first, each with its note and when it was closed.
    const closed = page.getByTestId('closed-tasks').getByTestId('closed-task');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="closed-task"]').length === 2);
    expect(await closed.nth(0).getAttribute('data-status')).toBe('cancelled');
    expect(await see(closed.nth(0).getByTestId('closed-task-title'))).toBe('Vérifier la facture d’Hélène');
    expect(await see(closed.nth(0).getByTestId('closed-task-status'))).toBe('Annulée');
    expect(await see(closed.nth(0).getByTestId('closed-task-note'))).toBe('Facture déjà réglée par virement.');
    expect(await see(closed.nth(0).getByTestId('closed-task-when'))).toMatch(/^Annulée (par Bruno Technicien )?le /);
    expect(await see(closed.nth(1).getByTestId('closed-task-status'))).toBe('Faite');
    expect(await see(closed.nth(1).getByTestId('closed-task-note'))).toBe('Devis envoyé, elle signe lundi.');
    expect(await see(closed.nth(1).getByTestId('closed-task-when'))).toMatch(/^Terminée (par Bruno Technicien )?le /);
    // The open one stays in the open list only.
    expect(await see(open('Envoyer le catalogue'))).toContain('Envoyer le catalogue à Hélène');
    expect((await api.get<Task & { status: string }>(`/api/tasks/${untouched.id}`)).status).toBe('open');

    // A colleague opening the record sees the same closed tasks (the desk that handed them over).
    const desk2 = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(desk2.page, env.server.url, alice.email, PASSWORD);
    await desk2.page.goto(`/people/${person.id}`);
    expect(await see(desk2.page.getByTestId('closed-task').first().getByTestId('closed-task-note'))).toBe('Facture déjà réglée par virement.');
    expect(desk2.problems).toEqual([]);
    await desk2.context.close();

    expect(problems).toEqual([]);
    await context.close();
  });

  it('the desk who handed a task over finds the closing note under the bell’s notice (done, then cancelled), which opens the record', async () => {
    // A desk of their own: the notices of the other scenarios are not theirs.
    const admin = await apiSession(env.server.url);
    const denise = { email: 'denise@relais.test' };
    await admin.post('/api/users', { email: denise.email, password: PASSWORD, name: 'Denise Standard', role: 'frontdesk', locale: 'fr' });
    await admin.close();
    const desk = await apiSession(env.server.url, denise.email, PASSWORD);
    const person = await desk.post<{ id: string }>('/api/people', { firstName: 'Paul', lastName: 'Sonnette' });
    const task = await desk.post<Task>('/api/tasks', { title: 'Rappeler Paul pour la panne', assigneeId: bruno.id, personId: person.id });
    await desk.close();
    const tech = await apiSession(env.server.url, bruno.email, PASSWORD);
    await tech.patch(`/api/tasks/${task.id}`, { status: 'done', completionNote: 'Panne réglée à distance, rien à facturer.', version: task.version });
    await tech.close();

    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, denise.email, PASSWORD);
    expect(await see(page.getByTestId('notification-count'))).toBe('1');
    expect(await page.getByTestId('notification-bell').getAttribute('aria-label')).toBe('Notifications, 1 non lue');
    await page.getByTestId('notification-bell').click();
    const item = page.getByTestId('notification-item').filter({ hasText: 'Rappeler Paul pour la panne' });
    expect(await see(item)).toContain('Bruno Technicien a terminé : Rappeler Paul pour la panne');
    expect(await see(item.getByTestId('notification-note'))).toBe('Panne réglée à distance, rien à facturer.');
    // It leads to the record the task was about, where the note is kept with the closed tasks.
    await item.click();
    expect(await see(page.getByTestId('record-title').filter({ hasText: 'Paul Sonnette' }))).toBe('Paul Sonnette');
    expect(await see(page.getByTestId('closed-task').first().getByTestId('closed-task-note'))).toBe('Panne réglée à distance, rien à facturer.');
    await page.getByTestId('notification-count').waitFor({ state: 'hidden' });

    // A cancellation reaches them the same way, with its reason.
    const second = await (async () => {
      const again = await apiSession(env.server.url, denise.email, PASSWORD);
      const created = await again.post<Task>('/api/tasks', { title: 'Rappeler Paul pour le devis', assigneeId: bruno.id, personId: person.id });
      await again.close();
      return created;
    })();
    const cancelling = await apiSession(env.server.url, bruno.email, PASSWORD);
    await cancelling.patch(`/api/tasks/${second.id}`, { status: 'cancelled', completionNote: 'Il a signé ailleurs.', version: second.version });
    await cancelling.close();
    expect(await see(page.getByTestId('notification-count'))).toBe('1');
    await page.goto('/tasks');
    await page.getByTestId('notification-bell').click();
    const cancelled = page.getByTestId('notification-item').filter({ hasText: 'Rappeler Paul pour le devis' });
    expect(await see(cancelled)).toContain('Bruno Technicien a annulé : Rappeler Paul pour le devis');
    expect(await see(cancelled.getByTestId('notification-note'))).toBe('Il a signé ailleurs.');
    await cancelled.click();
    expect(await see(page.getByTestId('record-title').filter({ hasText: 'Paul Sonnette' }))).toBe('Paul Sonnette');
    // The list seen a moment ago may show first: the cancelled task comes with the fresh one.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="closed-task"]').length === 2);
    const latest = page.getByTestId('closed-task').first();
    expect(await latest.getAttribute('data-status')).toBe('cancelled');
    expect(await see(latest.getByTestId('closed-task-note'))).toBe('Il a signé ailleurs.');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('the bell counts every unread notification, past the first page (the server’s unreadCount; "50+" without it)', async () => {
    const desk = await apiSession(env.server.url, alice.email, PASSWORD);
    // 52 tasks handed to the sales rep: 52 unread notices, more than one page (50).
    for (let i = 1; i <= 52; i++) await desk.post('/api/tasks', { title: `Relance n°${i}`, assigneeId: sales.id });
    await desk.close();

    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, sales.email, PASSWORD);
    // The server counts them all (unreadCount): the badge says how many, not the page's 50.
    expect(await see(page.getByTestId('notification-count'))).toBe('52');
    expect(await page.getByTestId('notification-bell').getAttribute('aria-label')).toBe('Notifications, 52 non lues');
    await page.getByTestId('notification-bell').click();
    expect(await see(page.getByTestId('notification-more'))).toContain('ne sont pas listées');
    await page.keyboard.press('Escape');
    // Reading one counts down.
    await page.getByTestId('notification-bell').click();
    await page.getByTestId('notification-item').first().click();
    expect(await see(page.getByTestId('notification-count').filter({ hasText: '51' }))).toBe('51');

    // A server that does not count them (older versions) still shows there are more than one page.
    await page.route('**/api/notifications?unread=true', async (route) => {
      const answer = await route.fetch();
      const { unreadCount: _count, ...page1 } = (await answer.json()) as { unreadCount?: number };
      await route.fulfill({ response: answer, json: page1 });
    });
    await page.reload();
    expect(await see(page.getByTestId('notification-count'))).toBe('50+');
    expect(await page.getByTestId('notification-bell').getAttribute('aria-label')).toBe('Notifications, 50+ non lues');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('a record shows its three latest closures; "show more" reads the next ones from the server, latest first', async () => {
    const desk = await apiSession(env.server.url, alice.email, PASSWORD);
    const org = await desk.post<{ id: string }>('/api/organisations', { name: 'Transports Pagination' });
    // Closed one after the other, an hour apart (the server's clock): Clôture 1 first, Clôture 6 last.
    for (let i = 1; i <= 6; i++) {
      const task = await desk.post<Task>('/api/tasks', { title: `Clôture ${i}`, organisationId: org.id });
      await desk.patch(`/api/tasks/${task.id}`, { status: i % 2 ? 'done' : 'cancelled', completionNote: `Note ${i}`, version: task.version });
      env.server.advanceClock(3600_000);
    }
    await desk.close();

    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    const asked: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/tasks?') && request.url().includes('closed')) asked.push(new URL(request.url()).search);
    });
    await signIn(page, env.server.url, alice.email, PASSWORD);
    await page.goto(`/organisations/${org.id}`);
    const titles = () => page.getByTestId('closed-tasks').getByTestId('closed-task-title').allTextContents();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="closed-task"]').length === 3);
    expect(await titles()).toEqual(['Clôture 6', 'Clôture 5', 'Clôture 4']);
    // A first page of three, in the server's order: not every closed task of the record.
    expect(asked.length).toBeGreaterThan(0);
    for (const query of asked) {
      expect(query).toContain('status=closed');
      expect(query).toContain('sort=-closedAt');
      expect(query).toContain('limit=3');
      expect(query).not.toContain('cursor=');
    }
    const firstPages = asked.length;

    await page.getByTestId('closed-tasks-more').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="closed-task"]').length === 6);
    expect(await titles()).toEqual(['Clôture 6', 'Clôture 5', 'Clôture 4', 'Clôture 3', 'Clôture 2', 'Clôture 1']);
    expect(asked.slice(firstPages).some((query) => query.includes('cursor=') && query.includes('limit=20'))).toBe(true);
    // Nothing further: no "show more"; "show fewer" goes back to the first three.
    await page.getByTestId('closed-tasks-more').waitFor({ state: 'detached' });
    // From the keyboard: the button goes with the tasks it showed, the focus to "show more".
    await page.getByTestId('closed-tasks-fewer').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="closed-task"]').length === 3);
    expect(await titles()).toEqual(['Clôture 6', 'Clôture 5', 'Clôture 4']);
    expect(await see(page.getByTestId('closed-tasks-more'))).toBe('Voir plus de tâches closes');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'closed-tasks-more');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('on a phone, a record’s open and closed tasks and their actions fit the screen', async () => {
    const desk = await apiSession(env.server.url, alice.email, PASSWORD);
    const person = await desk.post<{ id: string }>('/api/people', { firstName: 'Inès', lastName: 'Mobile' });
    await desk.post('/api/tasks', { title: 'Rappeler Inès au sujet de sa commande de fournitures de bureau', personId: person.id });
    const closing = await desk.post<Task>('/api/tasks', { title: 'Confirmer la livraison', personId: person.id });
    await desk.patch(`/api/tasks/${closing.id}`, { status: 'done', completionNote: 'Livraison confirmée pour mardi matin, quai numéro 3, demander Monsieur Lefèvre-Duchâteau.', version: closing.version });
    await desk.close();

    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url, viewport: { width: 390, height: 844 } });
    await signIn(page, env.server.url, alice.email, PASSWORD);
    await page.goto(`/people/${person.id}`);
    expect(await see(page.getByTestId('closed-task-note'))).toContain('Livraison confirmée');
    const item = page.getByTestId('record-tasks').getByTestId('task-item');
    for (const action of ['task-postpone', 'task-reassign', 'task-cancel', 'task-done']) {
      const box = await item.getByTestId(action).boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390, action).toBe(true);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);

    // Cancelling works by touch too.
    await item.getByTestId('task-cancel').click();
    await page.getByTestId('cancel-task-submit').click();
    await item.waitFor({ state: 'detached' });
    // The closed tasks are another query, read again after the open ones.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="closed-task"]').length === 2);
    expect(await see(page.getByTestId('closed-task').first().getByTestId('closed-task-no-note'))).toBe('Sans note.');

    expect(problems).toEqual([]);
    await context.close();
  });
});
