import { z } from 'zod';
import { dayOrDateTime, isoDateTime, recordId, recordIdFilter, totalParam } from '../../http/schemas.js';

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
/** What a list filters on: a status, or `closed` for done and cancelled together. */
export const TASK_STATUS_FILTERS = [...TASK_STATUSES, 'closed'] as const;
/** List orders: soonest due first (undated last), or latest closed first (closed tasks only). */
export const TASK_SORTS = ['dueAt', '-closedAt'] as const;
const isoDate = isoDateTime.describe('ISO 8601 date-time');

export const createTaskBody = z
  .object({
    title: z.string().trim().min(1).max(300),
    dueAt: isoDate.nullable().optional().describe('When it is due; the reminder fires then unless reminderAt is set'),
    reminderAt: isoDate.nullable().optional().describe('When to notify the assignee'),
    assigneeId: recordId.optional().describe('Defaults to the caller'),
    personId: recordId.nullable().optional(),
    organisationId: recordId.nullable().optional(),
    interactionId: recordId.nullable().optional().describe('The interaction this follow-up comes from'),
    status: z.enum(TASK_STATUSES).optional().describe('open by default; done or cancelled records a task already dealt with (no reminder)'),
    completionNote: z.string().max(10_000).nullable().optional(),
  })
  .strict();

export const updateTaskBody = z
  .object({
    title: z.string().trim().min(1).max(300).optional(),
    dueAt: isoDate.nullable().optional(),
    reminderAt: isoDate.nullable().optional(),
    assigneeId: recordId.optional(),
    personId: recordId.nullable().optional().describe('Moves the task to another person (null: none)'),
    organisationId: recordId.nullable().optional().describe('Moves the task to another organisation (null: none)'),
    status: z.enum(TASK_STATUSES).optional(),
    completionNote: z.string().max(10_000).nullable().optional(),
    version: z.number().int().positive().optional(),
  })
  .strict();

export const listTasksQuery = z
  .object({
    assignee: z.union([z.literal('me'), recordIdFilter], { error: '"me" or a user id' }).optional().describe('"me" or a user id'),
    assigneeId: recordIdFilter.optional().describe('the same as assignee, by the field\'s name'),
    status: z.enum(TASK_STATUS_FILTERS).optional().describe('open, done, cancelled, or closed: done or cancelled'),
    personId: recordIdFilter.optional(),
    organisationId: recordIdFilter.optional(),
    dueBefore: dayOrDateTime.optional().describe("due before this date-time, or before this day (YYYY-MM-DD, from its start in the firm's time zone)"),
    sort: z
      .enum(TASK_SORTS)
      .default('dueAt')
      .describe('dueAt: soonest due first, undated last (the default); -closedAt: latest closed first, with status done, cancelled or closed'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
    total: totalParam,
  })
  .strict();

export type CreateTask = z.infer<typeof createTaskBody>;
export type UpdateTask = z.infer<typeof updateTaskBody>;
export type ListTasks = z.infer<typeof listTasksQuery>;
