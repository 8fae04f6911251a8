import http from 'node:http';
import type { LoadResult, NextRequest } from './load.js';
import { percentile } from './percentile.js';

/**
 * Open-loop load at a fixed rate: one request every 1/rate seconds, evenly spaced, over at most
 * `connections` keep-alive connections — the latency people see at a given traffic, rather than
 * at saturation. autocannon's `overallRate` sends each tick's requests as one burst, so a burst of
 * 20 waits in the server's queue and the figure measures the burst, not the service. Latency is
 * counted from the moment a request was due, not when it left: a late client does not hide the
 * server's delay (no coordinated omission).
 */
export async function runPaced(options: { url: string; token?: string; connections: number; duration: number; rate: number; next: NextRequest }): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const target = new URL(options.url);
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  let non2xx = 0;
  const interval = 1000 / options.rate;
  const total = Math.round(options.rate * options.duration);
  const started = performance.now();
  const pending: Promise<void>[] = [];

  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const r = options.next();
      const request = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: r.method ?? 'GET',
          path: r.path,
          timeout: 10_000,
          headers: { ...(options.token && { authorization: `Bearer ${options.token}` }), ...(r.body && { 'content-type': 'application/json' }) },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            latencies.push(performance.now() - due);
            statusCodes[response.statusCode!] = (statusCodes[response.statusCode!] ?? 0) + 1;
            if (response.statusCode! < 200 || response.statusCode! >= 300) non2xx++;
            resolve();
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.on('error', () => {
        errors++;
        resolve();
      });
      request.end(r.body);
    });

  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(send(due));
  }
  await Promise.all(pending);
  agent.destroy();
  const elapsed = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length,
    rps: latencies.length / elapsed,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    errors,
    non2xx,
    statusCodes,
  };
}
