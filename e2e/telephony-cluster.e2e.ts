import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { createThrowawayDatabase, PG_ADMIN_URL } from '../server/test/harness.js';
import { launchBrowser, openPage } from './browser.js';
import { startServer, type TestServer } from './server.js';
import { apiSession, signIn } from './session.js';
import { see } from './see.js';

/** PostgreSQL on this machine (RELAIS_TEST_PG_URL)? Without it the scenario is skipped, not failed. */
async function postgresAvailable(): Promise<boolean> {
  if ((process.env.RELAIS_TEST_DIALECTS ?? 'sqlite,postgres').split(',').every((d) => d.trim() !== 'postgres')) return false;
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const available = await postgresAvailable();

describe.runIf(available)('telephony across two server instances on one PostgreSQL', () => {
  let a: TestServer;
  let b: TestServer;
  let drop: () => Promise<void>;
  let browser: Browser;

  beforeAll(async () => {
    const db = await createThrowawayDatabase();
    drop = db.drop;
    // One after the other: the first one migrates the empty database.
    a = await startServer({ databaseUrl: db.url });
    b = await startServer({ databaseUrl: db.url });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await a?.close();
    await b?.close();
    await drop?.();
  });

  it('a call event posted to instance A pops up in a browser connected to instance B', async () => {
    // Set up through A: a phone system, an agent on extension 301, a known caller.
    const api = await apiSession(a.url);
    const { secret } = await api.post<{ secret: string }>('/api/telephony/integrations', { name: 'Standard', kind: 'generic' });
    const agent = await api.post<{ id: string }>('/api/users', { email: 'agent@relais.test', password: 'Standard-Telephone-Agent-2026!', name: 'Agnès Roux', role: 'frontdesk' });
    await api.put('/api/telephony/extensions', { extension: '301', userId: agent.id });
    await api.post('/api/people', { firstName: 'Lucie', lastName: 'Garnier', phones: [{ number: '06 22 33 44 55' }] });
    await api.close();

    // The agent's browser talks to B only.
    const { page, problems, context } = await openPage(browser, { baseURL: b.url });
    await signIn(page, b.url, 'agent@relais.test', 'Standard-Telephone-Agent-2026!');

    const callId = `pbx-cluster-${Date.now()}`;
    await a.callEvent(secret, { callId, event: 'ringing', from: '+33622334455', to: '01 40 00 00 00', extension: '301' });
    const card = page.getByTestId('pop-card');
    expect(await see(card.getByTestId('pop-match-name'))).toBe('Lucie Garnier');

    // The end of the call, also through A, closes it on B.
    await a.callEvent(secret, { callId, event: 'missed', from: '+33622334455', to: '01 40 00 00 00', extension: '301' });
    await page.getByTestId('screen-pop').waitFor({ state: 'detached' });

    expect(problems).toEqual([]);
    await context.close();
  });
});
