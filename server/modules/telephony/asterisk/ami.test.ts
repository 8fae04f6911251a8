import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '../../../events/bus.js';
import { api, createHarness, type Harness } from '../../../test/harness.js';
import { AmiCallTracker } from './ami-calls.js';
import { parseOutboundAllow } from '../../../http/outbound.js';
import { AmiClient, parseAmiMessages } from './ami-client.js';

const transcript = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/ami-session.txt'), 'utf8');
const messages = parseAmiMessages(transcript).messages;
/**
 * The transcript cut where the connection drops: after an answered call's pick-up (1772438900.7),
 * before its Hangup, which Relais never sees; the rest is replayed after the reconnection.
 */
/** The stand-in Asterisk listens on 127.0.0.1, which Relais connects to only when the operator allows it. */
const LOOPBACK_ALLOWED = { RELAIS_OUTBOUND_ALLOW: '127.0.0.1' };

const cut = transcript.indexOf('Event: Newchannel\r\nPrivilege: call,all\r\nTimestamp: 1772439000.000000');

/**
 * A stand-in Asterisk: greets like AMI, checks the login action, then replays the recorded session.
 * The first connection is dropped half-way; the client must reconnect to get the rest.
 */
function fakeAsterisk() {
  let connections = 0;
  const logins: Record<string, string>[] = [];
  const originates: Record<string, string>[] = [];
  const server = net.createServer((socket) => {
    connections += 1;
    const part = connections === 1 ? transcript.slice(0, cut) : transcript.slice(cut);
    // Relais closing its side at the end of the test resets the connection: expected here.
    socket.on('error', () => undefined);
    socket.write('Asterisk Call Manager/5.0.1\r\n');
    let buffer = '';
    socket.on('data', (chunk) => {
      const parsed = parseAmiMessages(buffer + chunk.toString('utf8'));
      buffer = parsed.rest;
      for (const m of parsed.messages) {
        if (m.Action === 'CoreShowChannels') {
          // Nothing is live by then: every replayed call has hung up (1772438900.7 while disconnected).
          socket.write(`Response: Success\r\nActionID: ${m.ActionID}\r\nEventList: start\r\nMessage: Channels will follow\r\n\r\n`);
          socket.write(`Event: CoreShowChannelsComplete\r\nActionID: ${m.ActionID}\r\nEventList: Complete\r\nListItems: 0\r\n\r\n`);
          continue;
        }
        if (m.Action === 'Originate') {
          originates.push(m);
          socket.write(`Response: Success\r\nActionID: ${m.ActionID}\r\nMessage: Originate successfully queued\r\n\r\n`);
          continue;
        }
        if (m.Action !== 'Login') continue;
        logins.push(m);
        const ok = m.Username === 'relais' && m.Secret === 's3cret-ami';
        socket.write(`Response: ${ok ? 'Success' : 'Error'}\r\nActionID: ${m.ActionID}\r\nMessage: ${ok ? 'Authentication accepted' : 'Authentication failed'}\r\n\r\n`);
        if (!ok) return void socket.end();
        socket.write('Event: FullyBooted\r\nPrivilege: system,all\r\nUptime: 1000\r\nLastReload: 1000\r\nStatus: Fully Booted\r\n\r\n');
        // Deliver in uneven chunks, as TCP may, cutting messages in the middle.
        for (let i = 0; i < part.length; i += 97) socket.write(part.slice(i, i + 97));
        if (connections === 1) setTimeout(() => socket.destroy(), 50);
      }
    });
  });
  return { server, logins, originates, connections: () => connections };
}

