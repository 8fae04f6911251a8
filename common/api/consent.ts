// Shapes of the consent API (GET/PUT /api/people/:id/consents, the screen pop's `consent`) shared
// by the server (server/modules/consent) and the web app. JSON field names are a contract.

/** Channels one can be contacted on. */
export const CONSENT_CHANNELS = ['phone', 'email', 'sms', 'post'] as const;
/** Why one would contact them: serving an existing relation, or selling (prospection). */
export const CONSENT_PURPOSES = ['service', 'marketing'] as const;
/** What is stored. */
export const CONSENT_STATUSES = ['granted', 'refused'] as const;

export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/** The screen pop's compact form: only what was recorded, e.g. `{ phone: { marketing: 'refused' } }`. */
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
