import { ActionIcon, Indicator, Menu, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../lib/api.js';
import type { AppNotification, Page } from '../lib/types.js';
import { useI18n } from '../i18n/useI18n.js';
import { describeHandOff, handOffTarget } from '../features/handoffs/handOffNotifications.js';

function BellIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

/** Where a notification leads, from the ids its payload carries. */
function targetOf(notification: AppNotification): string | null {
  const handOff = handOffTarget(notification);
  if (handOff) return handOff;
  const payload = notification.payload ?? {};
  if (typeof payload.personId === 'string') return `/people/${payload.personId}`;
  if (typeof payload.organisationId === 'string') return `/organisations/${payload.organisationId}`;
  if (typeof payload.taskId === 'string') return '/tasks';
  return null;
}

/** GET /api/notifications?unread=true: a page, and (newer servers) how many are unread in all. */
type UnreadPage = Page<AppNotification> & { unreadCount?: number };

/**
 * The badge: the server's total when it gives one (99+ beyond two digits; the label for screen
 * readers says the exact number), else the page's size ("50+" when there are more).
 */
function badgeText(data: UnreadPage | undefined): { count: number; label: string; spoken: string } {
  const items = data?.items.length ?? 0;
  if (typeof data?.unreadCount === 'number') {
    const count = data.unreadCount;
    return { count, label: count > 99 ? '99+' : String(count), spoken: String(count) };
  }
  const label = data?.nextCursor ? `${items}+` : String(items);
  return { count: items, label, spoken: label };
}

/** Kinds whose payload may carry the note written when closing the task. */
const CLOSURE_KINDS = new Set(['task.completed', 'task.cancelled']);

/** Bell with the number of unread notifications; opening one marks it read. */
export function NotificationBell() {
  const { t, formatDateTime } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const unread = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => api.get<UnreadPage>('/api/notifications', { unread: true }),
    // Live events refresh it; polling is only a safety net when the stream is down.
    refetchInterval: 60_000,
  });
  const markRead = useMutation({
    mutationFn: (id: string) => api.post<void>(`/api/notifications/${id}/read`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });

  const items = unread.data?.items ?? [];
  const badge = badgeText(unread.data);
  const describe = (n: AppNotification) => {
    const text = (key: string) => (typeof n.payload?.[key] === 'string' ? (n.payload[key] as string) : '');
    const vars = { title: text('title'), by: text('by') };
    const handOff = describeHandOff(n.kind, n.payload, queryClient);
    if (handOff) return handOff;
    if (n.kind === 'task.reminder') return t('bell.kind.task.reminder', vars);
    if (n.kind === 'task.assigned') return t('bell.kind.task.assigned', vars);
    // Older notices (or a closer without a name) carry no "by": the sentence goes without it.
    if (n.kind === 'task.completed') return t(vars.by ? 'bell.kind.task.completed' : 'bell.kind.task.completedNoBy', vars);
    if (n.kind === 'task.cancelled') return t(vars.by ? 'bell.kind.task.cancelled' : 'bell.kind.task.cancelledNoBy', vars);
    return vars.title || t('bell.kind.generic');
  };

  return (
    <Menu position="bottom-end" width={300} withinPortal>
      <Menu.Target>
        <Indicator
          label={<span data-testid="notification-count">{badge.label}</span>}
          size={16}
          disabled={badge.count === 0}
          color="red"
          offset={4}
        >
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={badge.count === 0 ? t('bell.label') : badge.spoken === '1' ? t('bell.unreadOne') : t('bell.unread', { count: badge.spoken })}
            data-testid="notification-bell"
          >
            <BellIcon />
          </ActionIcon>
        </Indicator>
      </Menu.Target>
      <Menu.Dropdown data-testid="notification-list">
        <Menu.Label>{t('bell.label')}</Menu.Label>
        {items.length === 0 && <Menu.Item disabled>{t('bell.empty')}</Menu.Item>}
        {items.map((n) => (
          <Menu.Item
            key={n.id}
            data-testid="notification-item"
            onClick={() => {
              markRead.mutate(n.id);
              const target = targetOf(n);
              if (target) navigate(target);
            }}
          >
            <Text size="sm">{describe(n)}</Text>
            {/* The closing note is what the person who handed the task over was waiting for. */}
            {CLOSURE_KINDS.has(n.kind) && typeof n.payload?.completionNote === 'string' && n.payload.completionNote.trim() && (
              <Text size="sm" c="dimmed" lineClamp={4} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="notification-note">
                {n.payload.completionNote}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {formatDateTime(n.createdAt)}
            </Text>
          </Menu.Item>
        ))}
        {unread.data?.nextCursor && (
          <Text size="xs" c="dimmed" px="sm" py={4} data-testid="notification-more">
            {t('bell.more')}
          </Text>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
