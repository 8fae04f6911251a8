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

/** Bell with the number of unread notifications; opening one marks it read. */
export function NotificationBell() {
  const { t, formatDateTime } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const unread = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => api.get<Page<AppNotification>>('/api/notifications', { unread: true }),
    // Live events refresh it; polling is only a safety net when the stream is down.
    refetchInterval: 60_000,
  });
  const markRead = useMutation({
    mutationFn: (id: string) => api.post<void>(`/api/notifications/${id}/read`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });

  const items = unread.data?.items ?? [];
  const describe = (n: AppNotification) => {
    const text = (key: string) => (typeof n.payload?.[key] === 'string' ? (n.payload[key] as string) : '');
    const vars = { title: text('title'), by: text('by') };
    const handOff = describeHandOff(n.kind, n.payload, queryClient);
    if (handOff) return handOff;
    if (n.kind === 'task.reminder') return t('bell.kind.task.reminder', vars);
    if (n.kind === 'task.assigned') return t('bell.kind.task.assigned', vars);
    if (n.kind === 'task.completed') return t('bell.kind.task.completed', vars);
    return vars.title || t('bell.kind.generic');
  };

  return (
    <Menu position="bottom-end" width={300} withinPortal>
      <Menu.Target>
        <Indicator
          label={<span data-testid="notification-count">{items.length}</span>}
          size={16}
          disabled={items.length === 0}
          color="red"
          offset={4}
        >
          <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t('bell.label')} data-testid="notification-bell">
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
            <Text size="xs" c="dimmed">
              {formatDateTime(n.createdAt)}
            </Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
