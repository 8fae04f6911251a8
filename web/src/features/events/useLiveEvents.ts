import { createElement, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import type { TaskReminderEvent } from '../../lib/types.js';
import { i18n } from '../../i18n/i18n.js';
import { ReminderMessage } from './ReminderMessage.js';
import { SESSION_KEY } from '../../auth/useAuth.js';
import { listenToHandOffs } from '../handoffs/handOffNotifications.js';
import { LIVE_EVENT_TYPES, liveBus } from './liveBus.js';
import { refetchAfterGaps } from './refetchAfterGaps.js';

const RECONNECT_DELAY_MS = 5_000;

function parse<T>(event: Event): T | null {
  try {
    return JSON.parse((event as MessageEvent<string>).data) as T;
  } catch {
    return null;
  }
}

/**
 * Opens the server-sent event stream for the signed-in user: reminders become notifications and
 * refresh the task lists, notification events refresh the bell, and every type listed in
 * LIVE_EVENT_TYPES is passed on to `liveBus` subscribers. Returns whether it is connected.
 */
export function useLiveEvents(): boolean {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // navigate changes with the location; a ref keeps the stream open across page changes.
  const navigateRef = useRef(navigate);
  navigateRef.current = navigate;
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    // Across reconnections: a stream that opens again may have missed events.
    const seen = { ready: false };

    const onReminder = (event: Event) => {
      const reminder = parse<TaskReminderEvent>(event);
      if (!reminder) return;
      const path = reminder.personId
        ? `/people/${reminder.personId}`
        : reminder.organisationId
          ? `/organisations/${reminder.organisationId}`
          : '/tasks';
      notifications.show({
        id: `reminder-${reminder.taskId}`,
        title: i18n.t('reminder.title'),
        color: 'orange',
        autoClose: false,
        'data-testid': 'reminder-notification',
        message: createElement(ReminderMessage, {
          title: reminder.title,
          dueAt: reminder.dueAt,
          onOpen: () => navigateRef.current(path),
        }),
      });
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      void queryClient.invalidateQueries({ queryKey: ['notifications'] });
    };

    const connect = () => {
      source = new EventSource('/api/events');
      // `ready` (not `open`) means the server has subscribed us: events from now on arrive.
      source.addEventListener('ready', () => setConnected(true));
      // After `resync` (the server missed events) or a reconnection, every list is refetched.
      refetchAfterGaps(source, queryClient, seen);
      // Every other feature (screen pop, call-back queue, overload mode…) listens through liveBus.
      for (const type of LIVE_EVENT_TYPES) {
        source.addEventListener(type, (event) => liveBus.emit(type, parse<unknown>(event)));
      }
      source.addEventListener('task.reminder', onReminder);
      listenToHandOffs(source, queryClient);
      source.addEventListener('notification', () => {
        void queryClient.invalidateQueries({ queryKey: ['notifications'] });
      });
      // A colleague handed us a task or closed (completed, cancelled) one we created: task lists are out of date.
      for (const type of ['task.assigned', 'task.completed', 'task.cancelled']) {
        source.addEventListener(type, () => void queryClient.invalidateQueries({ queryKey: ['tasks'] }));
      }
      source.addEventListener('error', () => {
        setConnected(false);
        // The browser retries by itself unless the server answered with an error status
        // (e.g. 401 after the session expired): then check the session and try again later.
        if (source?.readyState === EventSource.CLOSED && !stopped) {
          void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
          retry = setTimeout(connect, RECONNECT_DELAY_MS);
        }
      });
    };

    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [queryClient]);

  return connected;
}
