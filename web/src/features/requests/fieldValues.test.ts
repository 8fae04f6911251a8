import { describe, expect, it } from 'vitest';
import { fromFieldValues, parseDecimal, toFieldValues } from './fieldValues.js';
import type { RequestFieldDef } from './types.js';

const defs: RequestFieldDef[] = [
  { key: 'invoice_number', labelEn: 'Invoice', labelFr: 'Facture', type: 'text' },
  { key: 'amount', labelEn: 'Amount', labelFr: 'Montant', type: 'number' },
  { key: 'due', labelEn: 'Due', labelFr: 'Échéance', type: 'date' },
];

describe('request field values', () => {
  it('reads French and English decimals, with spaces as thousands separators', () => {
    expect(parseDecimal('240,50')).toBe(240.5);
    expect(parseDecimal('4 800')).toBe(4800);
    expect(parseDecimal('4\u202f800.25')).toBe(4800.25);
    expect(parseDecimal('  ')).toBeUndefined();
    expect(parseDecimal('beaucoup')).toBeNaN();
  });

  it('sends numbers as numbers, emptied fields as null, and leaves untouched fields out', () => {
    expect(toFieldValues(defs, { invoice_number: ' F-12 ', amount: '240,50', due: '' })).toEqual({ invoice_number: 'F-12', amount: 240.5, due: null });
    expect(toFieldValues(defs, { amount: 'n/a' })).toEqual({ amount: 'n/a' });
    expect(toFieldValues(defs, { unknown: 'x' })).toEqual({});
  });

  it('shows stored values as text', () => {
    expect(fromFieldValues({ amount: 240.5, invoice_number: 'F-12', due: null })).toEqual({ amount: '240.5', invoice_number: 'F-12', due: '' });
  });
});
