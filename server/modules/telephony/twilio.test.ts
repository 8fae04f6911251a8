import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, type Harness } from '../../test/harness.js';
import { twilioSignature, twiml } from './twilio.js';

const AUTH_TOKEN = '12345678901234567890123456789012';
const PUBLIC_URL = 'https://crm.transports-exemple.fr';

/** The parameters Twilio posts for an incoming call, as documented for Voice webhooks. */
function incoming(callSid: string, from: string, extra: Record<string, string> = {}) {
  return {
    AccountSid: 'AC00000000000000000000000000000001',
    ApiVersion: '2010-04-01',
    CallSid: callSid,
    CallStatus: 'ringing',
    Called: '+33140000000',
    CalledCity: '',
    CalledCountry: 'FR',
    Caller: from,
    CallerCountry: 'FR',
    Direction: 'inbound',
    From: from,
    FromCountry: 'FR',
    To: '+33140000000',
    ToCountry: 'FR',
    ...extra,
  };
}

/** Stands in for Twilio's REST API: records what Relais asks and answers like Twilio's Calls resource. */
const twilioRequests: { url: string; authorization?: string; body: string }[] = [];
const twilioApi = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    twilioRequests.push({ url: req.url ?? '', authorization: req.headers.authorization, body });
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ sid: 'CA9999', status: 'queued' }));
  });
});

