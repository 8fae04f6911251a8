/** What the lead routes answer (OpenAPI document only, see server/http/responses.ts). */
import { z } from 'zod';
import { count, id, nullableId, nullableTimestamp, page, timestamp, version } from '../../http/responses.js';
import { LEAD_SOURCES, LEAD_STATUSES, leadRoutingSettings } from './leads.service.js';

export const leadResponse = z.strictObject({
  id,
  source: z.enum(LEAD_SOURCES),
  personId: nullableId,
  organisationId: nullableId,
  interactionId: nullableId.describe('The conversation it comes from'),
  interest: z.string().describe('What the customer is interested in'),
  potential: z.number().nullable().describe('Estimated value'),
  originatorId: id.describe('Who passed it on'),
  suggestedOwnerId: nullableId,
  ownerId: nullableId,
  routing: z.array(z.strictObject({ rule: z.string(), detail: z.string().optional() })).describe('How its owner was chosen, rule by rule'),
  status: z.enum(LEAD_STATUSES),
  rejectReason: z.string().nullable(),
  note: z.string().nullable(),
  decisionNote: z.string().nullable(),
  dueAt: nullableTimestamp.describe('Deadline to accept or reject it'),
  warnedAt: nullableTimestamp,
  escalatedAt: nullableTimestamp,
  createdAt: timestamp,
  createdBy: id,
  updatedAt: timestamp,
  decidedAt: nullableTimestamp,
  version,
});

export const leadWithHistoryResponse = leadResponse.extend({
  history: z
    .array(z.strictObject({ id, at: timestamp, actorId: nullableId, kind: z.string(), fromStatus: z.string().nullable(), toStatus: z.string().nullable(), body: z.string().nullable() }))
    .describe('Every event, oldest first'),
});

export const leadsPage = page(leadResponse);

export const leadSettingsResponse = leadRoutingSettings;

const conversion = z.strictObject({
  key: z.string().describe('Owner or originator id, or source; none when not set'),
  total: count,
  accepted: count,
  converted: count,
  rejected: count,
  pending: count,
  conversionRate: z.number().min(0).max(1).describe('converted / total, 3 decimals'),
});

export const leadsReportResponse = z.strictObject({
  from: timestamp,
  to: timestamp,
  total: count,
  byOwner: z.array(conversion),
  bySource: z.array(conversion),
  byOriginator: z.array(conversion),
});
