import type { Callback, CallbackReason, CallbackStatus } from '../../../common/api/telephony.js';
import type { Clock } from '../../clock.js';
import type { Caller } from '../../context.js';
import type { Db } from '../../db/dialect/features.js';
import type { CallbacksTable } from '../../db/schema.js';
import type { Audience, EventBus } from '../../events/bus.js';
import { AppError } from '../../errors.js';
import type { Grant } from '../access/permissions.js';
import { diff, writeAudit } from '../audit/audit.js';
import type { LeadsService } from '../leads/leads.service.js';
import { newId } from '../../ids.js';
import { identifyCaller } from './identify-caller.js';

/** Who hears of the call-back queue's changes live: everyone who may read it (not only the front desk). */
export const CALLBACK_READERS: Audience = { readers: ['callbacks.read'] };

/** A call-back row as the API answers it (the shape is common/api/telephony.ts's). */
const toView = (r: CallbacksTable, recordingUrl: string | null = null): Callback => ({
  id: r.id,
  callId: r.call_id,
  number: r.number,
  e164: r.e164,
  personId: r.person_id,
  organisationId: r.organisation_id,
  // The columns hold only the closed lists this module and the schemas write (CALLBACK_REASONS, CALLBACK_STATUSES).
  reason: r.reason as CallbackReason,
  status: r.status as CallbackStatus,
  assigneeId: r.assignee_id,
  attempts: r.attempts,
  lastAttemptAt: r.last_attempt_at,
  outcome: r.outcome,
  note: r.note,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
  missedCalls: r.missed_calls,
  lastMissedAt: r.last_missed_at,
  recordingUrl,
});

