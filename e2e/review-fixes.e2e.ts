import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from './browser.js';
import { useServerAndBrowser } from './serverAndBrowser.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './server.js';
import { apiAs, apiSession, signIn } from './session.js';
import { see } from './see.js';

/** A strong password the server accepts for the users these scenarios create. */
const PASSWORD = 'relais-e2e Tangerine Viaduct 42';

/**
 * What the web and lists reviews found, fixed: each scenario reproduces a reported step and checks
 * what the user now gets (in French unless said otherwise).
 */
describe('review fixes: web app', () => {
  const env = useServerAndBrowser();
  const users: Record<'sales' | 'manager', { id: string; email: string; name: string }> = {} as never;

  beforeAll(async () => {
    const admin = await apiSession(env.server.url);
    for (const [role, name] of [['sales', 'Sophie Vente'], ['manager', 'Marc Manager']] as const) {
      const email = `${role}@relais.test`;
      const created = await admin.post<{ id: string }>('/api/users', { email, name, role, password: PASSWORD, locale: 'fr' });
      users[role] = { id: created.id, email, name };
    }
    await admin.close();
  });

  /** The id of the focused element's data-testid, or its tag name. */
  const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);

  it('a contact-pressure cap on a tag is picked among the tags records carry, and applies to them', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    const jean = await api.post<{ id: string }>('/api/people', { firstName: 'Jean', lastName: 'Adam', tags: ['vip'] });

    await page.goto('/settings/telephony');
    const card = page.getByTestId('pressure-rules-card');
    await card.getByTestId('pressure-rule-scope-type').selectOption('tag');
    await card.getByTestId('pressure-rule-scope-value').click();
    await card.getByTestId('pressure-rule-scope-value').fill('VI');
    await page.getByRole('option', { name: 'vip' }).click();
    await card.getByTestId('pressure-rule-max').fill('1');
    await card.getByTestId('pressure-rule-days').fill('7');
    await card.getByTestId('pressure-rule-submit').click();
    // One contact, one day: the plural follows the number.
    expect(await see(card.getByTestId('pressure-rule'))).toContain('étiquette « vip » — au plus 1 contact en 7 jours');

    await api.post('/api/interactions', { channel: 'call', direction: 'out', personId: jean.id });
    const pressure = await api.get<{ caps: { count: number; wouldExceed: boolean }[] }>(`/api/pressure?entityId=${jean.id}`);
    expect(pressure.caps).toEqual([expect.objectContaining({ count: 1, wouldExceed: true })]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('when the session expires on "save", the sign-in page says so and the typed change comes back after signing in', async () => {
    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url });
    // Every call of the page after the cookie is gone: refused, as a real expiry would.
    expectFailure(/^\/api\//, 401);
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    const person = await api.post<{ id: string }>('/api/people', { firstName: 'Anna', lastName: 'Weber' });

    await page.goto(`/people/${person.id}/edit`);
    await page.getByTestId('person-last-name').fill('Webern');
    await context.clearCookies();
    await page.getByTestId('person-save').click();

    expect(await see(page.getByTestId('session-expired'))).toBe('Votre session a expiré. Reconnectez-vous pour reprendre là où vous en étiez.');
    expect(new URL(page.url()).pathname).toBe('/login');
    // The same e-mail is offered; the password field has the focus.
    expect(await page.getByTestId('login-email').inputValue()).toBe(ADMIN_EMAIL);
    expect(await focused(page)).toBe('login-password');
    await page.keyboard.type(ADMIN_PASSWORD);
    await page.keyboard.press('Enter');

    // Back on the form, with the change typed before.
    await see(page.getByTestId('form-draft-restored'));
    expect(new URL(page.url()).pathname).toBe(`/people/${person.id}/edit`);
    expect(await page.getByTestId('person-last-name').inputValue()).toBe('Webern');
    await page.getByTestId('person-save').click();
    expect(await see(page.getByTestId('record-title'))).toBe('Anna Webern');
    // Signed in again, the notice is gone from the sign-in page of a later visit.
    expect(await page.evaluate(() => sessionStorage.getItem('relais.sessionExpired'))).toBeNull();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a lead routing rule without a rep is flagged on its row and nothing is claimed saved', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    await page.goto('/leads/oversight');
    const settings = page.getByTestId('lead-settings');
    await settings.getByTestId('lead-settings-territory-add').click();
    await settings.getByTestId('lead-settings-territory-match').fill('69');
    await settings.getByTestId('lead-settings-save').click();

    expect(await see(settings.getByTestId('lead-settings-incomplete'))).toContain('Rien n’a été enregistré');
    expect(await see(settings.getByTestId('lead-settings-territory').getByText('Choisissez le commercial'))).toContain('Choisissez le commercial');
    expect(await page.getByTestId('lead-settings-saved').count()).toBe(0);
    const api = await apiAs(page);
    expect((await api.get<{ territories: unknown[] }>('/api/leads/settings')).territories).toEqual([]);

    // With a rep it is saved, and kept.
    await settings.getByTestId('lead-settings-territory-owner').selectOption({ label: users.sales.name });
    await settings.getByTestId('lead-settings-save').click();
    await see(page.getByTestId('lead-settings-saved'));
    expect(await settings.getByTestId('lead-settings-incomplete').count()).toBe(0);
    expect((await api.get<{ territories: unknown[] }>('/api/leads/settings')).territories).toEqual([{ postalPrefix: '69', ownerId: users.sales.id }]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('admin forms in French say what is wrong in French, beside the field', async () => {
    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url });
    for (const path of ['/api/users', '/api/relationship-types', '/api/leads/settings', '/api/telephony/integrations']) expectFailure(path, 400);
    expectFailure(/^\/api\/teams\//, 400);
    await signIn(page, env.server.url);
    const english = /Too big|Too small|expected|ISO 8601 duration such|a time from|Invalid ISO|is not a public address/;

    // A name too long for a user.
    await page.goto('/settings/users');
    await page.getByTestId('user-new').click();
    const userForm = page.getByTestId('user-form');
    await userForm.getByTestId('user-form-email').fill('long.name@relais.test');
    await userForm.getByTestId('user-form-name').fill('N'.repeat(300));
    await userForm.getByTestId('user-form-password').fill(PASSWORD);
    await userForm.getByTestId('user-form-submit').click();
    expect(await see(userForm.getByText('Trop long.'))).toBe('Trop long.');
    expect(await userForm.innerText()).not.toMatch(english);
    await userForm.getByRole('button', { name: 'Annuler' }).click();

    // A relationship type whose English label is only spaces.
    await page.goto('/settings/catalogue');
    const typeForm = page.getByTestId('relationship-type-form');
    await typeForm.getByTestId('relationship-type-key').fill('forwarder');
    await typeForm.getByTestId('relationship-type-new-label-en').fill('   ');
    await typeForm.getByTestId('relationship-type-new-label-fr').fill('Transitaire');
    await typeForm.getByTestId('relationship-type-submit').click();
    expect(await see(typeForm.getByText('Obligatoire'))).toBe('Obligatoire');
    expect(await typeForm.innerText()).not.toMatch(english);

    // A lead deadline of no time at all.
    await page.goto('/leads/oversight');
    const leads = page.getByTestId('lead-settings');
    await leads.getByTestId('lead-settings-treat-within-amount').fill('0');
    await leads.getByTestId('lead-settings-save').click();
    expect(await see(leads.getByText('Entre une minute et cinq ans.'))).toBe('Entre une minute et cinq ans.');
    expect(await leads.innerText()).not.toMatch(english);

    // A team's hours and holidays written the French way.
    const admin = await apiAs(page);
    await admin.post('/api/teams', { name: 'Exploitation' });
    await page.goto('/settings/teams');
    const team = page.locator('[data-testid="team-settings"][data-team="Exploitation"]');
    await team.getByTestId('team-round-the-clock').uncheck();
    await team.getByTestId('team-hours-1').fill('9h-12h30');
    await team.getByTestId('team-holiday-day').fill('2026-12-25');
    await team.getByTestId('team-holiday-add').click();
    expect(await see(team.getByTestId('team-holiday'))).toBe('vendredi 25 décembre 2026');
    await team.getByTestId('team-save').click();
    expect(await see(team.getByText('Des heures de 00:00 à 24:00'))).toContain('09:00-12:30');
    expect(await team.innerText()).not.toMatch(english);

    // An Asterisk server on the office network, not allowed by the operator: said beside the host.
    await page.goto('/settings/telephony');
    const integration = page.getByTestId('integration-form');
    await integration.getByTestId('integration-name').fill('Standard');
    await integration.getByTestId('integration-kind').selectOption('asterisk');
    await integration.getByTestId('integration-ami-host').fill('192.168.1.10');
    await integration.getByTestId('integration-submit').click();
    expect(await see(integration.getByText('n’est pas une adresse publique'))).toContain('RELAIS_OUTBOUND_ALLOW');
    const text = await integration.innerText();
    expect(text).not.toMatch(english);
    expect(text).not.toContain('config.amiHost');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('on a phone, a number or an e-mail address takes the row’s width, its label below', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url, viewport: { width: 390, height: 844 } });
    await signIn(page, env.server.url);
    await page.goto('/people/new');
    for (const [row, input, label] of [
      ['phone-row-0', 'phone-number-0', 'phone-label-0'],
      ['email-row-0', 'email-address-0', 'email-label-0'],
    ]) {
      const rowBox = (await page.getByTestId(row).boundingBox())!;
      const inputBox = (await page.getByTestId(input).boundingBox())!;
      const labelBox = (await page.getByTestId(label).boundingBox())!;
      expect(inputBox.width, input).toBeGreaterThan(rowBox.width * 0.9);
      expect(labelBox.y, label).toBeGreaterThanOrEqual(inputBox.y + inputBox.height);
    }
    // Wide enough to read a number in full (it was 98 px beside its label).
    expect((await page.getByTestId('phone-number-0').boundingBox())!.width).toBeGreaterThan(250);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('"Copy" for a secret shown once copies over plain HTTP, or says it could not and selects it', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    // As on an office network served over HTTP: no Clipboard API. The older copy is watched.
    await context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });
      const state = window as unknown as { __copied: string[]; __refuseCopy: boolean };
      state.__copied = [];
      state.__refuseCopy = false;
      const original = Document.prototype.execCommand;
      Document.prototype.execCommand = function (command: string, ...rest: [boolean?, string?]) {
        if (command !== 'copy') return original.call(this, command, ...rest);
        if (state.__refuseCopy) return false;
        state.__copied.push((document.activeElement as HTMLTextAreaElement | null)?.value ?? '');
        return true;
      };
    });
    await signIn(page, env.server.url);
    await page.goto('/settings/tokens');
    await page.getByTestId('token-name').fill('Export comptable');
    await page.getByTestId('token-submit').click();
    const secret = await see(page.getByTestId('token-secret'));

    await page.getByTestId('token-copy').click();
    expect(await see(page.locator('[data-testid="token-copy"][data-state="copied"]'))).toBe('Copié');
    expect(await page.evaluate(() => (window as unknown as { __copied: string[] }).__copied)).toEqual([secret]);

    // A browser that copies nothing: said, and the secret selected for Ctrl+C.
    await page.evaluate(() => ((window as unknown as { __refuseCopy: boolean }).__refuseCopy = true));
    await page.getByTestId('token-copy').click();
    expect(await see(page.getByTestId('token-copy-failed'))).toContain('appuyez sur Ctrl+C');
    expect(await page.evaluate(() => window.getSelection()?.toString().trim())).toBe(secret);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('call panel: "keep editing" puts the keyboard back in the field being typed in, inside the panel', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    const person = await api.post<{ id: string }>('/api/people', { firstName: 'Paul', lastName: 'Clavier' });
    await page.goto(`/people/${person.id}`);
    await see(page.getByTestId('record-title'));
    await page.locator('body').click();
    await page.keyboard.press('c');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'call-summary');
    await page.keyboard.type('Demande de tarif');
    await page.keyboard.press('Escape');
    await see(page.getByTestId('discard-call-confirm'));
    // "Continuer la saisie" has the focus: Enter keeps the call.
    await page.keyboard.press('Enter');
    await page.getByTestId('discard-call-confirm').waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'call-summary');
    await page.keyboard.type(' frigorifique');
    expect(await page.getByTestId('call-summary').inputValue()).toBe('Demande de tarif frigorifique');
    // At a quick typist's pace too: the question has the keyboard as soon as it is there, so Enter
    // right after Escape keeps editing. It went to the field beneath before, which logged the call.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await page.getByTestId('discard-call-confirm').waitFor({ state: 'detached' });
    expect((await api.get<{ items: unknown[] }>(`/api/interactions?personId=${person.id}`)).items).toEqual([]);
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'call-summary');
    // Tab goes on within the panel, not to the header behind it.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="log-call-form"]')))).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('why "Edit" is inert reaches the keyboard and a tap, and describes the button', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, users.sales.email, PASSWORD);
    const admin = await apiSession(env.server.url);
    const person = await admin.post<{ id: string }>('/api/people', { firstName: 'Daniel', lastName: 'Adam', ownerId: users.manager.id });
    await admin.close();
    await page.goto(`/people/${person.id}`);
    const edit = page.getByTestId('edit-record');
    await see(edit);
    const reason = 'Vous ne modifiez que les fiches dont vous êtes responsable. Celle-ci est suivie par Marc Manager : demandez-lui ou à un manager.';
    // Described by the reason, for screen readers.
    const describedBy = await edit.getAttribute('aria-describedby');
    expect(await page.evaluate((id) => document.getElementById(id!)?.textContent, describedBy)).toBe(reason);
    // Focused from the keyboard: the tooltip shows; pressed: the reason shows below it.
    await edit.focus();
    expect(await see(page.getByRole('tooltip'))).toBe(reason);
    await page.keyboard.press('Enter');
    expect(await see(page.getByTestId('edit-reason'))).toBe(reason);
    expect(new URL(page.url()).pathname).toBe(`/people/${person.id}`);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a taken e-mail or key is said on its field', async () => {
    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url });
    for (const path of ['/api/users', '/api/relationship-types', '/api/custom-fields']) expectFailure(path, 409);
    await signIn(page, env.server.url);
    await page.goto('/settings/users');
    await page.getByTestId('user-new').click();
    const userForm = page.getByTestId('user-form');
    await userForm.getByTestId('user-form-email').fill(users.sales.email);
    await userForm.getByTestId('user-form-name').fill('Sophie Bis');
    await userForm.getByTestId('user-form-password').fill(PASSWORD);
    await userForm.getByTestId('user-form-submit').click();
    const email = userForm.getByTestId('user-form-email');
    expect(await see(userForm.getByText('Un utilisateur a déjà cet e-mail.'))).toBe('Un utilisateur a déjà cet e-mail.');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    await userForm.getByRole('button', { name: 'Annuler' }).click();

    await page.goto('/settings/catalogue');
    const typeForm = page.getByTestId('relationship-type-form');
    await typeForm.getByTestId('relationship-type-key').fill('client');
    await typeForm.getByTestId('relationship-type-new-label-en').fill('Customer');
    await typeForm.getByTestId('relationship-type-new-label-fr').fill('Client');
    await typeForm.getByTestId('relationship-type-submit').click();
    expect(await see(typeForm.getByText('Cette clé est déjà prise par un autre type de relation.'))).toContain('déjà prise');
    expect(await typeForm.getByTestId('relationship-type-key').getAttribute('aria-invalid')).toBe('true');

    await (await apiAs(page)).post('/api/custom-fields', { entityType: 'person', key: 'job_title', labelEn: 'Job', labelFr: 'Poste', type: 'text' });
    const fieldForm = page.getByTestId('custom-field-form');
    await fieldForm.getByTestId('custom-field-key').fill('job_title');
    await fieldForm.getByTestId('custom-field-label-en').fill('Job title');
    await fieldForm.getByTestId('custom-field-label-fr').fill('Fonction');
    await fieldForm.getByTestId('custom-field-submit').click();
    expect(await see(fieldForm.getByText('Cette clé est déjà prise par un autre champ de ce type de fiche.'))).toContain('déjà prise');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a due date, a postponement or a follow-up already past is refused beside its field', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    const person = await api.post<{ id: string }>('/api/people', { firstName: 'Léon', lastName: 'Passé' });
    await api.post('/api/tasks', { title: 'Relancer Léon', personId: person.id, dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString() });
    const past = 'Cette date est déjà passée : choisissez-en une à venir.';

    await page.goto('/tasks');
    await page.getByTestId('new-task').click();
    await page.getByTestId('new-task-title').fill('Devis');
    await page.getByTestId('new-task-due').fill('2020-01-01T09:00');
    expect(await see(page.getByTestId('new-task-form').getByText(past))).toBe(past);
    await page.getByTestId('new-task-submit').click();
    expect(await page.getByTestId('new-task-form').isVisible()).toBe(true);
    await page.getByTestId('new-task-due').fill('2099-01-01T09:00');
    expect(await page.getByTestId('new-task-form').getByText(past).count()).toBe(0);
    await page.getByTestId('new-task-form').getByRole('button', { name: 'Annuler' }).click();

    const task = page.getByTestId('task-item').filter({ hasText: 'Relancer Léon' });
    await task.getByTestId('task-postpone').click();
    await page.getByTestId('postpone-pick').click();
    await page.getByTestId('postpone-date').fill('2019-05-05T10:00');
    expect(await see(page.getByTestId('postpone-form').getByText(past))).toBe(past);
    expect(await page.getByTestId('postpone-submit').isDisabled()).toBe(true);
    await page.getByTestId('postpone-form').getByRole('button', { name: 'Annuler' }).click();

    await page.goto(`/people/${person.id}`);
    await page.getByTestId('open-log-call').click();
    await page.getByTestId('call-summary').fill('Rappel demandé');
    await page.getByTestId('call-follow-up-custom').check();
    // Ctrl+Enter before the date is chosen: the date is asked for, and takes the keyboard.
    await page.keyboard.press('Control+Enter');
    const asked = 'Choisissez la date et l’heure du rappel.';
    expect(await see(page.getByTestId('log-call-form').getByText(asked))).toBe(asked);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('follow-up-custom-date');
    await page.getByTestId('follow-up-custom-date').fill('2019-05-05T10:00');
    expect(await see(page.getByTestId('log-call-form').getByText(past))).toBe(past);
    expect(await page.getByTestId('call-submit').isDisabled()).toBe(true);
    // Nothing reached the server.
    const tasks = await api.get<{ items: { title: string; dueAt: string }[] }>(`/api/tasks?personId=${person.id}`);
    expect(tasks.items.map((t) => t.title)).toEqual(['Relancer Léon']);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('numbers, plurals, punctuation and countries follow the app’s language, not the browser’s', async () => {
    // An English browser, the app in French.
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url, locale: 'en-US' });
    await context.addInitScript(() => localStorage.setItem('relais.language', 'fr'));
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    const person = await api.post<{ id: string }>('/api/people', { firstName: 'Patrick', lastName: 'Marty', addresses: [{ street: '3 rue du Port', postalCode: '13002', city: 'Marseille', country: 'FR' }, { city: 'Genève', country: 'CH' }] });
    await api.post('/api/leads', { source: 'front_desk', personId: person.id, interest: 'Entrepôt frigorifique', potential: 12500.5, suggestedOwnerId: users.sales.id });
    await api.post('/api/tasks', { title: 'Rappeler Patrick', personId: person.id });

    await page.goto('/leads/passed');
    expect(await see(page.getByTestId('passed-leads').getByTestId('lead-item'))).toContain('potentiel 12\u202f500,50');
    await page.goto('/tasks');
    expect(await see(page.getByTestId('task-item').filter({ hasText: 'Rappeler Patrick' }))).toContain('Concerne :');
    await page.goto(`/people/${person.id}`);
    await see(page.getByTestId('contact-address'));
    const addresses = await page.getByTestId('contact-address').allInnerTexts();
    expect(addresses).toEqual(['3 rue du Port\n13002 Marseille\nFrance', 'Genève\nSuisse']);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('keyboard and screen readers: skip link, the phone menu button, the bell’s count, the record heading after a search', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    await page.goto('/people');
    await see(page.getByTestId('new-person'));
    // First Tab of a page: "Aller au contenu", shown; Enter goes past the header and the navigation.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('skip-to-content');
    expect(await see(page.getByTestId('skip-to-content'))).toBe('Aller au contenu');
    expect((await page.getByTestId('skip-to-content').boundingBox())!.x).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe('main-content');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('new-person');

    // The bell says how many notifications are unread.
    const bell = page.getByTestId('notification-bell');
    expect(await bell.getAttribute('aria-label')).toBe('Notifications');
    const manager = await apiSession(env.server.url, users.manager.email, PASSWORD);
    const me = await (await apiAs(page)).get<{ user: { id: string } }>('/api/auth/me');
    await manager.post('/api/tasks', { title: 'Vérifier le contrat', assigneeId: me.user.id });
    await manager.close();
    await page.waitForFunction(() => document.querySelector('[data-testid="notification-bell"]')?.getAttribute('aria-label') === 'Notifications, 1 non lue');

    // A search result opened with Enter: the record's name has the focus.
    await (await apiAs(page)).post('/api/people', { firstName: 'Zélie', lastName: 'Focalisée' });
    await page.getByTestId('global-search').fill('Focalisée');
    await see(page.getByRole('option', { name: /Zélie Focalisée/ }));
    await page.keyboard.press('Enter');
    expect(await see(page.getByTestId('record-title'))).toBe('Zélie Focalisée');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'record-title');
    expect(problems).toEqual([]);
    await context.close();

    // On a phone: the menu button says whether the menu is open; Escape closes it.
    const phone = await openPage(env.browser, { baseURL: env.server.url, viewport: { width: 390, height: 844 } });
    await signIn(phone.page, env.server.url);
    const burger = phone.page.getByTestId('nav-burger');
    expect(await burger.getAttribute('aria-expanded')).toBe('false');
    expect(await burger.getAttribute('aria-controls')).toBe('app-navigation');
    await burger.click();
    expect(await burger.getAttribute('aria-expanded')).toBe('true');
    await see(phone.page.getByTestId('nav-people'));
    await phone.page.getByTestId('nav-people').focus();
    await phone.page.keyboard.press('Escape');
    await phone.page.waitForFunction(() => document.querySelector('[data-testid="nav-burger"]')?.getAttribute('aria-expanded') === 'false');
    expect(await focused(phone.page)).toBe('nav-burger');
    expect(phone.problems).toEqual([]);
    await phone.context.close();
  });

  it('saved views: a taken name is said, a changed list offers to update its view, deleting asks first', async () => {
    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url });
    expectFailure('/api/views', 409);
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    for (const [firstName, city] of [['Amélie', 'Lyon'], ['Bruno', 'Lyon'], ['Chloé', 'Nantes']]) {
      await api.post('/api/people', { firstName, lastName: 'Vues', addresses: [{ city }] });
    }
    await page.goto('/people?q=Vues');
    await page.getByTestId('filter-city').fill('Lyon');
    await page.waitForURL((url) => url.searchParams.get('city') === 'Lyon');
    await page.getByTestId('save-view').click();
    await page.getByTestId('view-name').fill('Lyon');
    await page.getByTestId('view-save-submit').click();
    await page.waitForURL((url) => url.searchParams.has('view'));
    expect(await page.getByTestId('update-view').count()).toBe(0);

    // The same name again (other capitals): said on the name field, nothing saved.
    await page.getByTestId('save-view').click();
    await page.getByTestId('view-name').fill('lyon');
    await page.getByTestId('view-save-submit').click();
    expect(await see(page.getByText('Vous avez déjà une vue de ce nom pour cette liste'))).toContain('choisissez-en un autre');
    await page.getByRole('dialog').getByRole('button', { name: 'Annuler' }).click();

    // Another city: the view can be updated in place.
    await page.getByTestId('filter-city').fill('Nantes');
    await page.waitForURL((url) => url.searchParams.get('city') === 'Nantes');
    expect(await see(page.getByTestId('view-changed'))).toBe('Modifiée depuis le choix de la vue');
    await page.getByTestId('update-view').click();
    expect(await see(page.getByTestId('view-updated'))).toBe('Vue « Lyon » mise à jour');
    await page.getByTestId('update-view').waitFor({ state: 'detached' });
    const views = await api.get<{ items: { name: string; definition: { filters: Record<string, string> } }[] }>('/api/views?entityType=person');
    expect(views.items).toEqual([expect.objectContaining({ name: 'Lyon', definition: expect.objectContaining({ filters: { q: 'Vues', city: 'Nantes' } }) })]);

    // Deleting asks first; cancelling keeps it.
    await page.getByTestId('delete-view').click();
    expect(await see(page.getByTestId('delete-view-confirm'))).toContain('Seule la vue disparaît');
    await page.getByTestId('delete-view-confirm').getByRole('button', { name: 'Annuler' }).click();
    expect((await api.get<{ items: unknown[] }>('/api/views?entityType=person')).items).toHaveLength(1);
    await page.getByTestId('delete-view').click();
    await page.getByTestId('delete-view-submit').click();
    await see(page.getByText('Vue supprimée'));
    expect((await api.get<{ items: unknown[] }>('/api/views?entityType=person')).items).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lists: relationship and organisation filters, kept by saved views; each list offers its own tags; a refused sort is said in French', async () => {
    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url });
    expectFailure('/api/people', 400);
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    const carrier = await api.post<{ id: string }>('/api/organisations', { name: 'Transports Rouge', relationships: [{ type: 'carrier' }], tags: ['flotte'] });
    await api.post('/api/organisations', { name: 'Chargeurs Bleus', relationships: [{ type: 'client' }] });
    await api.post('/api/people', { firstName: 'Denise', lastName: 'Décideuse', tags: ['decideur'], organisationIds: [carrier.id] });
    await api.post('/api/people', { firstName: 'Hors', lastName: 'Transports' });

    await page.goto('/organisations');
    const rows = page.getByTestId('list-row');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length === 2);
    await page.getByTestId('filter-relationship').click();
    await page.getByRole('option', { name: 'Transporteur' }).click();
    await page.waitForURL((url) => url.searchParams.get('relationship') === 'carrier');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length === 1);
    expect(await rows.first().innerText()).toContain('Transports Rouge');
    await page.getByTestId('save-view').click();
    await page.getByTestId('view-name').fill('Transporteurs');
    await page.getByTestId('view-save-submit').click();
    await page.waitForURL((url) => url.searchParams.has('view'));

    // Picked again on a fresh visit, the view brings its relationship back.
    await page.goto('/organisations');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length === 2);
    await page.getByTestId('saved-views').click();
    await page.getByRole('option', { name: 'Transporteurs' }).click();
    await page.waitForURL((url) => url.searchParams.get('relationship') === 'carrier');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length === 1);
    expect(await page.getByTestId('filter-relationship-values').inputValue()).toBe('carrier');
    expect(await see(page.getByTestId('list-filters').getByText('Transporteur', { exact: true }))).toBe('Transporteur');

    // The organisations' tag filter offers no tag only people carry.
    await page.getByTestId('filter-tag').click();
    await see(page.getByRole('option', { name: 'flotte' }));
    expect(await page.getByRole('option', { name: 'decideur' }).count()).toBe(0);
    await page.keyboard.press('Escape');

    // People of one organisation: the filter names it.
    await page.goto(`/people?organisationId=${carrier.id}`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length === 1);
    expect(await rows.first().innerText()).toContain('Denise Décideuse');
    await page.waitForFunction(() => (document.querySelector('[data-testid="filter-organisation"]') as HTMLInputElement | null)?.value === 'Transports Rouge');

    // A sort the list refuses: in French, with a way back.
    await page.goto('/people?sort=foo');
    const alert = page.getByTestId('error-alert');
    expect(await see(alert)).toContain('Tri : Cette liste ne peut pas être triée ainsi.');
    expect(await alert.innerText()).not.toContain('unknown sort');
    await page.getByTestId('reset-sort').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length >= 2);
    expect(await alert.count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});
