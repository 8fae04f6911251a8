import { sql, type ExpressionBuilder } from 'kysely';
import type { Call, CallDirection, CallState, RoutingDecision } from '../../../common/api/telephony.js';
import type { Clock } from '../../clock.js';
import type { Caller } from '../../context.js';
import type { Db, DialectFeatures, Tx } from '../../db/dialect/features.js';
import type { CallsTable, Database } from '../../db/schema.js';
import type { Audience, EventBus } from '../../events/bus.js';
import { AppError } from '../../errors.js';
import { newId } from '../../ids.js';
import { normalizePhone } from '../../lib/phone.js';
import { diff, writeAudit } from '../audit/audit.js';
import { areFilterPartiesLive } from '../parties/live-party.js';
import type { SettingsService } from '../settings/settings.service.js';
import { MAX_DURATION_SECONDS } from '../timeline/timeline.schemas.js';
import type { TimelineService } from '../timeline/timeline.service.js';
import type { CallCardService } from './call-card.js';
import type { Integration } from './integrations.service.js';
import { priorityEntityIds, readPriorityRule } from './priority-rule.js';
import { CALLBACK_READERS } from './callbacks.service.js';
import { matchCaller } from './identify-caller.js';

export const CALL_EVENTS = ['ringing', 'answered', 'ended', 'missed', 'voicemail'] as const;
export type CallEventName = (typeof CALL_EVENTS)[number];

/** One event from a phone system, in the generic webhook's shape (adapters translate to it). */
export interface CallEventInput {
  callId: string;
  event: CallEventName;
  from: string;
  to: string;
  at?: string;
  extension?: string;
  agentEmail?: string;
  recordingUrl?: string;
  /** in (default) or out, for calls placed by an agent. */
  direction?: CallDirection;
  /** A decision the phone system took on its own (e.g. voicemail after nobody answered), written on the call. */
  routing?: Pick<RoutingDecision, 'decision' | 'reason'>;
}

export const OVERLOAD_SETTING = 'telephony.overload';

/** Call-backs a call left (not one an agent added by hand): a later call with the caller settles them. */
const CALL_CALLBACK_REASONS = ['missed', 'voicemail', 'overload'];

/**
 * Seconds between two events of a call; unknown (null) beyond the longest an interaction lasts:
 * events decades apart come from a phone system whose clock was reset, not from a conversation,
 * and such a figure would not fit the timeline (nor PostgreSQL's integer columns, which refused
 * the call's end where SQLite kept it).
 */
const seconds = (from: string | null, to: string | null) => {
  if (!from || !to) return null;
  const elapsed = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
  return elapsed <= MAX_DURATION_SECONDS ? elapsed : null;
};
const earliest = (a: string | null, b: string) => (a && a < b ? a : b);
const latest = (a: string | null, b: string) => (a && a > b ? a : b);

/**
 * The call's state derived from what has been seen, whatever the order events arrived in:
 * a terminal event ends it; an answer before the end makes it "ended", else "missed"/"voicemail".
 */
export function deriveState(call: Pick<CallsTable, 'answered_at' | 'terminal_event'>): CallState {
  if (call.terminal_event) return call.answered_at ? 'ended' : call.terminal_event === 'voicemail' ? 'voicemail' : 'missed';
  return call.answered_at ? 'answered' : 'ringing';
}

/**
 * One event of one call, whoever sends it and however often: the time is left out because
 * retries may carry none (Twilio's voice webhook) or another one; the extension is kept because
 * a ring group rings several phones, each its own event.
 */
function dedupeKey(integrationId: string, input: CallEventInput): string {
  return `${integrationId}:${input.callId}:${input.event}:${input.extension ?? input.agentEmail ?? ''}`.slice(0, 300);
}

/** When legs of a call disagree, the most specific end wins: voicemail, then missed, then a plain end. */
const TERMINAL_RANK: Record<string, number> = { ended: 1, missed: 2, voicemail: 3 };

