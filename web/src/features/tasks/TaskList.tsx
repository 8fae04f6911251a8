import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { Badge, Button, Card, Group, Loader, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { Page, Task } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { CLOSE_TASK_DRAFT, CloseTaskModal, type CloseTaskDraft, type ClosingStatus } from './CloseTaskModal.js';
import { useWaitingDraft } from '../forms/formDraft.js';
import { RecordLink } from './RecordLink.js';
import { TaskContact } from './TaskContact.js';
import { TaskActions } from './TaskActions.js';
import { useAuth } from '../../auth/useAuth.js';
import { canUpdateTask } from '../../auth/permissions.js';
import { useUsers } from '../users/useUsers.js';
import { useFocusAfterChange } from './useFocusAfterChange.js';

interface TaskListProps {
  /** Query parameters of GET /api/tasks, e.g. { assignee: 'me', status: 'open' }; with total: 'true' the count of open tasks shows above them. */
  filter: Record<string, string | undefined>;
  /** Show which record each task is about (not needed on the record's own page). */
  showRecord?: boolean;
  testId?: string;
  /** The heading above the list: it takes the focus when the last task leaves the list. */
  headingRef?: RefObject<HTMLElement | null>;
}

/** Open tasks with their due date and a "mark done" action. */
export function TaskList({ filter, showRecord = false, testId = 'task-list', headingRef }: TaskListProps) {
  const { t, formatDateTime } = useI18n();
  const { user } = useAuth();
  const { nameOf } = useUsers();
  // The task being marked done or cancelled, in the one closing dialog. Its status stays once the
  // dialog closes: the dialog keeps its look while it fades out.
  const [closing, setClosing] = useState<{ task: Task | null; status: ClosingStatus }>({ task: null, status: 'done' });
  // The server returns them soonest due first, those without a due date last.
  const tasks = useInfiniteQuery({
    queryKey: ['tasks', filter],
    queryFn: ({ pageParam }) => api.get<Page<Task>>('/api/tasks', { ...filter, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = useMemo(() => tasks.data?.pages.flatMap((page) => page.items) ?? [], [tasks.data]);
  const firstPage = tasks.data?.pages[0];
  const now = Date.now();
  const listRef = useRef<HTMLDivElement>(null);
  const focusAfterChange = useFocusAfterChange(items, listRef, headingRef);

  // A note typed when the session expired on closing a task: its dialog opens again once the task
  // is listed (the dialog puts the note back), once.
  const waiting = useWaitingDraft<CloseTaskDraft>(CLOSE_TASK_DRAFT);
  const reopened = useRef(false);
  const waitingTask = waiting ? items.find((task) => task.id === waiting.taskId) : undefined;
  useEffect(() => {
    if (!waiting || !waitingTask || reopened.current) return;
    reopened.current = true;
    setClosing({ task: waitingTask, status: waiting.status });
  }, [waiting, waitingTask]);

  return (
    <Stack gap="xs" ref={listRef} data-testid={testId}>
      {tasks.error && <ErrorAlert error={tasks.error} />}
      {tasks.isPending && <Loader size="sm" />}
      {firstPage?.total !== undefined && items.length > 0 && (
        <Text size="sm" c="dimmed" data-testid="tasks-total">
          {t(firstPage.totalIsLowerBound ? 'tasks.openTotalAtLeast' : 'tasks.openTotal', { count: firstPage.total })}
        </Text>
      )}
      {!tasks.isPending && !tasks.error && items.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="tasks-empty">
          {t('tasks.empty')}
        </Text>
      )}
      {items.map((task) => {
        // On a record's page staff also see colleagues' tasks, which only the assignee, the
        // author or a manager may change (tasks.update): no button that would end in a 403.
        const mayChange = canUpdateTask(user, task);
        const overdue = task.dueAt !== null && new Date(task.dueAt).getTime() < now;
        return (
          <Card key={task.id} withBorder padding="sm" data-task-id={task.id} data-testid="task-item">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              {/* The text takes what is left and wraps; the button keeps its size (on a phone it was squeezed and its label cut). */}
              <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                {/* Focusable by the script only: the next task's title takes the focus when one leaves the list. */}
                <Text fw={500} tabIndex={-1} style={{ outlineOffset: 2 }} data-task-title data-testid="task-title">
                  {task.title}
                </Text>
                <Group gap="xs">
                  <Text size="xs" c={overdue ? 'red' : 'dimmed'}>
                    {task.dueAt ? t('tasks.due', { date: formatDateTime(task.dueAt) }) : t('tasks.noDue')}
                  </Text>
                  {overdue && (
                    <Badge size="xs" color="red">
                      {t('tasks.overdue')}
                    </Badge>
                  )}
                  {/* On a record's page the tasks are everyone's: say whose each one is. */}
                  {task.assigneeId && task.assigneeId !== user?.id && (
                    <Text size="xs" c="dimmed" data-testid="task-assignee">
                      {t('tasks.for', { name: nameOf(task.assigneeId) || '…' })}
                    </Text>
                  )}
                </Group>
                {showRecord && (task.personId || task.organisationId) && (
                  <Group gap={4}>
                    <Text size="xs" c="dimmed">
                      {t('tasks.about')}
                    </Text>
                    <RecordLink personId={task.personId} organisationId={task.organisationId} />
                  </Group>
                )}
                {/* Before calling them back: their number, and whether one more contact goes over a cap. */}
                <TaskContact personId={task.personId} organisationId={task.organisationId} />
                {mayChange && <TaskActions task={task} onCancel={() => setClosing({ task, status: 'cancelled' })} onChanged={focusAfterChange} />}
              </Stack>
              {mayChange && (
                <Button size="xs" variant="light" onClick={() => setClosing({ task, status: 'done' })} style={{ flexShrink: 0 }} data-testid="task-done">
                  {t('tasks.markDone')}
                </Button>
              )}
            </Group>
          </Card>
        );
      })}
      {tasks.hasNextPage && (
        <Button variant="default" size="xs" w="fit-content" onClick={() => tasks.fetchNextPage()} loading={tasks.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
      <CloseTaskModal
        task={closing.task}
        status={closing.status}
        onClose={() => setClosing((current) => ({ ...current, task: null }))}
        onClosed={focusAfterChange}
      />
    </Stack>
  );
}
