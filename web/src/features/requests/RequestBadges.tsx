import { Badge, Group, Text } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';
import type { HandOffRequest, Priority, RequestType } from './types.js';
import { statusLabel } from './labels.js';

const PRIORITY_COLOR: Record<Priority, string> = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' };

export function PriorityBadge({ priority }: { priority: Priority }) {
  const { t } = useI18n();
  return (
    <Badge size="sm" variant="light" color={PRIORITY_COLOR[priority]} data-testid="request-priority">
      {t(`requests.priority.${priority}`)}
    </Badge>
  );
}

export function RequestStatusBadge({ request, type }: { request: HandOffRequest; type: RequestType | undefined }) {
  const { lang } = useI18n();
  return (
    // Closed is neutral grey: "cancelled" and "resolved" are both closed, and only the label tells which.
    <Badge size="sm" variant={request.open ? 'outline' : 'light'} color={request.open ? 'blue' : 'gray'} data-testid="request-status" data-status={request.status}>
      {statusLabel(type, request.status, lang)}
    </Badge>
  );
}

/** The deadline and its marks: overdue, warned (deadline near) and escalated to the manager. */
export function DeadlineMarks({ request }: { request: HandOffRequest }) {
  const { t, formatDateTime } = useI18n();
  const overdue = request.open && (request.overdue || (request.dueAt !== null && new Date(request.dueAt).getTime() < Date.now()));
  return (
    <Group gap={6} wrap="wrap">
      {request.open && request.dueAt && (
        <Text size="xs" c={overdue ? 'red' : 'dimmed'} fw={overdue ? 600 : undefined} data-testid="request-due">
          {t('requests.due', { date: formatDateTime(request.dueAt) })}
        </Text>
      )}
      {request.open && !request.dueAt && (
        <Text size="xs" c="dimmed">
          {t('requests.noDue')}
        </Text>
      )}
      {overdue && (
        <Badge size="xs" color="red" data-testid="request-overdue">
          {t('requests.overdue')}
        </Badge>
      )}
      {request.open && request.warnedAt && !overdue && (
        <Badge size="xs" color="orange" data-testid="request-warned">
          {t('requests.warned')}
        </Badge>
      )}
      {request.escalatedAt && (
        <Badge size="xs" color="red" variant="filled" data-testid="request-escalated">
          {t('requests.escalated')}
        </Badge>
      )}
    </Group>
  );
}
