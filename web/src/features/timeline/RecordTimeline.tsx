import { useState } from 'react';
import { Badge, Button, Card, Chip, Group, Loader, ScrollArea, Text, Timeline, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import { CHANNELS, type Channel, type Interaction, type Page } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import { useUsers } from '../users/useUsers.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { outcomeLabel } from '../calls/callOutcomes.js';
import { formatDuration } from '../../i18n/formatDuration.js';
import { formatPhone } from '../telephony/formatPhone.js';

interface RecordTimelineProps {
  personId?: string;
  organisationId?: string;
}

/** Every interaction of a record on every channel, newest first, filtered by channel chips. */
export function RecordTimeline({ personId, organisationId }: RecordTimelineProps) {
  const { t, formatDateTime } = useI18n();
  const { nameOf } = useUsers();
  const [channel, setChannel] = useState<'all' | Channel>('all');

  const list = useInfiniteQuery({
    queryKey: ['interactions', { personId, organisationId, channel }],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Interaction>>(
        '/api/interactions',
        { personId, organisationId, channel: channel === 'all' ? undefined : channel, limit: 30, cursor: pageParam },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Card withBorder data-testid="timeline">
      <Title order={4} mb="sm">
        {t('timeline.title')}
      </Title>
      <ScrollArea type="auto" offsetScrollbars mb="md">
        <Chip.Group multiple={false} value={channel} onChange={(value) => setChannel(value as 'all' | Channel)}>
          <Group gap={6} wrap="nowrap">
            <Chip value="all" size="xs" data-testid="channel-chip-all">
              {t('timeline.all')}
            </Chip>
            {CHANNELS.map((c) => (
              <Chip key={c} value={c} size="xs" data-testid={`channel-chip-${c}`}>
                {t(`channel.${c}`)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      </ScrollArea>

      {list.error && <ErrorAlert error={list.error} />}
      {list.isPending && <Loader size="sm" />}
      {!list.isPending && items.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('timeline.empty')}
        </Text>
      )}

      <Timeline bulletSize={14} lineWidth={2}>
        {items.map((item) => (
          <Timeline.Item
            key={item.id}
            data-testid="timeline-item"
            title={
              <Group gap="xs">
                <Badge size="sm" variant="light">
                  {t(`channel.${item.channel}`)}
                </Badge>
                <Text size="xs" c="dimmed">
                  {t(`direction.${item.direction}`)}
                </Text>
                {item.outcome && (
                  // tt="none": a badge is in capitals by default, which made "reached" read "REACHED".
                  <Badge size="xs" variant="outline" color="gray" tt="none" data-testid="timeline-outcome">
                    {outcomeLabel(item.outcome, t)}
                  </Badge>
                )}
              </Group>
            }
          >
            {item.summary && (
              <Text size="sm" fw={500} data-testid="timeline-summary">
                {/* A phone system's call is titled with the number dialled (E.164): shown as people read it. */}
                {item.channel === 'call' ? formatPhone(item.summary) : item.summary}
              </Text>
            )}
            {item.body && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {item.body}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {formatDateTime(item.occurredAt)}
              {item.durationSeconds ? ` · ${formatDuration(item.durationSeconds, t)}` : ''}
              {nameOf(item.authorId) ? ` · ${t('timeline.by', { name: nameOf(item.authorId) })}` : ''}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>

      {list.hasNextPage && (
        <Button variant="default" size="xs" mt="md" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
    </Card>
  );
}

