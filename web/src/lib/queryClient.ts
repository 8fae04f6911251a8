import { MutationCache, QueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { ApiError } from './ApiError.js';
import { translateError } from '../i18n/translateError.js';

declare module '@tanstack/react-query' {
  interface Register {
    /** `inlineErrors`: the component shows the error itself (forms), so no toast. */
    mutationMeta: { inlineErrors?: boolean };
  }
}

/** Shared TanStack Query client: no retries on 4xx, a toast for unhandled mutation errors. */
export const queryClient = new QueryClient({
  mutationCache: new MutationCache({
    onError: (error, _variables, _result, mutation) => {
      if (mutation.meta?.inlineErrors) return;
      notifications.show({ color: 'red', message: translateError(error), 'data-testid': 'error-notification' });
    },
  }),
  defaultOptions: {
    // A save is sent even when the browser believes it is offline: it then fails at once with
    // "the server cannot be reached" (after its own resends), instead of waiting silently.
    mutations: { networkMode: 'always' },
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: true,
      retry: (failureCount, error) => {
        if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
        return failureCount < 2;
      },
    },
  },
});
