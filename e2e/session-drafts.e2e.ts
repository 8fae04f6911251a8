import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from './browser.js';
import { useServerAndBrowser } from './serverAndBrowser.js';
import { ADMIN_PASSWORD } from './server.js';
import { apiAs, signIn } from './session.js';
import { see } from './see.js';

type Task = { id: string; title: string; version: number; status: string; completionNote: string | null };

/**
 * The session ends while a dialog holds unsaved text (the cookie is gone, as when it expires or an
 * admin ends it): the sign-in page says so, and once signed in again the page opens the same dialog
 * with the text typed, not yet saved.
 */
describe('what was typed in a dialog outlives an expired session', () => {
  const env = useServerAndBrowser();

  /** On the sign-in page the session expiry sent us to: the password again, then back to `path`. */
  async function signInAgain(page: Page, path: string) {
    expect(await see(page.getByTestId('session-expired'))).toContain('Votre session a expiré');
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-password').press('Enter');
    await page.waitForURL((url) => url.pathname === path);
  }

  it('cancelling a task with a reason, creating a task and adding to the timeline: the text comes back after signing in', async () => {
    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url });
    // Every call of the page after the cookie is gone: refused, as a real expiry would.
    expectFailure(/^\/api\//, 401);
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    const person = await api.post<{ id: string }>('/api/people', { firstName: 'Léa', lastName: 'Expirée' });
    const task = await api.post<Task>('/api/tasks', { title: 'Rappeler Léa', personId: person.id });
    const path = `/people/${person.id}`;
    await page.goto(path);

    // 1. Cancelling a task, its reason typed.
    const item = page.getByTestId('record-tasks').getByTestId('task-item').filter({ hasText: 'Rappeler Léa' });
    await item.getByTestId('task-cancel').click();
    await page.getByTestId('cancel-task-note').fill('Elle a rappelé d’elle-même.');
    await context.clearCookies();
    await page.getByTestId('cancel-task-submit').click();
    await signInAgain(page, path);
    await see(page.getByTestId('cancel-task-form').getByTestId('form-draft-restored'));
    expect(await see(page.getByRole('dialog'))).toContain('Annuler « Rappeler Léa »');
    expect(await page.getByTestId('cancel-task-note').inputValue()).toBe('Elle a rappelé d’elle-même.');
    await page.getByTestId('cancel-task-submit').click();
    expect(await see(page.getByTestId('task-cancelled-notification'))).toBe('Tâche annulée');
    const api2 = await apiAs(page);
    expect(await api2.get<Task>(`/api/tasks/${task.id}`)).toMatchObject({ status: 'cancelled', completionNote: 'Elle a rappelé d’elle-même.' });

    // 2. A new task, its title typed.
    await page.getByTestId('new-task').click();
    await page.getByTestId('new-task-title').fill('Envoyer le contrat à Léa');
    await context.clearCookies();
    await page.getByTestId('new-task-submit').click();
    await signInAgain(page, path);
    await see(page.getByTestId('new-task-form').getByTestId('form-draft-restored'));
    expect(await page.getByTestId('new-task-title').inputValue()).toBe('Envoyer le contrat à Léa');
    await page.getByTestId('new-task-submit').click();
    expect(await see(page.getByTestId('record-tasks').getByTestId('task-title').filter({ hasText: 'Envoyer le contrat' }))).toBe('Envoyer le contrat à Léa');

    // 3. An entry for the timeline, its summary and text typed.
    await page.getByTestId('add-entry-open').click();
    await page.getByTestId('entry-summary').fill('Rendez-vous pris pour jeudi');
    await page.getByTestId('entry-body').fill('Elle viendra avec son associé.');
    // A file cannot be kept: its name is, so the user knows to choose it again.
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('entry-files').click()]);
    await chooser.setFiles([{ name: 'plan-acces.txt', mimeType: 'text/plain', buffer: Buffer.from('Quai 3') }]);
    await context.clearCookies();
    await page.getByTestId('entry-submit').click();
    await signInAgain(page, path);
    await see(page.getByTestId('add-entry-form').getByTestId('form-draft-restored'));
    expect(await page.getByTestId('entry-summary').inputValue()).toBe('Rendez-vous pris pour jeudi');
    expect(await page.getByTestId('entry-body').inputValue()).toBe('Elle viendra avec son associé.');
    expect(await see(page.getByTestId('entry-draft-files'))).toBe('Les fichiers ne peuvent pas être conservés : choisissez-les à nouveau (plan-acces.txt).');
    await page.getByTestId('entry-submit').click();
    expect(await see(page.getByTestId('timeline-item').filter({ hasText: 'Rendez-vous pris pour jeudi' }))).toContain('Rendez-vous pris pour jeudi');

    // Each draft was given back once: the page opened again opens no dialog by itself.
    await page.reload();
    await see(page.getByTestId('timeline-item').first());
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('relais.formDraft:')))).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
