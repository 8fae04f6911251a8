/**
 * "Your session has expired": remembered when a request of a signed-in page is refused with 401
 * (sessions last RELAIS_SESSION_HOURS; an admin may reset a password or disable a user), so that
 * the sign-in page says why it is shown and offers the same e-mail. Kept for this tab only.
 */
const KEY = 'relais.sessionExpired';

export const sessionExpiry = {
  mark(email: string) {
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ email }));
    } catch {
      // Storage refused (private mode): the sign-in page just shows no notice.
    }
  },
  /** The e-mail of the session that expired, or null when the sign-in page is not shown for that. */
  read(): { email: string } | null {
    try {
      const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { email?: unknown } | null;
      return stored && typeof stored.email === 'string' ? { email: stored.email } : null;
    } catch {
      return null;
    }
  },
  clear() {
    try {
      sessionStorage.removeItem(KEY);
    } catch {
      // Nothing was stored.
    }
  },
};
