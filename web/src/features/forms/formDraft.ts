import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLocation } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../lib/ApiError.js';
import type { Session } from '../../lib/types.js';
import { SESSION_KEY, useAuth } from '../../auth/useAuth.js';
import { sessionExpiry } from '../../auth/sessionExpiry.js';

/** Why a draft was kept: its save met an expired session, or its form was left without saving. */
export type DraftReason = 'expired' | 'left';

/**
 * What was typed in a record form or a dialog and not saved: kept in this tab, for the same user
 * at the same address (and the same dialog of that page), and given back when the form opens again
 * (after signing in again, after coming back to the form).
 */
interface Draft<V> {
  userId: string;
  savedAt: number;
  values: V;
  /** The version the edit started from: a colleague's change meanwhile is then a conflict, not overwritten. */
  version: number | null;
  /** Absent in drafts kept before forms kept what was left: those were all "expired". */
  reason?: DraftReason;
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

function forget(key: string) {
  try {
    sessionStorage.removeItem(PREFIX + key);
  } catch {
    // Nothing to remove.
  }
}

/** The draft kept under `key`, removed from storage; one `accepts` refuses stays for its own form. */
function take<V>(key: string, userId: string, accepts?: (values: V) => boolean): Draft<V> | null {
  const draft = read<V>(key, userId);
  if (draft && accepts && !accepts(draft.values)) return null;
  forget(key);
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
  const [restored, setRestored] = useState<DraftReason | null>(null);
  const restoreRef = useRef(restore);
  restoreRef.current = restore;
  const acceptsRef = useRef(dialog?.accepts);
  acceptsRef.current = dialog?.accepts;

  useEffect(() => {
    // A dialog closed: the next opening says nothing of this one's draft.
    if (!ready) setRestored(null);
    if (!ready || !user) return;
    const draft = take<V>(key, user.id, acceptsRef.current);
    if (!draft) return;
    restoreRef.current(draft.values, draft.version);
    setRestored(draft.reason ?? 'expired');
  }, [ready, user, key]);

  /** Runs a save; refused with 401, the values are kept for after the next sign-in. */
  const keepOnExpiry = useCallback(
    async <R>(values: V, version: number | null, save: () => Promise<R>): Promise<R> => {
      try {
        return await save();
      } catch (error) {
        if (error instanceof ApiError && error.status === 401 && user) store(key, { userId: user.id, savedAt: Date.now(), values, version, reason: 'expired' });
        throw error;
      }
    },
    [key, user],
  );

  return { restored: restored !== null, reason: restored, dismiss: () => setRestored(null), keepOnExpiry };
}

/**
 * Keeps a form's unsaved values when it is left without saving nor cancelling: a link, the search or
 * the back button opened another page, the tab was reloaded, or the session ended. The same form
 * opened again gives them back (useExpiredSessionDraft). `unsaved`: what was typed and its version,
 * or null while nothing differs from what the form was opened with. Nothing is kept once `settle()`
 * was called (saved, or cancelled on purpose), nor when the user signed out on purpose.
 * Why not a "leave this page?" question: the app's router (BrowserRouter) has no navigation
 * blocker, and at a front desk the form is often left for a moment on purpose (a search during a
 * call) — coming back to it should find the typing there, not a question asked on the way out.
 */
export function useKeepUnsaved<V>(unsaved: { values: V; version: number | null } | null) {
  const userId = useAuth().user?.id;
  const queryClient = useQueryClient();
  const key = useDraftKey(undefined);
  const latest = useRef(unsaved);
  latest.current = unsaved;
  const settled = useRef(false);

  useEffect(() => {
    const keep = () => {
      const draft = latest.current;
      if (settled.current || !draft || !userId) return;
      // Still signed in: the form was left. Signed out by a refused request: the session expired.
      // Signed out with no expiry noted: on purpose, and nothing typed stays behind.
      const signedIn = Boolean(queryClient.getQueryData<Session | null>(SESSION_KEY));
      const reason: DraftReason | null = signedIn ? 'left' : sessionExpiry.read() ? 'expired' : null;
      if (reason) store(key, { userId, savedAt: Date.now(), ...draft, reason });
    };
    // A reload or a closed tab unmounts nothing: the page going away is the last moment to keep it.
    window.addEventListener('pagehide', keep);
    return () => {
      window.removeEventListener('pagehide', keep);
      // Unmounted (another page), or signed out (user changed): keep it now.
      keep();
    };
  }, [key, userId, queryClient]);

  return {
    settle: () => {
      settled.current = true;
      forget(key);
    },
  };
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
