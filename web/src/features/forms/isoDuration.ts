import type { Translate } from '../../i18n/Dictionary.js';
import type { Language } from '../../i18n/i18n.js';
import { LOCALES } from '../../i18n/interpolate.js';

/**
 * The units a deadline is typed in. The server counts them in working time as written (see
 * server/modules/requests/business-time.ts): two days are two working days, 24 hours are 24 working
 * hours, a week five working days. So a value is never converted from one unit to another.
 */
export const DURATION_UNITS = ['minutes', 'hours', 'days', 'weeks'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** One number and one unit, as the duration input edits them. */
export interface SimpleDuration {
  amount: number;
  unit: DurationUnit;
}

const SIMPLE: [RegExp, DurationUnit][] = [
  [/^PT(\d+)M$/, 'minutes'],
  [/^PT(\d+)H$/, 'hours'],
  [/^P(\d+)D$/, 'days'],
  [/^P(\d+)W$/, 'weeks'],
];

/**
 * "PT4H" → 4 hours, "P2D" → 2 days; "" → null (no duration); anything else (P1DT2H, P1M, a
 * typo) → undefined: not one number and one unit, to be shown and kept as it is.
 */
export function parseSimpleDuration(iso: string): SimpleDuration | null | undefined {
  const text = iso.trim();
  if (!text) return null;
  for (const [pattern, unit] of SIMPLE) {
    const match = pattern.exec(text);
    if (match) return { amount: Number(match[1]), unit };
  }
  return undefined;
}

/** 2 days → "P2D", 24 hours → "PT24H": the unit as chosen (the server counts each unit its own way). */
export function toIsoDuration({ amount, unit }: SimpleDuration): string {
  switch (unit) {
    case 'minutes':
      return `PT${amount}M`;
    case 'hours':
      return `PT${amount}H`;
    case 'days':
      return `P${amount}D`;
    case 'weeks':
      return `P${amount}W`;
  }
}

/** The parts of an ISO 8601 duration the server takes (P…Y…M…W…DT…H…M…S), in order. */
const PARTS = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const PART_UNITS = ['year', 'month', 'week', 'day', 'hour', 'minute', 'second'] as const;

/**
 * An ISO duration in words for the interface's language: "4 heures", "1 day and 2 hours"; a value
 * that is not one (a typo kept from before) as written.
 */
export function durationInWords(iso: string, lang: Language): string {
  const match = PARTS.exec(iso.trim());
  if (!match) return iso;
  const locale = LOCALES[lang];
  const words = PART_UNITS.flatMap((unit, index) => {
    const value = match[index + 1];
    return value === undefined ? [] : [new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(Number(value))];
  });
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(words);
}

/** The label of a unit in the unit menu, agreeing with the number ("1 heure", "4 heures"). */
export const unitLabel = (unit: DurationUnit, count: number, t: Translate) => t(`durationInput.unit.${unit}`, { count });

/** Whether a text is an ISO duration of the shape the server takes (to say it in words). */
export const isIsoDuration = (iso: string) => PARTS.test(iso.trim());
