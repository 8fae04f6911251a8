import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '../../events/bus.js';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';
import { parseAmiMessages } from './asterisk/ami-client.js';
import { twilioSignature } from './twilio.js';

const AUTH_TOKEN = '12345678901234567890123456789012';
const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
const PUBLIC_URL = 'https://crm.transports-exemple.fr';

/** Stands in for Twilio's REST API (Calls resource): records what Relais asks, answers a new CallSid. */
function fakeTwilio() {
  const requests: { url: string; body: string }[] = [];
  let seq = 0;
  const hooks: { beforeAnswer?: (sid: string) => Promise<unknown>; refuseWith?: number; cutOff?: boolean } = {};
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      requests.push({ url: req.url ?? '', body });
      // The connection dropped before any answer: Relais cannot know whether the call was placed.
      if (hooks.cutOff) return req.socket.destroy();
      if (hooks.refuseWith) return res.writeHead(hooks.refuseWith, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 21215, message: 'refused' }));
      const sid = `CA77${String(++seq).padStart(30, '0')}`;
      // Twilio's status callback may reach Relais before the REST answer does.
      await hooks.beforeAnswer?.(sid);
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ sid, status: 'queued' }));
    });
  });
  return { server, requests, hooks };
}

/** A stand-in Asterisk: accepts the login, answers Originate (or refuses it), and can send events. */
function fakeAsterisk() {
  const originates: Record<string, string>[] = [];
  let socket: net.Socket | undefined;
  let refuse = false;
  const server = net.createServer((s) => {
    socket = s;
    s.write('Asterisk Call Manager/5.0.1\r\n');
    let buffer = '';
    s.on('data', (chunk) => {
      const parsed = parseAmiMessages(buffer + chunk.toString('utf8'));
      buffer = parsed.rest;
      for (const m of parsed.messages) {
        if (m.Action === 'Login') s.write(`Response: Success\r\nActionID: ${m.ActionID}\r\nMessage: Authentication accepted\r\n\r\n`);
        if (m.Action === 'Originate') {
          originates.push(m);
          s.write(refuse
            ? `Response: Error\r\nActionID: ${m.ActionID}\r\nMessage: Extension does not exist.\r\n\r\n`
            : `Response: Success\r\nActionID: ${m.ActionID}\r\nMessage: Originate successfully queued\r\n\r\n`);
        }
      }
    });
  });
  return {
    server,
    originates,
    refuseNext: (value: boolean) => (refuse = value),
    connected: () => Boolean(socket),
    /** Sends events as Asterisk writes them: "Key: value" lines, CRLF, a blank line after each. */
    send: (events: Record<string, string>[]) => socket!.write(events.map((e) => Object.entries(e).map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n').join('')),
  };
}

describe.each(DIALECTS)('click-to-call (originate) on %s', (dialect) => {
  let h: Harness;
  let published: LiveEvent[];
  const twilio = fakeTwilio();
  const asterisk = fakeAsterisk();
  let twilioId: string;
  let asteriskId: string;
  let prospect: { id: string };

  beforeAll(async () => {
    await new Promise<void>((resolve) => twilio.server.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => asterisk.server.listen(0, '127.0.0.1', resolve));
    // The stand-in Asterisk listens on loopback, which only an operator's allow-list opens.
    h = await createHarness(dialect, { RELAIS_PUBLIC_URL: PUBLIC_URL, RELAIS_OUTBOUND_ALLOW: '127.0.0.1' }, { twilioApiBase: `http://127.0.0.1:${(twilio.server.address() as AddressInfo).port}` });
    published = [];
    h.app.relais.context.events.subscribe((e) => published.push(e));
    twilioId = (await api(h, h.users.admin, 'POST', '/api/telephony/integrations', {
      name: 'Twilio',
      kind: 'twilio',
      config: { twilioAuthToken: AUTH_TOKEN, forwardTo: '+33612345678', twilioAccountSid: ACCOUNT_SID, twilioCallerId: '+33140000000' },
    })).body.id;
    prospect = (await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Marc', lastName: 'Petit', phones: [{ number: '06 99 88 77 66' }], relationships: [{ type: 'prospect' }] })).body;
    // At most one outbound contact per 30 days for prospects; a colleague already wrote to him.
    await api(h, h.users.manager, 'POST', '/api/pressure/rules', { scopeType: 'relationship', scopeValue: 'prospect', maxContacts: 1, periodDays: 30 });
    await api(h, h.users.sales, 'POST', '/api/interactions', { channel: 'email', direction: 'out', personId: prospect.id, summary: 'brochure' });
  });
  afterAll(async () => {
    await h?.close();
    await new Promise((resolve) => twilio.server.close(resolve));
    await new Promise((resolve) => asterisk.server.close(resolve));
  });

  const sendTwilioStatus = (params: Record<string, string>) => {
    const path = `/api/telephony/twilio/${twilioId}/status`;
    return h.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${path}`, params) },
      payload: new URLSearchParams(params).toString(),
    });
  };

  it('tells the web which phone systems can place calls', async () => {
    const caps = await api(h, h.users.sales, 'GET', '/api/telephony/capabilities');
    expect(caps.status).toBe(200);
    expect(caps.body.originate).toEqual([{ integrationId: twilioId, name: 'Twilio', kind: 'twilio' }]);
    expect(JSON.stringify(caps.body)).not.toContain(AUTH_TOKEN);
  });

  it('refuses to call over a contact-pressure cap without a reason, naming the cap', async () => {
    const refused = await api(h, h.users.sales, 'POST', '/api/telephony/originate', { number: '06 99 88 77 66', integrationId: twilioId, entityIds: [prospect.id] });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'PRESSURE_CAP_EXCEEDED' });
    expect(refused.body.error.details[0]).toMatchObject({ entityId: prospect.id, scope: 'relationship:prospect', count: 1, max: 1, periodDays: 30 });
    expect(twilio.requests).toHaveLength(0);
    // Found by the number alone, without saying whom: the same guard.
    const byNumber = await api(h, h.users.sales, 'POST', '/api/telephony/originate', { number: '+33699887766', integrationId: twilioId });
    expect(byNumber.status).toBe(409);
  });

  it('names the field of bad input', async () => {
    const notANumber = await api(h, h.users.sales, 'POST', '/api/telephony/originate', { number: 'abc', integrationId: twilioId });
    expect(notANumber.status).toBe(400);
    expect(notANumber.body.error.details[0].path).toBe('number');
    const unknown = await api(h, h.users.sales, 'POST', '/api/telephony/originate', { number: '0699887766', integrationId: 'nope' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('integrationId');
  });

  it('records no override reason for a call that cannot be placed (an incomplete phone system)', async () => {
    const incomplete = (await api(h, h.users.admin, 'POST', '/api/telephony/integrations', { name: 'Twilio sans ligne', kind: 'twilio', config: { twilioAuthToken: AUTH_TOKEN, twilioAccountSid: ACCOUNT_SID } })).body.id;
    const overrides = async () => (await api(h, h.users.manager, 'GET', `/api/pressure?entityId=${prospect.id}`)).body.overrides.length;
    const before = await overrides();
    const refused = await api(h, h.users.sales, 'POST', '/api/telephony/originate', { number: '06 99 88 77 66', integrationId: incomplete, pressureOverrideReason: 'il a demandé à être rappelé' });
    expect(refused.status).toBe(409);
    expect(await overrides()).toBe(before);
    expect(twilio.requests).toHaveLength(0);
    expect((await api(h, h.users.admin, 'PATCH', `/api/telephony/integrations/${incomplete}`, { disabled: true })).status).toBe(200);
  });

  it('records no override reason when the call is not placed: Twilio refuses it, or the phone system cannot place calls', async () => {
    const overrides = async () => (await api(h, h.users.manager, 'GET', `/api/pressure?entityId=${prospect.id}`)).body.overrides.length;
    const before = await overrides();
    twilio.hooks.refuseWith = 403;
    const refused = await api(h, h.users.sales, 'POST', '/api/telephony/originate', { number: '06 99 88 77 66', integrationId: twilioId, entityIds: [prospect.id], pressureOverrideReason: 'il attend notre appel' });
    twilio.hooks.refuseWith = undefined;
    expect(refused.status).toBe(503);
    expect(twilio.requests).toHaveLength(1);
    twilio.requests.length = 0;
    const generic = (await api(h, h.users.admin, 'POST', '/api/telephony/integrations', { name: 'Webhook seul', kind: 'generic' })).body.id;
    const cannot = await api(h, h.users.sales, 'POST', '/api/telephony/originate', { number: '06 99 88 77 66', integrationId: generic, entityIds: [prospect.id], pressureOverrideReason: 'il attend notre appel' });
    expect(cannot.status).toBe(409);
    // Nobody went over the cap: no override, no call in the log.
    expect(await overrides()).toBe(before);
    expect((await api(h, h.users.sales, 'GET', '/api/calls?number=0699887766')).body.items).toHaveLength(0);
  });

  it('with a reason: places the call through Twilio, records the reason and the outbound call on the timeline', async () => {
    const res = await api(h, h.users.sales, 'POST', '/api/telephony/originate', {
      number: '06 99 88 77 66',
      integrationId: twilioId,
      entityIds: [prospect.id],
      pressureOverrideReason: 'he asked to be called back today',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ via: 'twilio', number: '+33699887766' });
    const form = new URLSearchParams(twilio.requests[0].body);
    expect(form.get('StatusCallback')).toBe(`${PUBLIC_URL}/api/telephony/twilio/${twilioId}/status`);
    expect(form.getAll('StatusCallbackEvent')).toEqual(['answered', 'completed']);

    const pressure = await api(h, h.users.sales, 'GET', `/api/pressure?entityId=${prospect.id}`);
    expect(pressure.body.overrides[0]).toMatchObject({ userId: h.users.sales.id, reason: 'he asked to be called back today', context: 'click-to-call' });
    expect(pressure.body.caps[0]).toMatchObject({ count: 2, wouldExceed: true });
    const timeline = await api(h, h.users.sales, 'GET', `/api/interactions?personId=${prospect.id}&channel=call`);
    expect(timeline.body.items[0]).toMatchObject({ id: res.body.interactionId, direction: 'out', authorId: h.users.sales.id, summary: '06 99 88 77 66', links: [{ type: 'call', id: res.body.callId }] });
    const call = await api(h, h.users.sales, 'GET', `/api/calls/${res.body.callId}`);
    expect(call.body).toMatchObject({ direction: 'out', agentId: h.users.sales.id, personId: prospect.id, toE164: '+33699887766', interactionId: res.body.interactionId });
  });

  it('a crash while Twilio places the call leaves no reason behind: the reason is written with the logged call, in its transaction', async () => {
    const reasons = async () => (await api(h, h.users.manager, 'GET', `/api/pressure?entityId=${prospect.id}`)).body.overrides.map((o: { reason: string }) => o.reason);
    const before = await reasons();
    // Killed while Twilio is asked (nothing after this instant runs): what is committed is what stays.
    let atCrash: string[] = [];
    twilio.hooks.beforeAnswer = async () => void (atCrash = await reasons());
    const res = await api(h, h.users.sales, 'POST', '/api/telephony/originate', { number: '06 99 88 77 66', integrationId: twilioId, entityIds: [prospect.id], pressureOverrideReason: 'rappel promis hier' });
    twilio.hooks.beforeAnswer = undefined;
    expect(atCrash).toEqual(before);
    // The call placed and logged: its reason with it.
    expect(res.status).toBe(200);
    expect(await reasons()).toEqual(expect.arrayContaining([...before, 'rappel promis hier']));
    expect(await reasons()).toHaveLength(before.length + 1);
  });

  it('keeps the reason when the request to Twilio is cut off on the way: the call may have been placed', async () => {
    const reasons = async () => (await api(h, h.users.manager, 'GET', `/api/pressure?entityId=${prospect.id}`)).body.overrides.map((o: { reason: string }) => o.reason);
    const before = await reasons();
    twilio.hooks.cutOff = true;
    const res = await api(h, h.users.sales, 'POST', '/api/telephony/originate', { number: '06 99 88 77 66', integrationId: twilioId, entityIds: [prospect.id], pressureOverrideReason: 'ligne coupée' });
    twilio.hooks.cutOff = undefined;
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(await reasons()).toEqual(expect.arrayContaining([...before, 'ligne coupée']));
    expect(await reasons()).toHaveLength(before.length + 1);
  });

  it("Twilio's status callbacks complete the same call: no pop-up, no call-back, the duration on the timeline", async () => {
    const res = await api(h, h.users.sales, 'POST', '/api/telephony/originate', { number: '06 99 88 77 66', integrationId: twilioId, pressureOverrideReason: 'delivery problem' });
    const sid = res.body.externalId as string;
    // The parameters Twilio posts to a StatusCallback of a call placed through the REST API.
    const base = { AccountSid: ACCOUNT_SID, ApiVersion: '2010-04-01', CallSid: sid, Direction: 'outbound-api', From: '+33140000000', To: '+33612345678', Called: '+33612345678', Caller: '+33140000000', CallbackSource: 'call-progress-events' };
    expect((await sendTwilioStatus({ ...base, CallStatus: 'in-progress', SequenceNumber: '0', Timestamp: 'Mon, 02 Mar 2026 08:00:05 +0000' })).statusCode).toBe(200);
    expect((await sendTwilioStatus({ ...base, CallStatus: 'completed', CallDuration: '65', SequenceNumber: '1', Timestamp: 'Mon, 02 Mar 2026 08:01:10 +0000' })).statusCode).toBe(200);
    const call = await api(h, h.users.sales, 'GET', `/api/calls/${res.body.callId}`);
    expect(call.body).toMatchObject({ state: 'ended', direction: 'out', toE164: '+33699887766', durationSeconds: 65, interactionId: res.body.interactionId });
    const interaction = await api(h, h.users.sales, 'GET', `/api/interactions/${res.body.interactionId}`);
    expect(interaction.body).toMatchObject({ direction: 'out', durationSeconds: 65, personId: prospect.id });
    expect(published.filter((e) => e.type === 'call.ringing')).toHaveLength(0);
    const queue = await api(h, h.users.frontdesk, 'GET', '/api/callbacks');
    expect(queue.body.items.some((c: { callId: string }) => c.callId === res.body.callId)).toBe(false);
  });

  it("still files the call under the customer when Twilio's first status callback beats its REST answer", async () => {
    const statusOf = (sid: string) => ({ AccountSid: ACCOUNT_SID, ApiVersion: '2010-04-01', CallSid: sid, Direction: 'outbound-api', From: '+33140000000', To: '+33612345678', CallStatus: 'in-progress', CallbackSource: 'call-progress-events', SequenceNumber: '0' });
    twilio.hooks.beforeAnswer = (sid) => sendTwilioStatus(statusOf(sid));
    const res = await api(h, h.users.sales, 'POST', '/api/telephony/originate', { number: '06 99 88 77 66', integrationId: twilioId, entityIds: [prospect.id], pressureOverrideReason: 'he called and asked for it' });
    twilio.hooks.beforeAnswer = undefined;
    expect(res.status).toBe(200);
    const call = await api(h, h.users.sales, 'GET', `/api/calls/${res.body.callId}`);
    expect(call.body).toMatchObject({ callId: res.body.externalId, direction: 'out', state: 'answered', toE164: '+33699887766', personId: prospect.id, agentId: h.users.sales.id, interactionId: res.body.interactionId });
    const interaction = await api(h, h.users.sales, 'GET', `/api/interactions/${res.body.interactionId}`);
    expect(interaction.body).toMatchObject({ direction: 'out', personId: prospect.id, authorId: h.users.sales.id });
    expect(published.filter((e) => e.type === 'call.ringing')).toHaveLength(0);
  });

  it('Asterisk: the channel, context and dial format come from the settings; its events complete the call', async () => {
    asteriskId = (await api(h, h.users.admin, 'POST', '/api/telephony/integrations', {
      name: 'Asterisk',
      kind: 'asterisk',
      config: { amiHost: '127.0.0.1', amiPort: (asterisk.server.address() as AddressInfo).port, amiUsername: 'relais', amiSecret: 's3cret-ami', amiChannelTechnology: 'SIP', amiContext: 'relais-out', amiDialFormat: 'e164' },
    })).body.id;
    const bad = await api(h, h.users.admin, 'POST', '/api/telephony/integrations', { name: 'x', kind: 'asterisk', config: { amiContext: 'from-internal\r\nAction: Command' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('config.amiContext');
    await api(h, h.users.admin, 'PUT', '/api/telephony/extensions', { extension: '305', userId: h.users.frontdesk.id });
    await vi.waitFor(async () => {
      const caps = await api(h, h.users.frontdesk, 'GET', '/api/telephony/capabilities');
      expect(caps.body.originate.map((c: { kind: string }) => c.kind)).toEqual(['twilio', 'asterisk']);
    }, { timeout: 5000, interval: 50 });
    // Without an extension to ring first, Asterisk is not offered.
    expect((await api(h, h.users.sales, 'GET', '/api/telephony/capabilities')).body.originate.map((c: { kind: string }) => c.kind)).toEqual(['twilio']);

    const res = await api(h, h.users.frontdesk, 'POST', '/api/telephony/originate', { number: '+44 20 7946 0958', integrationId: asteriskId });
    expect(res.status).toBe(200);
    const sent = asterisk.originates.at(-1)!;
    expect(sent).toMatchObject({ Action: 'Originate', Channel: 'SIP/305', Context: 'relais-out', Exten: '+442079460958', ChannelId: res.body.externalId });

    // What Asterisk then reports: the agent's leg (our ChannelId), the customer's leg answering, the hang-up.
    const linked = res.body.externalId as string;
    const leg = { Privilege: 'call,all', CallerIDName: 'Relais', ConnectedLineNum: '<unknown>', ConnectedLineName: '<unknown>', Language: 'fr', AccountCode: '', Priority: '1', Linkedid: linked };
    asterisk.send([
      { Event: 'Newchannel', ...leg, Timestamp: '1772438400.000000', Channel: 'SIP/305-00000010', ChannelState: '0', ChannelStateDesc: 'Down', CallerIDNum: '305', Context: 'relais-out', Exten: '+442079460958', Uniqueid: linked },
      { Event: 'Newchannel', ...leg, Timestamp: '1772438404.000000', Channel: 'SIP/trunk-00000011', ChannelState: '0', ChannelStateDesc: 'Down', CallerIDNum: '+442079460958', Context: 'relais-out', Exten: 's', Uniqueid: '1772438404.17' },
      { Event: 'Newstate', ...leg, Timestamp: '1772438410.000000', Channel: 'SIP/trunk-00000011', ChannelState: '6', ChannelStateDesc: 'Up', CallerIDNum: '+442079460958', Context: 'relais-out', Exten: 's', Uniqueid: '1772438404.17' },
      { Event: 'Hangup', ...leg, Timestamp: '1772438500.000000', Channel: 'SIP/305-00000010', ChannelState: '6', ChannelStateDesc: 'Up', CallerIDNum: '305', Context: 'relais-out', Exten: '+442079460958', Uniqueid: linked, Cause: '16', 'Cause-txt': 'Normal Clearing' },
    ]);
    await vi.waitFor(async () => {
      const call = await api(h, h.users.frontdesk, 'GET', `/api/calls/${res.body.callId}`);
      expect(call.body).toMatchObject({ state: 'ended', direction: 'out', durationSeconds: 90, toE164: '+442079460958' });
    }, { timeout: 5000, interval: 50 });
    expect(published.filter((e) => e.type === 'call.ringing')).toHaveLength(0);
    const log = await api(h, h.users.frontdesk, 'GET', '/api/calls?number=%2B442079460958');
    expect(log.body.items).toHaveLength(1);
  });

  it('keeps nothing when Asterisk refuses the call', async () => {
    asterisk.refuseNext(true);
    const res = await api(h, h.users.frontdesk, 'POST', '/api/telephony/originate', { number: '01 45 00 00 01', integrationId: asteriskId });
    asterisk.refuseNext(false);
    expect(res.status).toBe(503);
    expect(asterisk.originates.at(-1)).toMatchObject({ Exten: '+33145000001' });
    const log = await api(h, h.users.frontdesk, 'GET', '/api/calls?number=0145000001');
    expect(log.body.items).toHaveLength(0);
    // Over a cap, with a reason: the refused call leaves no override behind either.
    const overrides = async () => (await api(h, h.users.manager, 'GET', `/api/pressure?entityId=${prospect.id}`)).body.overrides.length;
    const before = await overrides();
    asterisk.refuseNext(true);
    const overCap = await api(h, h.users.frontdesk, 'POST', '/api/telephony/originate', { number: '06 99 88 77 66', integrationId: asteriskId, pressureOverrideReason: 'rappel demandé' });
    asterisk.refuseNext(false);
    expect(overCap.status).toBe(503);
    expect(asterisk.originates.at(-1)).toMatchObject({ Exten: '+33699887766' });
    expect(await overrides()).toBe(before);
  });
});
