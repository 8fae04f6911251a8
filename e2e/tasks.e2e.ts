import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from './browser.js';
import { startServer, type TestServer } from './server.js';
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
  let server: TestServer;
  let browser: Browser;
  const PASSWORD = 'Relais-Tasks-Test-2026!';
  const alice = { id: '', email: 'alice@relais.test' };
  const bruno = { id: '', email: 'bruno@relais.test' };
  const sales = { id: '', email: 'sophie@relais.test' };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const admin = await apiSession(server.url);
    alice.id = (await admin.post<{ id: string }>('/api/users', { email: alice.email, password: PASSWORD, name: 'Alice Accueil', role: 'frontdesk', locale: 'fr' })).id;
    bruno.id = (await admin.post<{ id: string }>('/api/users', { email: bruno.email, password: PASSWORD, name: 'Bruno Technicien', role: 'backoffice', locale: 'fr' })).id;
    sales.id = (await admin.post<{ id: string }>('/api/users', { email: sales.email, password: PASSWORD, name: 'Sophie Vente', role: 'sales', locale: 'fr' })).id;
    await admin.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates a task in My tasks, postpones it (tomorrow, then a chosen date) and gives it to a colleague', async () => {
    const { page, problems, context } = await openPage(browser, { baseURL: server.url });
    await signIn(page, server.url, alice.email, PASSWORD);
    const api = await apiAs(page);
    const mine = async () => (await api.get<{ items: Task[] }>('/api/tasks?assignee=me&status=open')).items;

    await page.getByTestId('new-task').click();
    await page.getByTestId('new-task-title').fill('Relancer le fournisseur');
    await page.getByTestId('new-task-due').fill('2030-03-15T14:30');
    // "Moi" is the default assignee.
    expect(await page.getByTestId('new-task-assignee').inputValue()).toBe('Moi (Alice Accueil)');
    await page.getByTestId('new-task-submit').click();
    const item = page.getByTestId('my-tasks').getByTestId('task-item').filter({ hasText: 'Relancer le fournisseur' });
    expect(await see(item)).toContain('2030');
    const [created] = await mine();
    expect(created).toMatchObject({ title: 'Relancer le fournisseur', dueAt: '2030-03-15T13:30:00.000Z', assigneeId: alice.id });

    // Postponed to tomorrow (or Monday), 09:00 (the start of a working day), from its menu.
    const tomorrow = await dueText(page, 1, 9);
    await item.getByTestId('task-postpone').click();
    await page.getByTestId('postpone-tomorrow').click();
    expect(await see(item.getByText(`Échéance ${tomorrow.text}`))).toBe(`Échéance ${tomorrow.text}`);
    expect((await mine())[0]).toMatchObject({ dueAt: tomorrow.iso, reminderAt: null, version: 2 });

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
    const bruns = await api.get<{ items: Task[] }>(`/api/tasks?assignee=${bruno.id}&status=open`);
    expect(bruns.items.map((t) => t.title)).toEqual(['Relancer le fournisseur']);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('creates a task for a colleague from a person’s page, where it shows whose it is', async () => {
    const { page, problems, context } = await openPage(browser, { baseURL: server.url });
    await signIn(page, server.url, alice.email, PASSWORD);
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
    const rep = await openPage(browser, { baseURL: server.url });
    await signIn(rep.page, server.url, sales.email, PASSWORD);
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
    const { page, problems, context, expectFailure } = await openPage(browser, { baseURL: server.url });
    await signIn(page, server.url, alice.email, PASSWORD);
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
    expect(await see(page.getByTestId('my-tasks').getByTestId('task-title'))).toBe('Rappeler Mme Durand (urgent)');
    expect((await api.get<Task>(`/api/tasks/${task.id}`)).dueAt).toBeNull();

    // Acting again on what is there now works.
    const week = await dueText(page, 7, 9);
    await item.getByTestId('task-postpone').click();
    await page.getByTestId('postpone-week').click();
    expect(await see(item.getByText(`Échéance ${week.text}`))).toBe(`Échéance ${week.text}`);

    expect(problems).toEqual([]);
    await context.close();
  });
});
