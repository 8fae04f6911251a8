/** Channels and purposes, in display order (the server's closed lists). */
export const CONSENT_CHANNELS = ['phone', 'email', 'sms', 'post'] as const;
export const CONSENT_PURPOSES = ['marketing', 'service'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export type ConsentStatus = 'granted' | 'refused';

/** The screen pop's compact form: only what was recorded. */
export type ConsentMap = Partial<Record<ConsentChannel, Partial<Record<ConsentPurpose, ConsentStatus>>>>;

/** One recorded answer (GET /api/people/:id/consents). */
export interface Consent {
  channel: ConsentChannel;
  purpose: ConsentPurpose;
  status: ConsentStatus;
  source: string | null;
  note: string | null;
  recordedAt: string;
  recordedBy: { id: string; name: string } | null;
}

/** The same list as a compact map. */
export function toConsentMap(items: Consent[] | undefined): ConsentMap {
  const map: ConsentMap = {};
  for (const c of items ?? []) (map[c.channel] ??= {})[c.purpose] = c.status;
  return map;
}
