import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// Only what Relais's charts draw (call statistics, lead conversion): keeps the lazily loaded chart chunk small.
echarts.use([BarChart, LineChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent, VisualMapComponent, AriaComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

interface EChartProps {
  option: ChartOption;
  height?: number;
  /**
   * What the chart shows, in the user's language, for screen readers: its subject and its values
   * in short (see chartDescription.ts). It replaces ECharts' generated description, which is in
   * English and reads out every item's internals.
   */
  description: string;
  testId?: string;
}

/**
 * Charts whose disposal waits for the next frame, by element. React may clean an effect up and run
 * it again on the same element (StrictMode does; the built call statistics page did too). Disposed
 * at once, the old chart still had its next paint queued (requestAnimationFrame), which zrender
 * (6.1) runs even after dispose(), on the emptied painter: an uncaught TypeError ("reading
 * 'layerStack'"). So a chart is disposed one frame later, and an effect run again before then takes
 * it back.
 */
const disposing = new WeakMap<HTMLElement, number>();

/** An ECharts chart (canvas) that follows its container's size. */
export function EChart({ option, height = 280, description, testId }: EChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = element.current;
    if (!el) return;
    const waiting = disposing.get(el);
    if (waiting !== undefined) {
      cancelAnimationFrame(waiting);
      disposing.delete(el);
    }
    const instance = echarts.getInstanceByDom(el) ?? echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.current = null;
      disposing.set(
        el,
        requestAnimationFrame(() => {
          disposing.delete(el);
          instance.dispose();
        }),
      );
    };
  }, []);

  useEffect(() => {
    // ECharts' aria writes its label on the container: given a description, it writes ours (and
    // its role, img) instead of the generated one. Decals (patterns over the colours) stay off.
    chart.current?.setOption({ ...option, aria: { enabled: true, label: { enabled: true, description }, decal: { show: false } } }, true);
  }, [option, description]);

  return <div ref={element} style={{ width: '100%', height }} role="img" aria-label={description} data-testid={testId} />;
}
