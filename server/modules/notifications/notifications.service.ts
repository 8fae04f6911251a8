import type { Clock } from '../../clock.js';
import type { Db, Tx } from '../../db/dialect/features.js';
import type { EventBus } from '../../events/bus.js';
import { newId } from '../../ids.js';

export interface NotificationView {
  id: string;
  kind: string;
  payload: unknown;
  createdAt: string;
  readAt: string | null;
}

/** Stored notifications (the bell) that are also pushed live to the user's open pages. */
export function createNotificationsService(deps: { db: Db; clock: Clock; events: EventBus }) {
  const { db, clock, events } = deps;
  return {
    /** Stores the notification, then pushes it live as an event of type `kind` and as `notification`. */
    async notify(userId: string, kind: string, payload: Record<string, unknown>, trx: Tx = db): Promise<NotificationView> {
      const row = { id: newId(), user_id: userId, kind, payload: JSON.stringify(payload), created_at: clock.now().toISOString(), read_at: null };
      await trx.insertInto('notifications').values(row).execute();
      const view = { id: row.id, kind, payload, createdAt: row.created_at, readAt: null };
      await events.publish({ type: kind, audience: { userIds: [userId] }, data: { notificationId: row.id, ...payload } });
      await events.publish({ type: 'notification', audience: { userIds: [userId] }, data: view });
      return view;
    },

    async list(userId: string, options: { unread?: boolean; limit: number; cursor?: string }) {
      let query = db.selectFrom('notifications').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').limit(options.limit + 1);
      if (options.unread) query = query.where('read_at', 'is', null);
      if (options.cursor) query = query.where('id', '<', options.cursor);
      const [rows, unread] = await Promise.all([
        query.execute(),
        // The bell's badge: every unread one, not only this page's.
        db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow(),
      ]);
      const page = rows.slice(0, options.limit);
      return {
        unreadCount: Number(unread.n),
        items: page.map((r) => ({ id: r.id, kind: r.kind, payload: JSON.parse(r.payload) as unknown, createdAt: r.created_at, readAt: r.read_at })),
        nextCursor: rows.length > options.limit ? page[page.length - 1].id : null,
      };
    },

    /** Marks one of the user's own notifications read; someone else's is "not found". */
    async markRead(userId: string, id: string): Promise<boolean> {
      const result = await db
        .updateTable('notifications')
        .set({ read_at: clock.now().toISOString() })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
