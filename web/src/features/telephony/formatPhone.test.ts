import { describe, expect, it } from 'vitest';
import { formatPhone } from './formatPhone.js';

describe('formatPhone', () => {
  it('shows French numbers in the national form', () => {
    expect(formatPhone('+33611223344')).toBe('06 11 22 33 44');
    expect(formatPhone('0611223344', '+33611223344')).toBe('06 11 22 33 44');
    expect(formatPhone('+33 1 40 00 00 00')).toBe('01 40 00 00 00');
  });

  it('leaves other numbers as written', () => {
    expect(formatPhone('+44 20 7946 0958', '+442079460958')).toBe('+44 20 7946 0958');
    expect(formatPhone('Anonymous')).toBe('Anonymous');
    expect(formatPhone('', null)).toBe('');
  });
});
