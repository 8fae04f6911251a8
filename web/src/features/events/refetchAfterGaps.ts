import type { QueryClient } from '@tanstack/react-query';

/**
 * Live events only say what changed while the stream was open and the server listening: after a
 * gap, what the pages show may be out of date. Two gaps are known: the server's `resync` (its
 * connection to the other instances' events was lost, then restored) and a stream that opens
 * again (`ready` after the first: the browser reconnected, after a server restart say). Either
 * way every query is refetched, as on a reload; the page stays where it is.
 */
export function refetchAfterGaps(source: EventTarget, queryClient: Pick<QueryClient, 'invalidateQueries'>, seen: { ready: boolean }): void {
  source.addEventListener('resync', () => void queryClient.invalidateQueries());
  source.addEventListener('ready', () => {
    if (seen.ready) void queryClient.invalidateQueries();
    seen.ready = true;
  });
}
