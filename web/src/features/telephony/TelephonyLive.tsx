import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { useAuth } from '../../auth/useAuth.js';
import { i18n } from '../../i18n/i18n.js';
import { useLiveEvent } from '../events/liveBus.js';
import { callStore, useCallStore } from './callStore.js';
import { ScreenPop } from './ScreenPop.js';
import { AfterCallForm } from './AfterCallForm.js';
import { CallsToLog } from './CallsToLog.js';
import { OVERLOAD_KEY } from './useOverload.js';
import type { CallEvent, RingingCard } from './types.js';

/**
 * Telephony in the signed-in frame: turns live call events into the screen pop and the
 * after-call form, and keeps the call log, call-back queue and overload mode current.
 */
export function TelephonyLive() {
  const { user } = useAuth();
  const me = user?.id ?? '';
  const queryClient = useQueryClient();
  const { wrapUps, later } = useCallStore();

  useEffect(() => () => callStore.reset(), []);

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
  // Wrapped up in another of my tabs: its form closes here, and what it saved shows.
  useLiveEvent<{ id: string }>('call.wrapped', (event) => {
    if (!event?.id) return;
    callStore.finishWrapUp(event.id);
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
    void queryClient.invalidateQueries({ queryKey: OVERLOAD_KEY });
  });

  return (
    <>
      <ScreenPop />
      <AfterCallForm wrapUp={wrapUps[0]} />
      <CallsToLog calls={later} />
    </>
  );
}
