/** What the notification routes answer (OpenAPI document only, see server/http/responses.ts). */
import { z } from 'zod';
import { count, id, nullableTimestamp, page, timestamp } from '../../http/responses.js';

export const notificationResponse = z.strictObject({
  id,
  kind: z.string().describe('What happened: task.assigned, request.escalated, lead.assigned…'),
  payload: z.record(z.string(), z.unknown()).describe("The details, by kind (the record's id, title…)"),
  createdAt: timestamp,
  readAt: nullableTimestamp.describe('Null while unread'),
});

export const notificationsPage = page(notificationResponse, { unreadCount: count.describe('All your unread notifications, not only this page') });
