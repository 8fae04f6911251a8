import { useMemo } from 'react';
import { useI18n } from '../../i18n/useI18n.js';
import { EChart, type ChartOption } from '../../components/EChart.js';
import { describeCategoryChart } from '../../components/chartDescription.js';
import type { ConversionRow } from './types.js';

interface ConversionChartProps {
  rows: ConversionRow[];
  /** Display name of each row (an owner's name, a source's label…). */
  names: string[];
  label: string;
}

/** Leads per group (converted, accepted, rejected, pending; stacked) and the conversion rate (line, right axis). */
export function ConversionChart({ rows, names, label }: ConversionChartProps) {
  const { t, formatNumber, formatPercent } = useI18n();
  const namesKey = names.join('\u0000');
  const option = useMemo((): ChartOption => {
    const bar = (key: 'converted' | 'accepted' | 'rejected' | 'pending', color: string) => ({
      name: t(`leads.report.${key}`),
      type: 'bar',
      stack: 'leads',
      barMaxWidth: 56,
      itemStyle: { color },
      data: rows.map((row) => row[key]),
    });
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 48, top: 40, bottom: 60, containLabel: true },
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 4 ? 30 : 0 } },
      yAxis: [
        { type: 'value', name: t('leads.report.leads'), minInterval: 1 },
        // Rates plotted as shares (0–1), written in the interface's language ("12,5 %"), as on the call statistics.
        { type: 'value', name: t('leads.report.rate'), min: 0, max: 1, axisLabel: { formatter: (value: number) => formatPercent(value) } },
      ],
      series: [
        bar('converted', '#12b886'),
        bar('accepted', '#15aabf'),
        bar('rejected', '#adb5bd'),
        bar('pending', '#fab005'),
        {
          name: t('leads.report.rate'),
          type: 'line',
          yAxisIndex: 1,
          itemStyle: { color: '#1c7ed6' },
          tooltip: { valueFormatter: (value: unknown) => (typeof value === 'number' ? formatPercent(value) : '') },
          data: rows.map((row) => row.conversionRate),
        },
      ],
    };
    // namesKey stands for names: a new array with the same names must not redraw the chart.
  }, [rows, namesKey, t, formatPercent]);

  // Read out as "Alice — Converted: 3, Accepted: 1, …, Conversion rate: 50 %" for each group.
  const description = useMemo(() => {
    const counts = (['converted', 'accepted', 'rejected', 'pending'] as const).map((key) => ({ name: t(`leads.report.${key}`), values: rows.map((row) => row[key]) }));
    return describeCategoryChart(
      {
        title: label,
        categories: names,
        series: [...counts, { name: t('leads.report.rate'), values: rows.map((row) => row.conversionRate), format: formatPercent, summable: false }],
      },
      { t, formatNumber },
    );
    // namesKey stands for names, as above.
  }, [rows, namesKey, label, t, formatNumber, formatPercent]);

  return <EChart option={option} height={320} description={description} testId="lead-conversion-chart" />;
}
