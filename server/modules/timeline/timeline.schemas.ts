import { z } from 'zod';
import { dayOrDateTime, isoDateTime, recordId, recordIdFilter } from '../../http/schemas.js';

/** What an interaction may link to: the records it is about or came from. */
export const LINK_TYPES = ['person', 'organisation', 'interaction', 'task', 'call', 'request', 'lead'] as const;
export type LinkType = (typeof LINK_TYPES)[number];

export const CHANNELS = ['call', 'email', 'letter', 'fax', 'meeting', 'sms', 'chat', 'social_public', 'social_private', 'web_form', 'note'] as const;
export const DIRECTIONS = ['in', 'out', 'internal'] as const;

const isoDate = isoDateTime.describe('ISO 8601 date-time');
/** The longest an interaction lasts, in seconds (a week): longer is a mistake, not a conversation. */
export const MAX_DURATION_SECONDS = 86_400 * 7;
/** Why an outbound contact goes over a contact-pressure cap or a refusal: kept with the contact. */
const overrideReason = z.string().trim().min(3).max(500).optional();

export const createInteractionBody = z
  .object({
    channel: z.enum(CHANNELS),
    direction: z.enum(DIRECTIONS),
    occurredAt: isoDate.optional().describe('When it happened; defaults to now; not in the future (5 minutes of leeway for clocks) nor before 1900'),
    durationSeconds: z.number().int().min(0).max(MAX_DURATION_SECONDS).nullable().optional(),
    personId: recordId.nullable().optional(),
    organisationId: recordId
      .nullable()
      .optional()
      .describe("Defaults to the person's organisation when they belong to exactly one, so that it shows on its timeline too; null: none"),
    participants: z
      .array(z.object({ type: z.enum(['person', 'organisation']), id: recordId }).strict())
      .max(50)
      .optional()
      .describe('Other people or organisations involved'),
    summary: z.string().trim().max(500).nullable().optional(),
    body: z.string().max(100_000).nullable().optional(),
    outcome: z.string().trim().max(60).nullable().optional().describe('e.g. reached, no_answer, voicemail, callback_requested'),
    links: z
      .array(z.object({ type: z.enum(LINK_TYPES), id: recordId }).strict())
      .max(20)
      .optional()
      .describe('Links to any other record'),
    pressureOverrideReason: overrideReason.describe('Why an outbound contact goes over a contact-pressure cap; recorded'),
  })
  .strict()
  .refine((v) => v.personId || v.organisationId || v.participants?.length, {
    message: 'personId, organisationId or participants is required',
    path: ['personId'],
  });

export const updateInteractionBody = z
  .object({
    channel: z.enum(CHANNELS).optional(),
    direction: z.enum(DIRECTIONS).optional(),
    occurredAt: isoDate.optional().describe('A mistyped date corrected; the same limits as on creation'),
    summary: z.string().trim().max(500).nullable().optional(),
    body: z.string().max(100_000).nullable().optional(),
    outcome: z.string().trim().max(60).nullable().optional(),
    durationSeconds: z.number().int().min(0).max(MAX_DURATION_SECONDS).nullable().optional(),
    version: z.number().int().positive().optional(),
    pressureOverrideReason: overrideReason.describe('Why a correction that makes this an outbound contact goes over a cap or a refusal; recorded'),
  })
  .strict();

export const listInteractionsQuery = z
  .object({
    personId: recordIdFilter.optional(),
    organisationId: recordIdFilter.optional(),
    channel: z.enum(CHANNELS).optional(),
    from: dayOrDateTime.optional().describe("ISO 8601 date-time, or a day YYYY-MM-DD (from its start in the firm's time zone, RELAIS_TIMEZONE)"),
    to: dayOrDateTime.optional().describe("ISO 8601 date-time (excluded), or a day YYYY-MM-DD (included, to its end in the firm's time zone)"),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

export type CreateInteraction = z.infer<typeof createInteractionBody>;
export type UpdateInteraction = z.infer<typeof updateInteractionBody>;
export type ListInteractions = z.infer<typeof listInteractionsQuery>;
