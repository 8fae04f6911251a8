import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { refetchAfterGaps } from './refetchAfterGaps.js';

describe('refetching after a gap in live events', () => {
  const setup = () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(['tasks', 'mine'], []);
    queryClient.setQueryData(['notifications'], { items: [] });
    const source = new EventTarget();
    const seen = { ready: false };
    refetchAfterGaps(source, queryClient, seen);
    const stale = () => [['tasks', 'mine'], ['notifications']].map((key) => queryClient.getQueryState(key)?.isInvalidated);
    return { source, stale, seen, queryClient };
  };

  it('marks every query stale on resync', () => {
    const { source, stale } = setup();
    source.dispatchEvent(new Event('ready'));
    expect(stale()).toEqual([false, false]);
    source.dispatchEvent(new Event('resync'));
    expect(stale()).toEqual([true, true]);
  });

  it('marks every query stale when the stream opens again, not when it first opens', () => {
    const { source, stale, seen, queryClient } = setup();
    source.dispatchEvent(new Event('ready'));
    expect(stale()).toEqual([false, false]);
    // A new EventSource after an error keeps what was seen.
    const again = new EventTarget();
    refetchAfterGaps(again, queryClient, seen);
    again.dispatchEvent(new Event('ready'));
    expect(stale()).toEqual([true, true]);
  });
});
