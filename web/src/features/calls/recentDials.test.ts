import { describe, expect, it } from 'vitest';
import { dialledRecently, noteDial, RECENT_DIAL_MS } from './recentDials.js';

describe('recent dials', () => {
  it('remembers a dialled record for half an hour, and only that record', () => {
    const at = Date.parse('2026-12-06T10:00:00Z');
    noteDial('p1', at);
    expect(dialledRecently('p1', at + 60_000)).toBe(true);
    expect(dialledRecently('p1', at + RECENT_DIAL_MS)).toBe(false);
    expect(dialledRecently('p2', at + 60_000)).toBe(false);
    expect(dialledRecently(undefined, at)).toBe(false);
  });
});
