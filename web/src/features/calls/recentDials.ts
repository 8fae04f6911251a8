/**
 * The records dialled from a phone link in this tab, and when (memory only). Logging a call on
 * such a record soon after starts as outgoing: the call just made is what is being noted, and an
 * outgoing call is what contact-pressure caps and consent check.
 */
const dialled = new Map<string, number>();

/** How long after dialling "log a call" starts as outgoing. */
export const RECENT_DIAL_MS = 30 * 60_000;

export function noteDial(recordId: string, now = Date.now()): void {
  dialled.set(recordId, now);
}

export function dialledRecently(recordId: string | undefined, now = Date.now()): boolean {
  const at = recordId ? dialled.get(recordId) : undefined;
  return at !== undefined && now - at < RECENT_DIAL_MS;
}
