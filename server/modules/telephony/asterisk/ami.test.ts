import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { api, createHarness, type Harness } from '../../../test/harness.js';
import { AmiCallTracker } from './ami-calls.js';
import { parseAmiMessages } from './ami-client.js';

const transcript = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/ami-session.txt'), 'utf8');
const messages = parseAmiMessages(transcript).messages;
/** The transcript cut after the first call's last message, to drop the connection there. */
const cut = transcript.indexOf('Event: Newchannel', transcript.indexOf('Cause-txt: Normal Clearing\r\n', transcript.indexOf('Hangup')) + 1);

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
    socket.write('Asterisk Call Manager/5.0.1\r\n');
    let buffer = '';
    socket.on('data', (chunk) => {
      const parsed = parseAmiMessages(buffer + chunk.toString('utf8'));
      buffer = parsed.rest;
      for (const m of parsed.messages) {
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
    expect(messages.filter((m) => m.Event === 'Hangup')).toHaveLength(4);
    const tracker = new AmiCallTracker();
    const events = messages.flatMap((m) => tracker.handle(m));
    expect(events.map((e) => `${e.callId} ${e.event} ${e.extension ?? ''}`)).toEqual([
      '1772438400.1 ringing ',
      '1772438400.1 ringing 201',
      '1772438400.1 answered 201',
      '1772438400.1 ended 201',
      '1772439000.3 ringing ',
      '1772439000.3 ringing 202',
      '1772439000.3 missed 202',
    ]);
    expect(events[2].at).toBe('2026-03-02T08:00:12.000Z');
  });

  describe('live connection', () => {
    let h: Harness;
    const fake = fakeAsterisk();
    beforeAll(async () => {
      await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
      h = await createHarness('sqlite');
      await api(h, h.users.admin, 'PUT', '/api/telephony/extensions', { extension: '201', userId: h.users.frontdesk.id });
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
      const log = await api(h, h.users.frontdesk, 'GET', '/api/calls');
      const [missed, answered] = log.body.items;
      expect(answered).toMatchObject({ callId: '1772438400.1', state: 'ended', extension: '201', agentId: h.users.frontdesk.id, durationSeconds: 180, waitSeconds: 12 });
      expect(answered.personId).not.toBeNull();
      expect(missed).toMatchObject({ callId: '1772439000.3', state: 'missed', fromE164: '+33699887766' });
      const queue = await api(h, h.users.frontdesk, 'GET', '/api/callbacks?status=open');
      expect(queue.body.items.map((c: { callId: string }) => c.callId)).toContain(missed.id);

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
