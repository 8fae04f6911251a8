/**
 * QUALITY 31, the leak part: a stretch of mixed traffic over real HTTP — creating and reading
 * people, logging calls, searching, caller lookups, live-event streams opened and dropped by their
 * browsers — must leave the server with the file descriptors and live-event subscriptions it had
 * before. A leak of either ends a long-running server (too many open files, events sent to
 * nobody). Speed is not measured here (see `npm run bench`).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, DIALECTS, type Harness } from '../harness.js';

const openFiles = () => fs.readdirSync('/proc/self/fd').length;

describe.skipIf(process.platform !== 'linux').each(DIALECTS)('a stretch of mixed traffic on %s', (dialect) => {
  let h: Harness;
  let url: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('leaves no file descriptor and no live-event subscription behind', { timeout: 120_000 }, async () => {
    // The test is the server's client too: its own keep-alive sockets are closed (agent.destroy)
    // before counting, so that what remains open is the server's.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const headers = { authorization: `Bearer ${h.users.frontdesk.token}`, 'content-type': 'application/json' };
    const call = (method: string, path: string, body?: unknown) =>
      new Promise<{ id?: string }>((resolve, reject) => {
        const request = http.request(`${url}${path}`, { method, headers, agent }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            if (response.statusCode! >= 300) reject(new Error(`${method} ${path}: ${response.statusCode} ${Buffer.concat(chunks).toString()}`));
            else resolve(JSON.parse(Buffer.concat(chunks).toString() || 'null'));
          });
        });
        request.on('error', reject);
        request.end(body === undefined ? undefined : JSON.stringify(body));
      });
    /** A browser tab that opens the live stream, reads its first event, and goes away. */
    const streamAndLeave = () =>
      new Promise<void>((resolve, reject) => {
        const request = http.request(`${url}/api/events`, { headers, agent }, (response) => {
          expect(response.statusCode).toBe(200);
          response.once('data', () => {
            request.destroy();
            resolve();
          });
        });
        request.on('error', (error) => (request.destroyed ? undefined : reject(error)));
        request.end();
      });
    const round = async (i: number) => {
      const number = `06 ${String(40_000_000 + i).replace(/(\d\d)(\d\d)(\d\d)(\d\d)/, '$1 $2 $3 $4')}`;
      const person = await call('POST', '/api/people', { firstName: 'Soak', lastName: `Test ${i}`, phones: [{ number, label: 'mobile' }] });
      await call('GET', `/api/people/${person.id}`);
      await call('POST', '/api/interactions', { channel: 'call', direction: 'in', personId: person.id, summary: `Appel ${i}` });
      await call('GET', `/api/lookup/phone/${encodeURIComponent(number)}`);
      await call('GET', `/api/search?q=${encodeURIComponent(`soak test ${i}`)}`);
      await call('GET', '/api/people?limit=20');
      await streamAndLeave();
    };
    const rounds = async (from: number, to: number) => {
      for (let i = from; i < to; i += 4) await Promise.all([i, i + 1, i + 2, i + 3].map(round));
    };
    const subscribers = () => h.app.relais.context.events.subscriberCount();
    // The server's own listeners (the credentials it keeps forget on access changes), before any stream.
    const serversOwn = subscribers();

    const settled = async () => {
      agent.destroy();
      // Dropped streams are noticed when their socket closes: give the last ones a moment.
      const until = Date.now() + 5_000;
      while (subscribers() > serversOwn && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { files: openFiles(), subscribers: subscribers() };
    };

    // Warm up at the same concurrency first: the database pool, caches and prepared statements
    // fill up once and then stay.
    await rounds(0, 40);
    const before = await settled();
    await rounds(40, 340);
    const after = await settled();

    expect(after.subscribers).toBe(before.subscribers);
    expect(after.subscribers).toBe(serversOwn);
    // A couple of descriptors of slack; a leak of one per request or per stream would add hundreds.
    expect(after.files).toBeLessThanOrEqual(before.files + 2);
  });
});
