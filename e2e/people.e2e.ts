import { describe, expect, it } from 'vitest';
import { openPage } from './browser.js';
import { useServerAndBrowser } from './serverAndBrowser.js';
import { apiAs, signIn } from './session.js';
import { see } from './see.js';

describe('people', () => {
  const env = useServerAndBrowser();

  it('creates a person with a French-format phone number, shown as a tel: link', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);

    await page.getByTestId('nav-people').click();
    await page.getByTestId('new-person').click();
    await page.getByTestId('person-first-name').fill('Hélène');
    await page.getByTestId('person-last-name').fill('Dubois');
    await page.getByTestId('phone-number-0').fill('06 12 34 56 78');
    await page.getByTestId('email-address-0').fill('helene.dubois@example.fr');
    await page.getByTestId('person-tags').fill('cliente');
    await page.keyboard.press('Enter');
    await page.getByTestId('person-save').click();

    expect(await see(page.getByTestId('record-title'))).toBe('Hélène Dubois');
    expect(new URL(page.url()).pathname).toMatch(/^\/people\/[\w-]+$/);
    const phone = page.getByTestId('contact-card').getByTestId('phone-link');
    expect(await see(phone)).toBe('06 12 34 56 78');
    expect(await phone.getAttribute('href')).toBe('tel:+33612345678');
    expect(await page.getByTestId('contact-card').getByTestId('email-link').getAttribute('href')).toBe(
      'mailto:helene.dubois@example.fr',
    );
    expect(await see(page.getByTestId('tags'))).toContain('cliente');

    // And she is in the list, with the same number.
    await page.getByTestId('nav-people').click();
    const row = page.getByTestId('list-row').filter({ hasText: 'Hélène Dubois' });
    expect(await see(row)).toContain('06 12 34 56 78');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows field errors from the server, then the possible duplicates of a new person', async () => {
    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url });
    expectFailure('/api/people', 400);
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    await api.post('/api/people', { firstName: 'Paul', lastName: 'Lefèvre', phones: [{ number: '07 98 76 54 32' }] });

    await page.goto('/people/new');
    await page.getByTestId('person-first-name').fill('Pauline');
    await page.getByTestId('person-last-name').fill('Lefèvre');
    await page.getByTestId('phone-number-0').fill('07 98 76 54 32');
    // Before saving: the number is already Paul's.
    const likely = page.getByTestId('likely-duplicates').getByTestId('likely-duplicate');
    expect(await see(likely.getByTestId('likely-duplicate-record'))).toBe('Paul Lefèvre');
    expect(await see(likely)).toContain('même téléphone');
    // Named "Paul" as well, the record shares the name too: one badge per reason, strongest first.
    await page.getByTestId('person-first-name').fill('Paul');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="likely-duplicate"] [data-testid="duplicate-reason"]').length === 2);
    expect(await likely.getByTestId('duplicate-reason').allTextContents()).toEqual(['même téléphone', 'nom proche']);
    await page.getByTestId('person-first-name').fill('Pauline');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="likely-duplicate"] [data-testid="duplicate-reason"]').length === 1);
    await page.getByTestId('email-address-0').fill('not-an-e-mail');
    await page.getByTestId('person-save').click();
    // The server's 400 VALIDATION_FAILED detail lands beside the e-mail field.
    const emailField = page.getByTestId('email-address-0');
    await page.waitForFunction(() => document.querySelector('[data-testid="email-address-0"]')?.getAttribute('aria-invalid') === 'true');
    expect(await emailField.getAttribute('aria-invalid')).toBe('true');
    expect(await see(page.getByTestId('error-alert'))).toContain('Certains champs ne sont pas valides.');

    await emailField.fill('pauline@example.fr');
    await page.getByTestId('person-save').click();
    const duplicates = page.getByTestId('possible-duplicates');
    expect(await see(duplicates)).toContain('Doublons possibles');
    expect(await see(duplicates.getByTestId('duplicate-item'))).toContain('Paul Lefèvre');
    expect(await see(duplicates.getByTestId('duplicate-item'))).toContain('même téléphone');

    await page.getByTestId('duplicates-continue').click();
    expect(await see(page.getByTestId('record-title'))).toBe('Pauline Lefèvre');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('tells the user when a colleague changed the record meanwhile; reload brings their change in and keeps what was typed', async () => {
    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    const person = await api.post<{ id: string; version: number }>('/api/people', { firstName: 'Marc', lastName: 'Petit' });
    expectFailure(`/api/people/${person.id}`, 409);

    await page.goto(`/people/${person.id}/edit`);
    await page.waitForFunction(
      () => (document.querySelector('[data-testid="person-first-name"]') as HTMLInputElement | null)?.value === 'Marc',
    );
    // A colleague saves first.
    await api.patch(`/api/people/${person.id}`, { tags: ['urgent'], version: person.version });

    await page.getByTestId('person-last-name').fill('Petit-Jean');
    await page.getByTestId('person-save').click();
    expect(await see(page.getByTestId('error-alert'))).toContain('Cette fiche a été modifiée par quelqu’un d’autre.');

    // Reload brings the colleague's tag into the form and keeps the typed name; saving again then works.
    await page.getByTestId('conflict-reload').click();
    await page.getByTestId('error-alert').waitFor({ state: 'hidden' });
    expect(await see(page.getByTestId('form-merged'))).toContain('les changements de votre collègue sont dans le formulaire');
    expect(await page.getByTestId('form-both-changed').count()).toBe(0);
    expect(await page.getByTestId('person-last-name').inputValue()).toBe('Petit-Jean');
    expect(await see(page.getByTestId('person-form'))).toContain('urgent');
    await page.getByTestId('person-save').click();
    expect(await see(page.getByTestId('record-title'))).toBe('Marc Petit-Jean');
    expect(await see(page.getByTestId('tags'))).toContain('urgent');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('on a field both changed, keeps the user’s text and shows the colleague’s, in English too', async () => {
    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url, locale: 'en-GB' });
    await context.addInitScript(() => localStorage.setItem('relais.language', 'en'));
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    const person = await api.post<{ id: string; version: number }>('/api/people', { firstName: 'Léa', lastName: 'Martin' });
    expectFailure(`/api/people/${person.id}`, 409);

    await page.goto(`/people/${person.id}/edit`);
    await page.waitForFunction(() => (document.querySelector('[data-testid="person-last-name"]') as HTMLInputElement | null)?.value === 'Martin');
    await api.patch(`/api/people/${person.id}`, { lastName: 'Martin-Roux', version: person.version });
    await page.getByTestId('person-last-name').fill('Martin-Dupuis');
    await page.getByTestId('person-save').click();
    await page.getByTestId('conflict-reload').click();

    const changed = page.getByTestId('form-both-changed');
    expect(await see(changed)).toBe('Last name — your colleague’s: “Martin-Roux”');
    expect(await page.getByTestId('person-last-name').inputValue()).toBe('Martin-Dupuis');
    // Saved as the user decided, against the colleague's version: no second conflict.
    await page.getByTestId('person-save').click();
    expect(await see(page.getByTestId('record-title'))).toBe('Léa Martin-Dupuis');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('an organisation both changed: its name and a custom field are listed with the colleague’s values; their tag comes in', async () => {
    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    await api.post('/api/custom-fields', { entityType: 'organisation', key: 'fleet_merge', labelFr: 'Camions', labelEn: 'Trucks', type: 'number' });
    const org = await api.post<{ id: string; version: number }>('/api/organisations', { name: 'Transports Roux', customFields: { fleet_merge: 10 } });
    expectFailure(`/api/organisations/${org.id}`, 409);

    await page.goto(`/organisations/${org.id}/edit`);
    await page.waitForFunction(() => (document.querySelector('[data-testid="organisation-name"]') as HTMLInputElement | null)?.value === 'Transports Roux');
    await api.patch(`/api/organisations/${org.id}`, { name: 'Transports Roux SA', customFields: { fleet_merge: 12 }, tags: ['vip'], version: org.version });
    await page.getByTestId('organisation-name').fill('Transports Roux & Fils');
    await page.getByLabel('Camions').fill('14');
    await page.getByTestId('organisation-save').click();
    await page.getByTestId('conflict-reload').click();

    const changed = page.getByTestId('form-both-changed');
    await changed.first().waitFor();
    expect(await changed.allInnerTexts()).toEqual(['Nom — celle de votre collègue : « Transports Roux SA »', 'Camions — celle de votre collègue : « 12 »']);
    await page.getByTestId('organisation-save').click();
    expect(await see(page.getByTestId('record-title'))).toBe('Transports Roux & Fils');
    expect(await api.get(`/api/organisations/${org.id}`)).toMatchObject({ name: 'Transports Roux & Fils', customFields: { fleet_merge: 14 }, tags: ['vip'] });

    expect(problems).toEqual([]);
    await context.close();
  });

  it('does not wipe what is being typed when a newer version of the record arrives in the background', async () => {
    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url });
    await page.clock.install();
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    const person = await api.post<{ id: string; version: number }>('/api/people', { firstName: 'Inès', lastName: 'Garnier' });
    expectFailure(`/api/people/${person.id}`, 409);

    await page.goto(`/people/${person.id}/edit`);
    await page.waitForFunction(() => (document.querySelector('[data-testid="person-last-name"]') as HTMLInputElement | null)?.value === 'Garnier');
    await page.getByTestId('person-last-name').fill('Garnier-Roy');
    await api.patch(`/api/people/${person.id}`, { tags: ['fidèle'], version: person.version });
    // Coming back to the window after a while: the record is read again, its new version arrives.
    const refetched = page.waitForResponse((r) => r.url().endsWith(`/api/people/${person.id}`) && r.request().method() === 'GET');
    await page.clock.fastForward('00:30');
    await page.evaluate(() => window.dispatchEvent(new Event('visibilitychange')));
    await refetched;
    expect(await page.getByTestId('person-last-name').inputValue()).toBe('Garnier-Roy');

    // Its save meets the conflict rather than overwriting the colleague's tag; reload merges both.
    await page.getByTestId('person-save').click();
    expect(await see(page.getByTestId('error-alert'))).toContain('Cette fiche a été modifiée par quelqu’un d’autre.');
    await page.getByTestId('conflict-reload').click();
    await page.getByTestId('person-save').click();
    expect(await see(page.getByTestId('record-title'))).toBe('Inès Garnier-Roy');
    expect(await see(page.getByTestId('tags'))).toContain('fidèle');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('finds "Hélène" by typing "helene" in the global search and opens her file with the keyboard', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    await api.post('/api/people', { firstName: 'Hélène', lastName: 'Marchetti', phones: [{ number: '01 42 00 00 01' }] });

    // `/` focuses the search box from anywhere on the page.
    await page.locator('body').click();
    await page.keyboard.press('/');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'global-search');
    await page.keyboard.type('helene march');

    const hit = page.getByTestId('search-result').filter({ hasText: 'Hélène Marchetti' });
    expect(await see(hit)).toContain('Hélène Marchetti');
    // Selected once the answer to the whole text is shown (a slow typist may see "helene"'s first).
    expect(await see(page.locator('[data-testid="search-result"][aria-selected="true"]').filter({ hasText: 'Marchetti' }))).toContain('Hélène Marchetti');
    await page.keyboard.press('Enter');

    expect(await see(page.getByTestId('record-title'))).toBe('Hélène Marchetti');
    expect(await see(page.getByTestId('contact-card').getByTestId('phone-link'))).toBe('01 42 00 00 01');

    // Ctrl+K works too, even from inside another field.
    await page.keyboard.press('Control+k');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'global-search');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('after a full page of hits, the search box leads to the lists filtered by the same words, with every match', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    for (let i = 1; i <= 12; i++) await api.post('/api/people', { firstName: `Ysoline${i}`, lastName: 'Quatremare' });

    await page.getByTestId('global-search').fill('quatremare');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="search-result"]').length === 10);
    expect(await see(page.getByTestId('search-more-person'))).toBe('Toutes les personnes trouvées pour « quatremare »');
    // The keyboard reaches them too: up from the first hit is the last entry.
    await page.keyboard.press('ArrowUp');
    expect(await page.getByTestId('search-more-organisation').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/people\?q=quatremare$/);
    expect(await page.getByTestId('filter-q').inputValue()).toBe('quatremare');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length === 12);

    // Fewer hits than a page: they are all there, and no such entry.
    await page.getByTestId('global-search').fill('ysoline12');
    await see(page.getByTestId('search-result').filter({ hasText: 'Ysoline12 Quatremare' }));
    expect(await page.getByTestId('search-more-person').count()).toBe(0);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('on a phone-sized screen the search results use the screen’s width, so names are not cut', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url, viewport: { width: 375, height: 740 } });
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    await api.post('/api/people', { firstName: 'Hélène', lastName: 'Castelnau-Montredon', emails: [{ address: 'helene.castelnau@example.fr' }] });

    await page.getByTestId('global-search').fill('castelnau');
    const hit = page.getByTestId('search-result').filter({ hasText: 'Hélène Castelnau-Montredon' });
    await see(hit);
    const list = (await page.getByTestId('search-results').boundingBox())!;
    // The screen's width, less a small margin (the box itself spreads over the header while typing).
    expect(list.width).toBeGreaterThan(375 - 40);
    expect(list.x).toBeGreaterThanOrEqual(0);
    expect(list.x + list.width).toBeLessThanOrEqual(375);
    // The name is drawn whole: no ellipsis (its text fits its box).
    const name = hit.getByText('Hélène Castelnau-Montredon');
    expect(await name.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('filters the list, sorts it and keeps the result as a saved view', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    // The admin's own locale is French; the header switch turns the app to English.
    await page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
    expect(await see(page.getByRole('heading', { name: 'My tasks' }))).toBe('My tasks');
    const api = await apiAs(page);
    for (const [firstName, lastName, city] of [
      ['Anne', 'Aubert', 'Lyon'],
      ['Bruno', 'Barbier', 'Lyon'],
      ['Claire', 'Carpentier', 'Nantes'],
    ]) {
      await api.post('/api/people', { firstName, lastName, addresses: [{ city }], tags: ['lyon-test'] });
    }

    await page.getByTestId('nav-people').click();
    // The city as typed, case aside.
    await page.getByTestId('filter-city').fill('lyon');
    const rows = page.getByTestId('list-row');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length === 2);
    expect(await rows.allInnerTexts()).toEqual([expect.stringContaining('Anne Aubert'), expect.stringContaining('Bruno Barbier')]);

    await page.getByTestId('sort-name').click(); // lastName ascending is the default: now descending
    await page.waitForFunction(() => document.querySelector('[data-testid="list-row"]')?.textContent?.includes('Bruno Barbier'));
    expect(await rows.first().innerText()).toContain('Bruno Barbier');

    await page.getByTestId('save-view').click();
    await page.getByTestId('view-name').fill('Lyon, Z to A');
    await page.getByTestId('view-save-submit').click();
    expect(await see(page.getByText('View “Lyon, Z to A” saved'))).toContain('saved');

    // A fresh visit shows everyone until the view is picked again.
    await page.goto('/people');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length >= 3);
    await page.getByTestId('saved-views').click();
    await page.getByRole('option', { name: 'Lyon, Z to A' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length === 2);
    expect(await rows.first().innerText()).toContain('Bruno Barbier');
    expect(await page.getByTestId('filter-city').inputValue()).toBe('lyon');

    // Emptying the city right after the view filled it in removes the filter; the city column
    // sorts too: Nantes before the two Lyon people when descending.
    await page.getByTestId('filter-city').fill('');
    await page.getByTestId('filter-tag').fill('lyon-test');
    await page.getByRole('option', { name: 'lyon-test' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length === 3);
    await page.getByTestId('sort-city').click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'city');
    // Lyon first now: the rows of the previous sort (by name, Claire first) are gone, so the wait
    // below cannot pass on them.
    await page.waitForFunction(() => document.querySelector('[data-testid="list-row"]')?.textContent?.includes('Lyon') && !document.querySelector('[data-testid="list-row"]')?.textContent?.includes('Claire Carpentier'));
    await page.getByTestId('sort-city').click();
    await page.waitForURL((url) => url.searchParams.get('sort') === '-city');
    await page.waitForFunction(() => document.querySelector('[data-testid="list-row"]')?.textContent?.includes('Claire Carpentier'));
    expect(await rows.first().innerText()).toContain('Claire Carpentier');

    expect(problems).toEqual([]);
    await context.close();
  });
  it('fills a custom field in the person form, then filters and sorts the list by it and keeps that in a saved view', async () => {
    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url });
    expectFailure('/api/people', 400);
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    // The admin defines the fields through the API, as an integration or a settings page would.
    await api.post('/api/custom-fields', { entityType: 'person', key: 'fleet_size', labelEn: 'Fleet size', labelFr: 'Taille de flotte', type: 'number' });
    await api.post('/api/custom-fields', { entityType: 'person', key: 'transport', labelEn: 'Transport', labelFr: 'Mode', type: 'choice', choices: ['route', 'rail'] });
    await api.post('/api/people', { firstName: 'Alain', lastName: 'Routier', customFields: { fleet_size: 3, transport: 'route' } });
    await api.post('/api/people', { firstName: 'Berthe', lastName: 'Ferrand', customFields: { fleet_size: 40, transport: 'rail' } });

    // Create: a value that is no number gets the server's 400, shown on the field in French.
    await page.goto('/people/new');
    await page.getByTestId('person-first-name').fill('Céline');
    await page.getByTestId('person-last-name').fill('Camion');
    await page.getByTestId('cf-input-fleet_size').fill('beaucoup');
    await page.getByTestId('person-save').click();
    expect(await see(page.getByTestId('cf-input-fleet_size-error'))).toBe('Saisissez un nombre, par ex. 12 ou 4,5.');
    expect(await page.getByTestId('cf-input-fleet_size').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('cf-input-fleet_size').fill('12,5');
    await page.getByTestId('cf-input-transport').click();
    await page.getByRole('option', { name: 'route' }).click();
    await page.getByTestId('person-save').click();
    expect(await see(page.getByTestId('record-title'))).toBe('Céline Camion');
    const card = page.getByTestId('custom-fields');
    expect(await see(card)).toContain('Taille de flotte');
    expect(await card.textContent()).toContain('12,5');
    expect(await card.textContent()).toContain('route');

    // Edit: the form shows the stored value; the change is saved with the version read.
    const personPath = new URL(page.url()).pathname;
    await page.goto(`${personPath}/edit`);
    await page.waitForFunction(() => (document.querySelector('[data-testid="cf-input-fleet_size"]') as HTMLInputElement | null)?.value === '12.5');
    await page.getByTestId('cf-input-fleet_size').fill('15');
    await page.getByTestId('person-save').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="custom-fields"]')?.textContent?.includes('15'));
    expect(await card.textContent()).not.toContain('12,5');

    // List: show the column, filter by range and by choice, sort by the field.
    await page.getByTestId('nav-people').click();
    await page.getByTestId('column-chooser').click();
    await page.getByTestId('column-option-cf.fleet_size').click();
    await page.keyboard.press('Escape');
    await page.getByTestId('filter-cf-fleet_size-min').fill('10');
    const rows = page.getByTestId('list-row');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length === 2);
    // Céline is first by name already: wait for the sort itself (in the address bar), not the order.
    await page.getByTestId('sort-cf.fleet_size').click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'cf.fleet_size');
    await page.waitForFunction(() => document.querySelector('[data-testid="list-row"]')?.textContent?.includes('Céline Camion'));
    expect(await rows.allInnerTexts()).toEqual([expect.stringContaining('Céline Camion'), expect.stringContaining('Berthe Ferrand')]);
    await page.getByTestId('sort-cf.fleet_size').click();
    await page.waitForURL((url) => url.searchParams.get('sort') === '-cf.fleet_size');
    await page.waitForFunction(() => document.querySelector('[data-testid="list-row"]')?.textContent?.includes('Berthe Ferrand'));
    expect(await rows.allInnerTexts()).toEqual([expect.stringContaining('Berthe Ferrand'), expect.stringContaining('Céline Camion')]);
    await page.getByTestId('filter-cf-transport').click();
    await page.getByRole('option', { name: 'route' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length === 1);
    expect(await rows.first().innerText()).toContain('Céline Camion');
    expect(new URL(page.url()).searchParams.get('cf.fleet_size.min')).toBe('10');

    await page.getByTestId('save-view').click();
    await page.getByTestId('view-name').fill('Grandes flottes route');
    await page.getByTestId('view-save-submit').click();
    expect(await see(page.getByText('Vue « Grandes flottes route » enregistrée'))).toContain('enregistrée');

    // A fresh visit shows everyone until the view is picked again; the view brings the filters back.
    await page.goto('/people');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length >= 4);
    await page.getByTestId('saved-views').click();
    await page.getByRole('option', { name: 'Grandes flottes route' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length === 1);
    expect(await rows.first().innerText()).toContain('Céline Camion');
    expect(await page.getByTestId('filter-cf-fleet_size-min').inputValue()).toBe('10');
    expect(await page.getByTestId('filter-cf-transport').inputValue()).toBe('route');
    expect(await page.locator('label', { hasText: 'Taille de flotte : de' }).count()).toBe(1);

    expect(problems).toEqual([]);
    await context.close();
  });
  it('fills yes/no and date custom fields in the organisation form and filters the organisations by them', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    await api.post('/api/custom-fields', { entityType: 'organisation', key: 'partner', labelEn: 'Partner', labelFr: 'Partenaire', type: 'boolean' });
    await api.post('/api/custom-fields', { entityType: 'organisation', key: 'renewal', labelEn: 'Renewal', labelFr: 'Renouvellement', type: 'date' });
    await api.post('/api/organisations', { name: 'Transports Anciens', customFields: { partner: true, renewal: '2026-01-31' } });
    await api.post('/api/organisations', { name: 'Logistique Tiède', customFields: { partner: false, renewal: '2026-10-01' } });

    await page.goto('/organisations/new');
    await page.getByTestId('organisation-name').fill('Fret Nouveau');
    await page.getByTestId('cf-input-partner').click();
    await page.getByRole('option', { name: 'Oui' }).click();
    await page.getByTestId('cf-input-renewal').fill('2026-09-30');
    await page.getByTestId('organisation-save').click();
    expect(await see(page.getByTestId('record-title'))).toBe('Fret Nouveau');
    expect(await see(page.getByTestId('custom-fields'))).toContain('Partenaire');
    expect(await page.getByTestId('custom-fields').textContent()).toContain('Oui');

    await page.getByTestId('nav-organisations').click();
    await page.getByTestId('filter-cf-partner').click();
    await page.getByRole('option', { name: 'Oui' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length === 2);
    await page.getByTestId('filter-cf-renewal-min').fill('2026-06-01');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length === 1);
    expect(await page.getByTestId('list-row').first().innerText()).toContain('Fret Nouveau');
    const url = new URL(page.url());
    expect([url.searchParams.get('cf.partner'), url.searchParams.get('cf.renewal.min')]).toEqual(['true', '2026-06-01']);

    expect(problems).toEqual([]);
    await context.close();
  });
});
