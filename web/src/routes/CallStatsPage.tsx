import { useMemo } from 'react';
import { Button, Card, Grid, Group, Loader, NativeSelect, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../lib/api.js';
import { useI18n } from '../i18n/useI18n.js';
import type { Translate } from '../i18n/Dictionary.js';
import { useUsers } from '../features/users/useUsers.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { EChart, type ChartOption } from '../components/EChart.js';
import { describeCategoryChart, heatmapSummary } from '../components/chartDescription.js';
import { formatDuration } from '../i18n/formatDuration.js';
import { formatPhone } from '../../../common/phone-display.js';
import { endOfDayIso, lastDays, startOfDayIso, toDateInput } from '../features/telephony/dateRange.js';
import type { CallStatistics, StatsBucket } from '../features/telephony/types.js';
import { useUrlParams } from '../lib/useUrlParams.js';
import { TableOrCards } from '../features/lists/TableOrCards.js';
import { WrittenDateInput } from '../components/WrittenDateInput.js';

const PRESETS = [7, 30, 90] as const;
const COLORS = { answered: '#2f9e44', missed: '#e03131', other: '#adb5bd', rate: '#1971c2' };

/** Every date (YYYY-MM-DD) from `from` to `to` inclusive, so quiet days show as zero. */
/** A share of the calls, or "—" when there was none: "0 %" would read as every call missed. */
function rateOf(calls: number, rate: number, formatPercent: (share: number) => string, t: Translate): string {
  return calls ? formatPercent(rate) : t('common.none');
}

function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const [y, m, d] = from.split('-').map(Number);
  const end = to;
  for (let date = new Date(y, m - 1, d), i = 0; i < 400; i++, date.setDate(date.getDate() + 1)) {
    const key = toDateInput(date);
    if (key > end) break;
    days.push(key);
  }
  return days;
}

/**
 * Call statistics for managers: calls per day, a heat map by hour of the week, answer and miss
 * rates, average wait and duration, per agent and per line, over a chosen date range.
 */
