import { useState } from 'react';
import { Badge, Button, Card, Group, Loader, Stack, Text } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { Page, Task } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useUsers } from '../users/useUsers.js';

/** Closed tasks shown at first; the rest behind "show all". */
const FIRST_SHOWN = 3;
/**
 * How many of each status are read. The API sorts tasks by due date, not by closing date, so the
 * latest closures are picked here among the record's closed tasks, up to this many of each.
 */
const READ_AT_MOST = 200;

interface ClosedTasksProps {
  personId?: string;
  organisationId?: string;
}

/** When a task was closed, for sorting: its closing time, else its last change. */
const closedAt = (task: Task) => task.completedAt ?? task.updatedAt;

/**
 * The record's closed tasks (done and cancelled), latest first, each with its note, who closed it
 * and when: the answer the front desk waits for after handing a call-back to a colleague.
 */
export function ClosedTasks({ personId, organisationId }: ClosedTasksProps) {
  const { t, formatDateTime } = useI18n();
  const { nameOf } = useUsers();
  const [showAll, setShowAll] = useState(false);
  const record = personId ? { personId } : { organisationId };
  const results = useQueries({
    queries: (['done', 'cancelled'] as const).map((status) => ({
      // Under 'tasks': completing or cancelling a task anywhere refreshes this list too.
      queryKey: ['tasks', { ...record, status, limit: READ_AT_MOST }],
      queryFn: () => api.get<Page<Task>>('/api/tasks', { ...record, status, limit: READ_AT_MOST }),
    })),
  });
  const error = results.find((r) => r.error)?.error;
  const pending = results.some((r) => r.isPending);
  const closed = results
    .flatMap((r) => r.data?.items ?? [])
    .sort((a, b) => closedAt(b).localeCompare(closedAt(a)));
  const shown = showAll ? closed : closed.slice(0, FIRST_SHOWN);

  return (
    <Stack gap="xs" data-testid="closed-tasks">
      <Text size="sm" fw={600}>
        {t('tasks.closedTitle')}
      </Text>
      {error && <ErrorAlert error={error} onReload={() => results.forEach((r) => void r.refetch())} />}
      {pending && !error && <Loader size="sm" />}
      {!pending && !error && closed.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="closed-tasks-empty">
          {t('tasks.closedEmpty')}
        </Text>
      )}
      {shown.map((task) => {
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
      {closed.length > FIRST_SHOWN && (
        <Button variant="subtle" size="xs" w="fit-content" onClick={() => setShowAll((all) => !all)} data-testid="closed-tasks-toggle">
          {showAll ? t('tasks.closedShowFewer') : t('tasks.closedShowAll', { count: closed.length })}
        </Button>
      )}
    </Stack>
  );
}
