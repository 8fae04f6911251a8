import type { FieldValue, RequestFieldDef } from './types.js';

/** "4 800", "4800,50" or "4800.50" as a number; undefined when empty, NaN when not a number. */
export function parseDecimal(text: string): number | undefined {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  return compact === '' ? undefined : Number(compact);
}

/**
 * Values typed in the inputs as the API wants them: numbers for number fields (a French "240,50"
 * included), null for emptied ones; text that is not a number is sent as typed.
 */
export function toFieldValues(defs: RequestFieldDef[], raw: Record<string, string>): Record<string, FieldValue> {
  const values: Record<string, FieldValue> = {};
  for (const def of defs) {
    if (!(def.key in raw)) continue;
    const text = raw[def.key].trim();
    if (text === '') values[def.key] = null;
    else if (def.type === 'number') {
      const number = parseDecimal(text);
      values[def.key] = number === undefined || Number.isNaN(number) ? text : number;
    } else values[def.key] = text;
  }
  return values;
}

/** Current values as strings for the inputs. */
export function fromFieldValues(values: Record<string, FieldValue>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, value === null || value === undefined ? '' : String(value)]));
}
