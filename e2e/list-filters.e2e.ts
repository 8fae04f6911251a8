import { describe, expect, it } from 'vitest';
import { openPage } from './browser.js';
import { useServerAndBrowser } from './serverAndBrowser.js';
import { apiAs, signIn } from './session.js';
import { see } from './see.js';

describe('list filters with several values and the total', () => {
  const env = useServerAndBrowser();

  it('filters people by two tags, then by no tag, with the number of people above the list in French and English', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    await page.getByTestId('language-switch').getByText('FR', { exact: true }).click();
    const api = await apiAs(page);
    for (const [lastName, tags] of [['Un', ['alpha']], ['Deux', ['beta']], ['Trois', ['alpha', 'beta']], ['Quatre', ['gamma']], ['Cinq', []]] as const) {
      await api.post('/api/people', { firstName: 'Étiquette', lastName, tags });
    }

    await page.goto('/people');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=\"list-row\"]').length === n, 5);
    expect(await see(page.getByTestId('list-total'))).toBe('5 personnes');

    // Two tags: the people with either, each once.
    await page.getByTestId('filter-tag').click();
    await page.getByRole('option', { name: 'alpha' }).click();
    await page.getByRole('option', { name: 'beta' }).click();
    await page.keyboard.press('Escape');
    await page.waitForURL((url) => url.searchParams.getAll('tag').join(',') === 'alpha,beta');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=\"list-row\"]').length === n, 3);
    expect(await page.getByTestId('list-row').allInnerTexts()).toEqual([
      expect.stringContaining('Étiquette Deux'),
      expect.stringContaining('Étiquette Trois'),
      expect.stringContaining('Étiquette Un'),
    ]);
    expect(await see(page.getByTestId('list-total'))).toBe('3 personnes');
    expect(await page.getByTestId('filter-tag-values').inputValue()).toBe('alpha,beta');

    // "No tag" replaces the tags: missing=tag.
    await page.getByTestId('filter-tag').click();
    await page.getByRole('option', { name: 'Sans étiquette' }).click();
    await page.keyboard.press('Escape');
    await page.waitForURL((url) => url.searchParams.get('missing') === 'tag' && !url.searchParams.has('tag'));
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=\"list-row\"]').length === n, 1);
    expect(await page.getByTestId('list-row').innerText()).toContain('Étiquette Cinq');
    expect(await see(page.getByTestId('list-total'))).toBe('1 personne');

    // Keyboard only: typing narrows the choices, Enter takes the first (and drops "no tag").
    await page.getByTestId('filter-tag').fill('bet');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.getAll('tag').join(',') === 'beta' && !url.searchParams.has('missing'));
    await page.keyboard.press('Escape');

    // A link with both tags, in English.
    await page.goto('/people?tag=alpha&tag=beta');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=\"list-row\"]').length === n, 3);
    await page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
    expect(await see(page.getByTestId('list-total').getByText('3 people'))).toBe('3 people');

    expect(problems).toEqual([]);
    await context.close();
  });
});
