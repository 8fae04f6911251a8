import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

type Options = { replace?: boolean };

/**
 * Page state kept in the address bar (filters, sort, the open drawer), so it can be bookmarked,
 * shared and restored with the back button.
 *
 * Each change starts from the URL as it is now, not from the parameters of the last render:
 * React Router updates the address bar at once but renders the navigation in a transition, so a
 * second quick change (a click on a sort header just after the first) would otherwise start from
 * stale parameters and undo or repeat the first. Changes replace the history entry unless told.
 */
export function useUrlParams() {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (change: (next: URLSearchParams) => void, options: Options = {}) => {
      const next = new URLSearchParams(window.location.search);
      change(next);
      setParams(next, { replace: options.replace ?? true });
    },
    [setParams],
  );
  const set = useCallback(
    (values: Record<string, string | null | undefined>, options?: Options) =>
      update((next) => {
        for (const [key, value] of Object.entries(values)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
      }, options),
    [update],
  );
  const clear = useCallback(() => setParams(new URLSearchParams(), { replace: true }), [setParams]);
  return { params, set, update, clear };
}
