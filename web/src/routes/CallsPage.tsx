import { useEffect, useState } from 'react';
import { Badge, Button, Card, Checkbox, CloseButton, Grid, Group, Loader, NativeSelect, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../lib/api.js';
import type { Page } from '../lib/types.js';
import { useI18n } from '../i18n/useI18n.js';
import type { MessageKey } from '../i18n/Dictionary.js';
import { useUsers } from '../features/users/useUsers.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { PagedCardList } from '../components/PagedCardList.js';
import { RecordCard } from '../features/lists/RecordCard.js';
import { isBlank, type CardLine } from '../features/lists/listColumns.js';
import { PhoneLink } from '../components/PhoneLink.js';
import { VoicemailLink } from '../features/telephony/VoicemailLink.js';
import { RecordLink } from '../features/tasks/RecordLink.js';
import { CallStateBadge } from '../features/telephony/CallStateBadge.js';
import { formatDuration } from '../i18n/formatDuration.js';
import { formatPhone } from '../../../common/phone-display.js';
import { endOfDayIso, startOfDayIso } from '../features/telephony/dateRange.js';
import type { Call, PerContactCount } from '../features/telephony/types.js';
import { useUrlParams } from '../lib/useUrlParams.js';
import { WrittenDateInput } from '../components/WrittenDateInput.js';
import { useAuth } from '../auth/useAuth.js';
import { callStore } from '../features/telephony/callStore.js';

/** The server writes routing reasons in English; known ones are translated. */
const ROUTING_REASONS: Record<string, MessageKey> = {
  'outbound call': 'routing.outbound',
  'overload mode: caller not under contract': 'routing.overloadVoicemail',
  'overload mode: caller under contract': 'routing.overloadPriority',
  extension: 'routing.extension',
  'front desk on duty': 'routing.frontDesk',
};

const FILTERS = ['state', 'agentId', 'toLog', 'number', 'personId', 'organisationId', 'from', 'to'] as const;
type FilterKey = (typeof FILTERS)[number];

/** State filter options: "missed" includes voicemails; "ended" is an answered call that is over. */
const STATE_OPTIONS = ['missed', 'ended', 'answered', 'voicemail', 'ringing'] as const;

/** The call log with filters (state, agent, contact or number, dates) and calls per contact. */
export function CallsPage() {
  const { t } = useI18n();
  const { users } = useUsers();
  const { params, set, clear } = useUrlParams();
  // Below the `sm` breakpoint a table would scroll sideways: calls become cards.
  const isPhone = useMediaQuery('(max-width: 48em)', undefined, { getInitialValueInEffect: false });
  const filter = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) as Record<FilterKey, string>;
  const [numberText, setNumberText] = useState(filter.number);
  const [number] = useDebouncedValue(numberText.trim(), 300);

  const setFilter = (key: FilterKey, value: string | null) => set({ [key]: value });
  useEffect(() => {
    if (number !== filter.number) setFilter('number', number || null);
    // Only the debounced text drives the URL.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [number]);

  const range = { from: startOfDayIso(filter.from), to: endOfDayIso(filter.to) };
  const query = {
    state: filter.state || undefined,
    agentId: filter.agentId || undefined,
    toLog: filter.toLog === 'true' ? 'true' : undefined,
    number: filter.number || undefined,
    personId: filter.personId || undefined,
    organisationId: filter.organisationId || undefined,
    ...range,
  };
  const log = useInfiniteQuery({
    queryKey: ['calls', 'list', query],
    queryFn: ({ pageParam, signal }) => api.get<Page<Call>>('/api/calls', { ...query, limit: 50, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const calls = log.data?.pages.flatMap((p) => p.items) ?? [];
  const anyFilter = FILTERS.some((k) => filter[k]);

  return (
    <Stack>
      <Title order={1} size="h2">{t('calls.title')}</Title>
      <Card withBorder padding="sm">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <NativeSelect
            label={t('calls.filter.state')}
            value={filter.state}
            onChange={(event) => setFilter('state', event.currentTarget.value || null)}
            data={[
              { value: '', label: t('calls.filter.all') },
              ...STATE_OPTIONS.map((s) => ({ value: s, label: s === 'missed' ? t('calls.filter.missedAll') : t(`callState.${s}`) })),
            ]}
            data-testid="calls-filter-state"
          />
          <NativeSelect
            label={t('calls.filter.agent')}
            value={filter.agentId}
            onChange={(event) => setFilter('agentId', event.currentTarget.value || null)}
            data={[{ value: '', label: t('calls.filter.anyAgent') }, ...users.map((u) => ({ value: u.id, label: u.name }))]}
            data-testid="calls-filter-agent"
          />
          <Checkbox
            label={t('calls.filter.toLog')}
            checked={filter.toLog === 'true'}
            onChange={(event) => setFilter('toLog', event.currentTarget.checked ? 'true' : null)}
            mb={8}
            data-testid="calls-filter-to-log"
          />
          <TextInput
            label={t('calls.filter.number')}
            type="tel"
            value={numberText}
            onChange={(event) => setNumberText(event.currentTarget.value)}
            w={170}
            data-testid="calls-filter-number"
          />
          <WrittenDateInput label={t('calls.filter.from')} type="date" value={filter.from} onChange={(event) => setFilter('from', event.currentTarget.value || null)} data-testid="calls-filter-from" />
          <WrittenDateInput label={t('calls.filter.to')} type="date" value={filter.to} onChange={(event) => setFilter('to', event.currentTarget.value || null)} data-testid="calls-filter-to" />
          {(filter.personId || filter.organisationId) && (
            <Group gap={4} data-testid="calls-filter-contact">
              <Text size="sm">{t('calls.filter.contactLabel')}</Text>
              <RecordLink personId={filter.personId || null} organisationId={filter.personId ? null : filter.organisationId || null} />
              <CloseButton
                size="sm"
                aria-label={t('list.filter.clear')}
                onClick={() => set({ personId: null, organisationId: null })}
              />
            </Group>
          )}
          {anyFilter && (
            <Button
              variant="subtle"
              size="xs"
              onClick={() => {
                setNumberText('');
                clear();
              }}
              data-testid="calls-clear-filters"
            >
              {t('list.filter.clear')}
            </Button>
          )}
        </Group>
      </Card>

      <Grid>
        <Grid.Col span={{ base: 12, xl: 8 }}>
          {isPhone ? (
            <PagedCardList
              list={{ items: calls, isPending: log.isPending, error: log.error, hasNextPage: log.hasNextPage, isFetchingNextPage: log.isFetchingNextPage, fetchNextPage: log.fetchNextPage }}
              card={(call) => <CallCard key={call.id} call={call} />}
              emptyText={t('calls.empty')}
              emptyTestId="calls-empty"
              testId="calls-cards"
            />
          ) : (
            <Card withBorder padding="sm">
              {log.error && <ErrorAlert error={log.error} />}
              {log.isPending && <Loader size="sm" />}
              {!log.isPending && !log.error && calls.length === 0 && (
                <Text c="dimmed" size="sm" data-testid="calls-empty">
                  {t('calls.empty')}
                </Text>
              )}
              {calls.length > 0 && <CallTable calls={calls} />}
              {log.hasNextPage && (
                <Button variant="default" size="xs" mt="sm" onClick={() => log.fetchNextPage()} loading={log.isFetchingNextPage}>
                  {t('common.loadMore')}
                </Button>
              )}
            </Card>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, xl: 4 }}>
          <PerContact
            from={range.from}
            to={range.to}
            onPick={(row) => {
              if (row.personId) set({ personId: row.personId, organisationId: null });
              else if (row.organisationId) set({ organisationId: row.organisationId, personId: null });
              else if (row.number) setNumberText(row.number);
            }}
          />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** A call's details, one per column of the log: the table's cells and a card's lines show the same. */
function useCallCells() {
  const { t, formatDateTime } = useI18n();
  const { nameOf } = useUsers();
  const { user } = useAuth();
  return (call: Call): CardLine[] => {
    const number = call.direction === 'out' ? { number: formatPhone(call.to, call.toE164), e164: call.toE164 } : { number: formatPhone(call.from, call.fromE164), e164: call.fromE164 };
    const entity = call.personId ? ({ type: 'person', id: call.personId } as const) : call.organisationId ? ({ type: 'organisation', id: call.organisationId } as const) : undefined;
    const routing = call.routing[0];
    const wait = formatDuration(call.waitSeconds, t);
    const duration = formatDuration(call.durationSeconds, t);
    return [
      {
        id: 'when',
        label: t('calls.col.when'),
        value: (
          <>
            <Text size="sm">{formatDateTime(call.ringingAt ?? call.createdAt)}</Text>
            <Text size="xs" c="dimmed">
              {t(`direction.${call.direction}`)}
            </Text>
          </>
        ),
      },
      { id: 'number', label: t('calls.col.number'), value: <PhoneLink phone={number} entity={call.direction === 'out' ? entity : undefined} /> },
      {
        id: 'contact',
        label: t('calls.col.contact'),
        value:
          call.personId || call.organisationId ? (
            <RecordLink personId={call.personId} organisationId={call.personId ? null : call.organisationId} />
          ) : (
            <Text size="sm" c="dimmed">
              {t('calls.unknownContact')}
            </Text>
          ),
      },
      {
        id: 'state',
        label: t('calls.col.state'),
        value: (
          <Group gap={4}>
            <CallStateBadge state={call.state} />
            {call.priority && (
              <Badge size="xs" color="green" variant="outline">
                {t('pop.contract')}
              </Badge>
            )}
            {routing?.decision === 'voicemail' && (
              <Tooltip label={ROUTING_REASONS[routing.reason] ? t(ROUTING_REASONS[routing.reason]) : routing.reason} events={{ hover: true, focus: true, touch: true }}>
                <Badge tabIndex={0} size="xs" color="red" variant="outline" data-testid="call-routed-voicemail">
                  {t('calls.routedVoicemail')}
                </Badge>
              </Tooltip>
            )}
            <VoicemailLink url={call.recordingUrl} />
            {/* Answered, over, its after-call form never saved: its agent logs it from here. */}
            {call.state === 'ended' && !call.wrappedUpAt && call.interactionId &&
              (call.agentId === user?.id ? (
                <Button
                  size="compact-xs"
                  variant="light"
                  onClick={() => callStore.open(call)}
                  aria-label={t('calls.logItLabel', { when: formatDateTime(call.ringingAt ?? call.createdAt) })}
                  data-testid="call-log-it"
                >
                  {t('calls.logIt')}
                </Button>
              ) : (
                <Badge size="xs" color="gray" variant="outline" data-testid="call-to-log-badge">
                  {t('calls.toLog')}
                </Badge>
              ))}
          </Group>
        ),
      },
      { id: 'agent', label: t('calls.col.agent'), value: nameOf(call.agentId) && <Text size="sm">{nameOf(call.agentId)}</Text> },
      { id: 'wait', label: t('calls.col.wait'), value: wait && <Text size="sm">{wait}</Text> },
      { id: 'duration', label: t('calls.col.duration'), value: duration && <Text size="sm">{duration}</Text> },
    ];
  };
}

/** The call log on a wide screen. */
function CallTable({ calls }: { calls: Call[] }) {
  const { t } = useI18n();
  const cells = useCallCells();
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped highlightOnHover verticalSpacing={6} data-testid="calls-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('calls.col.when')}</Table.Th>
            <Table.Th>{t('calls.col.number')}</Table.Th>
            <Table.Th>{t('calls.col.contact')}</Table.Th>
            <Table.Th>{t('calls.col.state')}</Table.Th>
            <Table.Th>{t('calls.col.agent')}</Table.Th>
            <Table.Th>{t('calls.col.wait')}</Table.Th>
            <Table.Th>{t('calls.col.duration')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {calls.map((call) => (
            <Table.Tr key={call.id} data-testid="call-row" data-call-id={call.id}>
              {cells(call).map((cell) => (
                <Table.Td key={cell.id}>{cell.value}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** One call of the log on a phone: when (and which way) as its title, the other columns as lines. */
function CallCard({ call }: { call: Call }) {
  const [when, ...lines] = useCallCells()(call);
  return <RecordCard title={when.value} lines={lines.filter((line) => !isBlank(line.value))} testId="call-row" attributes={{ 'data-call-id': call.id }} />;
}

function PerContact({ from, to, onPick }: { from?: string; to?: string; onPick: (row: PerContactCount) => void }) {
  const { t } = useI18n();
  const counts = useQuery({
    queryKey: ['calls', 'per-contact', { from, to }],
    queryFn: () => api.get<Page<PerContactCount>>('/api/calls/per-contact', { from, to, limit: 20 }),
  });
  const rows = counts.data?.items ?? [];
  return (
    <Card withBorder padding="sm" data-testid="calls-per-contact">
      <Title order={2} size="h4" mb="xs">
        {t('calls.perContact')}
      </Title>
      {counts.error && <ErrorAlert error={counts.error} />}
      {counts.isPending && <Loader size="sm" />}
      {!counts.isPending && rows.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('calls.perContactEmpty')}
        </Text>
      )}
      <Stack gap={4}>
        {rows.map((row, i) => (
          <Group key={`${row.personId ?? row.organisationId ?? row.number}-${i}`} justify="space-between" wrap="nowrap" data-testid="per-contact-row">
            <Stack gap={0} style={{ minWidth: 0 }}>
              {row.personId || row.organisationId ? (
                <RecordLink personId={row.personId} organisationId={row.personId ? null : row.organisationId} />
              ) : (
                <Text size="sm" c="dimmed">
                  {t('calls.unknownContact')}
                </Text>
              )}
              {row.number && (
                <Text size="xs" c="dimmed">
                  {formatPhone(row.number)}
                </Text>
              )}
            </Stack>
            <Group gap={4} wrap="nowrap">
              <Badge size="lg" variant="light" data-testid="per-contact-count">
                {row.calls}
              </Badge>
              <Button size="compact-xs" variant="subtle" onClick={() => onPick(row)} data-testid="per-contact-filter">
                {t('calls.showCalls')}
              </Button>
            </Group>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
