import { describe, expect, it } from 'vitest';
import { formatPhone, isPhoneNumber } from './phone-display.js';

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

  it('tells a written number from a withheld caller or a summary', () => {
    for (const number of ['06 98 76 54 32', '+33612345678', '(01) 42.00.00.01', '0033 6 12 34 56 78']) expect(isPhoneNumber(number), number).toBe(true);
    for (const text of ['anonymous', 'Restricted', '', null, '+', '12', 'Tarif 12 palettes']) expect(isPhoneNumber(text), String(text)).toBe(false);
  });
});
