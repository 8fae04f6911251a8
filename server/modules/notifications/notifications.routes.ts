import { z } from 'zod';
import { AppError } from '../../errors.js';
import { callerOf, type App } from '../../http/types.js';
import { notificationsPage } from './notifications.responses.js';
import type { NotificationsService } from './notifications.service.js';

export function registerNotificationRoutes(app: App, notifications: NotificationsService) {
  app.get('/api/notifications', {
    schema: {
      tags: ['live'],
      querystring: z
        .object({
          unread: z.enum(['true', 'false']).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          // The last notification's id: anything else would quietly restart or end the list.
          cursor: z.uuid({ error: 'invalid cursor' }).optional(),
        })
        .strict(),
    },
    config: { permission: 'notifications.own', documentedResponse: notificationsPage },
  }, async (request) =>
    notifications.list(callerOf(request).id, { unread: request.query.unread === 'true', limit: request.query.limit, cursor: request.query.cursor }),
  );

  app.post('/api/notifications/:id/read', {
    schema: { tags: ['live'], params: z.object({ id: z.string().min(1).max(36) }).strict() },
    config: { permission: 'notifications.own', successStatus: 204 },
  }, async (request, reply) => {
    if (!(await notifications.markRead(callerOf(request).id, request.params.id))) throw new AppError('NOT_FOUND', 'notification not found');
    return reply.status(204).send();
  });
}
