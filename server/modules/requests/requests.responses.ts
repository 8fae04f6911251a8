/** What the request routes answer (OpenAPI document only, see server/http/responses.ts). */
import { z } from 'zod';
import { id, nullableId, nullableTimestamp, page, timestamp, version, wholeList } from '../../http/responses.js';
import { PRIORITIES, requestTypeDefinition, teamCalendarBody } from './requests.schemas.js';

export const requestTypeResponse = z.strictObject({
  id,
  key: z.string(),
  labelEn: z.string(),
  labelFr: z.string(),
  teamId: nullableId.describe('Team that receives requests of this type by default'),
  definition: requestTypeDefinition.describe('Workflow (statuses, required fields per status), own fields and SLA'),
  version,
});
export const requestTypesResponse = wholeList(requestTypeResponse);

export const teamResponse = z.strictObject({
  id,
  name: z.string(),
  managerId: nullableId,
  calendar: teamCalendarBody.shape.calendar.unwrap().describe('Working time the deadlines count in; null: always open'),
});

export const requestResponse = z.strictObject({
  id,
  typeId: id,
  subject: z.string(),
  description: z.string().nullable(),
  personId: nullableId,
  organisationId: nullableId,
  interactionId: nullableId.describe('The conversation it comes from'),
  teamId: id,
  assigneeId: nullableId,
  priority: z.enum(PRIORITIES),
  status: z.string().describe("A status key of the type's workflow"),
  open: z.boolean().describe('Not in a terminal status'),
  fields: z.record(z.string(), z.union([z.string(), z.number()]).nullable()).describe("Values of the type's own fields, by key"),
  resolutionNote: z.string().nullable(),
  dueAt: nullableTimestamp.describe("Deadline from the type's SLA, in the team's working time"),
  overdue: z.boolean().describe('Past its deadline and still open'),
  warnedAt: nullableTimestamp,
  escalatedAt: nullableTimestamp,
  openedBy: id,
  createdAt: timestamp,
  updatedAt: timestamp,
  closedAt: nullableTimestamp,
  version,
});

export const requestWithHistoryResponse = requestResponse.extend({
  history: z
    .array(
      z.strictObject({
        id,
        at: timestamp,
        actorId: nullableId.describe('Null for the system (deadline warning, escalation)'),
        kind: z.string().describe('created, status, comment, assigned, warned, escalated…'),
        fromStatus: z.string().nullable(),
        toStatus: z.string().nullable(),
        body: z.string().nullable(),
        internal: z.boolean().describe('A comment for the team only'),
      }),
    )
    .describe('Every event, oldest first'),
});

export const requestsPage = page(requestResponse);