/** A call row as the API answers it (the shape is common/api/telephony.ts's). */
export function toCallView(r: CallsTable): Call {
  return {
    id: r.id,
    integrationId: r.integration_id,
    callId: r.external_id,
    // The columns hold only what the telephony module writes: 'in' | 'out', and a CallState ('ringing' or deriveState's).
    direction: r.direction as CallDirection,
    from: r.from_number,
    fromE164: r.from_e164,
    to: r.to_number,
    toE164: r.to_e164,
    extension: r.extension,
    agentId: r.agent_id,
    personId: r.person_id,
    organisationId: r.organisation_id,
    state: r.state as CallState,
    ringingAt: r.ringing_at,
    answeredAt: r.answered_at,
    endedAt: r.ended_at,
    durationSeconds: r.duration_seconds,
    waitSeconds: r.wait_seconds,
    recordingUrl: r.recording_url,
    interactionId: r.interaction_id,
    wrappedUpAt: r.wrapped_up_at,
    priority: Boolean(r.priority),
    routing: JSON.parse(r.routing) as RoutingDecision[],
    createdAt: r.created_at,
  };
}

/**
 * Call events in: records each event once, keeps the call's state right whatever the order,
 * routes it (extension, front desk on duty, overload mode), and has each side effect happen once:
 * the screen pop, the timeline interaction, the duration, the call-back entry.
 */
