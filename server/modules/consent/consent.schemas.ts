import { z } from 'zod';
import { CONSENT_CHANNELS, CONSENT_PURPOSES, CONSENT_STATUSES } from '../../../common/api/consent.js';

export const consentItem = z
  .object({
    channel: z.enum(CONSENT_CHANNELS),
    purpose: z.enum(CONSENT_PURPOSES),
    status: z.enum([...CONSENT_STATUSES, 'unknown']).describe('"unknown" forgets what was recorded (as if never asked)'),
    source: z.string().trim().max(200).nullable().optional().describe('Where the customer said it, e.g. "call of 12/11", "web form"'),
    note: z.string().trim().max(2000).nullable().optional(),
  })
  .strict();

export type ConsentInput = z.infer<typeof consentItem>;

/** PUT body: the channel × purpose pairs to set; pairs not listed stay as they are. */
export const consentBody = z.array(consentItem).min(1).max(CONSENT_CHANNELS.length * CONSENT_PURPOSES.length);

export const consentParams = z.object({ id: z.string().min(1).max(36) }).strict();
