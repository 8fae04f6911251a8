import { describe, expect, it } from 'vitest';
import { openPage } from './browser.js';
import { useServerAndBrowser } from './serverAndBrowser.js';
import { apiAs, signIn } from './session.js';
import { see } from './see.js';

/** What a hands-on review of the list filters, saved views and deadline fields found, on desktop and phone. */
describe('web review: list filters, saved views and deadlines', () => {
  const env = useServerAndBrowser();

  /** Run in the page: whether the list shows this many rows. */
  const rowsShown = (expected: number) => document.querySelectorAll('[data-testid="list-row"]').length === expected;

  it('on a phone, the filters button counts each "no value" choice', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url, viewport: { width: 390, height: 844 } });
    await signIn(page, env.server.url);
    await page.getByTestId('language-switch').getByText('FR', { exact: true }).click();
    const api = await apiAs(page);
    await api.post('/api/people', { firstName: 'Téléphone', lastName: 'Nue' });

    // No tag and no city: two filters, though one parameter (missing) holds both.
    await page.goto('/people?missing=tag&missing=city');
    await page.waitForFunction(rowsShown, 1);
    expect(await see(page.getByTestId('toggle-filters'))).toBe('Filtres (2)');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('on a phone, a chosen tag reads whole in its field', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url, viewport: { width: 390, height: 844 } });
    await signIn(page, env.server.url);
    await page.getByTestId('language-switch').getByText('FR', { exact: true }).click();
    await (await apiAs(page)).post('/api/people', { firstName: 'Téléphone', lastName: 'Étiquetée', tags: ['grands-comptes-nord'] });
    await page.goto('/people?tag=grands-comptes-nord');
    await page.waitForFunction(rowsShown, 1);
    await page.getByTestId('toggle-filters').click();
    const pill = page.getByTestId('list-filters').locator('.mantine-Pill-label', { hasText: 'grands-comptes-nord' });
    await pill.waitFor();
    expect(await pill.evaluate((label) => label.scrollWidth <= label.clientWidth)).toBe(true);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('clearing the filters leaves the saved view too; picking it again restores its filters', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    await page.getByTestId('language-switch').getByText('FR', { exact: true }).click();
    const api = await apiAs(page);
    for (const [lastName, tags] of [['Alpha', ['vue-alpha']], ['Beta', ['vue-beta']], ['Gamma', []]] as const) {
      await api.post('/api/people', { firstName: 'Vue', lastName, tags });
    }
    await page.goto('/people?q=Vue&tag=vue-alpha&tag=vue-beta');
    await page.waitForFunction(rowsShown, 2);
    await page.getByTestId('save-view').click();
    await page.getByTestId('view-name').fill('Alpha et bêta');
    await page.getByTestId('view-save-submit').click();
    await page.waitForURL((url) => url.searchParams.has('view'));

    await page.getByTestId('clear-filters').click();
    await page.waitForURL((url) => !url.searchParams.has('tag') && !url.searchParams.has('q') && !url.searchParams.has('view'));
    // No view chosen any more: nothing offers to "update" it with no filters.
    await page.waitForFunction(() => (document.querySelector('[data-testid="saved-views"]') as HTMLInputElement | null)?.value === '');
    expect(await page.getByTestId('update-view').count()).toBe(0);

    // Picking it again puts its filters back.
    await page.getByTestId('saved-views').click();
    await page.getByRole('option', { name: 'Alpha et bêta' }).click();
    await page.waitForURL((url) => url.searchParams.getAll('tag').join(',') === 'vue-alpha,vue-beta' && url.searchParams.get('q') === 'Vue');
    await page.waitForFunction(rowsShown, 2);
    expect(await see(page.getByTestId('list-total'))).toBe('2 personnes');
    expect(await page.getByTestId('saved-views').inputValue()).toBe('Alpha et bêta');
    expect(await page.getByTestId('view-changed').count()).toBe(0);

    // From the keyboard: Tab from the views field reaches its clear button, named, and Enter leaves the view.
    await page.getByTestId('saved-views').focus();
    await page.keyboard.press('Tab');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'saved-views-clear');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Quitter la vue (liste sans filtre)');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => !url.searchParams.has('view') && !url.searchParams.has('tag'));

    expect(problems).toEqual([]);
    await context.close();
  });

  it('typing two cities with a pause after the comma keeps the comma and finds both', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    await page.getByTestId('language-switch').getByText('FR', { exact: true }).click();
    const api = await apiAs(page);
    for (const [lastName, city] of [['Lyonnais', 'Lyon'], ['Parisien', 'Paris'], ['Marseillais', 'Marseille']]) {
      await api.post('/api/people', { firstName: 'Ville', lastName, addresses: [{ city }] });
    }
    await page.goto('/people?q=Ville');
    await page.waitForFunction(rowsShown, 3);
    const city = page.getByTestId('filter-city');
    await city.click();
    await city.pressSequentially('Lyon,');
    // The pause writes the filter "Lyon"; the comma being typed stays where it is.
    await page.waitForURL((url) => url.searchParams.getAll('city').join('|') === 'Lyon');
    await page.waitForFunction(rowsShown, 1);
    expect(await city.inputValue()).toBe('Lyon,');
    await city.pressSequentially(' Paris');
    await page.waitForURL((url) => url.searchParams.getAll('city').join('|') === 'Lyon|Paris');
    await page.waitForFunction(rowsShown, 2);
    expect(await city.inputValue()).toBe('Lyon, Paris');
    expect(await see(page.getByTestId('list-total'))).toBe('2 personnes');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('a deadline typed with a decimal comma is refused with a word, not read as its digits ("1,5" as 15)', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    await page.getByTestId('language-switch').getByText('FR', { exact: true }).click();
    await page.goto('/settings/request-types');
    await page.getByTestId('request-type-new').click();
    const form = page.getByTestId('request-type-form');
    const amount = form.getByTestId('request-type-sla-normal-amount');
    await amount.fill('1');
    await amount.pressSequentially(',5');
    expect(await see(form.getByTestId('request-type-sla-normal').getByText('Nombre entier uniquement', { exact: false }))).toContain('choisissez une unité plus petite');
    expect(await amount.inputValue()).toBe('1,5');
    // A whole number again: the word goes.
    await amount.fill('2');
    await form.getByTestId('request-type-sla-normal').getByText('Nombre entier uniquement', { exact: false }).waitFor({ state: 'detached' });
    expect(await amount.inputValue()).toBe('2');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('a refused deadline is told beside its field, not again under the API name of the field', async () => {
    const watched = await openPage(env.browser, { baseURL: env.server.url });
    const { page, problems, context } = watched;
    watched.expectFailure('/api/request-types', 400);
    await signIn(page, env.server.url);
    await page.getByTestId('language-switch').getByText('FR', { exact: true }).click();
    await page.goto('/settings/request-types');
    await page.getByTestId('request-type-new').click();
    const form = page.getByTestId('request-type-form');
    await form.getByTestId('request-type-label-fr').fill('Réclamation');
    await form.getByTestId('request-type-key').fill('reclamation');
    await form.getByTestId('request-type-sla-urgent-amount').fill('0');
    await form.getByTestId('request-type-submit').click();

    expect(await see(form.getByTestId('request-type-sla-urgent').getByText('Entre une minute et cinq ans.'))).toBe('Entre une minute et cinq ans.');
    const alert = await see(form.getByTestId('error-alert'));
    expect(alert).not.toContain('definition.');
    expect(alert).not.toContain('Entre une minute');

    expect(problems).toEqual([]);
    await context.close();
  });
});
