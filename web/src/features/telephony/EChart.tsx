import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the call statistics draw: keeps the lazily loaded chart chunk small.
echarts.use([BarChart, LineChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent, VisualMapComponent, AriaComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

interface EChartProps {
  option: ChartOption;
  height?: number;
  /** What the chart shows, for screen readers (ECharts' aria description is added too). */
  label: string;
  testId?: string;
}

/** An ECharts chart (canvas) that follows its container's size. */
export function EChart({ option, height = 280, label, testId }: EChartProps) {
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
      chart.current = null;
      // A chart painted over several frames has its next paint queued (requestAnimationFrame), and
      // zrender (6.1) runs it even after dispose(), on the emptied painter: an uncaught TypeError
      // ("reading 'layerStack'", seen once in the browser tests). Disposed one frame later, after it.
      requestAnimationFrame(() => instance.dispose());
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, ...option }, true);
  }, [option]);

  return <div ref={element} style={{ width: '100%', height }} role="img" aria-label={label} data-testid={testId} />;
}
