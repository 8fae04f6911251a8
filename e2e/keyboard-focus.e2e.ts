import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from './browser.js';
import { useServerAndBrowser } from './serverAndBrowser.js';
import { apiAs, apiSession, signIn } from './session.js';
import { see } from './see.js';

type Task = { id: string; title: string };

/** The focused element's test id, and the title of the task card it is in (if any). */
function focused(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement;
    const card = element?.closest('[data-testid="task-item"]');
    return {
      testId: element?.getAttribute('data-testid') ?? element?.tagName ?? null,
      task: card?.querySelector('[data-testid="task-title"]')?.textContent ?? null,
    };
  });
}

/** Waits until the focus is on `testId` (in the card of the task `task`, when given). */
async function waitForFocus(page: Page, testId: string, task?: string) {
  await expect.poll(() => focused(page), { timeout: 10_000 }).toEqual({ testId, task: task ?? null });
}

describe('keyboard focus: the columns chooser, the task list after an action', () => {
  const env = useServerAndBrowser();
  const PASSWORD = 'Relais-Keyboard-Test-2026!';
  const alice = { id: '', email: 'alice@relais.test' };
  const bruno = { id: '', email: 'bruno@relais.test' };
  let secret = '';

  beforeAll(async () => {
    const admin = await apiSession(env.server.url);
    alice.id = (await admin.post<{ id: string }>('/api/users', { email: alice.email, password: PASSWORD, name: 'Alice Accueil', role: 'frontdesk', locale: 'fr' })).id;
    bruno.id = (await admin.post<{ id: string }>('/api/users', { email: bruno.email, password: PASSWORD, name: 'Bruno Technicien', role: 'backoffice', locale: 'fr' })).id;
    // A phone line to Alice: a call rings her screen pop, which Escape dismisses.
    secret = (await admin.post<{ secret: string }>('/api/telephony/integrations', { name: 'Standard', kind: 'generic' })).secret;
    await admin.put('/api/telephony/extensions', { extension: '201', userId: alice.id });
    await admin.post('/api/people', { firstName: 'Colette', lastName: 'Colonne' });
    await admin.close();
  });

  it('the columns chooser opens into its boxes, Tab stays among them, Space ticks, Escape closes it alone and returns to the button', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, alice.email, PASSWORD);
    await page.goto('/people');
    await page.getByTestId('list-row').first().waitFor();
    // A call rings meanwhile: its card is up, and Escape on the page would dismiss it.
    await env.server.callEvent(secret, { callId: `pbx-${Date.now()}`, event: 'ringing', from: '06 98 76 54 32', to: '01 40 00 00 00', extension: '201' });
    await page.getByTestId('pop-card').waitFor();

    const chooser = page.getByTestId('column-chooser');
    await chooser.focus();
    await page.keyboard.press('Enter');
    // The boxes, in their order on screen (the first is the name, the last the date of change).
    const options = page.locator('[data-testid^="column-option-"]');
    await options.first().waitFor();
    const ids = await options.evaluateAll((boxes) => boxes.map((box) => box.getAttribute('data-testid')!));
    expect(ids.length).toBeGreaterThan(3);
    await waitForFocus(page, ids[0]!);

    // Tab and Shift+Tab move among the boxes, and stay there.
    await page.keyboard.press('Tab');
    await waitForFocus(page, ids[1]!);
    await page.keyboard.press('Shift+Tab');
    await waitForFocus(page, ids[0]!);
    await page.keyboard.press('Shift+Tab');
    await waitForFocus(page, ids.at(-1)!);

    // Space ticks the box focused: "Modifiée le" (last, not shown by default) joins the columns.
    expect(ids.at(-1)).toBe('column-option-updatedAt');
    await page.keyboard.press('Space');
    await page.waitForURL((url) => url.searchParams.get('cols')?.split(',').includes('updatedAt') === true);
    await expect.poll(() => page.getByTestId('column-option-updatedAt').isChecked()).toBe(true);
    await waitForFocus(page, 'column-option-updatedAt');

    // Escape closes the chooser only (the call's card stays) and gives the focus back to its button.
    await page.keyboard.press('Escape');
    await options.first().waitFor({ state: 'hidden' });
    await waitForFocus(page, 'column-chooser');
    expect(await chooser.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('pop-card').isVisible()).toBe(true);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('after "Terminer" or "Annuler" the focus goes to the next task, the previous one when it was the last, then to the heading', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, alice.email, PASSWORD);
    const api = await apiAs(page);
    // Soonest due first: the list shows them in this order.
    for (const [title, days] of [['Appeler Anne', 1], ['Appeler Benoît', 2], ['Appeler Claire', 3]] as const) {
      await api.post<Task>('/api/tasks', { title, dueAt: new Date(Date.now() + days * 86_400_000).toISOString() });
    }
    await page.goto('/tasks');
    const list = page.getByTestId('my-tasks');
    const item = (title: string) => list.getByTestId('task-item').filter({ hasText: title });
    expect(await see(item('Appeler Claire'))).toContain('Appeler Claire');

    // Done, from the keyboard: the dialog's note, Ctrl+Enter; the next task takes the focus.
    await item('Appeler Anne').getByTestId('task-done').focus();
    await page.keyboard.press('Enter');
    await waitForFocus(page, 'completion-note');
    await page.keyboard.type('Rappelée, devis envoyé');
    await page.keyboard.press('Control+Enter');
    await item('Appeler Anne').waitFor({ state: 'detached' });
    await waitForFocus(page, 'task-title', 'Appeler Benoît');
    // From there, Tab reaches that task's own actions.
    await page.keyboard.press('Tab');
    await waitForFocus(page, 'task-postpone', 'Appeler Benoît');

    // The last one done: the one before it takes the focus.
    await item('Appeler Claire').getByTestId('task-done').focus();
    await page.keyboard.press('Enter');
    await waitForFocus(page, 'completion-note');
    await page.keyboard.press('Control+Enter');
    await item('Appeler Claire').waitFor({ state: 'detached' });
    await waitForFocus(page, 'task-title', 'Appeler Benoît');

    // The only one left, cancelled: the page's heading takes the focus.
    await item('Appeler Benoît').getByTestId('task-cancel').focus();
    await page.keyboard.press('Enter');
    await waitForFocus(page, 'cancel-task-note');
    await page.keyboard.type('Plus nécessaire');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await waitForFocus(page, 'cancel-task-submit');
    await page.keyboard.press('Enter');
    expect(await see(page.getByTestId('tasks-empty'))).toContain('Aucune tâche en cours');
    await waitForFocus(page, 'tasks-heading');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('after "Reporter" the focus comes back to that task’s button; after "Réassigner" it goes to the next task', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, alice.email, PASSWORD);
    const api = await apiAs(page);
    for (const [title, days] of [['Relancer Denis', 1], ['Relancer Émile', 2]] as const) {
      await api.post<Task>('/api/tasks', { title, dueAt: new Date(Date.now() + days * 86_400_000).toISOString() });
    }
    await page.goto('/tasks');
    const list = page.getByTestId('my-tasks');
    const item = (title: string) => list.getByTestId('task-item').filter({ hasText: title });
    expect(await see(item('Relancer Émile'))).toContain('Relancer Émile');

    // From the menu: a week later (the second entry); it moves after the other task, and stays listed.
    const postpone = item('Relancer Denis').getByTestId('task-postpone');
    await postpone.focus();
    await page.keyboard.press('Enter');
    // The arrows go through the menu's entries.
    await page.waitForFunction(() => document.activeElement?.closest('[role="menu"]'));
    await page.keyboard.press('ArrowDown');
    await waitForFocus(page, 'postpone-tomorrow');
    await page.keyboard.press('ArrowDown');
    await waitForFocus(page, 'postpone-week');
    await page.keyboard.press('Enter');
    expect(await see(page.getByText(/Tâche reportée au/))).toContain('Tâche reportée au');
    await waitForFocus(page, 'task-postpone', 'Relancer Denis');

    // From the date dialog: the date typed, Enter; the task, now last, keeps the focus on its button.
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.closest('[role="menu"]'));
    for (const entry of ['postpone-tomorrow', 'postpone-week', 'postpone-pick']) {
      await page.keyboard.press('ArrowDown');
      await waitForFocus(page, entry);
    }
    await page.keyboard.press('Enter');
    await waitForFocus(page, 'postpone-date');
    await page.getByTestId('postpone-date').fill('2030-04-02T10:00');
    await page.keyboard.press('Enter');
    await page.getByTestId('postpone-form').waitFor({ state: 'detached' });
    await expect.poll(() => item('Relancer Denis').textContent()).toContain('2030');
    await waitForFocus(page, 'task-postpone', 'Relancer Denis');

    // Given to Bruno, it leaves the list: the task before it (it was the last) takes the focus.
    await page.keyboard.press('Tab');
    await waitForFocus(page, 'task-reassign', 'Relancer Denis');
    await page.keyboard.press('Enter');
    await page.getByTestId('reassign-assignee').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Bruno');
    await page.getByRole('option', { name: 'Bruno Technicien' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('reassign-assignee').inputValue()).toBe('Bruno Technicien');
    await page.getByTestId('reassign-submit').focus();
    await page.keyboard.press('Enter');
    await item('Relancer Denis').waitFor({ state: 'detached' });
    await waitForFocus(page, 'task-title', 'Relancer Émile');

    expect(problems).toEqual([]);
    await context.close();
  });
});
