import { Duration } from 'luxon';
import { z } from 'zod';
import { recordId } from '../../http/schemas.js';

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
/**
 * A deadline or warning delay: an ISO 8601 duration of at least a minute and at most five years
 * (P0D would be due at once, P999999Y past any date), refused when saved rather than at each use.
 */
export const isoDuration = z
  .string()
  .regex(/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, { message: 'an ISO 8601 duration such as PT4H or P2D', abort: true })
  .refine((text) => {
    const minutes = Duration.fromISO(text).as('minutes');
    return minutes >= 1 && minutes <= 5 * 366 * 24 * 60;
  }, 'between one minute (PT1M) and five years (P5Y)');

/** "HH:mm" from 00:00 to 24:00. */
const clockTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a time from 00:00 to 24:00');
const key = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _');

/** Core request fields a status may require, besides the type's own fields (fields.KEY). */
export const CORE_REQUIRABLE = ['description', 'assigneeId', 'resolutionNote', 'personId', 'organisationId'] as const;

export const requestTypeDefinition = z
  .object({
    statuses: z
      .array(
        z
          .object({
            key,
            labelEn: z.string().trim().min(1).max(100),
            labelFr: z.string().trim().min(1).max(100),
            terminal: z.boolean().default(false),
            required: z.array(z.string().max(60)).max(30).default([]).describe('Fields required to enter this status: core ones or fields.KEY'),
            next: z.array(key).max(20).optional().describe('Statuses a request may move to from this one; absent: any status'),
          })
          .strict(),
      )
      .min(2)
      .max(20)
      .describe('The workflow; the first status is where requests start'),
    fields: z
      .array(z.object({ key, labelEn: z.string().trim().min(1).max(100), labelFr: z.string().trim().min(1).max(100), type: z.enum(['text', 'number', 'date']) }).strict())
      .max(30)
      .default([]),
    sla: z
      .object({
        byPriority: z.partialRecord(z.enum(PRIORITIES), isoDuration).default({}),
        warnBefore: isoDuration.optional().describe('Warn the assignee this long before the deadline'),
      })
      .strict()
      .default({ byPriority: {} }),
  })
  .strict()
  .superRefine((d, ctx) => {
    const fieldKeys = new Set(d.fields.map((f) => `fields.${f.key}`));
    d.statuses.forEach((s, i) =>
      s.required.forEach((r, j) => {
        if (!(CORE_REQUIRABLE as readonly string[]).includes(r) && !fieldKeys.has(r)) {
          ctx.addIssue({ code: 'custom', message: `unknown field ${r}`, path: ['statuses', i, 'required', j] });
        }
      }),
    );
    const statusKeys = new Set(d.statuses.map((s) => s.key));
    d.statuses.forEach((s, i) =>
      s.next?.forEach((n, j) => {
        if (!statusKeys.has(n)) ctx.addIssue({ code: 'custom', message: `unknown status ${n}`, path: ['statuses', i, 'next', j] });
      }),
    );
    if (statusKeys.size !== d.statuses.length) ctx.addIssue({ code: 'custom', message: 'status keys must be unique', path: ['statuses'] });
    if (!d.statuses.some((s) => s.terminal)) ctx.addIssue({ code: 'custom', message: 'at least one terminal status', path: ['statuses'] });
  });

export type RequestTypeDefinition = z.infer<typeof requestTypeDefinition>;

export const requestTypeBody = z
  .object({
    key,
    labelEn: z.string().trim().min(1).max(100),
    labelFr: z.string().trim().min(1).max(100),
    teamId: recordId.nullable().optional().describe('Team that receives requests of this type by default'),
    definition: requestTypeDefinition,
  })
  .strict();

export const updateRequestTypeBody = z
  .object({
    labelEn: z.string().trim().min(1).max(100).optional(),
    labelFr: z.string().trim().min(1).max(100).optional(),
    teamId: recordId.nullable().optional().describe('Team that receives new requests of this type by default'),
    definition: requestTypeDefinition.optional().describe('The whole new definition; a status that open requests are in cannot be removed'),
    version: z.number().int().positive().optional().describe('The version you edited; an older one is refused (409)'),
  })
  .strict();
export type UpdateRequestType = z.infer<typeof updateRequestTypeBody>;

const fieldValues = z.record(key, z.union([z.string().max(2000), z.number(), z.null()]));

export const createRequestBody = z
  .object({
    typeId: z.string().min(1).max(36),
    subject: z.string().trim().min(1).max(300),
    description: z.string().max(20_000).optional(),
    personId: recordId.optional(),
    organisationId: recordId.optional(),
    interactionId: recordId.optional().describe('The conversation this request comes from'),
    teamId: recordId.optional().describe("Defaults to the type's team"),
    assigneeId: recordId.optional(),
    priority: z.enum(PRIORITIES).default('normal'),
    fields: fieldValues.default({}),
  })
  .strict();

export const updateRequestBody = z
  .object({
    subject: z.string().trim().min(1).max(300).optional(),
    description: z.string().max(20_000).nullable().optional(),
    priority: z.enum(PRIORITIES).optional(),
    teamId: recordId.optional(),
    assigneeId: recordId.nullable().optional(),
    fields: fieldValues.optional(),
    version: z.number().int().positive().optional(),
  })
  .strict();

export const transitionBody = z
  .object({
    status: key,
    resolutionNote: z.string().trim().max(20_000).optional(),
    fields: fieldValues.optional(),
    note: z.string().max(20_000).optional().describe('Comment recorded with the change'),
    version: z.number().int().positive().optional(),
  })
  .strict();

export const commentBody = z.object({ body: z.string().trim().min(1).max(20_000), internal: z.boolean().default(true) }).strict();

export const listRequestsQuery = z
  .object({
    teamId: recordId.optional(),
    assignee: recordId.optional().describe('"me" or a user id'),
    openedBy: recordId.optional().describe('"me" or a user id'),
    status: z.string().max(40).optional(),
    open: z.enum(['true', 'false']).optional(),
    typeId: recordId.optional(),
    personId: recordId.optional(),
    organisationId: recordId.optional(),
    escalated: z.enum(['true']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(120).optional(),
  })
  .strict();

export const teamCalendarBody = z
  .object({
    managerId: recordId.nullable().optional(),
    calendar: z
      .object({
        timeZone: z.string().max(60),
        hours: z
          .partialRecord(
            z.enum(['1', '2', '3', '4', '5', '6', '7']),
            z.array(z.tuple([clockTime, clockTime]).refine(([open, close]) => open < close, 'opens before it closes')).max(4),
          )
          .nullable(),
        holidays: z.array(z.iso.date()).max(400).default([]),
      })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();

export type CreateRequest = z.infer<typeof createRequestBody>;
export type UpdateRequest = z.infer<typeof updateRequestBody>;
export type Transition = z.infer<typeof transitionBody>;
export type ListRequests = z.infer<typeof listRequestsQuery>;