describe('Asterisk Manager Interface', () => {
  it('parses the transcript into whole messages and follows the calls', () => {
    expect(messages.filter((m) => m.Event === 'Hangup')).toHaveLength(6);
    const tracker = new AmiCallTracker();
    const events = messages.flatMap((m) => tracker.handle(m));
    expect(events.map((e) => `${e.callId} ${e.direction} ${e.event} ${e.extension ?? ''}`)).toEqual([
      // Inbound: the phone that rings gets the call, from the moment the call came in.
      '1772438400.1 in ringing 201',
      '1772438400.1 in answered 201',
      '1772438400.1 in ended 201',
      // Outbound: extension 201 calls a customer; the customer's pick-up answers it.
      '1772438700.5 out ringing 201',
      '1772438700.5 out answered 201',
      '1772438700.5 out ended 201',
      '1772438900.7 in ringing 202',
      '1772438900.7 in answered 202',
      '1772439000.3 in ringing 202',
      '1772439000.3 in missed 202',
    ]);
    expect(events[0].at).toBe('2026-03-02T08:00:00.000Z');
    expect(events[1].at).toBe('2026-03-02T08:00:12.000Z');
    expect(events[3]).toMatchObject({ from: '201', to: '0612345678' });
    expect(tracker.lastEventAt()).toBe('2026-03-02T08:10:25.020Z');
  });

  it('rings each phone of a ring group once; a call that hangs up before any phone rang is missed', () => {
    const tracker = new AmiCallTracker();
    const base = { Linkedid: 'L1', Privilege: 'call,all' };
    const leg = (channel: string, uid: string) => ({ ...base, Channel: channel, Uniqueid: uid });
    const events = [
      { ...leg('PJSIP/trunk-1', 'L1'), Event: 'Newchannel', CallerIDNum: '0601020304', Exten: '0140000000', Timestamp: '100' },
      { ...leg('PJSIP/trunk-1', 'L1'), Event: 'DialBegin', DestChannel: 'PJSIP/201-1', Timestamp: '101' },
      { ...leg('PJSIP/trunk-1', 'L1'), Event: 'DialBegin', DestChannel: 'PJSIP/202-1', Timestamp: '101' },
      { ...leg('PJSIP/trunk-1', 'L1'), Event: 'DialBegin', DestChannel: 'PJSIP/201-2', Timestamp: '103' },
      { ...leg('PJSIP/202-1', 'L1.2'), Event: 'Newstate', ChannelState: '6', Timestamp: '104' },
      { ...leg('PJSIP/trunk-1', 'L1'), Event: 'Hangup', Timestamp: '160' },
      { ...leg('PJSIP/trunk-2', 'L2'), Linkedid: 'L2', Event: 'Newchannel', CallerIDNum: 'anonymous', Exten: '0140000000', Timestamp: '200' },
      { ...leg('PJSIP/trunk-2', 'L2'), Linkedid: 'L2', Event: 'Hangup', Timestamp: '205' },
    ].flatMap((m) => tracker.handle(m));
    expect(events.map((e) => `${e.callId} ${e.event} ${e.extension ?? ''} ${e.at}`)).toEqual([
      'L1 ringing 201 1970-01-01T00:01:40.000Z',
      'L1 ringing 202 1970-01-01T00:01:40.000Z',
      'L1 answered 202 1970-01-01T00:01:44.000Z',
      'L1 ended 202 1970-01-01T00:02:40.000Z',
      'L2 ringing  1970-01-01T00:03:20.000Z',
      'L2 missed  1970-01-01T00:03:25.000Z',
    ]);
    expect(events[4].from).toBe('unknown');
  });

  it('takes a call from one of the mapped extensions as outbound, whatever its caller ID', () => {
    const tracker = new AmiCallTracker((endpoint) => endpoint === 'poste-12');
    const [ringing] = tracker.handle({ Event: 'Newchannel', Channel: 'SIP/poste-12-0001', CallerIDNum: '0140000012', Exten: '0612345678', Uniqueid: 'X', Linkedid: 'X' });
    expect(ringing).toMatchObject({ direction: 'out', event: 'ringing', from: 'poste-12', to: '0612345678', extension: 'poste-12' });
  });

  it('in overload mode, moves a caller not under contract to the voicemail context (Redirect)', async () => {
    const actions: Record<string, string>[] = [];
    const call = [
      'Event: Newchannel\r\nChannel: PJSIP/trunk-orange-00000009\r\nChannelState: 4\r\nCallerIDNum: 0677889900\r\nContext: from-trunk\r\nExten: 0140000000\r\nUniqueid: 1772440000.9\r\nLinkedid: 1772440000.9\r\n\r\n',
      'Event: DialBegin\r\nChannel: PJSIP/trunk-orange-00000009\r\nUniqueid: 1772440000.9\r\nLinkedid: 1772440000.9\r\nDestChannel: PJSIP/201-0000000a\r\nDestUniqueid: 1772440000.10\r\nDialString: 201\r\n\r\n',
    ].join('');
    const server = net.createServer((socket) => {
      // Relais closing its side at the end of the test resets the connection: expected here.
      socket.on('error', () => undefined);
      socket.write('Asterisk Call Manager/5.0.1\r\n');
      let buffer = '';
      socket.on('data', (chunk) => {
        const parsed = parseAmiMessages(buffer + chunk.toString('utf8'));
        buffer = parsed.rest;
        for (const m of parsed.messages) {
          actions.push(m);
          socket.write(`Response: Success\r\nActionID: ${m.ActionID}\r\n\r\n`);
          if (m.Action === 'CoreShowChannels') socket.write(`Event: CoreShowChannelsComplete\r\nActionID: ${m.ActionID}\r\nListItems: 0\r\n\r\n`);
          if (m.Action === 'Login') socket.write(call);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const h = await createHarness('sqlite', LOOPBACK_ALLOWED);
    try {
      await api(h, h.users.manager, 'PUT', '/api/telephony/overload', { enabled: true });
      const port = (server.address() as net.AddressInfo).port;
      const created = await api(h, h.users.admin, 'POST', '/api/telephony/integrations', {
        name: 'Asterisk',
        kind: 'asterisk',
        config: { amiHost: '127.0.0.1', amiPort: port, amiUsername: 'relais', amiSecret: 's3cret-ami', amiVoicemailContext: 'relais-voicemail' },
      });
      expect(created.status).toBe(201);
      await vi.waitFor(() => expect(actions.find((a) => a.Action === 'Redirect')).toMatchObject({ Channel: 'PJSIP/trunk-orange-00000009', Context: 'relais-voicemail', Exten: 's', Priority: '1' }), { timeout: 10_000, interval: 50 });
      const [logged] = (await api(h, h.users.admin, 'GET', '/api/calls')).body.items;
      expect(logged.routing[0]).toMatchObject({ decision: 'voicemail', reason: 'overload mode: caller not under contract' });
      const queue = (await api(h, h.users.admin, 'GET', '/api/callbacks?reason=overload')).body.items;
      expect(queue.map((c: { callId: string }) => c.callId)).toEqual([logged.id]);
    } finally {
      await h.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses line breaks in the login settings: 400 from the API, an error event (not a crash) from a stored one', async () => {
    const h = await createHarness('sqlite');
    try {
      for (const config of [{ amiUsername: 'u\r\nAction: Originate\r\nChannel: PJSIP/evil' }, { amiSecret: 's\nEvents: on' }]) {
        const res = await api(h, h.users.admin, 'POST', '/api/telephony/integrations', { name: 'AMI', kind: 'asterisk', config: { amiHost: 'pbx.example.fr', amiPort: 5038, ...config } });
        expect(res.status).toBe(400);
        expect(res.body.error.details).toEqual([expect.objectContaining({ path: `config.${Object.keys(config)[0]}` })]);
      }
    } finally {
      await h.close();
    }
    // A value stored before this check: the login is not sent, and the client reports it.
    const received: string[] = [];
    const server = net.createServer((socket) => {
      socket.on('data', (chunk) => received.push(chunk.toString('utf8')));
      socket.on('error', () => undefined);
      socket.write('Asterisk Call Manager/5.0.1\r\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = new AmiClient({ host: '127.0.0.1', port: (server.address() as net.AddressInfo).port, username: 'u\r\nAction: Originate', secret: 's', minDelayMs: 60_000, outbound: parseOutboundAllow('127.0.0.1') });
    try {
      const error = new Promise<Error>((resolve) => client.on('error', resolve));
      client.start();
      expect(String(await error)).toContain('line breaks');
      expect(received.join('')).not.toContain('Originate');
    } finally {
      client.stop();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('connects only to public addresses, or to those the operator allowed (RELAIS_OUTBOUND_ALLOW, QUALITY 15)', async () => {
    let connections = 0;
    const server = net.createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const h = await createHarness('sqlite', { RELAIS_OUTBOUND_ALLOW: '192.168.1.10, 10.20.0.0/16' });
    try {
      const create = (amiHost: string) => api(h, h.users.admin, 'POST', '/api/telephony/integrations', { name: 'PBX', kind: 'asterisk', config: { amiHost, amiPort: port, amiUsername: 'relais', amiSecret: 's3cret-ami' } });
      // Loopback, private, link-local and mapped addresses in several notations: refused, naming the field and the setting.
      for (const host of ['127.0.0.1', '2130706433', '0177.0.0.1', '127.1', 'localhost', '::ffff:127.0.0.1', '169.254.169.254', '192.168.1.11', '[::1]']) {
        const res = await create(host);
        expect(res.status, host).toBe(400);
        expect(res.body.error.details, host).toEqual([
          expect.objectContaining({ path: 'config.amiHost', message: expect.stringContaining('RELAIS_OUTBOUND_ALLOW'), messageFr: expect.stringContaining('n’est pas une adresse publique') }),
        ]);
        // Each language on its own: the web app shows the one of its interface.
        expect(res.body.error.details[0].message, host).not.toContain('publique');
      }
      // Allowed by the operator: an on-premise phone system.
      expect((await create('192.168.1.10')).status).toBe(201);
      expect((await create('10.20.3.4')).status).toBe(201);
      const created = await create('pbx.example.fr');
      expect(created.status).toBe(201);
      // Pointing an existing one at loopback is refused too.
      const moved = await api(h, h.users.admin, 'PATCH', `/api/telephony/integrations/${created.body.id}`, { config: { amiHost: '127.0.0.1', amiPort: port, amiUsername: 'relais' } });
      expect(moved.status).toBe(400);
      expect(moved.body.error.details).toEqual([expect.objectContaining({ path: 'config.amiHost' })]);
    } finally {
      await h.close();
    }
    // A client given a loopback host it may not reach (stored before this check) reports it and never connects.
    const client = new AmiClient({ host: '127.0.0.1', port, username: 'relais', secret: 's', minDelayMs: 60_000 });
    try {
      const refused = new Promise<Error>((resolve) => client.on('connection-error', resolve));
      client.start();
      expect(String(await refused)).toContain('RELAIS_OUTBOUND_ALLOW');
      expect(connections).toBe(0);
    } finally {
      client.stop();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  describe('live connection', () => {
    let h: Harness;
    const published: LiveEvent[] = [];
    const fake = fakeAsterisk();
    beforeAll(async () => {
      await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
      h = await createHarness('sqlite', LOOPBACK_ALLOWED);
      h.app.relais.context.events.subscribe((e) => published.push(e));
      await api(h, h.users.admin, 'PUT', '/api/telephony/extensions', { extension: '201', userId: h.users.frontdesk.id });
      await api(h, h.users.admin, 'PUT', '/api/telephony/extensions', { extension: '202', userId: h.users.backoffice.id });
      await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Élise', lastName: 'Bernard', phones: [{ number: '06 01 02 03 04' }] });
    });
    afterAll(async () => {
      await h?.close();
      await new Promise((resolve) => fake.server.close(resolve));
    });

    it('logs in, records the calls, and reconnects after the connection drops', async () => {
      const port = (fake.server.address() as net.AddressInfo).port;
      const created = await api(h, h.users.admin, 'POST', '/api/telephony/integrations', {
        name: 'Asterisk',
        kind: 'asterisk',
        config: { amiHost: '127.0.0.1', amiPort: port, amiUsername: 'relais', amiSecret: 's3cret-ami' },
      });
      expect(created.status).toBe(201);
      expect(JSON.stringify(created.body)).not.toContain('s3cret-ami');
      await vi.waitFor(async () => {
        const missed = await api(h, h.users.frontdesk, 'GET', '/api/calls?state=missed');
        expect(missed.body.items).toHaveLength(1);
      }, { timeout: 10_000, interval: 100 });
      expect(fake.connections()).toBe(2);
      expect(fake.logins[0]).toMatchObject({ Action: 'Login', Username: 'relais', Events: 'call' });
      const log = await api(h, h.users.admin, 'GET', '/api/calls');
      const byId = new Map(log.body.items.map((c: { callId: string }) => [c.callId, c]));
      const answered = byId.get('1772438400.1') as { id: string; personId: string | null; routing: unknown[] };
      expect(answered).toMatchObject({ state: 'ended', direction: 'in', extension: '201', agentId: h.users.frontdesk.id, durationSeconds: 180, waitSeconds: 12 });
      expect(answered.personId).not.toBeNull();
      expect(answered.routing).toEqual([expect.objectContaining({ decision: 'ring', reason: 'extension', userIds: [h.users.frontdesk.id] })]);
      // The pop went to the extension's user only, not to the whole front desk.
      const pops = published.filter((e) => e.type === 'call.ringing');
      expect(pops.map((e) => [(e.data as { externalId: string }).externalId, e.audience.userIds])).toEqual([
        ['1772438400.1', [h.users.frontdesk.id]],
        ['1772438900.7', [h.users.backoffice.id]],
        ['1772439000.3', [h.users.backoffice.id]],
      ]);
      // The agent's own call out: outbound, no pop, no call-back.
      expect(byId.get('1772438700.5')).toMatchObject({ direction: 'out', state: 'ended', from: '201', toE164: '+33612345678', agentId: h.users.frontdesk.id, durationSeconds: 60 });
      // Its Hangup was lost while disconnected: closed after the reconnection, not left "answered".
      expect(byId.get('1772438900.7')).toMatchObject({ state: 'ended', agentId: h.users.backoffice.id });
      const missed = byId.get('1772439000.3') as { id: string };
      expect(missed).toMatchObject({ state: 'missed', fromE164: '+33699887766' });
      const queue = await api(h, h.users.admin, 'GET', '/api/callbacks?status=open');
      expect(queue.body.items.map((c: { callId: string }) => c.callId)).toEqual([missed.id]);

      // Click-to-call: Asterisk rings the agent's extension, then dials the number.
      const call = await api(h, h.users.frontdesk, 'POST', '/api/telephony/originate', { number: '06 12 34 56 78', integrationId: created.body.id });
      expect(call.status).toBe(200);
      expect(call.body).toMatchObject({ status: 'originated', via: 'asterisk', number: '+33612345678' });
      expect(fake.originates[0]).toMatchObject({ Action: 'Originate', Channel: 'PJSIP/201', Exten: '0612345678', Context: 'from-internal' });
      const noExtension = await api(h, h.users.sales, 'POST', '/api/telephony/originate', { number: '06 12 34 56 78', integrationId: created.body.id });
      expect(noExtension.status).toBe(409);
    });
  });
});
