import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../lib/api.js';
import { ApiError } from '../lib/ApiError.js';
import type { Session } from '../lib/types.js';
import { i18n } from '../i18n/i18n.js';

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

/** The signed-in user (or null), with login and logout actions. */
export function useAuth() {
  const queryClient = useQueryClient();
  const session = useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: Infinity, retry: false });

  const login = useMutation({
    mutationFn: (credentials: { email: string; password: string }) =>
      api.post<Session>('/api/auth/login', credentials),
    meta: { inlineErrors: true },
    onSuccess: (result) => {
      api.setCsrfToken(result.csrfToken);
      i18n.adoptUserLocale(result.user.locale);
      queryClient.setQueryData(SESSION_KEY, result);
    },
  });

  const logout = useMutation({
    mutationFn: () => api.post<void>('/api/auth/logout'),
    onSettled: () => {
      api.setCsrfToken(null);
      queryClient.setQueryData(SESSION_KEY, null);
      // Drop every cached record so the next user never sees the previous one's data. (Not
      // clear(): the session query must stay observed so the app notices the sign-out.)
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
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
