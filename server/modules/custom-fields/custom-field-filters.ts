import { sql, type RawBuilder } from 'kysely';
import { AppError } from '../../errors.js';
import { foldedValue } from '../../lib/text.js';

/**
 * List filters on custom fields, as query parameters:
 *   cf.KEY=value        equality, every type (boolean: true/false; date: YYYY-MM-DD)
 *   cf.KEY.min=value    inclusive lower bound, number and date
 *   cf.KEY.max=value    inclusive upper bound, number and date
 *   cf.KEY.prefix=text  starts with, text
 * Text equality and prefixes ignore case and accents ("lyon" finds "Lyon", "ete" finds "Été"),
 * as search does: they compare the folded value (custom_field_values.value_folded).
 * Bounds are separate parameters rather than "a..b" so a text value containing ".." keeps meaning
 * itself. Field keys never contain a dot, so the first dot after the key starts the operator.
 */
export const CUSTOM_FILTER_OPS = ['eq', 'min', 'max', 'prefix'] as const;
export type CustomFilterOp = (typeof CUSTOM_FILTER_OPS)[number];

export interface CustomFilter {
  /** The query parameter as sent, for error messages: cf.fleet_size.min */
  param: string;
  key: string;
  op: CustomFilterOp;
  value: string;
}

const OPS_BY_TYPE: Record<string, CustomFilterOp[]> = {
  text: ['eq', 'prefix'],
  choice: ['eq'],
  boolean: ['eq'],
  number: ['eq', 'min', 'max'],
  date: ['eq', 'min', 'max'],
};

const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** A real calendar day: Date.parse rolls "2021-02-31" over to March, so the day must read back the same. */
export function isCustomFieldDate(value: string): boolean {
  // Years 0001–9999, as the API's other dates: there is no year 0 in the calendar people use.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value.startsWith('0000')) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

const invalid = (param: string, message: string) => new AppError('VALIDATION_FAILED', `${param}: ${message}`, [{ path: param, message }]);

/** Reads `cf.KEY` or `cf.KEY.OP` (the caller has checked the `cf.` start). */
export function parseCustomFilterParam(param: string, value: string): CustomFilter {
  const rest = param.slice(3);
  const dot = rest.indexOf('.');
  const key = dot < 0 ? rest : rest.slice(0, dot);
  const op = dot < 0 ? 'eq' : rest.slice(dot + 1);
  if (!(CUSTOM_FILTER_OPS as readonly string[]).includes(op)) {
    throw invalid(param, 'unknown filter; use cf.KEY, cf.KEY.min, cf.KEY.max or cf.KEY.prefix');
  }
  return { param, key, op: op as CustomFilterOp, value };
}

/** The smallest string greater than every string starting with `prefix` (in code point order), if any. */
function prefixUpperBound(prefix: string): string | null {
  const points = [...prefix];
  while (points.length) {
    const last = points.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      // Skip the surrogate range: those are not characters a database stores.
      const next = last + 1 >= 0xd800 && last + 1 <= 0xdfff ? 0xe000 : last + 1;
      return points.join('') + String.fromCodePoint(next);
    }
  }
  return null;
}

/**
 * The SQL condition on `custom_field_values f` for the filters of one field (all ANDed), with the
 * value checked against the field's type (and a choice against the field's choices). Values are always bound parameters; columns are fixed.
 * Every form is a range on the (field_key, value_text), (field_key, value_folded) or (field_key,
 * value_number) index.
 */
export function customFieldCondition(key: string, type: string, filters: CustomFilter[], choices: string[] = []): RawBuilder<boolean> {
  const conditions: RawBuilder<boolean>[] = [sql<boolean>`f.field_key = ${key}`];
  for (const f of filters) {
    if (!OPS_BY_TYPE[type]?.includes(f.op)) {
      const allowed = (OPS_BY_TYPE[type] ?? ['eq']).map((op) => (op === 'eq' ? `cf.${key}` : `cf.${key}.${op}`)).join(', ');
      throw invalid(f.param, `not available for a ${type} field; use ${allowed}`);
    }
    const cmp = sql.raw(f.op === 'min' ? '>=' : f.op === 'max' ? '<=' : '=');
    if (type === 'number') {
      const n = Number(f.value);
      if (!NUMBER.test(f.value.trim()) || !Number.isFinite(n)) throw invalid(f.param, 'expected a number');
      conditions.push(sql<boolean>`f.value_number ${cmp} ${n}`);
    } else if (type === 'boolean') {
      if (f.value !== 'true' && f.value !== 'false') throw invalid(f.param, 'expected true or false');
      conditions.push(sql<boolean>`f.value_number = ${f.value === 'true' ? 1 : 0}`);
    } else if (type === 'date') {
      if (!isCustomFieldDate(f.value)) throw invalid(f.param, 'expected a date YYYY-MM-DD');
      // ISO dates compare as text in date order.
      conditions.push(sql<boolean>`f.value_text ${cmp} ${f.value}`);
    } else if (type === 'choice' && !choices.includes(f.value)) {
      throw invalid(f.param, `expected one of: ${choices.join(', ')}`);
    } else if (f.op === 'prefix') {
      // A range on the index (byte order on both databases: SQLite BINARY, PostgreSQL C collation);
      // the substr check keeps the answer exact should a database sort text another way.
      const prefix = foldedValue(f.value);
      const upper = prefixUpperBound(prefix);
      conditions.push(sql<boolean>`f.value_folded >= ${prefix}`);
      if (upper !== null) conditions.push(sql<boolean>`f.value_folded < ${upper}`);
      conditions.push(sql<boolean>`substr(f.value_folded, 1, ${[...prefix].length}) = ${prefix}`);
    } else if (type === 'text') {
      conditions.push(sql<boolean>`f.value_folded = ${foldedValue(f.value)}`);
    } else {
      conditions.push(sql<boolean>`f.value_text = ${f.value}`);
    }
  }
  return sql.join(conditions, sql` AND `) as RawBuilder<boolean>;
}
