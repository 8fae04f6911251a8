import { z } from 'zod';
import { PRESSURE_SCOPE_TYPES } from '../../../common/api/pressure.js';
import { CALL_STATES, CALLBACK_REASONS, CALLBACK_STATUSES } from '../../../common/api/telephony.js';
import { dayOrDateTime, isoDateTime, recordId } from '../../http/schemas.js';
import { CALL_EVENTS } from './calls.service.js';
import { INTEGRATION_KINDS } from './integrations.service.js';
import { DIAL_FORMATS } from '../../lib/phone.js';

const isoDate = isoDateTime;

/** The generic webhook: what any phone system (or a small script in front of it) posts. */
export const callEventBody = z
  .object({
    callId: z.string().trim().min(1).max(200).describe("The phone system's id for the call; all its events share it"),
    event: z.enum(CALL_EVENTS),
    from: z.string().trim().min(1).max(60).describe('Calling number as the phone system gives it'),
    to: z.string().trim().min(1).max(60).describe('Called number (the line)'),
    at: isoDate.optional().describe('When it happened; defaults to reception time'),
    extension: z.string().trim().max(40).optional().describe('Extension that rings or answered'),
    agentEmail: z.string().trim().max(320).optional().describe('E-mail of the Relais user who answered'),
    recordingUrl: z.url({ protocol: /^https?$/ }).max(1000).optional().describe('Where the recording or voicemail can be heard (http or https)'),
    direction: z.enum(['in', 'out']).optional(),
  })
  .strict();

/** Kind-specific settings of a telephony integration (see IntegrationConfig). */
export const integrationConfig = z
  .object({
    twilioAuthToken: z.string().min(8).max(200).optional(),
    twilioAccountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'a Twilio Account SID (AC…)').optional(),
    twilioCallerId: z.string().max(30).optional(),
    forwardTo: z.string().max(200).optional(),
    /** Language of the voicemail greeting callers hear (Twilio): French by default. */
    voicemailLanguage: z.enum(['fr', 'en']).optional(),
    amiHost: z.string().regex(/^[A-Za-z0-9.:[\]-]{1,200}$/, 'a host name or an IP address').optional(),
    amiPort: z.number().int().min(1).max(65535).optional(),
    // Sent in the AMI Login action as header values: a line break would add headers or actions.
    amiUsername: z.string().max(200).regex(/^[^\r\n]*$/, 'no line breaks').optional(),
    amiSecret: z.string().max(200).regex(/^[^\r\n]*$/, 'no line breaks').optional(),
    // Sent into AMI actions as header values: letters, digits and a few signs only, never a line break.
    amiChannelTechnology: z.string().regex(/^[A-Za-z0-9_]{1,20}$/, 'a channel technology such as PJSIP').optional().describe('Click-to-call: technology of the agents\' phones (default PJSIP)'),
    amiContext: z.string().regex(/^[A-Za-z0-9_.-]{1,80}$/, 'a dialplan context name').optional().describe('Click-to-call: dialplan context of outgoing calls (default from-internal)'),
    amiVoicemailContext: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,80}$/, 'a dialplan context name')
      .optional()
      .describe('Overload mode: dialplan context (extension s) that takes a message from callers not under contract; unset, overload mode only records and queues them'),
    amiDialFormat: z.enum(DIAL_FORMATS).optional().describe('Click-to-call: national (default; 0612345678, foreign numbers 00…), e164 (+33612345678) or international (0033612345678)'),
  })
  .strict();

export const integrationBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(INTEGRATION_KINDS).default('generic'),
    config: integrationConfig.default({}),
  })
  .strict()
  // Twilio signs its webhooks with the auth token: without one, every call it sends would be refused.
  .refine((body) => body.kind !== 'twilio' || Boolean(body.config.twilioAuthToken), {
    path: ['config', 'twilioAuthToken'],
    message: 'required for a Twilio integration (its webhooks are signed with it)',
  });

/** Changes to an integration: what is sent replaces what was set; secrets left out are kept. */
export const integrationPatch = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    disabled: z.boolean().optional().describe('a disabled integration\'s events are refused (401) and its AMI connection closed'),
    config: integrationConfig.optional(),
  })
  .strict();

export const overloadBody = z.object({ enabled: z.boolean() }).strict();

const ruleKey = z.string().trim().toLowerCase().min(1).max(60);
export const priorityRuleBody = z
  .object({
    tags: z.array(ruleKey).max(20).describe('callers (or their organisations) with any of these tags are under contract'),
    relationshipTypes: z.array(ruleKey).max(20).describe('…or with any of these relationship types towards the firm'),
  })
  .strict();

