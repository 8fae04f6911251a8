/** What the telephony routes answer (OpenAPI document only, see server/http/responses.ts). */
import { z } from 'zod';
import { CALL_STATES, CALLBACK_REASONS, CALLBACK_STATUSES } from '../../../common/api/telephony.js';
import { count, id, nullableId, nullableTimestamp, page, timestamp, version, wholeList } from '../../http/responses.js';
import { leadResponse } from '../leads/leads.responses.js';
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