/** The call-back queue: missed calls, voicemails and overload-mode callers waiting to be called back. */
export function createCallbacksService(deps: { db: Db; clock: Clock; events: EventBus; leads: LeadsService }) {
  const { db, clock, events, leads } = deps;

  /** The same rule as any update: 'own' callers act on call-backs given to them or to nobody. */
  function assertMayAct(caller: Caller, grant: Grant, row: CallbacksTable) {
    if (grant === 'own' && row.assignee_id && row.assignee_id !== caller.id) throw new AppError('FORBIDDEN', 'this call-back is assigned to someone else');
  }

  /**
   * The latest message left on each call-back's calls (its first call and those that joined it),
   * in one query for a page: the queue plays it without reading each call.
   */
  async function latestRecordings(rows: CallbacksTable[]): Promise<Map<string, string>> {
    const ids = rows.map((r) => r.id);
    if (!ids.length) return new Map();
    const first = db
      .selectFrom('callbacks as cb')
      .innerJoin('calls as c', 'c.id', 'cb.call_id')
      .select(['cb.id as callbackId', 'c.recording_url as url', 'c.created_at as at', 'c.id as callId'])
      .where('cb.id', 'in', ids)
      .where('c.recording_url', 'is not', null);
    const joined = db
      .selectFrom('record_links as l')
      .innerJoin('calls as c', 'c.id', 'l.to_id')
      .select(['l.from_id as callbackId', 'c.recording_url as url', 'c.created_at as at', 'c.id as callId'])
      .where('l.from_id', 'in', ids)
      .where('l.from_type', '=', 'callback')
      .where('l.to_type', '=', 'call')
      .where('c.recording_url', 'is not', null);
    const found = await first.unionAll(joined).execute();
    const latest = new Map<string, { url: string; at: string; callId: string }>();
    for (const row of found) {
      if (!row.url) continue;
      const kept = latest.get(row.callbackId);
      if (!kept || row.at > kept.at || (row.at === kept.at && row.callId > kept.callId)) latest.set(row.callbackId, { url: row.url, at: row.at, callId: row.callId });
    }
    return new Map([...latest].map(([id, { url }]) => [id, url]));
  }

  async function views(rows: CallbacksTable[]): Promise<Callback[]> {
    const recordings = await latestRecordings(rows);
    return rows.map((r) => toView(r, recordings.get(r.id) ?? null));
  }

  async function viewOf(row: CallbacksTable): Promise<Callback> {
    const [view] = await views([row]);
    return view!;
  }

  /** The changed call-back's view, told live to the desk and to whom it is given. */
  async function announceUpdate(after: CallbacksTable): Promise<Callback> {
    const view = await viewOf(after);
    await events.publish({ type: 'callback.updated', audience: { ...CALLBACK_READERS, userIds: view.assigneeId ? [view.assigneeId] : [] }, data: view });
    return view;
  }

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
      return { items: await views(page), nextCursor: rows.length > query.limit && last ? `${last.created_at}|${last.id}` : null };
    },

    async get(id: string) {
      return viewOf(await load(id));
    },

    /**
     * Assign, record an attempt (outcome + note; attempts counted), close or cancel.
     * 'own' callers may act on call-backs assigned to them or to nobody (taking one assigns it).
     */
    async update(caller: Caller, grant: Grant, id: string, input: { assigneeId?: string | null; status?: string; outcome?: string | null; note?: string | null; attempt?: boolean; version?: number }) {
      const before = await load(id);
      assertMayAct(caller, grant, before);
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
      return announceUpdate(after);
    },

    /**
     * Passes the caller on to sales: a lead (source "call") linked to the call's interaction, and the
     * call-back closed as converted. An unknown caller is first created as a person (by the web
     * form) and named here: the call, its interaction and the call-back then point to them too.
     */
    async convertToLead(
      caller: Caller,
      grant: Grant,
      id: string,
      input: { personId?: string; organisationId?: string; interest: string; potential?: number; suggestedOwnerId?: string; note?: string; version?: number },
    ) {
      const before = await load(id);
      assertMayAct(caller, grant, before);
      if (input.version !== undefined && input.version !== before.version) throw new AppError('VERSION_CONFLICT', undefined, { currentVersion: before.version });
      if (before.status !== 'open') throw new AppError('CONFLICT', 'this call-back is already closed', [{ path: 'status', message: before.status }]);
      const personId = input.personId ?? before.person_id ?? undefined;
      const organisationId = input.organisationId ?? before.organisation_id ?? undefined;
      if (!personId && !organisationId) {
        throw new AppError('VALIDATION_FAILED', 'personId: the caller is unknown; name the person (or organisation) the lead is for', [{ path: 'personId', message: 'required for an unknown caller' }]);
      }
      const call = before.call_id ? await db.selectFrom('calls').select(['id', 'interaction_id', 'person_id', 'organisation_id']).where('id', '=', before.call_id).executeTakeFirst() : undefined;
      const now = clock.now().toISOString();
      const after: CallbacksTable = {
        ...before,
        person_id: before.person_id ?? personId ?? null,
        organisation_id: before.organisation_id ?? organisationId ?? null,
        assignee_id: before.assignee_id ?? caller.id,
        status: 'done',
        outcome: 'lead',
        updated_at: now,
        version: before.version + 1,
      };
      // The lead checks the customer and the suggested owner and routes itself; the call-back is
      // claimed in the lead's own transaction: of colleagues converting it at once, one makes a lead,
      // the others get a conflict and leave none behind.
      const lead = await leads.create(
        caller,
        { source: 'call', personId, organisationId, interactionId: call?.interaction_id ?? undefined, interest: input.interest, potential: input.potential, suggestedOwnerId: input.suggestedOwnerId, note: input.note },
        async (trx, leadId) => {
          const { id: _id, ...set } = after;
          const result = await trx.updateTable('callbacks').set(set).where('id', '=', id).where('version', '=', before.version).executeTakeFirst();
          if (Number(result.numUpdatedRows) === 0) throw new AppError('VERSION_CONFLICT');
          await trx.insertInto('record_links').values({ id: newId(), from_type: 'callback', from_id: id, to_type: 'lead', to_id: leadId, created_at: now, created_by: caller.id }).execute();
          // A caller identified only now: their missed call joins their file (timeline, call log).
          if (call) await identifyCaller(trx, caller.id, now, call, { personId: after.person_id, organisationId: after.organisation_id });
          await writeAudit(trx, { at: now, actorId: caller.id, entityType: 'callback', entityId: id, action: 'update', changes: diff(toView(before) as unknown as Record<string, unknown>, { personId: after.person_id, organisationId: after.organisation_id, assigneeId: after.assignee_id, status: after.status, outcome: after.outcome, leadId }) });
        },
      );
      return { callback: await announceUpdate(after), lead };
    },
  };
}

export type CallbacksService = ReturnType<typeof createCallbacksService>;