export function CallStatsPage() {
  const { t, locale, formatNumber, formatPercent } = useI18n();
  const { nameOf } = useUsers();
  const { params, set: setParam } = useUrlParams();
  const preset = lastDays(30);
  const from = params.get('from') || preset.from;
  const to = params.get('to') || preset.to;
  const direction = params.get('direction') ?? '';


  const range = { from: startOfDayIso(from), to: endOfDayIso(to) };
  const stats = useQuery({
    queryKey: ['reports', 'calls', { ...range, direction }],
    queryFn: () => api.get<CallStatistics>('/api/reports/calls', { from: range.from, to: range.to, direction: direction || undefined }),
    enabled: Boolean(range.from && range.to && range.from < range.to),
  });

  const weekdays = useMemo(() => {
    const f = new Intl.DateTimeFormat(locale, { weekday: 'short' });
    // 1 January 2024 was a Monday: heatmap row 0.
    return Array.from({ length: 7 }, (_, i) => f.format(new Date(2024, 0, 1 + i)));
  }, [locale]);
  const dayLabel = useMemo(() => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }), [locale]);

  const data = stats.data;
  const options = useMemo(() => {
    if (!data) return null;
    // Counts on axes and in tooltips written for the language ("1 500" in French), as the rate is.
    const countFormatter = (v: unknown) => (typeof v === 'number' ? formatNumber(v) : String(v ?? ''));
    const days = daysBetween(from, to);
    const byDay = new Map(data.perDay.map((d) => [d.date, d]));
    const pick = (key: 'answered' | 'missed' | 'calls') => days.map((d) => byDay.get(d)?.[key] ?? 0);
    const answered = pick('answered');
    const missed = pick('missed');
    const other = pick('calls').map((c, i) => c - answered[i] - missed[i]);
    const perDay: ChartOption = {
      tooltip: { trigger: 'axis', valueFormatter: countFormatter },
      // Scrolls rather than wraps: on a phone a second line of legend sat on the plot.
      legend: { top: 0, type: 'scroll' },
      grid: { left: 48, right: 48, top: 36, bottom: 30 },
      xAxis: { type: 'category', data: days.map((d) => dayLabel.format(new Date(`${d}T12:00:00`))) },
      yAxis: [
        { type: 'value', minInterval: 1, axisLabel: { formatter: countFormatter } },
        { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => formatPercent(v) }, splitLine: { show: false } },
      ],
      series: [
        { name: t('stats.answered'), type: 'bar', stack: 'calls', data: answered, itemStyle: { color: COLORS.answered } },
        { name: t('stats.missed'), type: 'bar', stack: 'calls', data: missed, itemStyle: { color: COLORS.missed } },
        { name: t('stats.other'), type: 'bar', stack: 'calls', data: other, itemStyle: { color: COLORS.other } },
        {
          name: t('stats.answerRate'),
          type: 'line',
          yAxisIndex: 1,
          data: days.map((d) => byDay.get(d)?.answerRate ?? null),
          connectNulls: true,
          showSymbol: true,
          symbolSize: 6,
          itemStyle: { color: COLORS.rate },
          tooltip: { valueFormatter: (v: unknown) => (typeof v === 'number' ? formatPercent(v) : '') },
        },
      ],
    };
    const cells = data.heatmap.flatMap((row, weekday) => row.map((count, hour) => [hour, weekday, count]));
    const max = Math.max(1, ...cells.map((c) => c[2]));
    const heatmap: ChartOption = {
      tooltip: { position: 'top', formatter: (p: { value: number[] }) => t('stats.heatCell', { day: weekdays[p.value[1]], hour: p.value[0], count: p.value[2] }) },
      // The colour scale above the grid: below it, its labels sat on the hour labels.
      grid: { left: 48, right: 16, top: 64, bottom: 30 },
      xAxis: { type: 'category', data: Array.from({ length: 24 }, (_, hour) => t('stats.hour', { hour })), splitArea: { show: true } },
      yAxis: { type: 'category', data: weekdays, inverse: true, splitArea: { show: true } },
      visualMap: { min: 0, max, calculable: true, orient: 'horizontal', left: 'center', top: 0, itemHeight: 120, inRange: { color: ['#f1f3f5', '#74c0fc', '#1864ab'] } },
      series: [{ name: t('stats.heatmap'), type: 'heatmap', data: cells, label: { show: false } }],
    };
    const agents = data.perAgent.slice(0, 15);
    const perAgent: ChartOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: countFormatter },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 110, right: 20, top: 30, bottom: 20 },
      // Few ticks: thousands written out ran into each other at phone width.
      xAxis: { type: 'value', minInterval: 1, splitNumber: 3, axisLabel: { formatter: countFormatter, hideOverlap: true } },
      yAxis: { type: 'category', inverse: true, data: agents.map((a) => (a.agentId ? nameOf(a.agentId) || '…' : t('stats.noAgent'))) },
      series: [
        { name: t('stats.answered'), type: 'bar', stack: 'a', data: agents.map((a) => a.answered), itemStyle: { color: COLORS.answered } },
        { name: t('stats.missed'), type: 'bar', stack: 'a', data: agents.map((a) => a.missed), itemStyle: { color: COLORS.missed } },
      ],
    };

    // What each chart shows, read out in the user's language (screen readers get no canvas).
    const dayNames = days.map((d) => dayLabel.format(new Date(`${d}T12:00:00`)));
    const agentNames = agents.map((a) => (a.agentId ? nameOf(a.agentId) || '…' : t('stats.noAgent')));
    const rate = formatPercent;
    const formatting = { t, formatNumber };
    const busiest = heatmapSummary(data.heatmap);
    const descriptions = {
      perDay: describeCategoryChart(
        {
          title: t('stats.perDay'),
          categories: dayNames,
          series: [
            { name: t('stats.answered'), values: answered },
            { name: t('stats.missed'), values: missed },
            { name: t('stats.other'), values: other },
            { name: t('stats.answerRate'), values: days.map((d) => byDay.get(d)?.answerRate ?? null), format: rate, summable: false },
          ],
        },
        formatting,
      ),
      heatmap: busiest.busiest
        ? t('stats.heatmapDescription', { title: t('stats.heatmap'), count: busiest.total, day: weekdays[busiest.busiest.row], hour: busiest.busiest.column, max: busiest.busiest.value })
        : t('stats.heatmapDescriptionEmpty', { title: t('stats.heatmap') }),
      perAgent: describeCategoryChart(
        {
          title: t('stats.perAgentChart'),
          categories: agentNames,
          series: [
            { name: t('stats.answered'), values: agents.map((a) => a.answered) },
            { name: t('stats.missed'), values: agents.map((a) => a.missed) },
          ],
        },
        formatting,
      ),
    };
    return { perDay, heatmap, perAgent, descriptions, agentsHeight: Math.max(160, 40 + agents.length * 28) };
  }, [data, from, to, t, formatNumber, formatPercent, weekdays, dayLabel, nameOf]);

  const kpis: { key: string; label: string; value: string }[] = data
    ? [
        { key: 'calls', label: t('stats.calls'), value: formatNumber(data.totals.calls) },
        { key: 'answer-rate', label: t('stats.answerRate'), value: rateOf(data.totals.calls, data.totals.answerRate, formatPercent, t) },
        { key: 'miss-rate', label: t('stats.missRate'), value: rateOf(data.totals.calls, data.totals.missRate, formatPercent, t) },
        { key: 'avg-wait', label: t('stats.avgWait'), value: formatDuration(data.totals.avgWaitSeconds, t) || t('common.none') },
        { key: 'avg-duration', label: t('stats.avgDuration'), value: formatDuration(data.totals.avgDurationSeconds, t) || t('common.none') },
      ]
    : [];

  return (
    <Stack>
      <Title order={1} size="h2">{t('stats.title')}</Title>
      <Card withBorder padding="sm">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <WrittenDateInput label={t('stats.from')} type="date" value={from} max={to} onChange={(e) => setParam({ from: e.currentTarget.value || null })} data-testid="stats-from" />
          <WrittenDateInput label={t('stats.to')} type="date" value={to} min={from} onChange={(e) => setParam({ to: e.currentTarget.value || null })} data-testid="stats-to" />
          <NativeSelect
            label={t('stats.direction')}
            value={direction}
            onChange={(e) => setParam({ direction: e.currentTarget.value || null })}
            data={[
              { value: '', label: t('stats.direction.all') },
              { value: 'in', label: t('direction.in') },
              { value: 'out', label: t('direction.out') },
            ]}
            data-testid="stats-direction"
          />
          <Group gap={4}>
            {PRESETS.map((days) => (
              <Button key={days} size="xs" variant="default" onClick={() => setParam(lastDays(days))} data-testid={`stats-last-${days}`}>
                {t('stats.lastDays', { days })}
              </Button>
            ))}
          </Group>
        </Group>
      </Card>

      {stats.error && <ErrorAlert error={stats.error} />}
      {stats.isFetching && !data && <Loader size="sm" />}
      {data && options && (
        <>
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} data-testid="stats-kpis">
            {kpis.map((k) => (
              <Card key={k.key} withBorder padding="sm">
                <Text size="xs" c="dimmed">
                  {k.label}
                </Text>
                <Text fw={700} size="xl" data-testid={`stat-${k.key}`}>
                  {k.value}
                </Text>
              </Card>
            ))}
          </SimpleGrid>
          {data.totals.calls === 0 && (
            <Text c="dimmed" data-testid="stats-empty">
              {t('stats.empty')}
            </Text>
          )}
          <Card withBorder padding="sm">
            <Title order={2} size="h4" mb="xs">
              {t('stats.perDay')}
            </Title>
            <EChart option={options.perDay} description={options.descriptions.perDay} testId="chart-per-day" />
          </Card>
          <Card withBorder padding="sm">
            <Title order={2} size="h4" mb="xs">
              {t('stats.heatmap')}
            </Title>
            <EChart option={options.heatmap} height={300} description={options.descriptions.heatmap} testId="chart-heatmap" />
          </Card>
          <Grid>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <Card withBorder padding="sm" h="100%">
                <Title order={2} size="h4" mb="xs">
                  {t('stats.perAgent')}
                </Title>
                <EChart option={options.perAgent} height={options.agentsHeight} description={options.descriptions.perAgent} testId="chart-per-agent" />
                <BucketTable
                  testId="stats-per-agent"
                  head={t('stats.col.agent')}
                  rows={data.perAgent.map((a) => ({ key: a.agentId ?? 'none', label: a.agentId ? nameOf(a.agentId) || '…' : t('stats.noAgent'), bucket: a }))}
                />
              </Card>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <Card withBorder padding="sm" h="100%">
                <Title order={2} size="h4" mb="xs">
                  {t('stats.perLine')}
                </Title>
                <BucketTable testId="stats-per-line" head={t('stats.col.line')} rows={data.perLine.map((l) => ({ key: l.line, label: formatPhone(l.line), bucket: l }))} />
              </Card>
            </Grid.Col>
          </Grid>
        </>
      )}
    </Stack>
  );
}

/** Calls per agent or per line: a table, or cards on a phone. */
function BucketTable({ head, rows, testId }: { head: string; rows: { key: string; label: string; bucket: StatsBucket }[]; testId: string }) {
  const { t, formatNumber, formatPercent } = useI18n();
  return (
    <TableOrCards
      rows={rows.map((r) => ({
        key: r.key,
        testId: 'stats-row',
        title: r.label,
        cells: [
          { id: 'calls', label: t('stats.calls'), value: formatNumber(r.bucket.calls) },
          { id: 'answerRate', label: t('stats.answerRate'), value: rateOf(r.bucket.calls, r.bucket.answerRate, formatPercent, t) },
          { id: 'avgWait', label: t('stats.avgWait'), value: formatDuration(r.bucket.avgWaitSeconds, t) || t('common.none') },
          { id: 'avgDuration', label: t('stats.avgDuration'), value: formatDuration(r.bucket.avgDurationSeconds, t) || t('common.none') },
        ],
      }))}
      testId={testId}
      titleColumn={head}
      minWidth={420}
    />
  );
}
