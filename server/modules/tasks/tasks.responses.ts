/** What the task routes answer (OpenAPI document only, see server/http/responses.ts). */
import { z } from 'zod';
import { id, listTotal, nullableId, nullableTimestamp, page, timestamp, version } from '../../http/responses.js';
import { TASK_STATUSES } from './tasks.schemas.js';

export const taskResponse = z.strictObject({
  id,
  title: z.string(),
  dueAt: nullableTimestamp,
  reminderAt: nullableTimestamp.describe('When the assignee is reminded (dueAt when not set)'),
  assigneeId: id,
  personId: nullableId,
  organisationId: nullableId,
  interactionId: nullableId.describe('The interaction it follows up'),
  status: z.enum(TASK_STATUSES),
  completionNote: z.string().nullable(),
  completedAt: nullableTimestamp,
  completedBy: nullableId.describe('Who marked it done or cancelled it'),
  createdBy: nullableId,
  createdAt: timestamp,
  updatedAt: timestamp,
  version,
});

export const tasksPage = page(taskResponse, listTotal);
