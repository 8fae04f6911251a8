import { useEffect, useRef, useState } from 'react';
import { Badge, Button, Card, Group, Loader, Stack, Text } from '@mantine/core';
import { useInfiniteQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { Page, Task } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useUsers } from '../users/useUsers.js';

/** Closed tasks shown at first (the latest); "show more" reads the next ones a page at a time. */
const FIRST_SHOWN = 3;
const MORE_PER_PAGE = 20;

interface ClosedTasksProps {
  personId?: string;
  organisationId?: string;
}

/** When a task was closed: its closing time, else (a task closed before it was stamped) its last change. */
const closedAt = (task: Task) => task.completedAt ?? task.updatedAt;

/**
 * The record's closed tasks (done and cancelled), latest first, each with its note, who closed it
 * and when: the answer the front desk waits for after handing a call-back to a colleague. The
 * server sorts them by closing time (sort=-closedAt), so each page is the next closures back.
 */
export function ClosedTasks({ personId, organisationId }: ClosedTasksProps) {
  const { t, formatDateTime } = useI18n();
  const { nameOf } = useUsers();
  const queryClient = useQueryClient();
  const filter = { ...(personId ? { personId } : { organisationId }), status: 'closed', sort: '-closedAt' };
  // Under 'tasks': completing or cancelling a task anywhere refreshes this list too.
  const queryKey = ['tasks', filter];
  const closed = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Task>>('/api/tasks', { ...filter, limit: pageParam ? MORE_PER_PAGE : FIRST_SHOWN, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = closed.data?.pages.flatMap((page) => page.items) ?? [];
  // "Show fewer" keeps the first page only: the list is as first opened, and a refresh reads one page.
  // Its button then goes: the keyboard moves to "show more", which takes its place, not to the page.
  const moreButton = useRef<HTMLButtonElement>(null);
  const [focusMore, setFocusMore] = useState(false);
  const showFewer = () => {
    queryClient.setQueryData<InfiniteData<Page<Task>, string | undefined>>(queryKey, (data) =>
      data && { pages: data.pages.slice(0, 1), pageParams: data.pageParams.slice(0, 1) },
    );
    setFocusMore(true);
  };
  useEffect(() => {
    if (focusMore && moreButton.current) {
      moreButton.current.focus();
      setFocusMore(false);
    }
  }, [focusMore, closed.hasNextPage]);

  return (
    <Stack gap="xs" data-testid="closed-tasks">
      <Text size="sm" fw={600}>
        {t('tasks.closedTitle')}
      </Text>
      {closed.error && <ErrorAlert error={closed.error} onReload={() => void closed.refetch()} />}
      {closed.isPending && !closed.error && <Loader size="sm" />}
      {!closed.isPending && !closed.error && items.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="closed-tasks-empty">
          {t('tasks.closedEmpty')}
        </Text>
      )}
      {items.map((task) => {
        const done = task.status === 'done';
        const date = formatDateTime(closedAt(task));
        const closer = task.completedBy ? nameOf(task.completedBy) : '';
        const when = closer
          ? t(done ? 'tasks.closedDoneBy' : 'tasks.closedCancelledBy', { name: closer, date })
          : t(done ? 'tasks.closedDone' : 'tasks.closedCancelled', { date });
        return (
          <Card key={task.id} withBorder padding="sm" data-testid="closed-task" data-status={task.status}>
            <Stack gap={4}>
              <Group gap="xs" wrap="wrap">
                <Badge size="sm" variant="light" color={done ? 'teal' : 'gray'} tt="none" data-testid="closed-task-status">
                  {t(done ? 'tasks.statusDone' : 'tasks.statusCancelled')}
                </Badge>
                <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }} data-testid="closed-task-title">
                  {task.title}
                </Text>
              </Group>
              {task.completionNote ? (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="closed-task-note">
                  {task.completionNote}
                </Text>
              ) : (
                <Text size="sm" c="dimmed" fs="italic" data-testid="closed-task-no-note">
                  {t('tasks.closedNoNote')}
                </Text>
              )}
              <Text size="xs" c="dimmed" data-testid="closed-task-when">
                {when}
                {/* Who it was for, when the server does not say who closed it (or someone else did). */}
                {task.assigneeId && nameOf(task.assigneeId) && task.completedBy !== task.assigneeId
                  ? ` · ${t('tasks.for', { name: nameOf(task.assigneeId) })}`
                  : ''}
              </Text>
            </Stack>
          </Card>
        );
      })}
      <Group gap="xs">
        {closed.hasNextPage && (
          <Button ref={moreButton} variant="subtle" size="xs" onClick={() => void closed.fetchNextPage()} loading={closed.isFetchingNextPage} data-testid="closed-tasks-more">
            {t('tasks.closedShowMore')}
          </Button>
        )}
        {items.length > FIRST_SHOWN && (
          <Button variant="subtle" size="xs" onClick={showFewer} data-testid="closed-tasks-fewer">
            {t('tasks.closedShowFewer')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
