import { describe, expect, it } from 'vitest';
import type { CustomFieldDefinition } from '../../lib/types.js';
import { isFilterKey } from '../lists/useListState.js';
import { customFieldErrorKey, customFieldInputs, customFieldPayload, numberFilterValue } from './customFieldValues.js';

const field = (key: string, type: CustomFieldDefinition['type'], choices: string[] = []): CustomFieldDefinition =>
  ({ id: key, entityType: 'person', key, labelEn: key, labelFr: key, type, choices }) as CustomFieldDefinition;

const fields = [field('size', 'number'), field('renewal', 'date'), field('partner', 'boolean'), field('segment', 'choice', ['road', 'rail']), field('note', 'text')];

describe('custom field values in forms', () => {
  it('shows stored values as text, missing and null ones as empty', () => {
    expect(customFieldInputs({ size: 4.5, partner: false, renewal: '2026-01-15', note: null })).toEqual({ size: '4.5', partner: 'false', renewal: '2026-01-15', note: '' });
    expect(customFieldInputs(undefined)).toEqual({});
  });

  it('sends typed values with their type, French decimals included, and leaves empty new fields out', () => {
    const body = customFieldPayload(fields, { size: ' 1 200,5 ', renewal: '2026-03-01', partner: 'true', segment: 'rail', note: '' });
    expect(body).toEqual({ size: 1200.5, renewal: '2026-03-01', partner: true, segment: 'rail' });
  });

  it('sends text that is no number as typed, so the server names the field', () => {
    expect(customFieldPayload(fields, { size: 'beaucoup' })).toEqual({ size: 'beaucoup' });
  });

  it('on edit, sends only changed fields, and null for an emptied one', () => {
    const stored = { size: 12, partner: true, note: 'Lyon' };
    expect(customFieldPayload(fields, { size: '12', partner: 'false', note: '' }, stored)).toEqual({ partner: false, note: null });
  });

  it('reads number filters the French way and passes anything else through for the server to refuse', () => {
    expect(numberFilterValue('4,5')).toBe('4.5');
    expect(numberFilterValue('1 200')).toBe('1200');
    expect(numberFilterValue('  ')).toBe('');
    expect(numberFilterValue('abc')).toBe('abc');
  });

  it('maps the server messages about values to translated messages', () => {
    expect(customFieldErrorKey('expected a number')).toBe('cf.error.number');
    expect(customFieldErrorKey('expected one of: road, rail')).toBe('cf.error.choice');
    expect(customFieldErrorKey('something else')).toBeUndefined();
    expect(customFieldErrorKey(undefined)).toBeUndefined();
  });

  it('counts custom-field parameters as list filters (URL and saved views), not sort or columns', () => {
    expect(['q', 'city', 'cf.size.min', 'cf.note.prefix', 'cf.partner'].every(isFilterKey)).toBe(true);
    expect(['sort', 'cols', 'view', 'cursor'].some(isFilterKey)).toBe(false);
  });
});
