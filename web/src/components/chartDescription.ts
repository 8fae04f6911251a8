import type { Translate } from '../i18n/Dictionary.js';

/** One series of a chart over categories (days, agents, sources…), as a screen reader hears it. */
export interface DescribedSeries {
  name: string;
  values: (number | null | undefined)[];
  /** How a value reads ("75 %"); the number as the language writes it otherwise. */
  format?: (value: number) => string;
  /** Whether the values add up across categories (counts do, rates do not). Default: yes. */
  summable?: boolean;
}

export interface CategoryChart {
  /** What the chart shows, as its heading says it. */
  title: string;
  categories: string[];
  series: DescribedSeries[];
}

/** More categories than this are summed up (totals, range, highest) rather than read out one by one. */
export const MAX_LISTED_CATEGORIES = 12;

interface Formatting {
  t: Translate;
  formatNumber: (value: number) => string;
}

const isNumber = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value);

/** "Answered: 3, Missed: 1": the values of one category, those with no value left out. */
function valuesAt(chart: CategoryChart, index: number, { t, formatNumber }: Formatting, series = chart.series): string {
  return series
    .filter((s) => isNumber(s.values[index]))
    .map((s) => t('chart.value', { name: s.name, value: (s.format ?? formatNumber)(s.values[index] as number) }))
    .join(t('chart.valueSeparator'));
}

/**
 * The accessible description of a chart over categories, in the interface's language: each
 * category with its values when there are few ("Per agent: Alice — Answered: 3, Missed: 1; Bob —
 * …"), otherwise the range, each series' total and the category with the most (a month of days
 * read out one by one says nothing).
 */
export function describeCategoryChart(chart: CategoryChart, formatting: Formatting): string {
  const { t, formatNumber } = formatting;
  const { title, categories } = chart;
  const hasValues = chart.series.some((s) => s.values.some(isNumber));
  if (categories.length === 0 || !hasValues) return t('chart.empty', { title });

  if (categories.length <= MAX_LISTED_CATEGORIES) {
    const items = categories
      .map((category, index) => ({ category, values: valuesAt(chart, index, formatting) }))
      .filter((item) => item.values)
      .map((item) => t('chart.category', { category: item.category, values: item.values }));
    return t('chart.list', { title, items: items.join(t('chart.categorySeparator')) });
  }

  const summable = chart.series.filter((s) => s.summable !== false);
  const totals = summable
    .map((s) => t('chart.value', { name: s.name, value: (s.format ?? formatNumber)(s.values.filter(isNumber).reduce((sum, v) => sum + v, 0)) }))
    .join(t('chart.valueSeparator'));
  const sums = categories.map((_, index) => summable.reduce((sum, s) => sum + (isNumber(s.values[index]) ? (s.values[index] as number) : 0), 0));
  const highest = sums.indexOf(Math.max(...sums));
  const range = t('chart.range', { title, from: categories[0], to: categories[categories.length - 1], totals });
  if (!summable.length || sums[highest] <= 0) return range;
  return `${range} ${t('chart.highest', { category: categories[highest], values: valuesAt(chart, highest, formatting, summable) })}`;
}

/**
 * A heat map's total and its busiest cell (row and column indexes, first one on a tie), for its
 * description ("Monday at 10:00, 12 calls"); no busiest cell when everything is zero.
 */
export function heatmapSummary(cells: (number | null | undefined)[][]): { total: number; busiest: { row: number; column: number; value: number } | null } {
  let total = 0;
  let busiest: { row: number; column: number; value: number } | null = null;
  cells.forEach((line, row) =>
    line.forEach((value, column) => {
      if (!isNumber(value)) return;
      total += value;
      if (value > 0 && (!busiest || value > busiest.value)) busiest = { row, column, value };
    }),
  );
  return { total, busiest };
}
