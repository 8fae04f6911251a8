import { describe, expect, it } from 'vitest';
import { openPage } from './browser.js';
import { useServerAndBrowser } from './serverAndBrowser.js';
import { apiAs, signIn } from './session.js';
import { see } from './see.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('calls and follow-ups', () => {
  const env = useServerAndBrowser();

  it('logs a call with a follow-up from the keyboard; the reminder then arrives live on My tasks', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    const person = await api.post<{ id: string }>('/api/people', {
      firstName: 'Jean',
      lastName: 'Dupont',
      phones: [{ number: '06 11 22 33 44', label: 'mobile' }],
    });

    await page.goto(`/people/${person.id}`);
    expect(await see(page.getByTestId('record-title'))).toBe('Jean Dupont');

    // Quick capture: `c` opens the panel with the cursor in the summary field.
    await page.locator('body').click();
    await page.keyboard.press('c');
    await page.getByTestId('log-call-form').waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'call-summary');
    await page.keyboard.type('Demande de devis pour la chaudière');
    await page.getByTestId('call-outcome').selectOption('callback_requested');
    await page.getByTestId('call-note').fill('Rappeler avec le tarif entretien annuel.');
    await page.getByTestId('call-follow-up-tomorrow').check();
    expect(await page.getByTestId('call-follow-up-title').getAttribute('placeholder')).toBe('Rappeler Jean Dupont');
    await page.getByTestId('call-note').focus();
    await page.keyboard.press('Control+Enter');

    expect(await see(page.getByTestId('call-saved-notification'))).toContain('Appel enregistré, relance le');
    await page.getByTestId('log-call-form').waitFor({ state: 'hidden' });
    expect(await see(page.getByTestId('timeline-summary'))).toBe('Demande de devis pour la chaudière');
    expect(await see(page.getByTestId('timeline-outcome'))).toBe('Rappel demandé');
    expect(await see(page.getByTestId('record-tasks').getByTestId('task-title'))).toBe('Rappeler Jean Dupont');

    // On My tasks, the follow-up waits for tomorrow 09:00 (Monday's, on a Friday or at the weekend).
    await page.getByTestId('nav-tasks').click();
    const task = page.getByTestId('my-tasks').getByTestId('task-item').filter({ hasText: 'Rappeler Jean Dupont' });
    expect(await see(task)).toContain('Jean Dupont');
    expect(await page.getByTestId('notification-count').isVisible()).toBe(false);

    // Move the server's clock past that 09:00, whatever today is: the job fires and the browser is told live.
    env.server.advanceClock(4 * DAY_MS);
    const reminder = page.getByTestId('reminder-notification');
    expect(await see(reminder, 30_000)).toContain('Rappel');
    expect(await see(reminder.getByTestId('reminder-title'))).toBe('Rappeler Jean Dupont');
    expect(await see(page.getByTestId('notification-count'))).toBe('1');

    // The bell keeps it too; opening it from there marks it read and opens Jean's file.
    await page.getByTestId('notification-bell').click();
    const item = page.getByTestId('notification-item');
    expect(await see(item)).toContain('Rappel : Rappeler Jean Dupont');
    await item.click();
    expect(await see(page.getByTestId('record-title'))).toBe('Jean Dupont');
    await page.getByTestId('notification-count').waitFor({ state: 'hidden' });
    await page.getByTestId('nav-tasks').click();

    // Done, with a completion note: the task leaves My tasks.
    await task.getByTestId('task-done').click();
    await page.getByTestId('completion-note').fill('Devis envoyé par e-mail.');
    await page.getByTestId('complete-task-submit').click();
    expect(await see(page.getByTestId('tasks-empty'))).toBe('Aucune tâche en cours. Bravo !');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('a call whose answer is lost on the way back is logged once: the app sends it again with the same Idempotency-Key', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    const person = await api.post<{ id: string }>('/api/people', { firstName: 'Odile', lastName: 'Perrin' });
    await page.goto(`/people/${person.id}`);
    expect(await see(page.getByTestId('record-title'))).toBe('Odile Perrin');

    // The first POST reaches the server, which logs the call; its answer never reaches the browser.
    const keys: string[] = [];
    await page.route('**/api/interactions', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length === 1) {
        const answer = await route.fetch();
        expect(answer.status()).toBe(201);
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await page.locator('body').click();
    await page.keyboard.press('c');
    await page.getByTestId('log-call-form').waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'call-summary');
    await page.keyboard.type('Livraison reportée à lundi');
    await page.keyboard.press('Control+Enter');

    expect(await see(page.getByTestId('call-saved-notification'))).toContain('Appel enregistré');
    expect(await see(page.getByTestId('timeline-summary'))).toBe('Livraison reportée à lundi');
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    const logged = await api.get<{ items: { summary: string }[] }>(`/api/interactions?personId=${person.id}`);
    expect(logged.items.map((i) => i.summary)).toEqual(['Livraison reportée à lundi']);

    // The one console line is the dropped connection itself.
    expect(problems.filter((p) => !p.includes('net::ERR_CONNECTION_RESET'))).toEqual([]);
    await context.close();
  });

  it('the call panel asks before discarding what was typed; Escape closes an empty one; Ctrl+K searches over it without losing it', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    const person = await api.post<{ id: string }>('/api/people', { firstName: 'Lucie', lastName: 'Fabre' });
    await api.post('/api/people', { firstName: 'Marius', lastName: 'Castelnau' });
    await page.goto(`/people/${person.id}`);
    expect(await see(page.getByTestId('record-title'))).toBe('Lucie Fabre');
    const form = page.getByTestId('log-call-form');
    const summary = page.getByTestId('call-summary');
    const question = page.getByTestId('discard-call-confirm');
    const openPanel = async () => {
      await page.locator('body').click();
      await page.keyboard.press('c');
      await form.waitFor();
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'call-summary');
    };

    // Nothing typed: Escape closes at once.
    await openPanel();
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'hidden' });
    expect(await question.count()).toBe(0);

    // Something typed: Escape asks; "keep editing" (Escape too) goes back to the text.
    await openPanel();
    await page.keyboard.type('Veut un rendez-vous jeudi');
    await page.keyboard.press('Escape');
    expect(await see(page.getByRole('dialog', { name: 'Abandonner la saisie de cet appel ?' }))).toContain('n’est pas enregistré');
    await page.getByRole('button', { name: 'Continuer la saisie' }).click();
    await question.waitFor({ state: 'detached' });
    expect(await summary.inputValue()).toBe('Veut un rendez-vous jeudi');
    await page.keyboard.press('Escape');
    await question.waitFor();
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached' });
    expect(await form.isVisible()).toBe(true);

    // Ctrl+K: the search comes up over the panel with the cursor in it; Escape goes back to the panel as it was.
    await summary.focus();
    await page.keyboard.press('Control+k');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'global-search');
    await page.keyboard.type('Castelnau');
    const result = page.getByTestId('search-result').filter({ hasText: 'Marius Castelnau' });
    await result.waitFor();
    // Visible means on top: what is drawn at the search box's centre is the search box.
    const box = await page.getByTestId('global-search').boundingBox();
    expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.getAttribute('data-testid'), { x: box!.x + box!.width / 2, y: box!.y + box!.height / 2 })).toBe('global-search');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'call-summary');
    expect(await form.isVisible()).toBe(true);
    expect(await question.count()).toBe(0);
    expect(await summary.inputValue()).toBe('Veut un rendez-vous jeudi');

    // Opening another file from the search keeps the text for Lucie's panel, not Marius's.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('Castelnau');
    await result.waitFor();
    await page.keyboard.press('Enter');
    expect(await see(page.getByTestId('record-title').filter({ hasText: 'Marius' }))).toBe('Marius Castelnau');
    await form.waitFor({ state: 'hidden' });
    await openPanel();
    expect(await summary.inputValue()).toBe('');
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'hidden' });
    await page.goBack();
    expect(await see(page.getByTestId('record-title').filter({ hasText: 'Lucie' }))).toBe('Lucie Fabre');
    await openPanel();
    expect(await summary.inputValue()).toBe('Veut un rendez-vous jeudi');
    expect(await see(page.getByTestId('call-draft-restored'))).toContain('a été reprise');

    // Clicking outside asks too; "Abandonner" closes and forgets.
    await page.mouse.click(20, 400);
    await question.waitFor();
    await page.getByTestId('discard-call-submit').click();
    await form.waitFor({ state: 'hidden' });
    await openPanel();
    expect(await summary.inputValue()).toBe('');
    expect(await page.getByTestId('call-draft-restored').count()).toBe(0);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('the timeline labels every stored outcome in the reader’s language and times short calls in seconds', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    const person = await api.post<{ id: string }>('/api/people', { firstName: 'Hélène', lastName: 'Marchal' });
    // The codes stored by the API and the demo (reached), telephony (missed), older web forms
    // (answered), and one from elsewhere.
    const calls = [
      { summary: 'Appel joint', outcome: 'reached', durationSeconds: 6 },
      { summary: 'Appel manqué', outcome: 'missed' },
      { summary: 'Ancien appel', outcome: 'answered', durationSeconds: 200 },
      { summary: 'Appel importé', outcome: 'left_message' },
    ];
    for (const call of calls) await api.post('/api/interactions', { channel: 'call', direction: 'in', personId: person.id, ...call });

    await page.goto(`/people/${person.id}`);
    const item = (summary: string) => page.getByTestId('timeline-item').filter({ hasText: summary });
    // innerText is what is drawn, after CSS: a badge in capitals would read "REACHED".
    const outcome = async (summary: string) => {
      await see(item(summary).getByTestId('timeline-outcome'));
      return item(summary).getByTestId('timeline-outcome').innerText();
    };
    expect(await outcome('Appel joint')).toBe('Joint');
    expect(await outcome('Appel manqué')).toBe('Manqué');
    expect(await outcome('Ancien appel')).toBe('Répondu');
    expect(await outcome('Appel importé')).toBe('Left message');
    expect(await see(item('Appel joint'))).toContain('· 6 s');
    expect(await see(item('Ancien appel'))).toContain('· 3 min 20 s');

    await page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
    await see(page.getByTestId('timeline-outcome').filter({ hasText: 'Reached' }));
    expect(await outcome('Appel joint')).toBe('Reached');
    expect(await outcome('Appel manqué')).toBe('Missed');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('on a phone the task list keeps "Terminer" whole; a conflict shown when completing one task is gone for the next', async () => {
    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url, viewport: { width: 375, height: 740 } });
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    await api.post('/api/pressure/rules', { scopeType: 'tag', scopeValue: 'relance-mobile', maxContacts: 1, periodDays: 30 });
    const rose = await api.post<{ id: string }>('/api/people', { firstName: 'Rose', lastName: 'Lemaire', phones: [{ number: '06 22 33 44 55' }], tags: ['relance-mobile'] });
    await api.post('/api/interactions', { channel: 'email', direction: 'out', personId: rose.id, summary: 'Relance' });
    const first = await api.post<{ id: string; version: number }>('/api/tasks', { title: 'Rappeler Rose Lemaire pour confirmer la livraison de la chaudière', personId: rose.id });
    await api.post('/api/tasks', { title: 'Envoyer le contrat d’entretien', personId: rose.id });
    await page.reload();

    const tasks = page.getByTestId('my-tasks').getByTestId('task-item');
    const firstTask = tasks.filter({ hasText: 'confirmer la livraison' });
    expect(await see(firstTask.getByTestId('task-pressure'))).toContain('limite 1');
    for (const task of await tasks.all()) {
      const button = task.getByTestId('task-done');
      const [card, done] = [(await task.boundingBox())!, (await button.boundingBox())!];
      expect(done.x + done.width, 'the button is inside its card').toBeLessThanOrEqual(card.x + card.width);
      // Nothing inside the button is cut (a squeezed button clips its label, not itself).
      expect(await button.evaluate((el) => [el, ...el.querySelectorAll('*')].every((part) => part.scrollWidth <= part.clientWidth)), 'its label is whole').toBe(true);
      expect(await see(button)).toBe('Terminer');
    }

    // A colleague completes the first task meanwhile: completing it here is refused.
    await firstTask.getByTestId('task-done').click();
    await api.patch(`/api/tasks/${first.id}`, { title: 'Rappeler Rose Lemaire (livraison)', version: first.version });
    expectFailure(`/api/tasks/${first.id}`, 409);
    await page.getByTestId('complete-task-submit').click();
    expect(await see(page.getByTestId('complete-task-form').getByTestId('error-alert'))).toContain('modifiée par quelqu’un d’autre');
    await page.getByRole('dialog').getByRole('button', { name: 'Annuler' }).click();
    await page.getByTestId('complete-task-form').waitFor({ state: 'detached' });

    // The next task's dialog opens clean.
    await tasks.filter({ hasText: 'Envoyer le contrat' }).getByTestId('task-done').click();
    await page.getByTestId('completion-note').waitFor();
    expect(await page.getByTestId('complete-task-form').getByTestId('error-alert').count()).toBe(0);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('a call-back task about someone at their contact-pressure cap warns on My tasks and when completing; calling from it asks a reason', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    // At most one outbound contact in 30 days for people tagged "relance"; Paul had his.
    await api.post('/api/pressure/rules', { scopeType: 'tag', scopeValue: 'relance', maxContacts: 1, periodDays: 30 });
    const paul = await api.post<{ id: string }>('/api/people', { firstName: 'Paul', lastName: 'Girard', phones: [{ number: '06 44 55 66 77' }], tags: ['relance'] });
    await api.post('/api/interactions', { channel: 'email', direction: 'out', personId: paul.id, summary: 'Offre de printemps' });
    await api.post('/api/tasks', { title: 'Rappeler Paul Girard', personId: paul.id });

    // Made through the API after sign-in opened My tasks: load it again.
    await page.reload();
    await page.getByTestId('nav-tasks').click();
    const task = page.getByTestId('my-tasks').getByTestId('task-item').filter({ hasText: 'Rappeler Paul Girard' });
    expect(await see(task.getByTestId('task-pressure'))).toBe('Contacté 1 fois en 30 jours, limite 1');
    expect(await task.getByTestId('task-pressure').getAttribute('data-state')).toBe('reached');

    // Completing it shows the same warning and number, before the call is made.
    await task.getByTestId('task-done').click();
    const completion = page.getByTestId('complete-task-form');
    expect(await see(completion.getByTestId('task-pressure'))).toBe('Contacté 1 fois en 30 jours, limite 1');
    await page.getByRole('dialog').getByRole('button', { name: 'Annuler' }).click();
    await completion.waitFor({ state: 'detached' });

    // Calling from the task: the reason is asked first, then "log a call" opens outgoing on his file.
    await task.getByTestId('phone-link').click();
    expect(await see(page.getByTestId('pressure-dial-modal').getByTestId('pressure-warning'))).toContain('étiquette « relance » : 1 contact sur 1 en 30 jours');
    await page.getByTestId('pressure-dial-reason').fill('Il a demandé à être rappelé ce matin');
    await page.getByTestId('pressure-dial-confirm').click();
    expect(await see(page.getByTestId('record-title'))).toBe('Paul Girard');
    await page.getByTestId('log-call-form').waitFor();
    expect(await page.evaluate(() => (window as unknown as { __dialled?: string[] }).__dialled)).toContain('tel:+33644556677');

    expect(problems).toEqual([]);
    await context.close();
  });
});
