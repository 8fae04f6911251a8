/** What the telephony routes answer (OpenAPI document only, see server/http/responses.ts). */
import { z } from 'zod';
import { PRESSURE_SCOPE_TYPES } from '../../../common/api/pressure.js';
import { CALL_STATES, CALLBACK_REASONS, CALLBACK_STATUSES } from '../../../common/api/telephony.js';
import { count, customFieldValues, id, nullableId, nullableTimestamp, page, timestamp, version, wholeList } from '../../http/responses.js';
import { consentMap } from '../consent/consent.responses.js';
import { leadResponse } from '../leads/leads.responses.js';
import { callerMatch } from '../lookup/lookup.responses.js';
import { taskResponse } from '../tasks/tasks.responses.js';
import { interactionResponse } from '../timeline/timeline.responses.js';
import { INTEGRATION_KINDS } from './integrations.service.js';
import { integrationConfig, priorityRuleBody } from './telephony.schemas.js';

const routingDecision = z.strictObject({
  at: timestamp,
  decision: z.enum(['ring', 'voicemail']),
  reason: z.string(),
  userIds: z.array(id).optional().describe('Who was rung'),
});

export const callResponse = z.strictObject({
  id,
  integrationId: id,
  callId: z.string().describe("The phone system's call id"),
  direction: z.enum(['in', 'out']),
  from: z.string(),
  fromE164: z.string().nullable(),
  to: z.string(),
  toE164: z.string().nullable(),
  extension: z.string().nullable(),
  agentId: nullableId.describe('User who answered or placed it'),
  personId: nullableId,
  organisationId: nullableId,
  state: z.enum(CALL_STATES),
  ringingAt: nullableTimestamp,
  answeredAt: nullableTimestamp,
  endedAt: nullableTimestamp,
  durationSeconds: count.nullable(),
  waitSeconds: count.nullable(),
  recordingUrl: z.string().nullable(),
  interactionId: nullableId.describe('Its entry on the timeline'),
  wrappedUpAt: nullableTimestamp.describe("When its agent saved the after-call form; null for an answered call still to log (and for calls nobody answered)"),
  priority: z.boolean().describe('The caller is under contract (see the priority rule)'),
  routing: z.array(routingDecision).describe('Who was rung, or why it went to voicemail'),
  createdAt: timestamp,
});
export const callsPage = page(callResponse);

export const callEventResponse = z.strictObject({
  callId: id.describe("Relais's id of the call"),
  state: z.enum(CALL_STATES),
  duplicate: z.boolean().describe('The same event was already received (answered 200 instead of 202)'),
  routing: z.array(routingDecision),
});

export const callsPerContactResponse = wholeList(
  z.strictObject({ personId: nullableId, organisationId: nullableId, number: z.string().nullable().describe('For an unknown contact'), calls: count }),
);

export const callbackResponse = z.strictObject({
  id,
  callId: nullableId,
  number: z.string(),
  e164: z.string().nullable(),
  personId: nullableId,
  organisationId: nullableId,
  reason: z.enum(CALLBACK_REASONS),
  status: z.enum(CALLBACK_STATUSES),
  assigneeId: nullableId,
  attempts: count,
  lastAttemptAt: nullableTimestamp,
  outcome: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  version,
  missedCalls: count.describe('Missed calls it stands for: a new one from the same number joins it'),
  lastMissedAt: nullableTimestamp,
  recordingUrl: z.string().nullable().describe('The latest message left, if any'),
});
export const callbacksPage = page(callbackResponse);
export const callbackLeadResponse = z.strictObject({ callback: callbackResponse, lead: leadResponse });

const masked = z.literal('********').optional().describe('Set; never shown');
export const integrationResponse = z.strictObject({
  id,
  name: z.string(),
  kind: z.enum(INTEGRATION_KINDS),
  config: integrationConfig.extend({ twilioAuthToken: masked, amiSecret: masked }),
  disabled: z.boolean(),
  createdAt: timestamp,
});
export const integrationsResponse = wholeList(integrationResponse);
export const integrationSecretResponse = z.strictObject({ secret: z.string().describe('For the phone system: `Authorization: Bearer`; shown this once') });
export const createdIntegrationResponse = integrationResponse.extend(integrationSecretResponse.shape);

export const capabilitiesResponse = z.strictObject({
  originate: z.array(z.strictObject({ integrationId: id, name: z.string(), kind: z.enum(INTEGRATION_KINDS) })).describe('Integrations you can place calls through'),
});
export const overloadResponse = z.strictObject({ enabled: z.boolean().describe('Only callers under contract ring; the others are queued for a call back') });
export const priorityRuleResponse = priorityRuleBody;
export const extensionResponse = z.strictObject({ extension: z.string(), userId: id });
export const extensionsResponse = wholeList(extensionResponse);
export const dutyResponse = z.strictObject({ onDuty: z.boolean() });

