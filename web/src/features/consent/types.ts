// Shapes of the consent API, defined once in common/api/consent.ts (the server's too).
import type { Consent, ConsentMap, ConsentPurpose } from '../../../../common/api/consent.js';

export { CONSENT_CHANNELS } from '../../../../common/api/consent.js';
export type { Consent, ConsentChannel, ConsentMap, ConsentPurpose, ConsentStatus } from '../../../../common/api/consent.js';

/** Purposes in the order the consent card and badges show them: marketing first (common/ lists service first). */
export const CONSENT_PURPOSES = ['marketing', 'service'] as const satisfies readonly ConsentPurpose[];

/** The same list as a compact map. */
export function toConsentMap(items: Consent[] | undefined): ConsentMap {
  const map: ConsentMap = {};
  for (const c of items ?? []) (map[c.channel] ??= {})[c.purpose] = c.status;
  return map;
}
