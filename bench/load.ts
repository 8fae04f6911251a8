import autocannon from 'autocannon';
import { percentile } from './percentile.js';

/** One request a scenario sends; called for every request so each can differ (number, query, person). */
export type NextRequest = () => { method?: 'GET' | 'POST'; path: string; body?: string };

export interface LoadResult {
  requests: number;
  /** Completed requests per second. */
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
  statusCodes: Record<string, number>;
}

/**
 * Runs autocannon against a server for `duration` seconds with `connections` keep-alive
 * connections. Latencies are collected from every response (autocannon's own summary has no p95).
 */
export async function runLoad(options: {
  url: string;
  token?: string;
  connections: number;
  duration: number;
  next: NextRequest;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  const auth: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  const withBody = { ...auth, 'content-type': 'application/json' };
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.duration,
    timeout: 10,
    headers: auth,
    requests: [
      {
        setupRequest: (request) => {
          const r = options.next();
          return { ...request, method: r.method ?? 'GET', path: r.path, body: r.body, headers: r.body ? withBody : auth };
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, time: number) => latencies.push(time));
  const result = await instance;
  const sorted = Float64Array.from(latencies).sort();
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
  return {
    requests: latencies.length,
    rps: latencies.length / result.duration,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
  };
}
