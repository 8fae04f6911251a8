import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { openPage } from './browser.js';
import { useServerAndBrowser } from './serverAndBrowser.js';
import { apiAs, signIn } from './session.js';

/** Whether every badge label the locator finds reads whole (no "A…"). */
async function badgesReadWhole(badges: Locator): Promise<boolean> {
  await badges.first().waitFor();
  return badges.evaluateAll((labels) => labels.every((label) => label.scrollWidth <= label.clientWidth));
}

/** What an acceptance review of the web app found on a phone and in French. */
describe('web review: badges, the phone menu, contact point labels', () => {
  const env = useServerAndBrowser();

  it('tags in the people list on a phone, and the users’ status in French, read whole', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url, viewport: { width: 390, height: 844 } });
    await signIn(page, env.server.url);
    await page.getByTestId('language-switch').getByText('FR', { exact: true }).click();
    const api = await apiAs(page);
    const org = await api.post<{ id: string }>('/api/organisations', { name: 'Transports Frigorifiques du Grand Ouest' });
    await api.post('/api/people', {
      firstName: 'Marie-Christine',
      lastName: 'Badge-Entier',
      tags: ['newsletter', 'decideur-achats', 'grands-comptes'],
      emails: [{ address: 'marie-christine.badge-entier@transports-frigorifiques.fr' }],
      phones: [{ number: '06 12 34 56 78' }],
      addresses: [{ street: '12 rue des Entrepôts', postalCode: '44000', city: 'Saint-Herblain-sur-Loire' }],
      organisationIds: [org.id],
    });
    await page.goto('/people?tag=newsletter');
    expect(await badgesReadWhole(page.locator('[data-testid="list-row"] .mantine-Badge-label'))).toBe(true);

    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/settings/users');
    expect(await badgesReadWhole(page.getByTestId('user-status').locator('.mantine-Badge-label'))).toBe(true);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('on a phone, the menu closes when the page already shown is picked again', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url, viewport: { width: 390, height: 844 } });
    await signIn(page, env.server.url);
    await page.goto('/people');
    await page.getByTestId('nav-burger').click();
    await expect.poll(() => page.getByTestId('nav-burger').getAttribute('aria-expanded')).toBe('true');
    await page.getByTestId('nav-people').click();
    await expect.poll(() => page.getByTestId('nav-burger').getAttribute('aria-expanded')).toBe('false');
    expect(new URL(page.url()).pathname).toBe('/people');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('offers “mobile” as a label for phones only, and keeps a label stored before', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    const person = await (await apiAs(page)).post<{ id: string }>('/api/people', { lastName: 'Libellés', emails: [{ address: 'ancien@example.fr', label: 'mobile' }] });
    await page.goto(`/people/${person.id}/edit`);
    await page.getByTestId('email-label-0').waitFor();
    const options = (testId: string) => page.getByTestId(testId).locator('option').evaluateAll((all) => all.map((o) => (o as HTMLOptionElement).value));
    // The e-mail stored with "mobile" keeps it; a new one is not offered it.
    expect(await options('email-label-0')).toContain('mobile');
    await page.getByTestId('add-email').click();
    expect(await options('email-label-1')).toEqual(['', 'work', 'home', 'other']);
    await page.getByTestId('add-phone').click();
    expect(await options('phone-label-0')).toEqual(['', 'mobile', 'work', 'home', 'other']);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('noting a call just after dialling the record from its phone link starts as outgoing', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    const dialled = await api.post<{ id: string }>('/api/people', { lastName: 'Appelée', phones: [{ number: '06 31 41 59 26' }] });
    const other = await api.post<{ id: string }>('/api/people', { lastName: 'Pas-Appelée' });
    const direction = () => page.getByTestId('call-direction').locator('input:checked').getAttribute('value');

    await page.goto(`/people/${other.id}`);
    await page.getByTestId('open-log-call').click();
    expect(await direction()).toBe('in');

    await page.goto(`/people/${dialled.id}`);
    await page.getByTestId('contact-card').getByTestId('phone-link').first().click();
    await page.getByTestId('open-log-call').click();
    expect(await direction()).toBe('out');

    expect(problems).toEqual([]);
    await context.close();
  });
});
