import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from './browser.js';
import { useServerAndBrowser } from './serverAndBrowser.js';
import { apiAs, apiSession, signIn } from './session.js';
import { see } from './see.js';

/** A raw answer of the API as the page's user (status and body), for the answers apiAs refuses (4xx). */
async function rawAs(page: Page, method: 'GET' | 'DELETE', path: string) {
  const { csrfToken } = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string };
  const response = await page.request.fetch(path, { method, headers: { 'X-CSRF-Token': csrfToken } });
  return { status: response.status(), body: (await response.json().catch(() => null)) as { error?: { code: string; details?: { mergedIntoId?: string } } } | null };
}

describe('records: delete and merge from the record page', () => {
  const env = useServerAndBrowser();
  const PASSWORD = 'Relais-Delete-Merge-2026!';
  const users: Record<'manon' | 'sacha' | 'fanny', { email: string }> = {} as never;

  beforeAll(async () => {
    const admin = await apiSession(env.server.url);
    for (const [key, name, role] of [
      ['manon', 'Manon Manager', 'manager'],
      ['sacha', 'Sacha Vente', 'sales'],
      ['fanny', 'Fanny Accueil', 'frontdesk'],
    ] as const) {
      const email = `${key}@relais.test`;
      await admin.post('/api/users', { email, password: PASSWORD, name, role, locale: 'fr' });
      users[key] = { email };
    }
    await admin.close();
  });

  it('a manager merges person B into person A from A’s page: B’s history moves to A and B answers 404 naming A', async () => {
    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, users.manon.email, PASSWORD);
    const api = await apiAs(page);
    const a = await api.post<{ id: string }>('/api/people', { firstName: 'Bérénice', lastName: 'Doublon' });
    const b = await api.post<{ id: string }>('/api/people', { firstName: 'Bérénice', lastName: 'Doublonne', emails: [{ address: 'berenice@example.fr' }] });
    await api.post('/api/interactions', { channel: 'call', direction: 'in', personId: b.id, summary: 'Appel passé sur la fiche B' });

    await page.goto(`/people/${a.id}`);
    expect(await see(page.getByTestId('record-title'))).toBe('Bérénice Doublon');
    // The tab says whose record it is.
    await page.waitForFunction(() => document.title === 'Bérénice Doublon · Relais');
    await page.getByTestId('record-actions').click();
    await page.getByTestId('record-action-merge').click();
    // Nothing chosen yet: nothing to confirm.
    expect(await page.getByTestId('record-merge-submit').isDisabled()).toBe(true);

    // The search finds both; this page's record is not offered.
    await page.getByTestId('merge-other').fill('Doublon');
    await page.getByRole('option', { name: 'Bérénice Doublonne' }).waitFor();
    expect(await page.getByRole('option', { name: 'Bérénice Doublon', exact: true }).count()).toBe(0);
    await page.getByRole('option', { name: 'Bérénice Doublonne' }).click();

    // This page's record is kept unless swapped; the swap says which one it would keep.
    expect(await see(page.getByTestId('merge-kept-name'))).toBe('Bérénice Doublon');
    expect(await see(page.getByTestId('merge-removed-name'))).toBe('Bérénice Doublonne');
    expect(await see(page.getByTestId('merge-statement'))).toContain('« Bérénice Doublonne » disparaît');
    await page.getByTestId('merge-swap').click();
    expect(await see(page.getByTestId('merge-kept-name'))).toBe('Bérénice Doublonne');
    expect(await see(page.getByTestId('merge-removed-name'))).toBe('Bérénice Doublon');
    expect(await see(page.getByTestId('merge-swap'))).toBe('Garder plutôt « Bérénice Doublon »');
    await page.getByTestId('merge-swap').click();
    expect(await see(page.getByTestId('merge-kept-name'))).toBe('Bérénice Doublon');
    await page.getByTestId('record-merge-submit').click();

    // A's page, now holding B's call and e-mail.
    expect(await see(page.getByTestId('record-merged'))).toContain('« Bérénice Doublon » est conservée');
    expect(new URL(page.url()).pathname).toBe(`/people/${a.id}`);
    await page.getByTestId('record-merge-confirm').waitFor({ state: 'detached' });
    expect(await see(page.getByTestId('timeline').getByTestId('timeline-summary'))).toBe('Appel passé sur la fiche B');
    expect(await see(page.getByTestId('contact-card').getByTestId('email-link'))).toBe('berenice@example.fr');
    const timeline = await api.get<{ items: { summary: string }[] }>(`/api/interactions?personId=${a.id}`);
    expect(timeline.items.map((i) => i.summary)).toEqual(['Appel passé sur la fiche B']);
    const gone = await rawAs(page, 'GET', `/api/people/${b.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body?.error?.details?.mergedIntoId).toBe(a.id);
    // An old link to B (a bookmark, an e-mail) opens A, saying why.
    expectFailure(`/api/people/${b.id}`, 404);
    await page.goto(`/people/${b.id}`);
    expect(await see(page.getByTestId('record-merged-redirect'))).toBe('Cette fiche a été fusionnée avec une autre : voici la fiche conservée.');
    await page.waitForURL(`**/people/${a.id}`);
    expect(await see(page.getByTestId('record-title'))).toBe('Bérénice Doublon');
    // The tab says whose record it is.
    await page.waitForFunction(() => document.title === 'Bérénice Doublon · Relais');

    // Organisations too, this time keeping the other one (swapped): the page moves to it.
    const kept = await api.post<{ id: string }>('/api/organisations', { name: 'Menuiserie Arnaud' });
    const here = await api.post<{ id: string }>('/api/organisations', { name: 'Menuiserie Arnaud SARL' });
    await api.post('/api/interactions', { channel: 'email', direction: 'out', organisationId: here.id, summary: 'Devis envoyé' });
    await page.goto(`/organisations/${here.id}`);
    await page.getByTestId('record-actions').click();
    await page.getByTestId('record-action-merge').click();
    await page.getByTestId('merge-other').fill('Menuiserie');
    await page.getByRole('option', { name: 'Menuiserie Arnaud', exact: true }).click();
    await page.getByTestId('merge-swap').click();
    expect(await see(page.getByTestId('merge-kept-name'))).toBe('Menuiserie Arnaud');
    await page.getByTestId('record-merge-submit').click();
    await page.waitForURL(`**/organisations/${kept.id}`);
    // The same page, now showing the record kept, the dialog closed.
    await page.getByTestId('record-title').filter({ hasText: /^Menuiserie Arnaud$/ }).waitFor();
    await page.getByTestId('record-merge-confirm').waitFor({ state: 'detached' });
    expect(await see(page.getByTestId('timeline').getByTestId('timeline-summary'))).toBe('Devis envoyé');
    expect((await rawAs(page, 'GET', `/api/organisations/${here.id}`)).body?.error?.details?.mergedIntoId).toBe(kept.id);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('a manager deletes a record from its page on a phone: a concurrent change is shown as a conflict, then it is gone from the list', async () => {
    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url, viewport: { width: 390, height: 844 } });
    await signIn(page, env.server.url, users.manon.email, PASSWORD);
    const api = await apiAs(page);
    const doomed = await api.post<{ id: string }>('/api/people', { firstName: 'Gaston', lastName: 'Éphémère' });
    await api.post('/api/people', { firstName: 'Gaspard', lastName: 'Éphémère' });
    expectFailure(`/api/people/${doomed.id}`, 409);

    await page.goto(`/people/${doomed.id}`);
    expect(await see(page.getByTestId('record-title'))).toBe('Gaston Éphémère');
    // The menu fits the phone's width.
    const box = await page.getByTestId('record-actions').boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(390);
    await page.getByTestId('record-actions').click();
    await page.getByTestId('record-action-delete').click();
    expect(await see(page.getByRole('dialog').getByRole('heading'))).toBe('Supprimer « Gaston Éphémère » ?');
    expect(await see(page.getByTestId('record-delete-confirm'))).toContain('La fiche « Gaston Éphémère » disparaît des listes');

    // Someone changes it while the question is open: the delete is refused, and says why.
    await api.patch(`/api/people/${doomed.id}`, { tags: ['vip'] });
    await page.getByTestId('record-delete-submit').click();
    expect(await see(page.getByTestId('record-delete-confirm').getByTestId('error-alert'))).toContain('Cette fiche a été modifiée par quelqu’un d’autre');
    await page.getByTestId('conflict-reload').click();
    await page.getByTestId('record-delete-confirm').waitFor({ state: 'detached' });

    // Asked again on the record as it now is, it goes.
    await page.getByTestId('record-actions').click();
    await page.getByTestId('record-action-delete').click();
    await page.getByTestId('record-delete-submit').click();
    expect(await see(page.getByTestId('record-deleted'))).toContain('Fiche « Gaston Éphémère » supprimée.');
    expect(new URL(page.url()).pathname).toBe('/people');
    await page.goto('/people?q=%C3%89ph%C3%A9m%C3%A8re');
    expect(await see(page.getByTestId('list-row'))).toContain('Gaspard Éphémère');
    expect(await page.getByTestId('list-row').count()).toBe(1);
    expect((await rawAs(page, 'GET', `/api/people/${doomed.id}`)).status).toBe(404);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('a sales rep and the front desk are not offered delete or merge, and the server refuses them', async () => {
    const admin = await apiSession(env.server.url);
    const person = await admin.post<{ id: string }>('/api/people', { firstName: 'Irène', lastName: 'Intouchable' });
    const organisation = await admin.post<{ id: string }>('/api/organisations', { name: 'Intouchables SA' });
    await admin.close();

    // The sales rep has no "Plus" menu; the front desk's holds only "take it" (nobody owns these records).
    for (const [user, actions] of [
      [users.sacha, []],
      [users.fanny, ['record-action-owner']],
    ] as const) {
      const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
      await signIn(page, env.server.url, user.email, PASSWORD);
      const offered = async () => {
        if (actions.length === 0) return (await page.getByTestId('record-actions').count()) === 0 ? [] : ['record-actions'];
        await page.getByTestId('record-actions').click();
        await page.getByRole('menu').waitFor();
        const ids = await page.getByRole('menu').getByRole('menuitem').evaluateAll((items) => items.map((item) => item.getAttribute('data-testid')));
        await page.keyboard.press('Escape');
        return ids;
      };
      await page.goto(`/people/${person.id}`);
      expect(await see(page.getByTestId('record-title'))).toBe('Irène Intouchable');
      expect(await offered()).toEqual(actions);
      await page.goto(`/organisations/${organisation.id}`);
      expect(await see(page.getByTestId('record-title'))).toBe('Intouchables SA');
      expect(await offered()).toEqual(actions);
      expect((await rawAs(page, 'DELETE', `/api/people/${person.id}`)).status).toBe(403);
      expect(problems).toEqual([]);
      await context.close();
    }
  });
});
