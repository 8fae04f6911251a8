import { describe, expect, it } from 'vitest';
import type { MessageKey, Translate } from './Dictionary.js';
import { en } from './en.js';
import { fr } from './fr.js';
import { formatDuration } from './formatDuration.js';

// The dictionaries' own texts, filled in as i18n.t does (i18n.ts itself needs a browser).
const translator =
  (dictionary: Record<MessageKey, string>): Translate =>
  (key, vars = {}) =>
    dictionary[key].replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));

describe('formatDuration', () => {
  const t = translator(en);

  it('shows seconds under a minute, never "0 min"', () => {
    expect(formatDuration(0, t)).toBe('0 s');
    expect(formatDuration(6, t)).toBe('6 s');
    expect(formatDuration(29.6, t)).toBe('30 s');
    expect(formatDuration(59, t)).toBe('59 s');
  });

  it('shows minutes, and the seconds left over', () => {
    expect(formatDuration(60, t)).toBe('1 min');
    expect(formatDuration(192, t)).toBe('3 min 12 s');
    expect(formatDuration(900, t)).toBe('15 min');
  });

  it('shows hours and minutes from an hour, without the seconds', () => {
    expect(formatDuration(3599, t)).toBe('59 min 59 s');
    expect(formatDuration(3600, t)).toBe('1 h');
    expect(formatDuration(7325, t)).toBe('2 h 2 min');
    expect(formatDuration(7325, translator(fr))).toBe('2 h 2 min');
  });

  it('is empty for an unknown duration and never negative', () => {
    expect(formatDuration(null, t)).toBe('');
    expect(formatDuration(undefined, t)).toBe('');
    expect(formatDuration(Number.NaN, t)).toBe('');
    expect(formatDuration(-5, t)).toBe('0 s');
  });

  it('speaks French too', () => {
    expect(formatDuration(75, translator(fr))).toBe('1 min 15 s');
  });
});
