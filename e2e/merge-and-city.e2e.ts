import { beforeAll, describe, expect, it } from 'vitest';
import { openPage } from './browser.js';
import { useServerAndBrowser } from './serverAndBrowser.js';
import { apiAs, apiSession, signIn } from './session.js';
import { see } from './see.js';

describe('merging namesakes, the merge dialog’s focus, and the city a filtered list shows', () => {
  const env = useServerAndBrowser();
  const PASSWORD = 'Relais-Merge-City-2026!';
  const MANAGER = 'mireille@relais.test';
  const NAME = 'Autocars et Transports Simon';

  beforeAll(async () => {
    const admin = await apiSession(env.server.url);
    await admin.post('/api/users', { email: MANAGER, password: PASSWORD, name: 'Mireille Manager', role: 'manager', locale: 'fr' });
    await admin.close();
  });

  it('two organisations of the same name: each side says its city, phone or e-mail, creation and history, and the texts do not repeat the name', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, MANAGER, PASSWORD);
    const api = await apiAs(page);
    const here = await api.post<{ id: string }>('/api/organisations', { name: NAME, addresses: [{ city: 'Saint-Étienne' }], phones: [{ number: '04 77 00 00 01' }] });
    const twin = await api.post<{ id: string }>('/api/organisations', { name: NAME, addresses: [{ city: 'Roanne' }], emails: [{ address: 'contact@simon-roanne.fr' }] });
    for (const summary of ['Devis autocar', 'Relance devis']) {
      await api.post('/api/interactions', { channel: 'call', direction: 'in', organisationId: twin.id, summary });
    }

    await page.goto(`/organisations/${here.id}`);
    expect(await see(page.getByTestId('record-title'))).toBe(NAME);
    await page.getByTestId('record-actions').click();
    await page.getByTestId('record-action-merge').click();
    await page.getByTestId('merge-other').fill('Simon');
    // This page's record is left out: one option of that name, the other record.
    await page.getByRole('option', { name: NAME }).click();

    // Both sides described alike: the kept one (this page's) too, not only the one that disappears.
    const kept = page.getByTestId('merge-direction');
    expect(await see(kept.getByTestId('merge-kept-name'))).toBe(NAME);
    expect(await see(kept.getByTestId('merge-removed-name'))).toBe(NAME);
    expect(await see(kept.getByTestId('merge-kept-name-contact'))).toBe('Saint-Étienne · 04 77 00 00 01');
    expect(await see(kept.getByTestId('merge-removed-name-contact'))).toBe('Roanne · contact@simon-roanne.fr');
    await expect.poll(() => kept.getByTestId('merge-kept-name-history').textContent()).toMatch(/^Créée le .+ · aucun échange dans l’historique$/);
    await expect.poll(() => kept.getByTestId('merge-removed-name-history').textContent()).toMatch(/^Créée le .+ · 2 échanges dans l’historique$/);

    // The sentence names them once and points at the badges; the swap says which it would keep.
    const statement = await see(page.getByTestId('merge-statement'));
    expect(statement).toContain(`Les deux fiches s’appellent « ${NAME} ». Celle marquée « Conservée » est gardée`);
    expect(statement.split(NAME)).toHaveLength(2);
    expect(await see(page.getByTestId('merge-swap'))).toBe('Garder plutôt celle qui disparaît');
    await page.getByTestId('merge-swap').click();
    expect(await see(kept.getByTestId('merge-kept-name-contact'))).toBe('Roanne · contact@simon-roanne.fr');
    expect(await see(kept.getByTestId('merge-removed-name-contact'))).toBe('Saint-Étienne · 04 77 00 00 01');

    // Keeping the one in Roanne: the page moves to it, holding the Saint-Étienne one's phone.
    await page.getByTestId('record-merge-submit').click();
    await page.waitForURL(`**/organisations/${twin.id}`);
    await page.getByTestId('record-merge-confirm').waitFor({ state: 'detached' });
    expect(await see(page.getByTestId('contact-card').getByTestId('phone-link'))).toContain('04 77 00 00 01');

    // In English too.
    await page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
    const other = await api.post<{ id: string }>('/api/organisations', { name: NAME, addresses: [{ city: 'Firminy' }] });
    await page.goto(`/organisations/${other.id}`);
    await page.getByTestId('record-actions').click();
    await page.getByTestId('record-action-merge').click();
    await page.getByTestId('merge-other').fill('Simon');
    await page.getByRole('option', { name: NAME }).click();
    expect(await see(kept.getByTestId('merge-kept-name-contact'))).toBe('Firminy');
    await expect.poll(() => kept.getByTestId('merge-kept-name-history').textContent()).toMatch(/^Created .+ · no entries in the history$/);
    await expect.poll(() => kept.getByTestId('merge-removed-name-history').textContent()).toMatch(/^Created .+ · 2 entries in the history$/);
    expect(await see(page.getByTestId('merge-statement'))).toContain(`Both records are called “${NAME}”. The one marked “Kept” stays`);
    expect(await see(page.getByTestId('merge-swap'))).toBe('Keep the one that disappears instead');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('the merge dialog opens on its field, so what is typed searches at once; a plain confirmation still opens on Cancel', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, MANAGER, PASSWORD);
    const api = await apiAs(page);
    const here = await api.post<{ id: string }>('/api/people', { firstName: 'Lucien', lastName: 'Clavier' });
    await api.post('/api/people', { firstName: 'Lucienne', lastName: 'Clavier' });

    await page.goto(`/people/${here.id}`);
    expect(await see(page.getByTestId('record-title'))).toBe('Lucien Clavier');
    await page.getByTestId('record-actions').click();
    await page.getByTestId('record-action-merge').click();
    // Typed as soon as it opens, and still there once Mantine's focus trap has had its turn.
    await page.keyboard.type('Clavier');
    await page.getByRole('option', { name: 'Lucienne Clavier' }).waitFor();
    expect(await page.getByTestId('merge-other').inputValue()).toBe('Clavier');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('merge-other');
    // The arrow and Enter choose the record: the dialog stays open.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await see(page.getByTestId('merge-removed-name'))).toBe('Lucienne Clavier');
    expect(await page.getByTestId('record-merge-confirm').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.getByTestId('record-merge-confirm').waitFor({ state: 'detached' });

    // Deleting asks nothing to type: Cancel has the keyboard, so Enter never deletes by accident.
    await page.getByTestId('record-actions').click();
    await page.getByTestId('record-action-delete').click();
    await page.getByTestId('record-delete-confirm').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Annuler');
    await page.keyboard.press('Enter');
    await page.getByTestId('record-delete-confirm').waitFor({ state: 'detached' });
    expect(await see(page.getByTestId('record-title'))).toBe('Lucien Clavier');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('a list filtered by city shows, in its City column, the city each record matched on, even on its second address', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, MANAGER, PASSWORD);
    const api = await apiAs(page);
    const addresses = [{ city: 'Saint-Nazaire' }, { city: 'Saint-Étienne' }];
    await api.post('/api/organisations', { name: 'Cars du Forez', addresses });
    await api.post('/api/people', { firstName: 'Noémie', lastName: 'Deuxvilles', addresses });

    for (const [path, name] of [
      ['/organisations', 'Cars du Forez'],
      ['/people', 'Noémie Deuxvilles'],
    ] as const) {
      const row = page.getByTestId('list-row').filter({ hasText: name });
      // Unfiltered: the first address's city, as before.
      await page.goto(path);
      expect(await see(row.getByTestId('list-cell-city')), path).toBe('Saint-Nazaire');
      // Filtered on the second address's city, written without its accent: that city, as written on the record.
      await page.goto(`${path}?city=Saint-Etienne`);
      expect(await see(row.getByTestId('list-cell-city')), path).toBe('Saint-Étienne');
      // Several cities: the first address in any of them.
      await page.goto(`${path}?city=Lyon&city=saint%20nazaire&city=Saint-Etienne`);
      expect(await see(row.getByTestId('list-cell-city')), path).toBe('Saint-Nazaire');
    }

    expect(problems).toEqual([]);
    await context.close();
  });
});
