import { beforeAll, describe, expect, it } from 'vitest';
import { openPage } from './browser.js';
import { useServerAndBrowser } from './serverAndBrowser.js';
import { apiAs, apiSession, signIn } from './session.js';
import { see } from './see.js';

describe('records: lists, forms, rights and duplicates', () => {
  const env = useServerAndBrowser();
  const PASSWORD = 'Relais-Records-Test-2026!';
  const users: Record<'sophie' | 'serge' | 'marc', { id: string; email: string }> = {} as never;

  beforeAll(async () => {
    const admin = await apiSession(env.server.url);
    for (const [key, name, role] of [
      ['sophie', 'Sophie Vente', 'sales'],
      ['serge', 'Serge Commercial', 'sales'],
      ['marc', 'Marc Manager', 'manager'],
    ] as const) {
      const email = `${key}@relais.test`;
      users[key] = { id: (await admin.post<{ id: string }>('/api/users', { email, password: PASSWORD, name, role, locale: 'fr' })).id, email };
    }
    await admin.close();
  });

  it('"Effacer les filtres" clicked right after typing in a filter keeps the filters cleared', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    await api.post('/api/people', { firstName: 'Zoé', lastName: 'Filtre', addresses: [{ city: 'Brest' }] });
    await api.post('/api/people', { firstName: 'Yves', lastName: 'Filtre', addresses: [{ city: 'Quimper' }] });

    await page.goto('/people');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length >= 2);
    // Typed, and cleared before the field has written its text to the address bar.
    await page.getByTestId('filter-q').fill('Zoé');
    await page.getByTestId('clear-filters').click();
    expect(await page.getByTestId('filter-q').inputValue()).toBe('');

    // Another filter typed after the clear writes itself once its own pause is over: by then the
    // text typed before the clear would have come back if it were still pending.
    await page.getByTestId('filter-city').fill('Quimper');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('city') === 'Quimper');
    expect(new URL(page.url()).searchParams.get('q')).toBeNull();
    expect(await page.getByTestId('filter-q').inputValue()).toBe('');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length === 1);
    expect(await see(page.getByTestId('list-row'))).toContain('Yves Filtre');

    // The same after a filter was already applied, then changed and cleared at once. React Router
    // renders the clear in a transition, after the click's own render: the fields, remounted by the
    // click, are read in between and must not show the filter being left.
    await page.getByTestId('filter-city').fill('Brest');
    const cityShownAtClear = await page.evaluate(async () => {
      document.querySelector<HTMLButtonElement>('[data-testid="clear-filters"]')!.click();
      for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => queueMicrotask(resolve));
      return document.querySelector<HTMLInputElement>('[data-testid="filter-city"]')!.value;
    });
    expect(cityShownAtClear).toBe('');
    await page.getByTestId('filter-q').fill('Filtre');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'Filtre');
    expect(new URL(page.url()).searchParams.get('city')).toBeNull();
    expect(await page.getByTestId('filter-city').inputValue()).toBe('');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length === 2);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('a sales rep is not offered "Modifier" on a colleague’s record, and is told why; on their own it opens the form', async () => {
    const serge = await apiSession(env.server.url, users.serge.email, PASSWORD);
    const theirs = await serge.post<{ id: string }>('/api/people', { firstName: 'Client', lastName: 'DeSerge' });
    const theirOrganisation = await serge.post<{ id: string }>('/api/organisations', { name: 'Société de Serge' });
    await serge.close();
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, users.sophie.email, PASSWORD);
    const mine = await (await apiAs(page)).post<{ id: string }>('/api/people', { firstName: 'Cliente', lastName: 'DeSophie' });

    await page.goto(`/people/${theirs.id}`);
    expect(await see(page.getByTestId('record-title'))).toBe('Client DeSerge');
    const edit = page.getByTestId('edit-record');
    expect(await edit.getAttribute('aria-disabled')).toBe('true');
    expect(await edit.getAttribute('href')).toBeNull();
    await edit.hover();
    expect(await see(page.getByRole('tooltip'))).toContain('Celle-ci est suivie par Serge Commercial');
    await edit.click({ force: true }); // inert: no navigation (Playwright waits for an enabled element otherwise)
    expect(new URL(page.url()).pathname).toBe(`/people/${theirs.id}`);
    // The form's address typed by hand says the same instead of failing on save.
    await page.goto(`/people/${theirs.id}/edit`);
    expect(await see(page.getByTestId('edit-not-allowed'))).toContain('Vous ne modifiez que les fiches dont vous êtes responsable');
    expect(await page.getByTestId('person-form').count()).toBe(0);

    await page.goto(`/organisations/${theirOrganisation.id}`);
    expect(await see(page.getByTestId('record-title'))).toBe('Société de Serge');
    expect(await page.getByTestId('edit-record').getAttribute('aria-disabled')).toBe('true');

    await page.goto(`/people/${mine.id}`);
    expect(await see(page.getByTestId('record-title'))).toBe('Cliente DeSophie');
    expect(await page.getByTestId('edit-record').getAttribute('aria-disabled')).toBeNull();
    await page.getByTestId('edit-record').click();
    await page.getByTestId('person-last-name').fill('DeSophie-Martin');
    await page.getByTestId('person-save').click();
    expect(await see(page.getByTestId('record-title'))).toBe('Cliente DeSophie-Martin');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('a phone number that does not exist is refused beside its field, in French, with a short summary at the top', async () => {
    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url });
    expectFailure('/api/people', 400);
    expectFailure('/api/organisations', 400);
    await signIn(page, env.server.url);

    await page.goto('/people/new');
    await page.getByTestId('person-first-name').fill('Nadia');
    await page.getByTestId('person-last-name').fill('Chiffre');
    // Nine digits: not a French number (the server checks numbers against the numbering plan).
    await page.getByTestId('phone-number-0').fill('06 55 44 33 1');
    await page.getByTestId('person-save').click();
    expect(await see(page.getByTestId('phone-number-0-error'))).toBe(
      'Ce numéro de téléphone n’existe pas. Vérifiez-le (10 chiffres en France, ou +indicatif).',
    );
    expect(await page.getByTestId('phone-number-0').getAttribute('aria-invalid')).toBe('true');
    // The keyboard is on the field to correct.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('phone-number-0');
    // The top only sums up: no API path, no English.
    expect(await see(page.getByTestId('error-alert'))).toBe('Certains champs ne sont pas valides. Corrigez les champs signalés.');

    // The e-mail format is checked before the numbers: its error comes once the number is right.
    await page.getByTestId('phone-number-0').fill('06 55 44 33 11');
    await page.getByTestId('email-address-0').fill('nadia@example');
    await page.getByTestId('person-save').click();
    expect(await see(page.getByTestId('email-address-0-error'))).toBe('Adresse e-mail non valide.');
    expect(await page.getByTestId('phone-number-0-error').count()).toBe(0);

    // Corrected, it saves.
    await page.getByTestId('email-address-0').fill('nadia@example.fr');
    await page.getByTestId('person-save').click();
    expect(await see(page.getByTestId('record-title'))).toBe('Nadia Chiffre');
    // Saved, the keyboard goes on from the record's name.
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'record-title');

    // The organisation form shares the fields, in English too once the language is switched.
    await page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
    await page.goto('/organisations/new');
    await page.getByTestId('organisation-name').fill('Chiffres SARL');
    await page.getByTestId('phone-number-0').fill('06 55 44 33 1');
    await page.getByTestId('organisation-save').click();
    expect(await see(page.getByTestId('phone-number-0-error'))).toBe(
      'This phone number does not exist. Check it (10 digits in France, or +country code).',
    );
    expect(await see(page.getByTestId('error-alert'))).not.toContain('phones.0');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('merges a reported duplicate from the warning (a manager), keeping the existing record; others may only open it', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, users.marc.email, PASSWORD);
    const api = await apiAs(page);
    const existing = await api.post<{ id: string }>('/api/people', { firstName: 'Odile', lastName: 'Martin', phones: [{ number: '06 11 22 33 44' }] });

    await page.goto('/people/new');
    await page.getByTestId('person-first-name').fill('Odile');
    await page.getByTestId('person-last-name').fill('Martin-Roux');
    await page.getByTestId('phone-number-0').fill('06 11 22 33 44');
    await page.getByTestId('email-address-0').fill('odile.martin@example.fr');
    await page.getByTestId('person-save').click();
    const item = page.getByTestId('possible-duplicates').getByTestId('duplicate-item');
    expect(await see(item)).toContain('Odile Martin');
    expect(new URL(page.url()).pathname).toBe('/people/new'); // the warning is shown in place

    await item.getByTestId('duplicate-merge').click();
    expect(await see(page.getByTestId('merge-kept'))).toContain('La fiche « Odile Martin » est conservée');
    expect(await see(page.getByTestId('merge-kept'))).toContain('« Odile Martin-Roux » disparaît');
    await page.getByTestId('merge-submit').click();

    // The existing record, now with the new one's e-mail.
    await page.waitForURL(`**/people/${existing.id}`);
    expect(await see(page.getByTestId('record-title'))).toBe('Odile Martin');
    expect(await see(page.getByTestId('contact-card').getByTestId('email-link'))).toBe('odile.martin@example.fr');
    const list = await api.get<{ items: { id: string; displayName: string }[] }>('/api/people?q=Odile');
    expect(list.items.map((p) => p.displayName)).toEqual(['Odile Martin']);

    // The same for organisations.
    const company = await api.post<{ id: string }>('/api/organisations', { name: 'Transports Girard', phones: [{ number: '04 78 00 00 01' }] });
    await page.goto('/organisations/new');
    await page.getByTestId('organisation-name').fill('Transports Girard SA');
    await page.getByTestId('phone-number-0').fill('04 78 00 00 01');
    await page.getByTestId('organisation-save').click();
    await page.getByTestId('possible-duplicates').getByTestId('duplicate-merge').click();
    expect(await see(page.getByTestId('merge-kept'))).toContain('La fiche « Transports Girard » est conservée');
    await page.getByTestId('merge-submit').click();
    await page.waitForURL(`**/organisations/${company.id}`);
    expect(await see(page.getByTestId('record-title'))).toBe('Transports Girard');

    // A sales rep gets the same warning, with "Ouvrir" and without "Fusionner".
    const rep = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(rep.page, env.server.url, users.sophie.email, PASSWORD);
    await rep.page.goto('/people/new');
    await rep.page.getByTestId('person-first-name').fill('Odile');
    await rep.page.getByTestId('person-last-name').fill('Martine');
    await rep.page.getByTestId('phone-number-0').fill('06 11 22 33 44');
    await rep.page.getByTestId('person-save').click();
    const repItem = rep.page.getByTestId('possible-duplicates').getByTestId('duplicate-item');
    expect(await see(repItem)).toContain('Odile Martin');
    expect(await repItem.getByTestId('duplicate-merge').count()).toBe(0);
    await repItem.getByTestId('duplicate-open').click();
    await rep.page.waitForURL(`**/people/${existing.id}`);
    expect(await see(rep.page.getByTestId('record-title'))).toBe('Odile Martin');
    expect(rep.problems).toEqual([]);
    await rep.context.close();

    expect(problems).toEqual([]);
    await context.close();
  });
});
