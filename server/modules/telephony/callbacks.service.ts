import type { Clock } from '../../clock.js';
import type { Caller } from '../../context.js';
import type { Db } from '../../db/dialect/features.js';
import type { CallbacksTable } from '../../db/schema.js';
import type { EventBus } from '../../events/bus.js';
import { AppError } from '../../errors.js';
import type { Grant } from '../access/permissions.js';
import { diff, writeAudit } from '../audit/audit.js';

export const CALLBACK_STATUSES = ['open', 'done', 'cancelled'] as const;

export interface CallbackView {
  id: string;
  callId: string | null;
  number: string;
  e164: string | null;
  personId: string | null;
  organisationId: string | null;
  reason: string;
  status: string;
  assigneeId: string | null;
  attempts: number;
  lastAttemptAt: string | null;
  outcome: string | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

const toView = (r: CallbacksTable): CallbackView => ({
  id: r.id,
  callId: r.call_id,
  number: r.number,
  e164: r.e164,
  personId: r.person_id,
  organisationId: r.organisation_id,
  reason: r.reason,
  status: r.status,
  assigneeId: r.assignee_id,
  attempts: r.attempts,
  lastAttemptAt: r.last_attempt_at,
  outcome: r.outcome,
  note: r.note,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
});

/** The call-back queue: missed calls, voicemails and overload-mode callers waiting to be called back. */
export function createCallbacksService(deps: { db: Db; clock: Clock; events: EventBus }) {
  const { db, clock, events } = deps;

  async function load(id: string) {
    const row = await db.selectFrom('callbacks').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'call-back not found');
    return row;
  }

  return {
    /** Oldest first, so nobody waits longer than necessary. */
    async list(query: { status?: string; assignee?: string; reason?: string; limit: number; cursor?: string }, caller: Caller) {
      let q = db.selectFrom('callbacks').selectAll();
      if (query.status) q = q.where('status', '=', query.status);
      if (query.reason) q = q.where('reason', '=', query.reason);
      if (query.assignee) q = q.where('assignee_id', '=', query.assignee === 'me' ? caller.id : query.assignee);
      if (query.cursor) {
        const [at, id] = query.cursor.split('|');
        if (!at || !id) throw new AppError('VALIDATION_FAILED', 'cursor: invalid', [{ path: 'cursor', message: 'invalid cursor' }]);
        q = q.where((eb) => eb.or([eb('created_at', '>', at), eb.and([eb('created_at', '=', at), eb('id', '>', id)])]));
      }
      const rows = await q.orderBy('created_at').orderBy('id').limit(query.limit + 1).execute();
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return { items: page.map(toView), nextCursor: rows.length > query.limit && last ? `${last.created_at}|${last.id}` : null };
    },

    async get(id: string) {
      return toView(await load(id));
    },

    /**
     * Assign, record an attempt (outcome + note; attempts counted), close or cancel.
     * 'own' callers may act on call-backs assigned to them or to nobody (taking one assigns it).
     */
    async update(caller: Caller, grant: Grant, id: string, input: { assigneeId?: string | null; status?: string; outcome?: string | null; note?: string | null; attempt?: boolean; version?: number }) {
      const before = await load(id);
      if (grant === 'own' && before.assignee_id && before.assignee_id !== caller.id) throw new AppError('FORBIDDEN', 'this call-back is assigned to someone else');
      if (grant === 'own' && input.assigneeId && input.assigneeId !== caller.id) throw new AppError('FORBIDDEN', 'you may only take call-backs for yourself');
      if (input.version !== undefined && input.version !== before.version) throw new AppError('VERSION_CONFLICT', undefined, { currentVersion: before.version });
      if (input.assigneeId) {
        const user = await db.selectFrom('users').select('id').where('id', '=', input.assigneeId).where('disabled', '=', 0).executeTakeFirst();
        if (!user) throw new AppError('VALIDATION_FAILED', 'assigneeId: unknown user', [{ path: 'assigneeId', message: 'unknown user' }]);
      }
      const now = clock.now().toISOString();
      const after: CallbacksTable = {
        ...before,
        ...(input.assigneeId !== undefined && { assignee_id: input.assigneeId }),
        ...(input.status !== undefined && { status: input.status }),
        ...(input.outcome !== undefined && { outcome: input.outcome }),
        ...(input.note !== undefined && { note: input.note }),
        ...(input.attempt && { attempts: before.attempts + 1, last_attempt_at: now }),
        updated_at: now,
        version: before.version + 1,
      };
      if (grant === 'own' && !before.assignee_id && input.assigneeId === undefined) after.assignee_id = caller.id;
      await db.transaction().execute(async (trx) => {
        const { id: _id, ...set } = after;
        const result = await trx.updateTable('callbacks').set(set).where('id', '=', id).where('version', '=', before.version).executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) throw new AppError('VERSION_CONFLICT');
        await writeAudit(trx, { at: now, actorId: caller.id, entityType: 'callback', entityId: id, action: 'update', changes: diff(toView(before) as unknown as Record<string, unknown>, { assigneeId: after.assignee_id, status: after.status, outcome: after.outcome, note: after.note, attempts: after.attempts }) });
      });
      const view = toView(after);
      await events.publish({ type: 'callback.updated', audience: { roles: ['frontdesk', 'manager', 'admin'], userIds: view.assigneeId ? [view.assigneeId] : [] }, data: view });
      return view;
    },
  };
}

export type CallbacksService = ReturnType<typeof createCallbacksService>;
