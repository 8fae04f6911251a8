import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useI18n } from '../../i18n/useI18n.js';
import type { ConversionRow } from './types.js';

// Only what this chart draws, in the lazily loaded chunk of the page that shows it.
echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);

interface ConversionChartProps {
  rows: ConversionRow[];
  /** Display name of each row (an owner's name, a source's label…). */
  names: string[];
  label: string;
}

/** Leads per group (converted, accepted, rejected, pending; stacked) and the conversion rate (line, right axis). */
export function ConversionChart({ rows, names, label }: ConversionChartProps) {
  const { t } = useI18n();
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = element.current;
    if (!el) return;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  const namesKey = names.join('\u0000');
  useEffect(() => {
    const bar = (key: 'converted' | 'accepted' | 'rejected' | 'pending', color: string) => ({
      name: t(`leads.report.${key}`),
      type: 'bar',
      stack: 'leads',
      barMaxWidth: 56,
      itemStyle: { color },
      data: rows.map((row) => row[key]),
    });
    chart.current?.setOption(
      {
        aria: { enabled: true },
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 40, right: 48, top: 40, bottom: 60, containLabel: true },
        xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 4 ? 30 : 0 } },
        yAxis: [
          { type: 'value', name: t('leads.report.leads'), minInterval: 1 },
          { type: 'value', name: t('leads.report.rate'), min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
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
            data: rows.map((row) => Math.round(row.conversionRate * 1000) / 10),
          },
        ],
      },
      true,
    );
  // namesKey stands for names: a new array with the same names must not redraw the chart.
  }, [rows, namesKey, t]);

  return <div ref={element} style={{ width: '100%', height: 320 }} role="img" aria-label={label} data-testid="lead-conversion-chart" />;
}
