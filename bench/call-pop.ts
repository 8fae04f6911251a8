/**
 * Screen-pop latency: the time from a `ringing` POST on the telephony webhook to the `call.ringing`
 * event arriving on each of many connected SSE streams (a front desk with its browsers open).
 * Measured over real HTTP against the same server process as the other scenarios.
 */
import http from 'node:http';
import { percentile } from './percentile.js';

interface Options {
  url: string;
  /** An admin's API token (to create the integration and the front-desk user). */
  adminToken: string;
  phones: string[];
  streams: number;
  calls: number;
}

async function json(url: string, init: RequestInit & { token?: string }) {
  const { token, ...rest } = init;
  const response = await fetch(url, { ...rest, headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }), ...rest.headers } });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: HTTP ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** A front-desk user on duty, logged in through the API like a browser, with an API token for the streams. */
async function frontDeskToken(url: string, adminToken: string): Promise<string> {
  const email = `bench-desk-${Date.now()}@bench.local`;
  const password = 'Bench-Front-Desk-Passphrase-2026';
  await json(`${url}/api/users`, { method: 'POST', token: adminToken, body: JSON.stringify({ email, password, name: 'Bench desk', role: 'frontdesk' }) });
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const created = await json(`${url}/api/tokens`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify({ name: 'bench streams' }) });
  return created.token as string;
}

function openStream(url: string, token: string, onRinging: (externalId: string, at: number) => void): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${url}/api/events`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, agent: false });
    request.on('error', reject);
    request.on('response', (response) => {
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith('event: ready')) resolve(request);
          if (!block.startsWith('event: call.ringing')) continue;
          const data = JSON.parse(block.slice(block.indexOf('data: ') + 6)) as { externalId: string };
          onRinging(data.externalId, performance.now());
        }
      });
    });
  });
}

export async function measureCallPop(options: Options) {
  const { url, adminToken } = options;
  const integration = await json(`${url}/api/telephony/integrations`, { method: 'POST', token: adminToken, body: JSON.stringify({ name: `bench ${Date.now()}`, kind: 'generic' }) });
  const deskToken = await frontDeskToken(url, adminToken);
  const arrivals = new Map<string, number[]>();
  const streams = await Promise.all(
    Array.from({ length: options.streams }, () =>
      openStream(url, deskToken, (id, at) => {
        const list = arrivals.get(id);
        if (list) list.push(at);
      }),
    ),
  );
  const latencies: number[] = [];
  try {
    for (let i = 0; i < options.calls; i++) {
      const callId = `bench-${Date.now()}-${i}`;
      const from = options.phones[i % options.phones.length];
      const received: number[] = [];
      arrivals.set(callId, received);
      const sent = performance.now();
      await json(`${url}/api/telephony/events`, { method: 'POST', token: integration.secret as string, body: JSON.stringify({ callId, event: 'ringing', from, to: '0140000000' }) });
      const deadline = sent + 5000;
      while (received.length < options.streams && performance.now() < deadline) await new Promise((r) => setTimeout(r, 1));
      if (received.length < options.streams) throw new Error(`call ${i}: ${received.length}/${options.streams} streams got the pop-up within 5 s`);
      for (const at of received) latencies.push(at - sent);
      arrivals.delete(callId);
    }
  } finally {
    for (const s of streams) s.destroy();
  }
  latencies.sort((a, b) => a - b);
  return { streams: options.streams, calls: options.calls, events: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] };
}
