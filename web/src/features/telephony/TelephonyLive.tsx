import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { useAuth } from '../../auth/useAuth.js';
import { api } from '../../lib/api.js';
import type { Page } from '../../lib/types.js';
import { i18n } from '../../i18n/i18n.js';
import { useLiveEvent } from '../events/liveBus.js';
import { callStore, useCallStore } from './callStore.js';
import { ScreenPop } from './ScreenPop.js';
import { AfterCallForm } from './AfterCallForm.js';
import { OVERLOAD_KEY } from './useOverload.js';
import type { Call, CallEvent, RingingCard } from './types.js';

/** The newest of my calls left to log that the header's list shows; the call log has them all. */
const TO_LOG_LIMIT = 50;

/**
 * Telephony in the signed-in frame: turns live call events into the screen pop and the
 * after-call form, and keeps the call log, call-back queue and overload mode current.
 */
export function TelephonyLive() {
  const { user } = useAuth();
  const me = user?.id ?? '';
  const queryClient = useQueryClient();
  const { wrapUps } = useCallStore();

  useEffect(() => () => callStore.reset(), []);

  // My calls left to log, as the server keeps them: put off in an earlier session, another tab or
  // device, they are still a click away. Read again when the live stream (re)connects.
  const toLog = useQuery({
    queryKey: ['calls', 'toLog', me],
    queryFn: async ({ signal }) => {
      const askedAt = Date.now();
      const page = await api.get<Page<Call>>('/api/calls', { toLog: 'true', agentId: 'me', limit: TO_LOG_LIMIT }, signal);
      return { items: page.items, more: page.nextCursor !== null, askedAt };
    },
    enabled: Boolean(me),
    staleTime: Infinity,
  });
  useEffect(() => {
    if (toLog.data) callStore.restoreToLog(toLog.data.items, toLog.data.askedAt, toLog.data.more);
  }, [toLog.data]);

  useLiveEvent<RingingCard>('call.ringing', (card) => {
    if (card?.callId) callStore.ring(card);
  });
  useLiveEvent<CallEvent>('call.answered', (event) => {
    if (!event?.id) return;
    callStore.answered(event, me);
    void queryClient.invalidateQueries({ queryKey: ['calls', 'list'] });
  });
  useLiveEvent<CallEvent>(['call.ended', 'call.missed', 'call.voicemail'], (event) => {
    if (!event?.id) return;
    callStore.ended(event, me);
    void queryClient.invalidateQueries({ queryKey: ['calls', 'list'] });
    void queryClient.invalidateQueries({ queryKey: ['interactions'] });
  });
  // Wrapped up in another of my tabs or devices, or by a colleague: its form closes here, it
  // leaves my calls to log, and what was saved shows.
  useLiveEvent<{ id: string }>('call.wrapped', (event) => {
    if (!event?.id) return;
    callStore.finishWrapUp(event.id);
    void queryClient.invalidateQueries({ queryKey: ['calls'] });
    void queryClient.invalidateQueries({ queryKey: ['interactions'] });
    void queryClient.invalidateQueries({ queryKey: ['tasks'] });
  });
  useLiveEvent(['callback.created', 'callback.updated'], () => void queryClient.invalidateQueries({ queryKey: ['callbacks'] }));
  useLiveEvent<{ enabled: boolean; by: string }>('telephony.overload', (data) => {
    if (typeof data?.enabled !== 'boolean') return;
    queryClient.setQueryData(OVERLOAD_KEY, { enabled: data.enabled });
    notifications.show({
      id: 'overload',
      color: data.enabled ? 'red' : 'teal',
      message: i18n.t(data.enabled ? 'overload.turnedOn' : 'overload.turnedOff', { by: data.by }),
      'data-testid': 'overload-notification',
    });
  });
  useLiveEvent('interaction.created', () => {
    void queryClient.invalidateQueries({ queryKey: ['interactions'] });
    void queryClient.invalidateQueries({ queryKey: ['pressure'] });
  });
  // (Re)connected: anything may have changed while the stream was down.
  useLiveEvent('ready', () => {
    void queryClient.invalidateQueries({ queryKey: ['callbacks'] });
    void queryClient.invalidateQueries({ queryKey: ['calls', 'toLog'] });
    void queryClient.invalidateQueries({ queryKey: OVERLOAD_KEY });
  });

  return (
    <>
      <ScreenPop />
      <AfterCallForm wrapUp={wrapUps[0]} />
    </>
  );
}
