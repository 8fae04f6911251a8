import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../lib/api.js';
import { ApiError } from '../lib/ApiError.js';
import type { Session } from '../lib/types.js';
import { i18n } from '../i18n/i18n.js';
import { sessionExpiry } from './sessionExpiry.js';
import { forgetFormDrafts } from '../features/forms/formDraft.js';

/** Query key of the current session; `null` data means signed out. */
export const SESSION_KEY = ['auth', 'me'] as const;

async function fetchSession(): Promise<Session | null> {
  try {
    const session = await api.get<Session>('/api/auth/me');
    api.setCsrfToken(session.csrfToken);
    i18n.adoptUserLocale(session.user.locale);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/**
 * Drops every cached record once signed out (logged out or session expired), so the next user
 * never sees the previous one's data. Run by the sign-in page: by then the signed-in screens are
 * gone. Dropped while they were still mounted, any re-render of theirs (the live stream ending at
 * logout causes one) refetched their data with a cookie that no longer works: 401s.
 * (Not clear(): the session query must stay observed so the app notices the next sign-in.)
 */
export function useForgetSignedInData(signedIn: boolean) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!signedIn) queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
  }, [queryClient, signedIn]);
}

/** The signed-in user (or null), with login and logout actions. */
export function useAuth() {
  const queryClient = useQueryClient();
  const session = useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: Infinity, retry: false });

  const login = useMutation({
    mutationFn: (credentials: { email: string; password: string }) =>
      api.post<Session>('/api/auth/login', credentials),
    meta: { inlineErrors: true },
    onSuccess: (result) => {
      sessionExpiry.clear();
      api.setCsrfToken(result.csrfToken);
      i18n.adoptUserLocale(result.user.locale);
      queryClient.setQueryData(SESSION_KEY, result);
    },
  });

  const logout = useMutation({
    mutationFn: () => api.post<void>('/api/auth/logout'),
    onSettled: () => {
      api.setCsrfToken(null);
      // Signed out on purpose: nothing typed is kept for the next one to sign in on this tab.
      forgetFormDrafts();
      // The app shows the sign-in page, which drops every cached record (useForgetSignedInData).
      queryClient.setQueryData(SESSION_KEY, null);
    },
  });

  return {
    user: session.data?.user ?? null,
    isLoading: session.isPending,
    error: session.error,
    login,
    logout,
  };
}