describe('Twilio Voice webhooks', () => {
  let h: Harness;
  let integrationId: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => twilioApi.listen(0, '127.0.0.1', resolve));
    h = await createHarness('sqlite', { RELAIS_PUBLIC_URL: PUBLIC_URL }, { twilioApiBase: `http://127.0.0.1:${(twilioApi.address() as AddressInfo).port}` });
    const created = await api(h, h.users.admin, 'POST', '/api/telephony/integrations', {
      name: 'Twilio',
      kind: 'twilio',
      config: { twilioAuthToken: AUTH_TOKEN, forwardTo: '+33612345678', twilioAccountSid: 'AC0123456789abcdef0123456789abcdef', twilioCallerId: '+33140000000' },
    });
    integrationId = created.body.id;
    await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Hugo', lastName: 'Client', phones: [{ number: '06 55 44 33 22' }], tags: ['contract'] });
  });
  afterAll(async () => {
    await h?.close();
    await new Promise((resolve) => twilioApi.close(resolve));
  });

  it('places click-to-call through the REST API: rings the agent, then dials the customer', async () => {
    const res = await api(h, h.users.sales, 'POST', '/api/telephony/originate', { number: '06 77 88 99 00', integrationId });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ via: 'twilio', number: '+33677889900', externalId: 'CA9999' });
    const sent = twilioRequests[0];
    expect(sent.url).toBe('/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Calls.json');
    expect(Buffer.from(sent.authorization!.slice(6), 'base64').toString()).toBe(`AC0123456789abcdef0123456789abcdef:${AUTH_TOKEN}`);
    const form = new URLSearchParams(sent.body);
    expect(form.get('To')).toBe('+33612345678');
    expect(form.get('Twiml')).toContain('<Dial callerId="+33140000000">+33677889900</Dial>');
  });

  const send = (kind: 'voice' | 'status', params: Record<string, string>, signatureParams = params) => {
    const path = `/api/telephony/twilio/${integrationId}/${kind}`;
    return h.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${path}`, signatureParams) },
      payload: new URLSearchParams(params).toString(),
    });
  };

  it('verifies the signature and answers TwiML that rings the desk', async () => {
    const res = await send('voice', incoming('CA0001', '+33655443322'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    expect(res.body).toContain('<Dial timeout="25"');
    expect(res.body).toContain('+33612345678</Dial>');
    const log = await api(h, h.users.frontdesk, 'GET', '/api/calls?number=0655443322');
    expect(log.body.items[0]).toMatchObject({ callId: 'CA0001', state: 'ringing', priority: true });
  });

  it('refuses a forged or re-serialised request', async () => {
    const params = incoming('CA0002', '+33655443322');
    const tampered = await send('voice', { ...params, From: '+33600000000' }, params);
    expect(tampered.statusCode).toBe(403);
    const unsigned = await h.app.inject({ method: 'POST', url: `/api/telephony/twilio/${integrationId}/voice`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(params).toString() });
    expect(unsigned.statusCode).toBe(403);
    const asJson = await h.app.inject({ method: 'POST', url: `/api/telephony/twilio/${integrationId}/voice`, headers: { 'x-twilio-signature': twilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/api/telephony/twilio/${integrationId}/voice`, params) }, payload: params });
    expect(asJson.statusCode).toBe(415);
  });

  it('follows the dialled leg: answered then ended, with the talk duration', async () => {
    await send('voice', incoming('CA0003', '+33655443322', { Timestamp: 'Mon, 02 Mar 2026 08:00:00 +0000' }));
    const res = await send('status', incoming('CA0003', '+33655443322', { CallStatus: 'in-progress', DialCallStatus: 'completed', DialCallDuration: '95', Timestamp: 'Mon, 02 Mar 2026 08:02:00 +0000' }));
    expect(res.statusCode).toBe(200);
    const call = (await api(h, h.users.frontdesk, 'GET', '/api/calls?number=0655443322')).body.items.find((c: { callId: string }) => c.callId === 'CA0003');
    expect(call).toMatchObject({ state: 'ended', durationSeconds: 95, waitSeconds: 25 });
  });

  it('sends unanswered callers to voicemail, and files the recording in the call-back queue', async () => {
    await send('voice', incoming('CA0004', '+33611111111'));
    const noAnswer = await send('status', incoming('CA0004', '+33611111111', { CallStatus: 'in-progress', DialCallStatus: 'no-answer' }));
    expect(noAnswer.body).toContain('<Record maxLength="120"');
    await send('status', incoming('CA0004', '+33611111111', { CallStatus: 'completed', RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1', RecordingDuration: '12' }));
    const call = (await api(h, h.users.frontdesk, 'GET', '/api/calls?number=0611111111')).body.items[0];
    expect(call).toMatchObject({ state: 'voicemail', recordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1' });
    // Only a web address is kept as the recording: the browser links to it.
    await send('voice', incoming('CA0014', '+33611111112'));
    await send('status', incoming('CA0014', '+33611111112', { CallStatus: 'completed', RecordingUrl: 'javascript:alert(1)', RecordingDuration: '3' }));
    const scripted = (await api(h, h.users.frontdesk, 'GET', '/api/calls?number=0611111112')).body.items[0];
    expect(scripted).toMatchObject({ state: 'voicemail', recordingUrl: null });
    // Every routing decision is on the call: rung first, then voicemail when nobody answered.
    expect(call.routing.map((r: { decision: string; reason: string }) => `${r.decision}: ${r.reason}`)).toEqual(['ring: front desk on duty', 'voicemail: nobody answered (no-answer): voicemail offered']);
    const queue = await api(h, h.users.frontdesk, 'GET', '/api/callbacks?status=open');
    expect(queue.body.items.some((c: { callId: string }) => c.callId === call.id)).toBe(true);
  });

  it('takes a retried voice webhook (same CallSid, no timestamp) as the same event', async () => {
    const first = await send('voice', incoming('CA0007', '+33633333333'));
    const retry = await send('voice', incoming('CA0007', '+33633333333'));
    expect(retry.body).toBe(first.body);
    const call = (await api(h, h.users.admin, 'GET', '/api/calls?number=0633333333')).body.items;
    expect(call).toHaveLength(1);
    const events = await h.app.relais.context.db.selectFrom('call_events').select('event').where('call_id', '=', call[0].id).execute();
    expect(events.map((e) => e.event)).toEqual(['ringing']);
  });

  it('answers voicemail TwiML in overload mode for callers not under contract', async () => {
    await api(h, h.users.manager, 'PUT', '/api/telephony/overload', { enabled: true });
    const other = await send('voice', incoming('CA0005', '+33622222222'));
    expect(other.body).toContain('<Record');
    expect(other.body).not.toContain('<Dial');
    expect(other.body).toContain('<Say language="fr-FR">Bonjour');
    const client = await send('voice', incoming('CA0006', '+33655443322'));
    expect(client.body).toContain('<Dial');
    await api(h, h.users.manager, 'PUT', '/api/telephony/overload', { enabled: false });
  });
});

describe('TwiML', () => {
  it('greets in the integration’s language and escapes what it writes', () => {
    const statusUrl = 'https://crm.example.fr/api/telephony/twilio/x/status?a=1&b="2"';
    expect(twiml('voicemail', { statusUrl, language: 'en' })).toContain('<Say language="en-GB">Hello, all our lines are busy.');
    expect(twiml('voicemail', { statusUrl })).toContain('<Say language="fr-FR">');
    expect(twiml('voicemail', { statusUrl })).toContain('action="https://crm.example.fr/api/telephony/twilio/x/status?a=1&#38;b=&#34;2&#34;"');
    expect(twiml('ring', { statusUrl, forwardTo: '+33612345678' })).toContain('<Dial timeout="25"');
  });
});
