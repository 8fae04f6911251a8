import { Button, Group, NativeSelect, ScrollArea, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useUrlParams } from '../lib/useUrlParams.js';
import { useI18n } from '../i18n/useI18n.js';
import { useAuth } from '../auth/useAuth.js';
import { RequestList } from '../features/requests/RequestList.js';
import { RequestDrawer } from '../features/requests/RequestDetail.js';
import { useRequestActions, useRequestList, useTeams } from '../features/requests/useRequests.js';

const VIEWS = ['all', 'unassigned', 'mine', 'escalated'] as const;
type View = (typeof VIEWS)[number];

/** A team's open requests, oldest deadline first: take, open to reassign, comment, move or close. Live. */
export function RequestQueuePage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const teams = useTeams();
  const { take } = useRequestActions();
  const { params, set: setParams } = useUrlParams();
  const teamId = params.get('team') ?? user?.teamId ?? teams.data?.[0]?.id ?? '';
  const view: View = (VIEWS as readonly string[]).includes(params.get('view') ?? '') ? (params.get('view') as View) : 'all';
  const openId = params.get('request');
  const isManager = user?.role === 'manager' || user?.role === 'admin';
  const set = (key: string, value: string | null) =>
    setParams({ [key]: value }, { replace: key !== 'request' });

  const list = useRequestList(
    { teamId, open: 'true', ...(view === 'mine' && { assignee: 'me' }), ...(view === 'escalated' && { escalated: 'true' }) },
    { enabled: Boolean(teamId) },
  );
  const items = view === 'unassigned' ? list.items.filter((r) => !r.assigneeId) : list.items;

  return (
    <Stack maw={900}>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Title order={1} size="h2">{t('requests.queueTitle')}</Title>
        <Group gap="xs" wrap="wrap">
          {isManager && (
            <Button component={Link} to="/settings/request-types" variant="default" data-testid="request-types-link">
              {t('requestTypes.open')}
            </Button>
          )}
          <NativeSelect
            aria-label={t('requests.team')}
            value={teamId}
            onChange={(event) => set('team', event.currentTarget.value)}
            data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
            data-testid="queue-team"
          />
        </Group>
      </Group>
      <ScrollArea type="never" style={{ alignSelf: 'flex-start', maxWidth: '100%' }}>
        <SegmentedControl
          value={view}
          onChange={(value) => set('view', value === 'all' ? null : value)}
          data={VIEWS.map((value) => ({ value, label: t(`requests.view.${value}`) }))}
          data-testid="queue-view"
        />
      </ScrollArea>
      {teams.data && teams.data.length === 0 && <Text c="dimmed">{t('requests.noTeams')}</Text>}
      {teamId && (
        <RequestList
          {...list}
          isPending={list.isPending}
          items={items}
          onOpen={(id) => set('request', id)}
          emptyText={t('requests.queueEmpty')}
          testId="request-queue"
          actions={(request) =>
            request.assigneeId !== user?.id ? (
              <Button size="xs" variant="light" onClick={() => take.mutate(request.id)} loading={take.isPending && take.variables === request.id} data-testid="request-take">
                {t('requests.take')}
              </Button>
            ) : (
              <Button size="xs" variant="default" onClick={() => set('request', request.id)} data-testid="request-work-open">
                {t('requests.work')}
              </Button>
            )
          }
        />
      )}
      <RequestDrawer requestId={openId} onClose={() => set('request', null)} />
    </Stack>
  );
}
