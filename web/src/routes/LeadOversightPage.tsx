import { lazy, Suspense, useMemo, useState } from 'react';
import { Card, Center, Group, Loader, NativeSelect, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useUrlParams } from '../lib/useUrlParams.js';
import { useI18n } from '../i18n/useI18n.js';
import { RefusedPage } from '../components/RefusedPage.js';
import { useAuth } from '../auth/useAuth.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { useUsers } from '../features/users/useUsers.js';
import { LeadList } from '../features/leads/LeadList.js';
import { LeadDrawer } from '../features/leads/LeadDetail.js';
import { LeadReassign } from '../features/leads/LeadActions.js';
import { LeadSettingsCard } from '../features/leads/LeadSettingsCard.js';
import { useLeadList, useLeadReport } from '../features/leads/useLeads.js';
import { LEAD_SOURCES, type ConversionRow } from '../features/leads/types.js';
import { TableOrCards, type RowCell } from '../features/lists/TableOrCards.js';

// ECharts only loads with the chart.
const ConversionChart = lazy(() => import('../features/leads/ConversionChart.js').then((m) => ({ default: m.ConversionChart })));

const DAY_MS = 24 * 60 * 60 * 1000;
const RANGES = ['30', '90', '365'] as const;
const DIMENSIONS = ['byOwner', 'bySource', 'byOriginator'] as const;
type Dimension = (typeof DIMENSIONS)[number];

/** Managers: escalated and untreated leads with reassignment, and conversion rates per owner, source, originator. */
export function LeadOversightPage() {
  const { t, formatNumber, formatPercent } = useI18n();
  const { user } = useAuth();
  const { nameOf } = useUsers();
  const { params, set: setParams } = useUrlParams();
  const openId = params.get('lead');
  const setOpen = (id: string | null) =>
    setParams({ lead: id }, { replace: false });
  const isManager = user?.role === 'manager' || user?.role === 'admin';
  const escalated = useLeadList({ escalated: 'true', status: 'new' }, { enabled: isManager });
  const untreated = useLeadList({ status: 'new' }, { enabled: isManager });
  const waiting = untreated.items.filter((lead) => !lead.escalatedAt);

  const [range, setRange] = useState<(typeof RANGES)[number]>('90');
  const [dimension, setDimension] = useState<Dimension>('byOwner');
  // Whole days so the query key stays the same while the page is open.
  const span = useMemo(() => {
    const to = new Date(Math.ceil(Date.now() / DAY_MS) * DAY_MS + DAY_MS);
    return { from: new Date(to.getTime() - Number(range) * DAY_MS - DAY_MS).toISOString(), to: to.toISOString() };
  }, [range]);
  const report = useLeadReport(span, isManager);
  const rows: ConversionRow[] = report.data?.[dimension] ?? [];
  const keyName = (key: string) => {
    if (key === 'none') return t('common.none');
    if (dimension === 'bySource') return (LEAD_SOURCES as readonly string[]).includes(key) ? t(`leads.source.${key as (typeof LEAD_SOURCES)[number]}`) : key;
    return nameOf(key) || key;
  };

  /** A group's figures after its name: a table's cells, or a card's lines on a phone. */
  const reportCells = (row: ConversionRow): RowCell[] => [
    { id: 'leads', align: 'right', label: t('leads.report.leads'), value: formatNumber(row.total) },
    { id: 'accepted', align: 'right', label: t('leads.report.accepted'), value: formatNumber(row.accepted) },
    { id: 'converted', align: 'right', label: t('leads.report.converted'), value: formatNumber(row.converted) },
    { id: 'rejected', align: 'right', label: t('leads.report.rejected'), value: formatNumber(row.rejected) },
    { id: 'pending', align: 'right', label: t('leads.report.pending'), value: formatNumber(row.pending) },
    { id: 'rate', align: 'right', testId: 'lead-report-rate', label: t('leads.report.rate'), value: formatPercent(row.conversionRate) },
  ];

  if (!isManager) return <RefusedPage title={t('leads.oversightTitle')} color="gray">{t('leads.managersOnly')}</RefusedPage>;

  return (
    <Stack maw={1000}>
      <Title order={1} size="h2">{t('leads.oversightTitle')}</Title>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('leads.escalatedTitle')}
        </Title>
        <LeadList {...escalated} onOpen={setOpen} emptyText={t('leads.escalatedEmpty')} testId="escalated-leads" actions={(lead) => <LeadReassign lead={lead} />} />
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('leads.untreatedTitle')}
        </Title>
        <LeadList
          {...untreated}
          items={waiting}
          onOpen={setOpen}
          emptyText={t('leads.untreatedEmpty')}
          testId="untreated-leads"
          actions={(lead) => <LeadReassign lead={lead} />}
        />
      </Card>
      <Card withBorder data-testid="lead-report">
        <Group justify="space-between" mb="sm" wrap="wrap">
          <Title order={2} size="h4">{t('leads.report.title')}</Title>
          <Group gap="xs" wrap="wrap">
            <SegmentedControl
              size="xs"
              value={dimension}
              onChange={(value) => setDimension(value as Dimension)}
              data={DIMENSIONS.map((value) => ({ value, label: t(`leads.report.${value}`) }))}
              data-testid="lead-report-dimension"
            />
            <NativeSelect
              size="xs"
              aria-label={t('leads.report.range')}
              value={range}
              onChange={(event) => setRange(event.currentTarget.value as (typeof RANGES)[number])}
              data={RANGES.map((value) => ({ value, label: t('leads.report.lastDays', { days: value }) }))}
              data-testid="lead-report-range"
            />
          </Group>
        </Group>
        {report.error && <ErrorAlert error={report.error} />}
        {report.isPending && <Loader size="sm" />}
        {report.data && rows.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('leads.report.empty')}
          </Text>
        )}
        {rows.length > 0 && (
          <Stack>
            <Suspense
              fallback={
                <Center h={320}>
                  <Loader size="sm" />
                </Center>
              }
            >
              <ConversionChart rows={rows} names={rows.map((row) => keyName(row.key))} label={t('leads.report.chartLabel', { dimension: t(`leads.report.${dimension}`) })} />
            </Suspense>
            <TableOrCards
              rows={rows.map((row) => ({ key: row.key, testId: 'lead-report-row', title: keyName(row.key), cells: reportCells(row) }))}
              testId="lead-report-table"
              titleColumn={t(`leads.report.${dimension}`)}
              minWidth={480}
              verticalSpacing="xs"
              striped
            />
          </Stack>
        )}
      </Card>
      <LeadSettingsCard />
      <LeadDrawer leadId={openId} onClose={() => setOpen(null)} />
    </Stack>
  );
}