export const listCallsQuery = z
  .object({
    state: z.enum(CALL_STATES).optional().describe('"missed" includes voicemails'),
    agentId: recordId.optional().describe('"me" or a user id'),
    toLog: z
      .enum(['true'])
      .optional()
      .describe('"true": answered calls whose after-call form was not saved yet ("Later"), for the after-call list; with agentId=me, mine'),
    personId: recordId.optional(),
    organisationId: recordId.optional(),
    number: z.string().max(60).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(120).optional(),
  })
  .strict();

export const callbacksQuery = z
  .object({
    status: z.enum(CALLBACK_STATUSES).optional(),
    assignee: recordId.optional().describe('"me" or a user id'),
    reason: z.enum(CALLBACK_REASONS).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(120).optional(),
  })
  .strict();

export const callbackPatch = z
  .object({
    assigneeId: recordId.nullable().optional(),
    status: z.enum(CALLBACK_STATUSES).optional(),
    outcome: z.string().trim().max(60).nullable().optional(),
    note: z.string().max(10_000).nullable().optional(),
    attempt: z.boolean().optional().describe('true when this update records a call-back attempt'),
    version: z.number().int().positive().optional(),
  })
  .strict();

export const callStatsQuery = z
  .object({
    from: dayOrDateTime.describe("Start of the range (inclusive): a date-time, or a day YYYY-MM-DD from its start in the firm's time zone"),
    to: dayOrDateTime.describe("End of the range: a date-time (excluded), or a day YYYY-MM-DD (included, to its end in the firm's time zone)"),
    direction: z.enum(['in', 'out']).optional(),
  })
  .strict();

export const extensionBody = z.object({ extension: z.string().trim().min(1).max(40), userId: recordId }).strict();

export const pressureRuleBody = z
  .object({
    scopeType: z.enum(PRESSURE_SCOPE_TYPES),
    scopeValue: z.string().trim().min(1).max(60).describe('A relationship type key, or a tag (stored in lower case, as tags are)'),
    maxContacts: z.number().int().min(0).max(1000),
    periodDays: z.number().int().min(1).max(366),
  })
  .strict();

export const originateBody = z
  .object({
    number: z.string().trim().min(1).max(60),
    integrationId: z.string().min(1).max(36),
    entityIds: z.array(recordId).max(10).optional().describe('The records being called, for the consent and contact-pressure guards'),
    pressureOverrideReason: z.string().trim().min(3).max(500).optional().describe('Why the call goes ahead over a refusal of marketing calls or a contact-pressure cap; recorded'),
  })
  .strict();

export const callbackLeadBody = z
  .object({
    personId: recordId.optional().describe('The caller, when the call-back has no record yet (create the person first)'),
    organisationId: recordId.optional(),
    interest: z.string().trim().min(1).max(300).describe('Product or free text'),
    potential: z.number().min(0).max(1e12).optional(),
    suggestedOwnerId: recordId.optional(),
    note: z.string().max(10_000).optional(),
    version: z.number().int().positive().optional(),
  })
  .strict();

/**
 * The after-call form in one step: the call's outcome and note, and its follow-up, written
 * together. Sent with the version of the call's interaction read when the form opened (or
 * If-Match): a second wrap-up of the same call (another tab) is a conflict and creates nothing.
 */
export const callWrapUpBody = z
  .object({
    version: z.number().int().positive().optional().describe("The call's interaction version the form was opened on; required unless If-Match is sent"),
    outcome: z.string().trim().max(60).optional(),
    summary: z.string().trim().max(500).optional().describe('Titles the call on the timeline instead of the number'),
    body: z.string().max(100_000).optional().describe('The note'),
    followUp: z
      .object({
        title: z.string().trim().min(1).max(300),
        dueAt: isoDate,
        reminderAt: isoDate.optional(),
        personId: recordId.nullable().optional().describe("Defaults to the call's person"),
        organisationId: recordId.nullable().optional().describe("Defaults to the call's organisation"),
      })
      .strict()
      .optional()
      .describe('A task for the caller, linked to the call'),
    personId: recordId.optional().describe('The caller, identified during the call (a person created from the screen pop): a call that had no one joins their file, its timeline entry too'),
    organisationId: recordId.optional().describe('The same, for an organisation'),
  })
  .strict();
export type CallWrapUp = z.infer<typeof callWrapUpBody>;
