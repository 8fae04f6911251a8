import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * Filters kept in the address bar. Each change starts from the URL as it is now, not from the
 * last render: React Router renders navigations in a transition, so two quick changes (a select,
 * then another) would otherwise lose the first.
 */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const set = useCallback(
    (values: Record<string, string | null | undefined>) => {
      const next = new URLSearchParams(window.location.search);
      for (const [key, value] of Object.entries(values)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      setParams(next, { replace: true });
    },
    [setParams],
  );
  const clear = useCallback(() => setParams(new URLSearchParams(), { replace: true }), [setParams]);
  return { params, set, clear };
}
