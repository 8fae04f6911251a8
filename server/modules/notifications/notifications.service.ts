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

export interface NotifyOptions {
  /** Inserts within this transaction (the live events still go out at once). */
  trx?: Tx;
  /**
   * Makes the notification once only: a second notify with the same key, kind and user stores and
   * sends nothing. A job passes its own id (jobKey), so a job that runs again — its "done" mark
   * lost to a dropped connection, or its worker killed — does not remind twice.
   */
  dedupeKey?: string;
}

/** The dedupe key of the notifications a job raises: the same on every run of that job. */
export const jobKey = (job: { id: string } | undefined) => (job ? `job:${job.id}` : undefined);

/** Stored notifications (the bell) that are also pushed live to the user's open pages. */
export function createNotificationsService(deps: { db: Db; clock: Clock; events: EventBus; log?: { error: (obj: unknown, msg?: string) => void } }) {
  const { db, clock, events } = deps;
  const log = deps.log ?? console;

  /** Stores the notification, then pushes it live as an event of type `kind` and as `notification`. */
  async function notify(userId: string, kind: string, payload: Record<string, unknown>, options: NotifyOptions = {}): Promise<NotificationView> {
    const trx = options.trx ?? db;
    const row = {
      id: newId(),
      user_id: userId,
      kind,
      payload: JSON.stringify(payload),
      created_at: clock.now().toISOString(),
      read_at: null,
      dedupe_key: options.dedupeKey ? `${options.dedupeKey}:${kind}` : null,
    };
    const inserted = await trx
      .insertInto('notifications')
      .values(row)
      .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
      .executeTakeFirst();
    if (row.dedupe_key && Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
      // Already notified (and sent) by an earlier run of the same job.
      const kept = await trx.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('dedupe_key', '=', row.dedupe_key).executeTakeFirstOrThrow();
      return { id: kept.id, kind: kept.kind, payload: JSON.parse(kept.payload) as unknown, createdAt: kept.created_at, readAt: kept.read_at };
    }
    const view = { id: row.id, kind, payload, createdAt: row.created_at, readAt: null };
    await events.publish({ type: kind, audience: { userIds: [userId] }, data: { notificationId: row.id, ...payload } });
    await events.publish({ type: 'notification', audience: { userIds: [userId] }, data: view });
    return view;
  }

  return {
    notify,

    /**
     * The notice of a change that is already committed (a hand-off, a closure): it never throws,
     * since the change is saved and its answer must say so — a failure is logged instead. A
     * request's answer turning into an error here would make the client retry a saved change.
     */
    async notifyAfterCommit(userId: string, kind: string, payload: Record<string, unknown>): Promise<NotificationView | null> {
      try {
        return await notify(userId, kind, payload);
      } catch (error) {
        log.error({ err: error, userId, kind }, 'notification not stored after a committed change');
        return null;
      }
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
