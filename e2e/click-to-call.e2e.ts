import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage } from './browser.js';
import { useServerAndBrowser } from './serverAndBrowser.js';
import { apiAs, apiSession, signIn } from './session.js';
import { see } from './see.js';

/** Stands in for Twilio's REST API (Calls resource): records what Relais asks, answers a CallSid. */
const twilioRequests: URLSearchParams[] = [];
const twilioApi = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    twilioRequests.push(new URLSearchParams(body));
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ sid: `CA${String(twilioRequests.length).padStart(32, '0')}`, status: 'queued' }));
  });
});

describe('click-to-call through the phone system', () => {
  const env = useServerAndBrowser(async () => {
    await new Promise<void>((resolve) => twilioApi.listen(0, '127.0.0.1', resolve));
    return { twilioApiBase: `http://127.0.0.1:${(twilioApi.address() as AddressInfo).port}` };
  });
  let chloe: { id: string };

  beforeAll(async () => {
    const api = await apiSession(env.server.url);
    await api.post('/api/telephony/integrations', {
      name: 'Twilio',
      kind: 'twilio',
      config: { twilioAuthToken: '12345678901234567890123456789012', twilioAccountSid: 'AC0123456789abcdef0123456789abcdef', twilioCallerId: '+33140000000', forwardTo: '+33612345678' },
    });
    // At most one outbound contact in 30 days for prospects; Chloé had hers.
    await api.post('/api/pressure/rules', { scopeType: 'relationship', scopeValue: 'prospect', maxContacts: 1, periodDays: 30 });
    chloe = await api.post('/api/people', { firstName: 'Chloé', lastName: 'Lambert', phones: [{ number: '06 70 80 90 10' }], relationships: [{ type: 'prospect' }] });
    await api.post('/api/interactions', { channel: 'email', direction: 'out', personId: chloe.id, summary: 'Catalogue envoyé' });
    await api.close();
  });
  afterAll(async () => {
    await new Promise((resolve) => twilioApi.close(resolve));
  });

  it('over a cap, asks the reason, then has the phone system ring me and logs the outgoing call', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    await page.goto(`/people/${chloe.id}`);
    expect(await see(page.getByTestId('record-title'))).toBe('Chloé Lambert');

    await page.getByTestId('contact-card').getByTestId('phone-originate').click();
    const modal = page.getByTestId('pressure-dial-modal');
    expect(await see(modal.getByTestId('pressure-warning'))).toContain('1 contact sur 1 en 30 jours');
    expect(twilioRequests).toHaveLength(0);
    await page.getByTestId('pressure-dial-reason').fill('Elle a demandé à être rappelée');
    await page.getByTestId('pressure-dial-confirm').click();
    expect(await see(page.getByTestId('originate-started'))).toBe('Votre poste sonne : décrochez pour appeler le 06 70 80 90 10.');

    // Twilio rang the agent's phone first, then dials Chloé; nothing went through tel:.
    expect(twilioRequests).toHaveLength(1);
    expect(twilioRequests[0].get('To')).toBe('+33612345678');
    expect(twilioRequests[0].get('Twiml')).toContain('+33670809010</Dial>');
    expect(await page.evaluate(() => (window as unknown as { __dialled: string[] }).__dialled)).toEqual([]);

    // The outgoing call is on her timeline at once, and the reason is recorded.
    const call = page.getByTestId('timeline-item').filter({ hasText: 'Appel' }).filter({ hasText: 'Sortant' });
    await see(call);
    const status = await (await apiAs(page)).get<{ caps: { count: number }[]; overrides: { reason: string; context: string }[] }>(`/api/pressure?entityId=${chloe.id}`);
    expect(status.caps[0].count).toBe(2);
    expect(status.overrides).toEqual([expect.objectContaining({ reason: 'Elle a demandé à être rappelée', context: 'click-to-call' })]);

    expect(problems).toEqual([]);
    await context.close();
  });
});
