/** What the consent routes answer (OpenAPI document only, see server/http/responses.ts). */
import { z } from 'zod';
import { CONSENT_CHANNELS, CONSENT_PURPOSES, CONSENT_STATUSES } from '../../../common/api/consent.js';
import { id, timestamp } from '../../http/responses.js';

export const consentResponse = z.strictObject({
  channel: z.enum(CONSENT_CHANNELS),
  purpose: z.enum(CONSENT_PURPOSES),
  status: z.enum(CONSENT_STATUSES),
  source: z.string().nullable().describe('Where the customer said it'),
  note: z.string().nullable(),
  recordedAt: timestamp,
  recordedBy: z.strictObject({ id, name: z.string() }).nullable().describe('Who recorded it; null when not known'),
});

/** Never paged: at most one item per channel and purpose. */
export const consentsResponse = z.strictObject({
  items: z.array(consentResponse).describe('Only the pairs recorded, by channel then purpose'),
});

/** The screen pop's compact form: per channel, per purpose, only what was recorded. */
export const consentMap = z
  .strictObject(
    Object.fromEntries(
      CONSENT_CHANNELS.map((channel) => [channel, z.strictObject(Object.fromEntries(CONSENT_PURPOSES.map((purpose) => [purpose, z.enum(CONSENT_STATUSES).optional()]))).optional()]),
    ),
  )
  .describe('What was recorded per channel and purpose, e.g. { phone: { marketing: "refused" } }');
