import { expect } from 'vitest';
import { request, type APIRequestContext } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './server.js';

/** A strong password the server accepts for the users these scenarios create. */
export const USER_PASSWORD = 'relais-e2e Tangerine Viaduct 42';

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, data?: unknown): Promise<T>;
  put<T>(path: string, data: unknown): Promise<T>;
  patch<T>(path: string, data: unknown): Promise<T>;
  close(): Promise<void>;
}

/**
 * The API as one user, outside any browser page (cookie session + CSRF token): sets up the teams,
 * users and request types a scenario needs. Close it when done.
 */
export async function apiSession(baseURL: string, email = ADMIN_EMAIL, password = ADMIN_PASSWORD): Promise<ApiClient> {
  const context: APIRequestContext = await request.newContext({ baseURL });
  const login = await context.post('/api/auth/login', { data: { email, password } });
  expect(login.status(), await login.text()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const send = async <T>(method: string, path: string, data?: unknown): Promise<T> => {
    const response = await context.fetch(path, { method, data, headers: { 'X-CSRF-Token': csrfToken } });
    expect(response.status(), `${method} ${path}: ${await response.text()}`).toBeLessThan(300);
    return (await response.json()) as T;
  };
  return {
    get: (path) => send('GET', path),
    post: (path, data) => send('POST', path, data ?? {}),
    put: (path, data) => send('PUT', path, data),
    patch: (path, data) => send('PATCH', path, data),
    close: () => context.dispose(),
  };
}

export interface Org {
  teams: Record<string, string>;
  users: Record<string, { id: string; email: string }>;
}

/**
 * Teams and users of a small firm: the front desk, a technicians' team with its technician and
 * manager, a billing back office, and a sales rep.
 */
export async function setUpFirm(admin: ApiClient): Promise<Org> {
  const user = async (name: string, email: string, role: string, teamId: string | null = null) => {
    const created = await admin.post<{ id: string }>('/api/users', { email, password: USER_PASSWORD, name, role, locale: 'fr', teamId });
    return { id: created.id, email };
  };
  const technicians = await admin.post<{ id: string }>('/api/teams', { name: 'Techniciens' });
  const billing = await admin.post<{ id: string }>('/api/teams', { name: 'Facturation' });
  const manager = await user('Marc Manager', 'marc@relais.test', 'manager', technicians.id);
  const users = {
    frontdesk: await user('Fanny Accueil', 'fanny@relais.test', 'frontdesk'),
    technician: await user('Thomas Technicien', 'thomas@relais.test', 'backoffice', technicians.id),
    billing: await user('Béatrice Compta', 'beatrice@relais.test', 'backoffice', billing.id),
    sales: await user('Sophie Vente', 'sophie@relais.test', 'sales'),
    manager,
  };
  await admin.patch(`/api/teams/${technicians.id}`, { managerId: manager.id });
  return { teams: { technicians: technicians.id, billing: billing.id }, users };
}
