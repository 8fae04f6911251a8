import { beforeAll, describe, expect, it } from 'vitest';
import { openPage } from './browser.js';
import { useServerAndBrowser } from './serverAndBrowser.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './server.js';
import { apiAs, apiSession, signIn } from './session.js';
import { see } from './see.js';

/** What a walkthrough of the app found (2026-12-07): dates the browser cannot read, double clicks, empty notes. */
describe('walkthrough: unreadable dates, double clicks, empty notes', () => {
  const env = useServerAndBrowser();
  const PASSWORD = 'Relais-Walkthrough-2026!';
  const manager = { email: 'mathilde@relais.test' };
  const desk = { email: 'denis@relais.test' };
  const rep = { email: 'sam@relais.test', id: '' };

  beforeAll(async () => {
    const admin = await apiSession(env.server.url);
    await admin.post('/api/users', { email: manager.email, password: PASSWORD, name: 'Mathilde Manager', role: 'manager', locale: 'fr' });
    await admin.post('/api/users', { email: desk.email, password: PASSWORD, name: 'Denis Accueil', role: 'frontdesk', locale: 'fr' });
    rep.id = (await admin.post<{ id: string }>('/api/users', { email: rep.email, password: PASSWORD, name: 'Sam Vente', role: 'sales', locale: 'fr' })).id;
    await admin.close();
  });

  it('a date typed without its time is refused beside its field, never taken for "no date" or "now"', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    const person = await api.post<{ id: string }>('/api/people', { firstName: 'Dorothée', lastName: 'Datebancale' });
    await page.goto(`/people/${person.id}`);
    expect(await see(page.getByTestId('record-title'))).toBe('Dorothée Datebancale');

    // A task: the day typed, not the time. The browser gives the field no value at all.
    await page.getByTestId('new-task').click();
    await page.getByTestId('new-task-title').fill('Relancer pour le mandat');
    await page.getByTestId('new-task-due').click();
    await page.keyboard.type('11122026');
    expect(await page.getByTestId('new-task-due').evaluate((input: HTMLInputElement) => input.validity.badInput)).toBe(true);
    await page.getByTestId('new-task-submit').click();
    expect(await see(page.getByText('Cette date est incomplète ou n’existe pas : indiquez le jour et l’heure.'))).toContain('indiquez le jour');
    expect((await api.get<{ items: { title: string }[] }>(`/api/tasks?personId=${person.id}`)).items).toEqual([]);
    // The time given, the task is made with its due date.
    await page.getByTestId('new-task-due').fill('2026-12-11T09:30');
    await page.getByTestId('new-task-submit').click();
    await page.getByTestId('new-task-form').waitFor({ state: 'detached' });
    const tasks = (await api.get<{ items: { title: string; dueAt: string | null }[] }>(`/api/tasks?personId=${person.id}`)).items;
    expect(tasks.map((task) => task.title)).toEqual(['Relancer pour le mandat']);
    expect(new Date(tasks[0].dueAt!).getFullYear()).toBe(2026);

    // A letter added to the timeline the same way is not dated "now".
    await page.getByTestId('add-entry-open').click();
    await page.getByTestId('entry-summary').fill('Courrier recommandé reçu');
    await page.getByTestId('entry-occurred-at').click();
    await page.keyboard.type('11112026');
    await page.getByTestId('entry-submit').click();
    expect(await see(page.getByText('Cette date est incomplète ou n’existe pas : indiquez le jour et l’heure.'))).toContain('indiquez le jour');
    expect((await api.get<{ items: unknown[] }>(`/api/interactions?personId=${person.id}`)).items).toEqual([]);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('an empty note is refused; a filtered timeline with nothing in it says so, not that the record has no history', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    const person = await api.post<{ id: string }>('/api/people', { firstName: 'Noé', lastName: 'Notevide' });
    await api.post('/api/interactions', { channel: 'call', direction: 'in', personId: person.id, summary: 'Appel pour un rendez-vous' });
    await page.goto(`/people/${person.id}`);
    await see(page.getByTestId('timeline-item'));

    await page.getByTestId('add-entry-open').click();
    await page.getByTestId('entry-submit').click();
    expect(await see(page.getByText('Une note a besoin d’un résumé, d’un texte ou d’un fichier.'))).toContain('Une note');
    // Something said, it is added.
    await page.getByTestId('entry-summary').fill('Préfère être appelé le matin');
    await page.getByTestId('entry-submit').click();
    await see(page.getByTestId('entry-saved-notification'));
    expect((await api.get<{ items: unknown[] }>(`/api/interactions?personId=${person.id}`)).items).toHaveLength(2);

    // The chip's input is hidden behind its label, which takes the click.
    const smsChip = await page.getByTestId('channel-chip-sms').getAttribute('id');
    await page.locator(`label[for="${smsChip}"]`).click();
    expect(await see(page.getByTestId('timeline-empty'))).toBe('Aucun échange sur ce canal (SMS).');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('a double click on "Enregistrer" creates one person; "Annuler" in a new tab opens the list', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    await page.goto('/people/new');
    await page.getByTestId('person-first-name').fill('Désiré');
    await page.getByTestId('person-last-name').fill('Doubleclic');
    await page.getByTestId('person-save').dblclick();
    expect(await see(page.getByTestId('record-title'))).toBe('Désiré Doubleclic');
    expect((await api.get<{ items: unknown[] }>('/api/people?q=Doubleclic')).items).toHaveLength(1);

    // A form opened straight from its address has no page behind it to go back to.
    const tab = await context.newPage();
    await tab.goto('/people/new');
    await tab.getByTestId('person-first-name').waitFor();
    await tab.getByRole('button', { name: 'Annuler' }).click();
    await tab.waitForURL((url) => url.pathname === '/people');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('a person form left by a link, the back button or a reload keeps what was typed; "Effacer ma saisie", Cancel, a save or signing out keep nothing', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    const person = await api.post<{ id: string }>('/api/people', { firstName: 'Paul', lastName: 'Partant' });
    const edit = `/people/${person.id}/edit`;
    const drafts = () => page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('relais.formDraft:')));
    const lastName = page.getByTestId('person-last-name');

    // Left by the menu, come back with the browser's back button: the typing is there, and said so.
    await page.goto(edit);
    await lastName.fill('Partant-Revenu');
    await page.getByTestId('nav-people').click();
    await see(page.getByTestId('list-filters'));
    await page.goBack();
    expect(await see(page.getByTestId('form-draft-restored'))).toContain('Vous aviez quitté ce formulaire sans l’enregistrer');
    expect(await lastName.inputValue()).toBe('Partant-Revenu');
    // Dropped on purpose: the record as saved.
    await page.getByTestId('form-draft-discard').click();
    expect(await lastName.inputValue()).toBe('Partant');
    expect(await page.getByTestId('form-draft-restored').count()).toBe(0);

    // A reload keeps it too; once saved, nothing waits for the next opening.
    await lastName.fill('Partant-Bis');
    await page.reload();
    await see(page.getByTestId('form-draft-restored'));
    expect(await lastName.inputValue()).toBe('Partant-Bis');
    await page.getByTestId('person-save').click();
    expect(await see(page.getByTestId('record-title'))).toBe('Paul Partant-Bis');
    expect(await drafts()).toEqual([]);
    await page.goto(edit);
    expect(await see(page.getByTestId('person-form'))).toContain('Nom');
    expect(await lastName.inputValue()).toBe('Partant-Bis');
    expect(await page.getByTestId('form-draft-restored').count()).toBe(0);

    // Cancel means "forget it".
    await lastName.fill('Partant-Annulé');
    await page.getByRole('button', { name: 'Annuler' }).click();
    expect(await see(page.getByTestId('record-title'))).toBe('Paul Partant-Bis');
    expect(await drafts()).toEqual([]);

    // A new person's form, left by the menu: given back at its next opening.
    await page.goto('/people/new');
    await page.getByTestId('person-first-name').fill('Nina');
    await page.getByTestId('nav-people').click();
    await see(page.getByTestId('list-filters'));
    await page.goto('/people/new');
    await see(page.getByTestId('form-draft-restored'));
    expect(await page.getByTestId('person-first-name').inputValue()).toBe('Nina');

    // Signing out on purpose leaves nothing typed behind for the next one to sign in on this tab.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.waitForURL('**/login');
    expect(await drafts()).toEqual([]);
    // Signed in again, the app returns to the form: empty.
    await page.getByTestId('login-email').fill(ADMIN_EMAIL);
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-password').press('Enter');
    await page.waitForURL((url) => url.pathname === '/people/new');
    expect(await see(page.getByTestId('person-form'))).toContain('Prénom');
    expect(await page.getByTestId('person-first-name').inputValue()).toBe('');
    expect(await page.getByTestId('form-draft-restored').count()).toBe(0);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('a postal code that cannot be one of its country is refused beside its field', async () => {
    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url });
    expectFailure('/api/people', 400);
    await signIn(page, env.server.url);
    await page.goto('/people/new');
    await page.getByTestId('person-last-name').fill('Codepostal');
    await page.getByTestId('add-address').click();
    await page.getByTestId('address-postal-code-0').fill('ABCDE');
    await page.getByTestId('address-city-0').fill('Quimper');
    await page.getByTestId('address-country-0').fill('fr');
    await page.getByTestId('person-save').click();
    expect(await see(page.getByText('Ce code postal n’a pas la forme de ceux de ce pays.'))).toBe('Ce code postal n’a pas la forme de ceux de ce pays.');
    // The field named is the one given the keyboard.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('address-postal-code-0');
    await page.getByTestId('address-postal-code-0').fill('29000');
    await page.getByTestId('person-save').click();
    expect(await see(page.getByTestId('record-title'))).toBe('Codepostal');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a new task typed then closed by Escape asks before losing it', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    const person = await api.post<{ id: string }>('/api/people', { firstName: 'Éva', lastName: 'Échappe' });
    await page.goto(`/people/${person.id}`);
    await page.getByTestId('new-task').click();
    // Nothing typed: Escape closes at once.
    await page.getByTestId('new-task-title').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('new-task-form').waitFor({ state: 'detached' });

    await page.getByTestId('new-task').click();
    await page.getByTestId('new-task-title').fill('Envoyer le bail signé');
    await page.keyboard.press('Escape');
    expect(await see(page.getByTestId('discard-typed-confirm'))).toContain('n’est pas enregistré');
    await page.getByRole('button', { name: 'Continuer la saisie' }).click();
    await page.getByTestId('discard-typed-confirm').waitFor({ state: 'detached' });
    expect(await page.getByTestId('new-task-title').inputValue()).toBe('Envoyer le bail signé');
    // Asked again, discarded on purpose: gone, nothing created.
    await page.keyboard.press('Escape');
    await page.getByTestId('discard-typed-submit').click();
    await page.getByTestId('new-task-form').waitFor({ state: 'detached' });
    expect((await api.get<{ items: unknown[] }>(`/api/tasks?personId=${person.id}`)).items).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a double click on "Fusionner" merges once, with no error beside the success', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, manager.email, PASSWORD);
    const api = await apiAs(page);
    const kept = await api.post<{ id: string }>('/api/people', { firstName: 'Gaëlle', lastName: 'Gardée' });
    await api.post('/api/people', { firstName: 'Gaëlle', lastName: 'Gardée-Bis', emails: [{ address: 'gaelle.bis@example.fr' }] });
    await page.goto(`/people/${kept.id}`);
    expect(await see(page.getByTestId('record-title'))).toBe('Gaëlle Gardée');
    await page.getByTestId('record-actions').click();
    await page.getByTestId('record-action-merge').click();
    await page.getByTestId('merge-other').fill('Gardée-Bis');
    await page.getByRole('option', { name: 'Gaëlle Gardée-Bis' }).click();
    // The record that disappears comes with what tells it apart (two records often share a name).
    expect(await see(page.getByTestId('merge-removed-name-detail'))).toContain('gaelle.bis@example.fr');
    await page.getByTestId('record-merge-submit').dblclick();
    expect(await see(page.getByTestId('record-merged'))).toContain('« Gaëlle Gardée » est conservée');
    await page.getByTestId('record-merge-confirm').waitFor({ state: 'detached' });
    expect(await page.getByTestId('error-alert').count()).toBe(0);

    // The second click's 404 would be among the problems.
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a manager hands a record to a sales rep from its page; the desk may only take one nobody owns', async () => {
    const admin = await apiSession(env.server.url);
    const unowned = await admin.post<{ id: string }>('/api/people', { firstName: 'Hugo', lastName: 'Sansresponsable' });
    const another = await admin.post<{ id: string }>('/api/people', { firstName: 'Inès', lastName: 'Libre' });
    await admin.close();

    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, manager.email, PASSWORD);
    const api = await apiAs(page);
    await page.goto(`/people/${unowned.id}`);
    expect(await see(page.getByTestId('record-title'))).toBe('Hugo Sansresponsable');
    await page.getByTestId('record-actions').click();
    await page.getByTestId('record-action-owner').click();
    // Nothing changed yet: nothing to confirm.
    expect(await page.getByTestId('record-owner-submit').isDisabled()).toBe(true);
    await page.getByTestId('record-owner-select').click();
    await page.getByRole('option', { name: 'Sam Vente' }).click();
    await page.getByTestId('record-owner-submit').click();
    expect(await see(page.getByTestId('record-owner-changed'))).toBe('Sam Vente est maintenant responsable de « Hugo Sansresponsable ».');
    expect(await see(page.getByText('Responsable : Sam Vente'))).toBe('Responsable : Sam Vente');
    expect((await api.get<{ ownerId: string | null }>(`/api/people/${unowned.id}`)).ownerId).toBe(rep.id);
    await context.close();

    // The desk: nothing to change on the sales rep's customer; on one nobody owns, only itself or nobody.
    const deskPage = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(deskPage.page, env.server.url, desk.email, PASSWORD);
    await deskPage.page.goto(`/people/${unowned.id}`);
    expect(await see(deskPage.page.getByTestId('record-title'))).toBe('Hugo Sansresponsable');
    expect(await deskPage.page.getByTestId('record-actions').count()).toBe(0);
    await deskPage.page.goto(`/people/${another.id}`);
    expect(await see(deskPage.page.getByTestId('record-title'))).toBe('Inès Libre');
    await deskPage.page.getByTestId('record-actions').click();
    await deskPage.page.getByTestId('record-action-owner').click();
    await deskPage.page.getByTestId('record-owner-select').click();
    // The select's own list (the page's native selects have options too).
    const options = await deskPage.page.getByRole('listbox').getByRole('option').allTextContents();
    expect(options).toEqual(['Personne', 'Moi (Denis Accueil)']);
    await deskPage.page.getByRole('option', { name: 'Moi (Denis Accueil)' }).click();
    await deskPage.page.getByTestId('record-owner-submit').click();
    expect(await see(deskPage.page.getByTestId('record-owner-changed'))).toBe('Denis Accueil est maintenant responsable de « Inès Libre ».');

    expect(problems).toEqual([]);
    expect(deskPage.problems).toEqual([]);
    await deskPage.context.close();
  });

  it('on a phone, a name or an e-mail of one long word breaks inside the page; the call panel stops at the server’s limits', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url, viewport: { width: 390, height: 844 } });
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    const person = await api.post<{ id: string }>('/api/people', {
      firstName: 'Maximilien',
      lastName: 'Trèslongnom'.repeat(14),
      emails: [{ address: `${'contact.service.clientele.'.repeat(2)}direction@example.fr` }],
    });
    await page.goto(`/people/${person.id}`);
    await see(page.getByTestId('record-title'));
    await see(page.getByTestId('contact-card').getByTestId('email-link'));
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);

    await page.getByTestId('open-log-call').click();
    await page.getByTestId('call-summary').fill('x'.repeat(600));
    expect((await page.getByTestId('call-summary').inputValue()).length).toBe(500);

    expect(problems).toEqual([]);
    await context.close();
  });
});
