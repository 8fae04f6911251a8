import { expect } from 'vitest';
import { request, type Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './server.js';

/** Signs in through the login form and waits for the signed-in frame and its live stream. */
export async function signIn(page: Page, baseUrl: string, email = ADMIN_EMAIL, password = ADMIN_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('global-search').waitFor();
  await page.locator('[data-testid="live-status"][data-state="connected"]').waitFor();
  expect(new URL(page.url()).pathname).toBe('/tasks');
}

/**
 * Calls the API as the signed-in user of this page (same cookies), with the CSRF token taken
 * from /api/auth/me — used to prepare data a scenario is not about.
 */
export async function apiAs(page: Page) {
  const me = await page.request.get('/api/auth/me');
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  const send = async <T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, data?: unknown): Promise<T> => {
    const response = await page.request.fetch(path, { method, data, headers: { 'X-CSRF-Token': csrfToken } });
    expect(response.status(), `${method} ${path}: ${await response.text()}`).toBeLessThan(300);
    return (await response.json()) as T;
  };
  return {
    get: <T>(path: string) => send<T>('GET', path),
    post: <T>(path: string, data: unknown) => send<T>('POST', path, data),
    put: <T>(path: string, data: unknown) => send<T>('PUT', path, data),
    patch: <T>(path: string, data: unknown) => send<T>('PATCH', path, data),
  };
}

/**
 * The API as a user, without a browser page (cookie session + CSRF token): for preparing data in
 * `beforeAll`, where no page is watched. Close it when done.
 */
export async function apiSession(baseURL: string, email = ADMIN_EMAIL, password = ADMIN_PASSWORD) {
  const context = await request.newContext({ baseURL });
  const login = await context.post('/api/auth/login', { data: { email, password } });
  expect(login.status(), await login.text()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const send = async <T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, data?: unknown, multipart?: Record<string, { name: string; mimeType: string; buffer: Buffer }>): Promise<T> => {
    const response = await context.fetch(path, { method, data, multipart, headers: { 'X-CSRF-Token': csrfToken } });
    expect(response.status(), `${method} ${path}: ${await response.text()}`).toBeLessThan(300);
    return (await response.json()) as T;
  };
  return {
    get: <T>(path: string) => send<T>('GET', path),
    post: <T>(path: string, data: unknown) => send<T>('POST', path, data),
    put: <T>(path: string, data: unknown) => send<T>('PUT', path, data),
    patch: <T>(path: string, data: unknown) => send<T>('PATCH', path, data),
    /** Sends one file as the multipart field "file". */
    upload: <T>(path: string, file: { name: string; mimeType: string; buffer: Buffer }) => send<T>('POST', path, undefined, { file }),
    close: () => context.dispose(),
  };
}
