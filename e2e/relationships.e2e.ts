import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from './browser.js';
import { useServerAndBrowser } from './serverAndBrowser.js';
import { apiAs, signIn } from './session.js';
import { see } from './see.js';

interface Relationship {
  id: string;
  type: string;
  targetType: string | null;
  targetId: string | null;
}
interface SavedPerson {
  id: string;
  version: number;
  relationships: Relationship[];
}

/** Chooses a relationship type on form row `row` by its label. */
async function chooseType(page: Page, row: number, label: string) {
  await page.getByTestId(`relationship-type-${row}`).click();
  await page.getByRole('option', { name: label, exact: true }).click();
}

/** Finds a record for form row `row` by typing part of its name, and picks it. */
async function chooseTarget(page: Page, row: number, typed: string, option: string) {
  await page.getByTestId(`relationship-target-${row}`).fill(typed);
  await page.getByRole('option', { name: option }).click();
}

describe('relationships', () => {
  const env = useServerAndBrowser();

  it('adds a relationship of a configured type and one to an organisation, shows both, removes one', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    // A type of this firm's own, beside the ones a new installation starts with ("contact-of").
    await api.post('/api/relationship-types', { key: 'forwarder', labelEn: 'Freight forwarder', labelFr: 'Commissionnaire' });
    const organisation = await api.post<{ id: string }>('/api/organisations', { name: 'Transports Verdier' });

    await page.goto('/people/new');
    await page.getByTestId('person-first-name').fill('Inès');
    await page.getByTestId('person-last-name').fill('Garnier');
    expect(await see(page.getByTestId('relationships-fields'))).toContain('Aucune relation.');
    await page.getByTestId('add-relationship').click();
    await chooseType(page, 0, 'Commissionnaire');
    await page.getByTestId('add-relationship').click();
    await chooseType(page, 1, 'Contact de');
    await chooseTarget(page, 1, 'Verdier', 'Transports Verdier (Organisation)');
    await page.getByTestId('person-save').click();

    expect(await see(page.getByTestId('record-title'))).toBe('Inès Garnier');
    const personId = new URL(page.url()).pathname.split('/').pop()!;
    const card = page.getByTestId('relationships');
    const lines = card.getByTestId('relationship');
    await see(lines.nth(1));
    expect(await lines.getByTestId('relationship-type').allTextContents()).toEqual(expect.arrayContaining(['Commissionnaire', 'Contact de']));
    const link = lines.filter({ hasText: 'Contact de' }).getByRole('link');
    expect(await see(link)).toBe('Transports Verdier');
    expect(await link.getAttribute('href')).toBe(`/organisations/${organisation.id}`);
    // The plain relationship names no record.
    expect(await lines.filter({ hasText: 'Commissionnaire' }).getByRole('link').count()).toBe(0);

    // Saved through the API as chosen.
    const created = await api.get<SavedPerson>(`/api/people/${personId}`);
    expect(created.relationships.map(({ type, targetType, targetId }) => ({ type, targetType, targetId }))).toEqual(
      expect.arrayContaining([
        { type: 'forwarder', targetType: null, targetId: null },
        { type: 'contact-of', targetType: 'organisation', targetId: organisation.id },
      ]),
    );
    expect(created.relationships).toHaveLength(2);

    // An edit that leaves the relationships alone keeps them as they are (same ids).
    await page.getByTestId('edit-record').click();
    await see(page.getByTestId('relationship-row-1'));
    await page.getByTestId('person-first-name').fill('Inès-Marie');
    await page.getByTestId('person-save').click();
    expect(await see(page.getByTestId('record-title'))).toBe('Inès-Marie Garnier');
    const renamed = await api.get<SavedPerson>(`/api/people/${personId}`);
    expect(renamed.relationships).toEqual(created.relationships);

    // Remove the plain one: only the organisation's remains.
    await page.getByTestId('edit-record').click();
    const rows = page.locator('[data-testid^="relationship-row-"]');
    await see(rows.nth(1));
    const plainRow = (await page.getByTestId('relationship-type-0').inputValue()) === 'Commissionnaire' ? 0 : 1;
    await page.getByTestId(`relationship-remove-${plainRow}`).click();
    expect(await rows.count()).toBe(1);
    await page.getByTestId('person-save').click();
    await see(page.getByTestId('record-title'));
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="relationship"]').length === 1);
    expect(await see(card.getByTestId('relationship'))).toContain('Contact de');
    expect(await see(card.getByRole('link'))).toBe('Transports Verdier');

    const after = await api.get<SavedPerson>(`/api/people/${personId}`);
    expect(after.relationships.map(({ type, targetType, targetId }) => ({ type, targetType, targetId }))).toEqual([
      { type: 'contact-of', targetType: 'organisation', targetId: organisation.id },
    ]);

    // The organisation's link leads to its page: no relationships of its own, but the person's to it.
    await card.getByRole('link').click();
    await see(page.getByTestId('record-title').filter({ hasText: 'Transports Verdier' }));
    expect(new URL(page.url()).pathname).toBe(`/organisations/${organisation.id}`);
    const named = page.getByTestId('incoming-relationship');
    await named.getByRole('link', { name: 'Inès-Marie Garnier' }).waitFor();
    expect(await see(named)).toContain('Contact de');
    expect(await page.getByTestId('relationship').count()).toBe(0);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows relationships in the lists’ chosen column, and the form fits a phone, in English too', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url, locale: 'en-GB', viewport: { width: 390, height: 844 } });
    await context.addInitScript(() => localStorage.setItem('relais.language', 'en'));
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    const depot = await api.post<{ id: string }>('/api/organisations', { name: 'Dépôt Rocher', relationships: [{ type: 'supplier' }, { type: 'client' }] });
    await api.post('/api/people', { firstName: 'Hugo', lastName: 'Rocher', relationships: [{ type: 'contact-of', targetType: 'organisation', targetId: depot.id }] });

    await page.goto('/organisations?q=Rocher');
    await page.getByTestId('column-chooser').click();
    await page.getByTestId('column-option-relationships').click();
    // Each type once, labelled in the user's language, in the order given.
    await see(page.getByTestId('list-row').filter({ hasText: 'Dépôt Rocher' }).filter({ hasText: 'Supplier, Client' }));

    await page.goto('/people?q=Rocher');
    await page.getByTestId('column-chooser').click();
    await page.getByTestId('column-option-relationships').click();
    await see(page.getByTestId('list-row').filter({ hasText: 'Hugo Rocher' }).filter({ hasText: 'Contact of' }));

    // The form at phone width: the saved target is named, and nothing scrolls sideways.
    await page.keyboard.press('Escape');
    await page.getByTestId('list-row').filter({ hasText: 'Hugo Rocher' }).getByRole('link', { name: 'Hugo Rocher' }).click();
    await see(page.getByTestId('relationships').getByRole('link', { name: 'Dépôt Rocher' }));
    await page.getByTestId('edit-record').click();
    await page.waitForFunction(() => (document.querySelector('[data-testid="relationship-target-0"]') as HTMLInputElement | null)?.value === 'Dépôt Rocher (Organisation)');
    await page.getByTestId('add-relationship').click();
    await see(page.getByTestId('relationship-type-1'));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);

    expect(problems).toEqual([]);
    await context.close();
  });
});
