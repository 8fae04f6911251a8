import { useCallback, useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { dialledRecently } from './recentDials.js';

/** How "log a call" opens: direction, and the reason given to go over a contact-pressure cap. */
export interface LogCallPreset {
  direction: 'in' | 'out';
  pressureReason?: string;
}

/** Location state a link may carry to open a record page with "log a call" preset (click-to-call). */
export interface LogCallState {
  logCall: LogCallPreset;
}

/**
 * Open/close state of a record page's "log a call" panel. Arriving with `logCall` in the location
 * state (after dialling over a pressure cap) opens it preset, then clears the state so a reload or
 * "back" does not open it again. Opened soon after `recordId` was dialled from a phone link, it
 * starts as an outgoing call.
 */
export function useLogCallPanel(recordId?: string) {
  const [opened, setOpened] = useState(false);
  const [preset, setPreset] = useState<LogCallPreset | null>(null);
  const location = useLocation();
  const navigate = useNavigate();

  const open = useCallback(
    (next: LogCallPreset | null = null) => {
      setPreset(next ?? (dialledRecently(recordId) ? { direction: 'out' } : null));
      setOpened(true);
    },
    [recordId],
  );
  const close = useCallback(() => setOpened(false), []);

  // Another record opened (e.g. from the search): the panel belonged to the previous one. What
  // was typed there is kept as a draft (LogCallPanel), never logged against the new record.
  useEffect(() => setOpened(false), [location.pathname]);

  useEffect(() => {
    const requested = (location.state as Partial<LogCallState> | null)?.logCall;
    if (!requested) return;
    open(requested);
    navigate(`${location.pathname}${location.search}`, { replace: true, state: null });
    // Only a new arrival (location key) counts.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [location.key]);

  return { opened, preset, open, close };
}
