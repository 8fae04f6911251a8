import { useEffect, useRef } from 'react';

/**
 * Named server-sent events the app listens to (EventSource only delivers named events to
 * listeners registered by name). Features subscribe with `useLiveEvent`; `useLiveEvents` feeds
 * them from the one stream.
 */
export const LIVE_EVENT_TYPES = [
  'ready',
  // The server may have missed events (its link to the other instances came back): refetch.
  'resync',
  'call.ringing',
  'call.updated',
  'call.answered',
  'call.ended',
  'call.missed',
  'call.voicemail',
  'call.wrapped',
  'callback.created',
  'callback.updated',
  'telephony.overload',
  'interaction.created',
  'consent.changed',
  'record.changed',
] as const;
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

type Handler = (data: unknown) => void;
const handlers = new Map<string, Set<Handler>>();

/** In-page dispatch of live events by type. */
export const liveBus = {
  on(type: LiveEventType, handler: Handler): () => void {
    let set = handlers.get(type);
    if (!set) handlers.set(type, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  },
  emit(type: string, data: unknown): void {
    for (const handler of handlers.get(type) ?? []) {
      try {
        handler(data);
      } catch (error) {
        // One broken feature must not stop the others from hearing the event.
        console.error(error);
      }
    }
  },
};

/** Calls `handler` with the data of each live event of these types (latest handler, stable subscription). */
export function useLiveEvent<T = unknown>(types: LiveEventType | readonly LiveEventType[], handler: (data: T, type: LiveEventType) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  const key = typeof types === 'string' ? types : types.join(' ');
  useEffect(() => {
    const list = key.split(' ') as LiveEventType[];
    const offs = list.map((type) => liveBus.on(type, (data) => ref.current(data as T, type)));
    return () => offs.forEach((off) => off());
  }, [key]);
}
