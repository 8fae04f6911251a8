import type { Clock } from '../../clock.js';
import { RESYNC, type EventBus } from '../../events/bus.js';

/** How long a credential is trusted without reading it again, whatever else happens (see below). */
export const CREDENTIAL_MAX_AGE_MS = 30_000;
/** Enough for every user of a large organisation with a few devices each; the oldest go first. */
const MAX_ENTRIES = 20_000;

/**
 * Credentials (session or API token, by hash) recently read with their user, so that a busy
 * client's every request does not read them again: on PostgreSQL that query is a round trip and
 * a quarter of a screen pop's statements (measured: ≈ 0.2 ms of server CPU per request).
 *
 * Trusting a kept row is only right while every change of a user's access reaches this cache:
 * - on this instance, the auth service forgets a user's entries as it changes their access
 *   (logout, revocation, disabling, password, role, team…), before it answers;
 * - from the other instances, the bus's `access.changed` event does the same, within milliseconds;
 * - while the bus is not live (PostgreSQL listener lost), nothing is kept or trusted, and a
 *   `resync` (events possibly missed) empties the cache;
 * - an entry is read again after CREDENTIAL_MAX_AGE_MS anyway: the bound for a change made
 *   outside the application (a restore, a hand edit in the database).
 * Unknown credentials are never kept: a new session or token works at once. Expiry dates are
 * checked on every request by the caller, against the kept row's dates.
 */
export function createCredentialCache<Row extends { id: string }>(deps: { events: EventBus; clock: Clock }) {
  const entries = new Map<string, { row: Row; readAt: number }>();
  const live = () => deps.events.status().live;

  // Bumped by every forgetting: a row read before a change that lands while it is being read
  // must not be kept afterwards as if it were current.
  let forgets = 0;
  function forgetUser(userId: string) {
    forgets++;
    for (const [key, entry] of entries) if (entry.row.id === userId) entries.delete(key);
  }
  deps.events.subscribe((event) => {
    if (event.type === 'access.changed') forgetUser((event.data as { userId: string }).userId);
    else if (event.type === RESYNC) {
      forgets++;
      entries.clear();
    }
  });

  return {
    /** The row kept for `key`, or what `load` reads (kept when found and nothing changed meanwhile). */
    async read(key: string, load: () => Promise<Row | undefined>): Promise<Row | undefined> {
      const entry = entries.get(key);
      const now = deps.clock.now().getTime();
      if (entry && live() && now - entry.readAt < CREDENTIAL_MAX_AGE_MS) return entry.row;
      entries.delete(key);
      const forgetsBefore = forgets;
      const row = await load();
      if (row && live() && forgets === forgetsBefore) {
        if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
        entries.set(key, { row, readAt: now });
      }
      return row;
    },
    forgetUser,
    /** How many credentials are kept (tests). */
    size: () => entries.size,
  };
}

export type CredentialCache<Row extends { id: string }> = ReturnType<typeof createCredentialCache<Row>>;
