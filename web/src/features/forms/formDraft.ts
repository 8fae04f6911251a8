import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLocation } from 'react-router';
import { ApiError } from '../../lib/ApiError.js';
import { useAuth } from '../../auth/useAuth.js';

/**
 * What was typed in a record form or a dialog whose save met an expired session (401): kept in
 * this tab, for the same user at the same address (and the same dialog of that page), and given
 * back once they have signed in again.
 */
interface Draft<V> {
  userId: string;
  savedAt: number;
  values: V;
  /** The version the edit started from: a colleague's change meanwhile is then a conflict, not overwritten. */
  version: number | null;
}

const PREFIX = 'relais.formDraft:';
/** A draft older than this is not offered any more (a session ends after hours, not days). */
const MAX_AGE_MS = 24 * 3600_000;

function store<V>(key: string, draft: Draft<V>) {
  try {
    sessionStorage.setItem(PREFIX + key, JSON.stringify(draft));
  } catch {
    // Storage full or refused: the typed values are lost as before, the sign-in page still says why.
  }
}

function read<V>(key: string, userId: string): Draft<V> | null {
  try {
    const raw = sessionStorage.getItem(PREFIX + key);
    if (!raw) return null;
    const draft = JSON.parse(raw) as Draft<V>;
    return draft.userId === userId && Date.now() - draft.savedAt < MAX_AGE_MS ? draft : null;
  } catch {
    return null;
  }
}

/** The draft kept under `key`, removed from storage; one `accepts` refuses stays for its own form. */
function take<V>(key: string, userId: string, accepts?: (values: V) => boolean): Draft<V> | null {
  const draft = read<V>(key, userId);
  if (draft && accepts && !accepts(draft.values)) return null;
  try {
    sessionStorage.removeItem(PREFIX + key);
  } catch {
    // Nothing to remove.
  }
  return draft;
}

/** Where a draft is kept: the page's address, and the dialog's name for a dialog of that page. */
function useDraftKey(dialog: string | undefined): string {
  const location = useLocation();
  return location.pathname + location.search + (dialog ? `#${dialog}` : '');
}

/** Forgets every kept draft (signing out on purpose). */
export function forgetFormDrafts() {
  try {
    for (const key of Object.keys(sessionStorage)) if (key.startsWith(PREFIX)) sessionStorage.removeItem(key);
  } catch {
    // Nothing stored.
  }
}

/**
 * Keeps a record form's values when its save is refused because the session expired, and restores
 * them when the form opens again for the same user (after signing in, the app returns to it).
 * `ready`: the form holds the record's values (an edit form once the record is loaded), so the
 * draft replaces them and not the other way round.
 * A dialog names itself (`dialog`: "new-task"): its page reopens it when a draft waits for it
 * (useWaitingDraft); `accepts` says whether a kept draft is this opening's (the same task, say).
 */
export function useExpiredSessionDraft<V>(
  ready: boolean,
  restore: (values: V, version: number | null) => void,
  dialog?: { name: string; accepts?: (values: V) => boolean },
) {
  const { user } = useAuth();
  const key = useDraftKey(dialog?.name);
  const [restored, setRestored] = useState(false);
  const restoreRef = useRef(restore);
  restoreRef.current = restore;
  const acceptsRef = useRef(dialog?.accepts);
  acceptsRef.current = dialog?.accepts;

  useEffect(() => {
    // A dialog closed: the next opening says nothing of this one's draft.
    if (!ready) setRestored(false);
    if (!ready || !user) return;
    const draft = take<V>(key, user.id, acceptsRef.current);
    if (!draft) return;
    restoreRef.current(draft.values, draft.version);
    setRestored(true);
  }, [ready, user, key]);

  /** Runs a save; refused with 401, the values are kept for after the next sign-in. */
  const keepOnExpiry = useCallback(
    async <R>(values: V, version: number | null, save: () => Promise<R>): Promise<R> => {
      try {
        return await save();
      } catch (error) {
        if (error instanceof ApiError && error.status === 401 && user) store(key, { userId: user.id, savedAt: Date.now(), values, version });
        throw error;
      }
    },
    [key, user],
  );

  return { restored, dismiss: () => setRestored(false), keepOnExpiry };
}

/**
 * The values of a draft waiting for a dialog of this page (not taken: the dialog takes it when it
 * opens), or null: what the page reads to open the dialog again after signing in.
 */
export function useWaitingDraft<V>(dialog: string): V | null {
  const { user } = useAuth();
  const key = useDraftKey(dialog);
  const userId = user?.id;
  return useMemo(() => (userId ? (read<V>(key, userId)?.values ?? null) : null), [key, userId]);
}
