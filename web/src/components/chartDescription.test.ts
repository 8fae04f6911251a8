import { describe, expect, it } from 'vitest';
import type { MessageKey, Translate } from '../i18n/Dictionary.js';
import { en } from '../i18n/en.js';
import { fr } from '../i18n/fr.js';
import { interpolate, LOCALES, type Language } from '../i18n/interpolate.js';
import { describeCategoryChart, heatmapSummary, MAX_LISTED_CATEGORIES } from './chartDescription.js';

// The dictionaries' own texts, filled in as i18n.t does (i18n.ts itself needs a browser).
const formatting = (lang: Language) => {
  const dictionary: Record<MessageKey, string> = lang === 'fr' ? fr : en;
  const t: Translate = (key, vars = {}) => interpolate(dictionary[key], vars, lang);
  const number = new Intl.NumberFormat(LOCALES[lang]);
  return { t, formatNumber: (value: number) => number.format(value) };
};

describe('describeCategoryChart', () => {
  const agents = {
    title: 'Appels par agent',
    categories: ['Alice', 'Bruno'],
    series: [
      { name: 'Répondus', values: [12, 3] },
      { name: 'Manqués', values: [1, null] },
    ],
  };

  it('reads each category and its values out, in French', () => {
    expect(describeCategoryChart(agents, formatting('fr'))).toBe('Appels par agent : Alice — Répondus : 12, Manqués : 1 ; Bruno — Répondus : 3.');
  });

  it('and in English, values written for the language', () => {
    const chart = { title: 'Calls per agent', categories: ['Alice'], series: [{ name: 'Answered', values: [1250] }, { name: 'Rate', values: [0.755], format: (v: number) => `${Math.round(v * 100)}%`, summable: false }] };
    expect(describeCategoryChart(chart, formatting('en'))).toBe('Calls per agent: Alice — Answered: 1,250, Rate: 76%.');
  });

  it('sums a long range up: its ends, each series’ total and the highest category (rates are not added up)', () => {
    const days = Array.from({ length: 30 }, (_, i) => `${i + 1} mars`);
    const chart = {
      title: 'Appels par jour',
      categories: days,
      series: [
        { name: 'Répondus', values: days.map((_, i) => (i === 11 ? 9 : 1)) },
        { name: 'Manqués', values: days.map((_, i) => (i === 11 ? 2 : 0)) },
        { name: 'Taux de réponse', values: days.map(() => 0.5), summable: false },
      ],
    };
    expect(days.length).toBeGreaterThan(MAX_LISTED_CATEGORIES);
    expect(describeCategoryChart(chart, formatting('fr'))).toBe(
      'Appels par jour, du 1 mars au 30 mars ; totaux : Répondus : 38, Manqués : 2. Le plus haut : 12 mars (Répondus : 9, Manqués : 2).',
    );
  });

  it('says there is nothing to show rather than reading out zeros as nothing', () => {
    expect(describeCategoryChart({ title: 'Per agent', categories: [], series: [] }, formatting('en'))).toBe('Per agent: no data.');
    expect(describeCategoryChart({ title: 'Par agent', categories: ['Alice'], series: [{ name: 'Répondus', values: [null] }] }, formatting('fr'))).toBe('Par agent : aucune donnée.');
    // Zero is a value: said.
    expect(describeCategoryChart({ title: 'Per agent', categories: ['Alice'], series: [{ name: 'Missed', values: [0] }] }, formatting('en'))).toBe('Per agent: Alice — Missed: 0.');
  });

  it('gives no highest category over a long, empty range', () => {
    const days = Array.from({ length: 20 }, (_, i) => `Day ${i + 1}`);
    expect(describeCategoryChart({ title: 'Calls per day', categories: days, series: [{ name: 'Answered', values: days.map(() => 0) }] }, formatting('en'))).toBe(
      'Calls per day, Day 1 to Day 20; totals: Answered: 0.',
    );
  });
});

describe('heatmapSummary', () => {
  it('adds every cell up and finds the busiest, the first one on a tie', () => {
    expect(heatmapSummary([[0, 2, 5], [5, 1, null]])).toEqual({ total: 13, busiest: { row: 0, column: 2, value: 5 } });
  });

  it('has no busiest cell when nothing happened', () => {
    expect(heatmapSummary([[0, 0], []])).toEqual({ total: 0, busiest: null });
    expect(heatmapSummary([])).toEqual({ total: 0, busiest: null });
  });
});