export function createCallsService(deps: {
  db: Db;
  dialect: DialectFeatures;
  clock: Clock;
  events: EventBus;
  defaultRegion: string;
  settings: SettingsService;
  timeline: TimelineService;
  cards: CallCardService;
}) {
  const { db, dialect, clock, events, settings, timeline, cards } = deps;

  async function resolveAgent(handle: Tx, input: CallEventInput): Promise<string | null> {
    if (input.extension) {
      // A disabled user's extension rings nobody's screen: the call goes to the front desk on duty.
      const ext = await handle
        .selectFrom('phone_extensions as x')
        .innerJoin('users as u', 'u.id', 'x.user_id')
        .select('x.user_id')
        .where('x.extension', '=', input.extension)
        .where('u.disabled', '=', 0)
        .executeTakeFirst();
      if (ext) return ext.user_id;
    }
    if (input.agentEmail) {
      const user = await handle.selectFrom('users').select('id').where('email', '=', input.agentEmail.trim().toLowerCase()).where('disabled', '=', 0).executeTakeFirst();
      if (user) return user.id;
    }
    return null;
  }

  /** Who sees a ringing call: the extension's user, else everyone on duty at the front desk. */
  async function ringAudience(handle: Tx, agentId: string | null): Promise<string[]> {
    if (agentId) return [agentId];
    const desk = await handle.selectFrom('users').select('id').where('role', '=', 'frontdesk').where('on_duty', '=', 1).where('disabled', '=', 0).execute();
    return desk.map((u) => u.id);
  }

  /** The priority rule ("under contract"): the caller, or one of their organisations, meets it. */
  async function isPriority(handle: Tx, entityIds: string[]): Promise<boolean> {
    if (entityIds.length === 0) return false;
    const orgs = await handle.selectFrom('person_organisations').select('organisation_id').where('person_id', 'in', entityIds).execute();
    const ids = [...entityIds, ...orgs.map((o) => o.organisation_id)];
    return (await priorityEntityIds(handle, await readPriorityRule(settings, handle), ids)).size > 0;
  }

  return {
    async handleEvent(integration: Integration, input: CallEventInput) {
      const receivedAt = clock.now().toISOString();
      const at = input.at ? new Date(input.at).toISOString() : receivedAt;
      const from = normalizePhone(input.from, deps.defaultRegion).e164;
      const to = normalizePhone(input.to, deps.defaultRegion).e164;
      const after: { publish: (() => Promise<void>)[] } = { publish: [] };

      const result = await db.transaction().execute(async (trx) => {
        // The first event of a call creates it; concurrent first events meet on the unique key.
        await trx
          .insertInto('calls')
          .values({
            id: newId(),
            integration_id: integration.id,
            external_id: input.callId,
            direction: input.direction ?? 'in',
            from_number: input.from,
            from_e164: from,
            to_number: input.to,
            to_e164: to,
            extension: input.extension ?? null,
            agent_id: null,
            person_id: null,
            organisation_id: null,
            state: 'ringing',
            ringing_at: null,
            answered_at: null,
            ended_at: null,
            terminal_event: null,
            duration_seconds: null,
            wait_seconds: null,
            recording_url: null,
            interaction_id: null,
            priority: 0,
            routing: '[]',
            popped: 0,
            created_at: receivedAt,
            updated_at: receivedAt,
          })
          .onConflict((oc) => oc.columns(['integration_id', 'external_id']).doNothing())
          .execute();
        const before = await dialect
          .forUpdate(trx.selectFrom('calls').selectAll().where('integration_id', '=', integration.id).where('external_id', '=', input.callId))
          .executeTakeFirstOrThrow();

        const inserted = await trx
          .insertInto('call_events')
          .values({
            id: newId(),
            call_id: before.id,
            event: input.event,
            at,
            received_at: receivedAt,
            dedupe_key: dedupeKey(integration.id, input),
            payload: JSON.stringify(input),
          })
          .onConflict((oc) => oc.column('dedupe_key').doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return { call: before, duplicate: true };

        const call: CallsTable = { ...before, updated_at: receivedAt };
        const isNew = before.routing === '[]';
        // Only a web address is kept: the browser shows it as a link (a Twilio webhook is not validated by a schema).
        if (input.recordingUrl && /^https?:\/\//i.test(input.recordingUrl)) call.recording_url = input.recordingUrl;
        // Whoever picks up is the call's agent, even when another extension rang first (ring groups).
        const agent = await resolveAgent(trx, input);
        if (agent && (!call.agent_id || input.event === 'answered')) call.agent_id = agent;
        if (input.extension && (!call.extension || (input.event === 'answered' && agent))) call.extension = input.extension;
        if (input.event === 'ringing') call.ringing_at = earliest(call.ringing_at, at);
        else if (input.event === 'answered') call.answered_at = earliest(call.answered_at, at);
        else {
          call.ended_at = latest(call.ended_at, at);
          if (!call.terminal_event || TERMINAL_RANK[input.event] > TERMINAL_RANK[call.terminal_event]) call.terminal_event = input.event;
        }
        if (!call.ringing_at) call.ringing_at = at;
        call.state = deriveState(call);
        call.duration_seconds = seconds(call.answered_at, call.terminal_event ? call.ended_at : null);
        call.wait_seconds = seconds(call.ringing_at, call.answered_at ?? call.ended_at);

        const callerTypeOut = call.direction === 'out';
        const partyNumber = callerTypeOut ? call.to_e164 : call.from_e164;
        if (isNew) {
          const match = await matchCaller(trx, partyNumber);
          call.person_id = match.personId;
          call.organisation_id = match.organisationId;
          call.priority = (await isPriority(trx, match.entityIds)) ? 1 : 0;
          const overload = await settings.get(OVERLOAD_SETTING, false, trx);
          const routing: RoutingDecision[] = [];
          if (callerTypeOut) {
            routing.push({ at: receivedAt, decision: 'ring', reason: 'outbound call' });
          } else if (overload && !call.priority) {
            routing.push({ at: receivedAt, decision: 'voicemail', reason: 'overload mode: caller not under contract' });
          } else {
            const userIds = await ringAudience(trx, call.agent_id);
            const reason = overload ? 'overload mode: caller under contract' : call.agent_id ? 'extension' : 'front desk on duty';
            routing.push({ at: receivedAt, decision: 'ring', reason, userIds });
          }
          call.routing = JSON.stringify(routing);
        }
        const routing = JSON.parse(call.routing) as RoutingDecision[];
        const decision = routing[0];
        let popTo = call.popped ? [] : (decision?.userIds ?? []);
        if (!isNew && agent && call.state === 'ringing' && decision?.decision === 'ring' && !routing.some((r) => r.userIds?.includes(agent))) {
          // The phone system named the extension after the call began ringing (Asterisk dials it
          // after the call entered, a ring group adds a phone): that colleague gets the pop too.
          routing.push({ at: receivedAt, decision: 'ring', reason: 'extension', userIds: [agent] });
          popTo = [...popTo, agent];
        }
        if (input.routing) routing.push({ at: receivedAt, ...input.routing });
        call.routing = JSON.stringify(routing);

        // Screen pop: once per person, only while the call still rings, only for calls routed to people.
        if (popTo.length > 0 && call.state === 'ringing' && decision?.decision === 'ring' && call.direction === 'in') {
          call.popped = 1;
          const snapshot = { ...call };
          after.publish.push(async () => {
            const card = await cards.compactCard(snapshot);
            await events.publish({ type: 'call.ringing', audience: { userIds: popTo }, data: card });
          });
        }
        // On the timeline: the call when answered, or the missed call once it is over.
        if (!call.interaction_id && (call.answered_at || call.terminal_event)) {
          const row = await timeline.record(trx, call.agent_id, {
            channel: 'call',
            direction: call.direction === 'out' ? 'out' : 'in',
            occurredAt: call.ringing_at ?? at,
            durationSeconds: call.duration_seconds,
            personId: call.person_id,
            organisationId: call.organisation_id,
            // The other party's number as dialled: the timeline names the channel and direction in the reader's language.
            summary: call.direction === 'out' ? call.to_number : call.from_number,
            outcome: call.answered_at ? null : call.state,
            links: [{ type: 'call', id: call.id }],
          });
          call.interaction_id = row.id;
          after.publish.push(() => timeline.announce({ id: row.id, channel: 'call', personId: row.person_id, organisationId: row.organisation_id }));
        } else if (call.interaction_id) {
          // Later events complete the same interaction: who answered, how long, or that it was missed.
          const before = await trx
            .selectFrom('interactions')
            .select(['author_id', 'duration_seconds', 'occurred_at', 'outcome'])
            .where('id', '=', call.interaction_id)
            .executeTakeFirst();
          if (before) {
            const next = {
              author_id: call.agent_id,
              duration_seconds: call.duration_seconds,
              // Dated from when it rang, once known (its end may have been reported first).
              occurred_at: call.ringing_at ?? before.occurred_at,
              // The agent's own outcome (from the after-call form) is never overwritten.
              outcome: before.outcome === null || before.outcome === 'missed' || before.outcome === 'voicemail' ? (call.answered_at ? null : call.state) : before.outcome,
            };
            await trx.updateTable('interactions').set({ ...next, updated_at: receivedAt }).where('id', '=', call.interaction_id).execute();
            // Changed by the phone system (no user): audited all the same (QUALITY 22).
            const changes = diff(
              { authorId: before.author_id, durationSeconds: before.duration_seconds, occurredAt: before.occurred_at, outcome: before.outcome },
              { authorId: next.author_id, durationSeconds: next.duration_seconds, occurredAt: next.occurred_at, outcome: next.outcome },
            );
            if (Object.keys(changes).length) {
              await writeAudit(trx, { at: receivedAt, actorId: null, entityType: 'interaction', entityId: call.interaction_id, action: 'update', changes });
            }
          }
        }
        // Missed calls, voicemails and calls sent to voicemail by overload mode wait in the call-back queue.
        // A withheld number cannot be called back: such a missed call stays in the log, not in the queue.
        const waitsForCallback = (c: Pick<CallsTable, 'direction' | 'from_e164' | 'terminal_event' | 'answered_at' | 'routing'>) =>
          c.direction === 'in' && c.from_e164 !== null && ((c.terminal_event && !c.answered_at) || (JSON.parse(c.routing) as RoutingDecision[])[0]?.decision === 'voicemail');
        const needsCallback = waitsForCallback(call);
        if (call.answered_at && !needsCallback) {
          // An answer reported after the end (events out of order): the call was not missed after all.
          const waiting = await trx
            .selectFrom('callbacks')
            .select(['id', 'note'])
            .where('call_id', '=', call.id)
            .where('status', '=', 'open')
            .where('reason', 'in', ['missed', 'voicemail'])
            .execute();
          for (const callback of waiting) {
            await trx.updateTable('callbacks').set({ status: 'cancelled', note: 'answered', updated_at: receivedAt, version: sql<number>`version + 1` }).where('id', '=', callback.id).execute();
            const changes = diff({ status: 'open', note: callback.note }, { status: 'cancelled', note: 'answered' });
            await writeAudit(trx, { at: receivedAt, actorId: null, entityType: 'callback', entityId: callback.id, action: 'update', changes });
          }
          // The caller was reached (they rang again and were answered, or were called and picked up):
          // the call-backs their earlier calls left are done, by whoever took this call.
          if (!before.answered_at && partyNumber) {
            const reached = await trx
              .selectFrom('callbacks')
              .selectAll()
              .where('e164', '=', partyNumber)
              .where('status', '=', 'open')
              .where('reason', 'in', CALL_CALLBACK_REASONS)
              .where((eb) => eb.or([eb('call_id', 'is', null), eb('call_id', '!=', call.id)]))
              .execute();
            for (const callback of reached) {
              const next = {
                status: 'done',
                outcome: 'reached',
                assignee_id: callback.assignee_id ?? call.agent_id,
                // Calling them back is an attempt of the call-back's; their own call is not.
                attempts: callerTypeOut ? callback.attempts + 1 : callback.attempts,
                last_attempt_at: callerTypeOut ? call.answered_at : callback.last_attempt_at,
              };
              await trx.updateTable('callbacks').set({ ...next, updated_at: receivedAt, version: sql<number>`version + 1` }).where('id', '=', callback.id).execute();
              const changes = diff(
                { status: callback.status, outcome: callback.outcome, assigneeId: callback.assignee_id, attempts: callback.attempts },
                { status: next.status, outcome: next.outcome, assigneeId: next.assignee_id, attempts: next.attempts, reachedBy: call.agent_id, reachedOnCall: call.id },
              );
              await writeAudit(trx, { at: receivedAt, actorId: null, entityType: 'callback', entityId: callback.id, action: 'update', changes });
              after.publish.push(() => events.publish({ type: 'callback.updated', audience: CALLBACK_READERS, data: { id: callback.id, callId: callback.call_id, status: 'done', outcome: 'reached' } }));
            }
          }
        }
        // Once per call (its first event that makes it wait, not the later ones: a message left after a miss).
        if (needsCallback && !waitsForCallback(before)) {
          // One call-back per caller waiting: a new missed call joins the open one and is counted there.
          // Two calls missed at once from one number must not both find none and open two.
          await dialect.serialiseOn(trx, `callback:${call.from_e164}`);
          const open = await trx
            .selectFrom('callbacks')
            .selectAll()
            .where('e164', '=', call.from_e164)
            .where('status', '=', 'open')
            .where('reason', 'in', CALL_CALLBACK_REASONS)
            .where((eb) => eb.or([eb('call_id', 'is', null), eb('call_id', '!=', call.id)]))
            .orderBy('created_at')
            .orderBy('id')
            .limit(1)
            .executeTakeFirst();
          if (open) {
            // A message left now is what waits: the queue says so (an overload caller stays one).
            const reason = call.state === 'voicemail' && open.reason === 'missed' ? 'voicemail' : open.reason;
            await trx
              .updateTable('callbacks')
              .set({ missed_calls: open.missed_calls + 1, last_missed_at: call.ringing_at ?? at, reason, updated_at: receivedAt, version: sql<number>`version + 1` })
              .where('id', '=', open.id)
              .execute();
            // The calls joined to a call-back, beyond its first (call_id): found by their link.
            await trx.insertInto('record_links').values({ id: newId(), from_type: 'callback', from_id: open.id, to_type: 'call', to_id: call.id, created_at: receivedAt, created_by: null }).execute();
            await writeAudit(trx, {
              at: receivedAt,
              actorId: null,
              entityType: 'callback',
              entityId: open.id,
              action: 'update',
              changes: diff({ missedCalls: open.missed_calls, reason: open.reason }, { missedCalls: open.missed_calls + 1, reason, callId: call.id }),
            });
            after.publish.push(() => events.publish({ type: 'callback.updated', audience: CALLBACK_READERS, data: { id: open.id, callId: call.id, missedCalls: open.missed_calls + 1 } }));
          } else {
            await trx
              .insertInto('callbacks')
              .values({
                id: newId(),
                call_id: call.id,
                number: call.from_number,
                e164: call.from_e164,
                person_id: call.person_id,
                organisation_id: call.organisation_id,
                reason: decision?.decision === 'voicemail' ? 'overload' : call.state,
                status: 'open',
                assignee_id: null,
                attempts: 0,
                last_attempt_at: null,
                outcome: null,
                note: null,
                created_at: receivedAt,
                updated_at: receivedAt,
                version: 1,
                missed_calls: 1,
                last_missed_at: call.ringing_at ?? at,
              })
              .execute();
            after.publish.push(() => events.publish({ type: 'callback.created', audience: CALLBACK_READERS, data: { callId: call.id, number: call.from_number, personId: call.person_id } }));
          }
        } else if (needsCallback && call.state === 'voicemail') {
          // Missed first, then a message was left (Twilio's usual order): the queue says a message waits.
          const updated = await trx
            .updateTable('callbacks')
            // A new version: an agent's edit of the call-back made before this is then a conflict, not an overwrite.
            .set({ reason: 'voicemail', updated_at: receivedAt, version: sql<number>`version + 1` })
            .where((eb) =>
              eb.or([
                eb('call_id', '=', call.id),
                eb('id', 'in', eb.selectFrom('record_links').select('from_id').where('from_type', '=', 'callback').where('to_type', '=', 'call').where('to_id', '=', call.id)),
              ]),
            )
            .where('reason', '=', 'missed')
            .where('status', '=', 'open')
            .returning('id')
            .execute();
          for (const { id } of updated) {
            await writeAudit(trx, { at: receivedAt, actorId: null, entityType: 'callback', entityId: id, action: 'update', changes: { reason: { old: 'missed', new: 'voicemail' } } });
          }
          if (updated.length > 0) {
            after.publish.push(() => events.publish({ type: 'callback.updated', audience: CALLBACK_READERS, data: { callId: call.id, reason: 'voicemail' } }));
          }
        }
        const { id, ...set } = call;
        await trx.updateTable('calls').set(set).where('id', '=', id).execute();
        return { call, duplicate: false };
      });

      if (!result.duplicate) {
        const view = toCallView(result.call);
        const rang = view.routing.flatMap((r) => r.userIds ?? []);
        const audience: Audience = { userIds: [...new Set([...rang, ...(view.agentId ? [view.agentId] : [])])], roles: ['manager', 'admin'] };
        for (const publish of after.publish) await publish();
        await events.publish({ type: `call.${input.event === 'ringing' ? 'updated' : view.state}`, audience, data: { id: view.id, callId: view.callId, state: view.state, agentId: view.agentId, interactionId: view.interactionId, personId: view.personId, durationSeconds: view.durationSeconds } });
      }
      return { call: toCallView(result.call), duplicate: result.duplicate };
    },

    /** The extensions mapped to users: a phone system adapter tells our phones from trunks with them. */
    async knownExtensions(): Promise<Set<string>> {
      const rows = await db.selectFrom('phone_extensions').select('extension').execute();
      return new Set(rows.map((r) => r.extension));
    },

    /**
     * Ends the calls of an integration that the phone system no longer has (their end was lost
     * while Relais was not listening), dated from the last moment Relais knew: an answered call
     * ends, one still ringing is missed and waits in the call-back queue.
     */
    async closeLost(integration: Integration, liveCallIds: Set<string>, at: string): Promise<number> {
      const open = await db
        .selectFrom('calls')
        .select(['external_id', 'from_number', 'to_number', 'direction', 'answered_at'])
        .where('integration_id', '=', integration.id)
        .where('state', 'in', ['ringing', 'answered'])
        .execute();
      const lost = open.filter((c) => !liveCallIds.has(c.external_id));
      for (const c of lost) {
        const event = c.answered_at ? 'ended' : 'missed';
        const when = c.answered_at && c.answered_at > at ? c.answered_at : at;
        await this.handleEvent(integration, { callId: c.external_id, event, from: c.from_number, to: c.to_number, at: when, direction: c.direction === 'out' ? 'out' : 'in' });
      }
      return lost.length;
    },

    async get(id: string): Promise<Call> {
      const row = await db.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw new AppError('NOT_FOUND', 'call not found');
      return toCallView(row);
    },

    async list(
      query: { state?: string; agentId?: string; toLog?: 'true'; personId?: string; organisationId?: string; number?: string; from?: string; to?: string; limit: number; cursor?: string },
      caller: Caller,
    ) {
      // Listed by a deleted record's id, none (as its timeline); its calls stay in the call log, by number and by agent.
      if (!(await areFilterPartiesLive(db, query))) return { items: [], nextCursor: null };
      let q = db.selectFrom('calls').selectAll();
      if (query.state === 'missed') q = q.where('state', 'in', ['missed', 'voicemail']);
      else if (query.state) q = q.where('state', '=', query.state);
      if (query.agentId) q = q.where('agent_id', '=', query.agentId === 'me' ? caller.id : query.agentId);
      // The terms of the calls_to_log partial index as written there (a literal, not a parameter,
      // so that both planners see that the index holds every row asked for).
      // A call nobody is named for (answered on an extension mapped to no user) is no one's to log.
      if (query.toLog) q = q.where('state', '=', sql.lit('ended')).where('wrapped_up_at', 'is', null).where('interaction_id', 'is not', null).where('agent_id', 'is not', null);
      if (query.personId) q = q.where('person_id', '=', query.personId);
      if (query.organisationId) q = q.where('organisation_id', '=', query.organisationId);
      if (query.number) {
        const e164 = normalizePhone(query.number, deps.defaultRegion).e164;
        q = q.where((eb) => eb.or([eb('from_e164', '=', e164), eb('to_e164', '=', e164)]));
      }
      q = q.where(callTimeWithin(query.from, query.to));
      if (query.cursor) {
        const [at, id] = query.cursor.split('|');
        if (!at || !id) throw new AppError('VALIDATION_FAILED', 'cursor: invalid', [{ path: 'cursor', message: 'invalid cursor' }]);
        q = q.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]));
      }
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return { items: page.map(toCallView), nextCursor: rows.length > query.limit && last ? `${last.created_at}|${last.id}` : null };
    },

    /** Calls per contact in the log's filter, busiest first (who calls us most, whom we call most). */
    async countsPerContact(query: { from?: string; to?: string; limit: number }) {
      let q = db
        .selectFrom('calls')
        // One row per contact: a known one by their record, whichever way the calls went; an unknown
        // one by their number (the caller's for incoming calls, the number called for outgoing ones).
        .select((eb) => [
          'person_id',
          'organisation_id',
          sql<string | null>`MAX(${CONTACT_NUMBER})`.as('number'),
          eb.fn.countAll<number>().as('calls'),
        ])
        .groupBy(['person_id', 'organisation_id', sql`CASE WHEN person_id IS NULL AND organisation_id IS NULL THEN ${CONTACT_NUMBER} END`]);
      q = q.where(callTimeWithin(query.from, query.to));
      const rows = await q.orderBy('calls', 'desc').limit(query.limit).execute();
      return rows.map((r) => ({ personId: r.person_id, organisationId: r.organisation_id, number: r.number, calls: Number(r.calls) }));
    },
  };
}

export type CallsService = ReturnType<typeof createCallsService>;

/** The other party's number: the caller's for an incoming call, the number called for an outgoing one. */
const CONTACT_NUMBER = sql`CASE WHEN direction = 'out' THEN to_e164 ELSE from_e164 END`;

/**
 * Calls whose own time — when they rang, as the phone system said — falls in [from, to); a call
 * it never said rang counts from when Relais heard of it. Reports and the log then agree on the
 * day of a call reported late (webhook retries, a backlog after a reconnection).
 */
export function callTimeWithin(from: string | undefined, to: string | undefined) {
  return (eb: ExpressionBuilder<Database, 'calls'>) => {
    const within = (column: 'ringing_at' | 'created_at') => {
      const bounds = [];
      if (from) bounds.push(eb(column, '>=', new Date(from).toISOString()));
      if (to) bounds.push(eb(column, '<', new Date(to).toISOString()));
      return eb.and(bounds);
    };
    if (!from && !to) return eb.and([]);
    return eb.or([eb.and([eb('ringing_at', 'is not', null), within('ringing_at')]), eb.and([eb('ringing_at', 'is', null), within('created_at')])]);
  };
}
