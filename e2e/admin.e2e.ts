import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from './browser.js';
import { useServerAndBrowser } from './serverAndBrowser.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './server.js';
import { apiAs, signIn } from './session.js';
import { see } from './see.js';

const NEW_PASSWORD = 'Un-relais-bien-tenu-2026';

describe('administration', () => {
  const env = useServerAndBrowser();

  const userRow = (page: Page, email: string) => page.locator(`[data-testid="user-row"][data-email="${email}"]`);

  it('the admin creates a team from the teams page, which then appears with its settings', async () => {
    const admin = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(admin.page, env.server.url);
    await admin.page.goto('/settings/teams');
    const form = admin.page.getByTestId('new-team');
    await form.getByTestId('new-team-name').fill('Comptabilité fournisseurs');
    await form.getByTestId('new-team-submit').click();
    expect(await see(admin.page.getByTestId('team-created'))).toContain('Comptabilité fournisseurs');
    expect(await see(admin.page.locator('[data-testid="team-settings"][data-team="Comptabilité fournisseurs"]').getByRole('heading'))).toBe('Comptabilité fournisseurs');
    expect(await form.getByTestId('new-team-name').inputValue()).toBe('');
    const teams = await (await apiAs(admin.page)).get<{ items: { name: string }[] }>('/api/teams');
    expect(teams.items.map((team) => team.name)).toContain('Comptabilité fournisseurs');
    expect(admin.problems).toEqual([]);
    await admin.context.close();
  });

  it('the admin creates a user who signs in; once disabled they are signed out and refused', async () => {
    const admin = await openPage(env.browser, { baseURL: env.server.url });
    admin.expectFailure('/api/users', 400);
    await signIn(admin.page, env.server.url);
    await admin.page.getByTestId('nav-users').click();
    await see(admin.page.getByRole('heading', { name: 'Utilisateurs' }));

    await admin.page.getByTestId('user-new').click();
    const form = admin.page.getByTestId('user-form');
    await form.getByTestId('user-form-email').fill('lea.martin@relais.test');
    await form.getByTestId('user-form-name').fill('Léa Martin');
    await form.getByTestId('user-form-role').selectOption('sales');
    // A common password: the server's rule comes back beside the field, in French.
    await form.getByTestId('user-form-password').fill('password1234');
    await form.getByTestId('user-form-submit').click();
    expect(await see(form.getByText('trop courant ou trop facile à deviner'))).toBe('trop courant ou trop facile à deviner');

    await form.getByTestId('user-form-password').fill(NEW_PASSWORD);
    await form.getByTestId('user-form-submit').click();
    expect(await see(admin.page.getByTestId('user-created'))).toContain('Léa Martin');
    const row = userRow(admin.page, 'lea.martin@relais.test');
    expect(await see(row.getByTestId('user-role'))).toBe('Commercial');
    expect(await see(row.getByTestId('user-status'))).toBe('Actif');

    // The only administrator cannot demote themselves: nobody could manage users any more.
    const me = await (await apiAs(admin.page)).get<{ user: { id: string } }>('/api/auth/me');
    admin.expectFailure(`/api/users/${me.user.id}`, 409);
    await userRow(admin.page, ADMIN_EMAIL).getByTestId('user-edit').click();
    const own = admin.page.getByTestId('user-edit-form');
    await own.getByTestId('user-form-role').selectOption('manager');
    await own.getByTestId('user-edit-submit').click();
    expect(await see(own.getByTestId('user-last-admin'))).toContain('dernier administrateur actif');
    await own.getByRole('button', { name: 'Annuler' }).click();
    expect(await see(userRow(admin.page, ADMIN_EMAIL).getByTestId('user-role'))).toBe('Administrateur');

    // She signs in in her own browser.
    const lea = await openPage(env.browser, { baseURL: env.server.url });
    lea.expectFailure('/api/events', 401);
    lea.expectFailure('/api/auth/me', 401);
    await signIn(lea.page, env.server.url, 'lea.martin@relais.test', NEW_PASSWORD);

    // The admin changes her role, then disables her after a clear confirmation.
    await row.getByTestId('user-edit').click();
    await admin.page.getByTestId('user-edit-form').getByTestId('user-form-role').selectOption('frontdesk');
    await admin.page.getByTestId('user-edit-submit').click();
    expect(await see(row.getByTestId('user-role').filter({ hasText: 'Accueil' }))).toBe('Accueil');

    await row.getByTestId('user-disable').click();
    const confirm = admin.page.getByTestId('user-disable-confirm');
    expect(await see(confirm)).toContain('Les sessions de Léa Martin seront fermées partout immédiatement');
    await confirm.getByTestId('user-disable-submit').click();
    expect(await see(row.getByTestId('user-status').filter({ hasText: 'Désactivé' }))).toBe('Désactivé');

    // Her open page loses its session (the server closed her live stream) and shows the login form.
    await see(lea.page.getByTestId('login-email'));
    await lea.page.getByTestId('login-email').fill('lea.martin@relais.test');
    await lea.page.getByTestId('login-password').fill(NEW_PASSWORD);
    await lea.page.getByTestId('login-submit').click();
    expect(await see(lea.page.getByTestId('error-alert'))).not.toBe('');
    expect(new URL(lea.page.url()).pathname).toBe('/login');

    // Re-enabled, she signs in again.
    await row.getByTestId('user-enable').click();
    await see(admin.page.locator('[data-testid="user-row"][data-email="lea.martin@relais.test"][data-disabled="false"]'));
    await lea.page.getByTestId('login-submit').click();
    await see(lea.page.getByTestId('global-search'));

    expect(admin.problems).toEqual([]);
    expect(lea.problems).toEqual([]);
    await admin.context.close();
    await lea.context.close();
  });

  it('a user creates an API token, sees it once, uses it, and revokes it', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-tokens').click();
    await see(page.getByRole('heading', { name: 'Jetons d’API' }));

    await page.getByTestId('token-name').fill('Export comptable');
    // 0 days is said to be out of range, not quietly made 1 when the field loses the focus.
    await page.getByTestId('token-expires').fill('0');
    await page.getByTestId('token-name').focus();
    expect(await see(page.getByText('De 1 à 3 650 jours (vide : n’expire jamais).'))).toContain('De 1 à 3 650 jours');
    expect(await page.getByTestId('token-expires').inputValue()).toBe('0');
    await page.getByTestId('token-expires').fill('');
    await page.getByTestId('token-submit').click();
    const secret = await see(page.getByTestId('token-secret'));
    expect(secret).toMatch(/^rls_/);
    expect(await see(page.getByTestId('token-created'))).toContain('il ne sera plus affiché');
    expect(await see(page.locator('[data-testid="token-row"][data-name="Export comptable"]'))).toContain('Lecture');

    const me = (token: string) => fetch(`${env.server.url}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } });
    const used = await me(secret);
    expect(used.status).toBe(200);
    expect(((await used.json()) as { user: { email: string } }).user.email).toBe(ADMIN_EMAIL);

    // Shown once: after a reload the list has the token but not its secret.
    await page.reload();
    const row = page.locator('[data-testid="token-row"][data-name="Export comptable"]');
    await see(row);
    expect(await page.getByTestId('token-secret').count()).toBe(0);
    // The list says it was used (the server keeps the last use to the minute).
    await see(row.locator('[data-testid="token-last-used"][data-used="true"]'));

    await row.getByTestId('token-revoke').click();
    expect(await see(page.getByTestId('token-revoke-confirm'))).toContain('définitif');
    await page.getByTestId('token-revoke-submit').click();
    expect(await see(page.locator('[data-testid="token-row"][data-name="Export comptable"][data-status="revoked"]'))).toContain('Révoqué');
    expect((await me(secret)).status).toBe(401);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('the admin renames a relationship type and edits a custom field; neither is deleted while in use', async () => {
    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url });
    expectFailure('/api/relationship-types/carrier', 409);
    expectFailure('/api/relationship-types', 400);
    await signIn(page, env.server.url);
    await (await apiAs(page)).post('/api/organisations', { name: 'Transports Roux', relationships: [{ type: 'carrier' }] });

    await page.getByTestId('nav-catalogue').click();
    // A new type: a key breaking the rule is refused beside the field, then a good one is added.
    const newType = page.getByTestId('relationship-type-form');
    await newType.getByTestId('relationship-type-key').fill('Affréteur');
    await newType.getByTestId('relationship-type-new-label-en').fill('Charterer');
    await newType.getByTestId('relationship-type-new-label-fr').fill('Affréteur');
    await newType.getByTestId('relationship-type-submit').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="relationship-type-key"]')?.getAttribute('aria-invalid') === 'true');
    await newType.getByTestId('relationship-type-key').fill('affreteur');
    await newType.getByTestId('relationship-type-submit').click();
    expect(await see(page.getByTestId('relationship-type-created'))).toContain('Affréteur');
    expect(await see(page.locator('[data-testid="relationship-type-row"][data-key="affreteur"]'))).toContain('Charterer');

    const client = page.locator('[data-testid="relationship-type-row"][data-key="client"]');
    await client.getByTestId('relationship-type-rename').click();
    await page.getByTestId('relationship-type-edit-label-fr').fill('Client final');
    await page.getByTestId('relationship-type-rename-submit').click();
    expect(await see(page.getByTestId('relationship-type-renamed'))).toContain('Client final');
    expect(await see(client.locator('[data-testid="relationship-type-label-fr"]', { hasText: 'Client final' }))).toBe('Client final');

    const carrier = page.locator('[data-testid="relationship-type-row"][data-key="carrier"]');
    await carrier.getByTestId('relationship-type-delete').click();
    await page.getByTestId('relationship-type-delete-submit').click();
    const inUse = await see(page.getByTestId('relationship-type-in-use'));
    expect(inUse).toContain('« Transporteur » est encore utilisé');
    expect(inUse).toContain('Fiches ayant cette relation : 1');
    await page.getByTestId('relationship-type-delete-confirm').getByRole('button', { name: 'Fermer' }).click();

    // A choice field for organisations, labelled in both languages.
    const field = page.getByTestId('custom-field-form');
    await field.getByTestId('custom-field-entity').selectOption('organisation');
    await field.getByTestId('custom-field-key').fill('fleet_size');
    await field.getByTestId('custom-field-type').selectOption('choice');
    await field.getByTestId('custom-field-label-en').fill('Fleet size');
    await field.getByTestId('custom-field-label-fr').fill('Taille de flotte');
    await field.getByTestId('custom-field-choices').fill('1-5');
    await page.keyboard.press('Enter');
    await field.getByTestId('custom-field-choices').fill('6-20');
    await page.keyboard.press('Enter');
    await field.getByTestId('custom-field-submit').click();
    expect(await see(page.getByTestId('custom-field-created'))).toContain('Taille de flotte');
    const fieldRow = await see(page.locator('[data-testid="custom-field-row"][data-key="fleet_size"]'));
    expect(fieldRow).toContain('Organisations');
    expect(fieldRow).toContain('Choix');
    expect(fieldRow).toContain('6-20');

    // Edit it: new English label and a new choice; a choice a record holds cannot be removed.
    expectFailure(/\/api\/custom-fields\/[^/]+$/, 409);
    await (await apiAs(page)).post('/api/organisations', { name: 'Frigo Dauphiné', customFields: { fleet_size: '1-5' } });
    const fleet = page.locator('[data-testid="custom-field-row"][data-key="fleet_size"]');
    await fleet.getByTestId('custom-field-edit').click();
    await page.getByTestId('custom-field-edit-label-en').fill('Fleet');
    await page.getByTestId('custom-field-edit-choices').fill('21+');
    await page.keyboard.press('Enter');
    await page.getByTestId('custom-field-edit-submit').click();
    expect(await see(page.getByTestId('custom-field-saved'))).toContain('Taille de flotte');
    expect(await see(fleet.filter({ hasText: '21+' }).getByTestId('custom-field-label-en-cell'))).toBe('Fleet');

    await fleet.getByTestId('custom-field-edit').click();
    await page.getByTestId('custom-field-edit-form').getByRole('button', { name: 'Retirer 1-5' }).click();
    await page.getByTestId('custom-field-edit-submit').click();
    expect(await see(page.getByTestId('custom-field-choices-in-use'))).toContain('1-5 : 1 fiche');
    await page.getByTestId('custom-field-edit-form').getByRole('button', { name: 'Annuler' }).click();

    // Deleting it is refused while a record holds a value; an unused field goes.
    await fleet.getByTestId('custom-field-delete').click();
    await page.getByTestId('custom-field-delete-submit').click();
    expect(await see(page.getByTestId('custom-field-in-use'))).toContain('Fiches qui le renseignent : 1');
    await page.getByTestId('custom-field-delete-confirm').getByRole('button', { name: 'Fermer' }).click();
    await (await apiAs(page)).post('/api/custom-fields', { entityType: 'person', key: 'badge', type: 'text', labelEn: 'Badge', labelFr: 'Badge' });
    await page.reload();
    const badge = page.locator('[data-testid="custom-field-row"][data-key="badge"]');
    await badge.getByTestId('custom-field-delete').click();
    await page.getByTestId('custom-field-delete-submit').click();
    expect(await see(page.getByTestId('custom-field-deleted'))).toContain('Badge');
    await badge.waitFor({ state: 'detached' });
    await see(fleet);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('the users page fits a phone screen without sideways scrolling', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url, viewport: { width: 390, height: 844 } });
    await page.goto('/login');
    await page.getByTestId('login-email').fill(ADMIN_EMAIL);
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await see(page.getByRole('heading', { name: 'Mes tâches' }));
    await page.goto('/settings/users');
    await see(page.getByTestId('user-row'));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);

    expect(problems).toEqual([]);
    await context.close();
  });
});