export const wrapUpResponse = z.strictObject({
  interaction: interactionResponse.describe("The call's timeline entry, completed"),
  task: taskResponse.nullable().describe('The follow-up task, when one was asked for'),
});

export const originateResponse = z.strictObject({
  status: z.literal('originated').describe('The phone system took the call: your phone rings first'),
  via: z.enum(['asterisk', 'twilio']),
  number: z.string().describe('The number called, E.164'),
  callId: id.describe('The call in the call log'),
  interactionId: nullableId.describe('The outbound call on the timeline'),
  externalId: z.string().nullable().describe("The phone system's call id (Twilio CallSid, Asterisk channel id)"),
});

/** Recent outbound contacts of a record, every channel and colleague. */
const recentContacts = z.strictObject({ last7Days: count, last30Days: count });

/** A caller as the screen pop's card shows them: the lookup's match, shortened, with what matters before answering. */
const cardMatch = callerMatch.omit({ phones: true, emails: true, addresses: true, customFields: true, lastInteractions: true, openTasks: true }).extend({
  place: z.string().nullable().describe('Postal code and city of the first address ("69003 Lyon")'),
  customFields: customFieldValues.describe('The first 6 custom fields, long texts clipped'),
  contract: z.boolean().describe('Under contract by the priority rule'),
  contacts: recentContacts,
  consent: consentMap,
  lastInteractions: z
    .array(z.strictObject({ id, channel: z.string(), direction: z.string(), occurredAt: timestamp, summary: z.string().nullable(), outcome: z.string().nullable() }))
    .describe('The latest 3, newest first'),
  openTasks: z.array(z.strictObject({ id, title: z.string(), dueAt: nullableTimestamp })).describe('The first 3, soonest due first'),
});

export const callCardResponse = z.strictObject({
  call: callResponse,
  matches: z.array(cardMatch).describe('Who the other party may be (at most 8); empty: unknown number'),
});

const callFigures = {
  calls: count,
  answered: count,
  missed: count.describe('Missed or sent to voicemail'),
  answerRate: z.number().min(0).max(1).describe('answered / calls, 3 decimals'),
  missRate: z.number().min(0).max(1).describe('missed / calls, 3 decimals'),
  avgWaitSeconds: count.nullable().describe('Null when no call has a wait'),
  avgDurationSeconds: count.nullable().describe('Null when no call has a duration'),
};

export const callStatsResponse = z.strictObject({
  from: timestamp,
  to: timestamp,
  timeZone: z.string().describe("The firm's time zone, which days and hours are counted in"),
  totals: z.strictObject(callFigures),
  perDay: z.array(z.strictObject({ date: z.string().meta({ format: 'date' }), ...callFigures })).describe('Days with calls, oldest first'),
  heatmap: z.array(z.array(count)).describe('Calls by heatmap[weekday][hour]: 7 rows (Monday first) of 24 hours'),
  perAgent: z.array(z.strictObject({ agentId: nullableId.describe('Null: nobody answered'), ...callFigures })).describe('Busiest first'),
  perLine: z.array(z.strictObject({ line: z.string().describe("The firm's number the call used"), ...callFigures })).describe('Busiest first'),
});

export const pressureRuleResponse = z.strictObject({
  id,
  scopeType: z.enum(PRESSURE_SCOPE_TYPES),
  scopeValue: z.string().describe('A relationship type key, or a tag (lower case)'),
  maxContacts: count.describe('Outbound contacts allowed per period'),
  periodDays: count,
});
export const pressureRulesResponse = wholeList(pressureRuleResponse);

export const pressureStatusResponse = z.strictObject({
  entityId: id,
  contacts: recentContacts,
  caps: z
    .array(z.strictObject({ rule: pressureRuleResponse, entityId: id, count: count.describe("Outbound contacts in the rule's period"), wouldExceed: z.boolean().describe('One more contact goes over the cap') }))
    .describe('The caps that apply to the record'),
  overrides: z
    .array(z.strictObject({ id, userId: id, ruleId: z.string().describe('A cap, or consent:CHANNEL:PURPOSE for a refusal'), reason: z.string(), context: z.string().describe('interaction, click-to-call…'), at: timestamp }))
    .describe('Past contacts made over a cap or a refusal, with why'),
});
