import { useEffect, useState } from 'react';
import { Button, Card, Chip, Group, Kbd, Loader, ScrollArea, Text, Timeline, Title } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useShortcuts } from '../../lib/useShortcuts.js';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import { CHANNELS, type Channel, type Interaction, type Page } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { TimelineEntryBody, TimelineEntryTitle } from './TimelineEntry.js';
import { AddToTimelinePanel, ENTRY_DRAFT } from './AddToTimelinePanel.js';
import { useWaitingDraft } from '../forms/formDraft.js';
import { EditInteractionModal } from './EditInteractionModal.js';

interface RecordTimelineProps {
  personId?: string;
  organisationId?: string;
  /** The record's name, for the "add to timeline" panel's title. */
  recordName: string;
}

/**
 * Every interaction of a record on every channel, newest first, filtered by channel chips; "Add to
 * timeline" (button or `a`) logs one on any channel, and each entry takes files and corrections.
 */
export function RecordTimeline({ personId, organisationId, recordName }: RecordTimelineProps) {
  const { t } = useI18n();
  const [channel, setChannel] = useState<'all' | Channel>('all');
  const phone = useMediaQuery('(max-width: 48em)');
  const [adding, add] = useDisclosure(false);
  const [editing, setEditing] = useState<Interaction | null>(null);
  // `a` adds to the timeline (ignored while typing in a field), as `c` logs a call.
  useShortcuts([['a', add.open]]);
  // Typed when the session expired on "add": the panel opens again with it after signing in.
  const waiting = useWaitingDraft(ENTRY_DRAFT);
  const { open: openPanel } = add;
  useEffect(() => {
    if (waiting) openPanel();
  }, [waiting, openPanel]);

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
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={2} size="h4">{t('timeline.title')}</Title>
        <Button size="xs" onClick={add.open} title={t('timeline.addShortcut')} rightSection={<Kbd size="xs" visibleFrom="sm">A</Kbd>} data-testid="add-entry-open">
          {t('timeline.add')}
        </Button>
      </Group>
      {/* One scrolling row on a phone (the timeline stays near the top); on wider screens every
          channel in sight, wrapping, rather than cut off behind a scrollbar. */}
      <ScrollArea type="auto" offsetScrollbars mb="md">
        <Chip.Group multiple={false} value={channel} onChange={(value) => setChannel(value as 'all' | Channel)}>
          <Group gap={6} wrap={phone ? 'nowrap' : 'wrap'}>
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
        <Text size="sm" c="dimmed" data-testid="timeline-empty">
          {channel === 'all' ? t('timeline.empty') : t('timeline.emptyChannel', { channel: t(`channel.${channel}`) })}
        </Text>
      )}

      <Timeline bulletSize={14} lineWidth={2}>
        {items.map((item) => (
          <Timeline.Item key={item.id} data-testid="timeline-item" title={<TimelineEntryTitle item={item} />}>
            <TimelineEntryBody item={item} recordId={personId ?? organisationId} onEdit={setEditing} />
          </Timeline.Item>
        ))}
      </Timeline>

      {list.hasNextPage && (
        <Button variant="default" size="xs" mt="md" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
      <AddToTimelinePanel opened={adding} onClose={add.close} personId={personId} organisationId={organisationId} recordName={recordName} />
      <EditInteractionModal interaction={editing} onClose={() => setEditing(null)} />
    </Card>
  );
}
