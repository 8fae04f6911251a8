import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from './browser.js';
import { startServer, type TestServer } from './server.js';
import { apiAs, signIn } from './session.js';
import { see } from './see.js';

describe('records: lists, forms, rights and duplicates', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('"Effacer les filtres" clicked right after typing in a filter keeps the filters cleared', async () => {
    const { page, problems, context } = await openPage(browser, { baseURL: server.url });
    await signIn(page, server.url);
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

    // The same after a filter was already applied, then changed and cleared at once.
    await page.getByTestId('filter-city').fill('Brest');
    await page.getByTestId('clear-filters').click();
    await page.getByTestId('filter-q').fill('Filtre');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'Filtre');
    expect(new URL(page.url()).searchParams.get('city')).toBeNull();
    expect(await page.getByTestId('filter-city').inputValue()).toBe('');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length === 2);

    expect(problems).toEqual([]);
    await context.close();
  });
});
