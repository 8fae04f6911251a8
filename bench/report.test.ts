import { describe, expect, it } from 'vitest';
import { checkLines, checks, type Measurement } from './report.js';

function measurement(dialect: string, scenario: string, figures: Partial<Measurement>): Measurement {
  return { dialect, scenario, requests: 1000, rps: 1000, p50: 1, p95: 2, p99: 3, max: 4, errors: 0, non2xx: 0, statusCodes: {}, rssMb: 100, cpuMsPerRequest: 0.2, ...figures };
}

describe('benchmark targets', () => {
  it('judges each target and sets the saturated lookup tail beside the bare reference’s in the same run', () => {
    const lines = checkLines(
      checks(
        [
          measurement('sqlite', 'lookup', { rps: 2323, p99: 19.45, cpuMsPerRequest: 0.44 }),
          measurement('sqlite', 'lookup (reference)', { rps: 3479, p99: 12.47, cpuMsPerRequest: 0.29 }),
          measurement('sqlite', 'lookup, 1 connection', { p99: 0.93 }),
          measurement('postgres', 'lookup', { p99: 8.5 }),
        ],
        [{ dialect: 'sqlite', people: 1_000_000, seconds: 53 }],
      ),
    );
    expect(lines).toEqual([
      '- met: sqlite import 1M people < 60 s (≥ 16,667 people/s) — 18,868 people/s → 1M in ≈ 53 s',
      '- **MISSED**: sqlite lookup p99 < 10 ms, unpaced (saturated) load — p99 19.4 ms (the bare reference in the same run: p99 12.5 ms)',
      '- met: sqlite lookup p99 < 10 ms, 1 connection — p99 0.93 ms',
      '- met: sqlite lookup throughput ≥ 60% of the bare reference — 67% (2,323 vs 3,479 req/s); by CPU per lookup 66% (0.44 vs 0.29 ms)',
      '- met: postgres lookup p99 < 10 ms, unpaced (saturated) load — p99 8.50 ms',
    ]);
  });
});
