import { describe, expect, it } from 'vitest';
import { Random } from './random.js';
import { IsoTimes } from './iso-time.js';

describe('IsoTimes', () => {
  it('formats instants exactly as Date.toISOString()', () => {
    const times = new IsoTimes();
    const random = new Random(3);
    const edges = [0, 999, 1000, 59_999, 86_399_999, 86_400_000, Date.parse('2024-02-29T23:59:59.999Z'), Date.parse('9999-12-31T23:59:59.999Z')];
    const instants = [...edges, ...Array.from({ length: 20_000 }, () => Math.floor(random.next() * Date.parse('2100-01-01T00:00:00Z')))];
    for (const ms of instants) expect(times.format(ms), String(ms)).toBe(new Date(ms).toISOString());
  });
});
