import type { Clock } from '../../clock.js';
import type { Caller } from '../../context.js';
import type { Db } from '../../db/dialect/features.js';
import type { EventBus } from '../../events/bus.js';
import { AppError } from '../../errors.js';
import type { Grant } from '../access/permissions.js';
import type { TasksService } from '../tasks/tasks.service.js';
import type { TimelineService } from '../timeline/timeline.service.js';
import { isLiveParty } from '../parties/live-party.js';
import { identifyCaller, matchCaller } from './identify-caller.js';
import type { CallWrapUp } from './telephony.schemas.js';

/**
 * A call's wrap-up: its outcome and note on its interaction and its follow-up task, in one
 * transaction, from the interaction's version the form read. The wrap-up always makes a new
 * version, so the same call wrapped up again from another tab is refused (409) and leaves no
 * second follow-up.
 */
export function createWrapUpService(deps: { db: Db; clock: Clock; events: EventBus; timeline: TimelineService; tasks: TasksService }) {
  const { db, clock, events, timeline, tasks } = deps;
  return {
    async wrapUp(caller: Caller, grant: Grant, callId: string, input: CallWrapUp) {
      const call = await db.selectFrom('calls').select(['id', 'interaction_id', 'person_id', 'organisation_id', 'direction', 'from_e164', 'to_e164', 'agent_id']).where('id', '=', callId).executeTakeFirst();
      if (!call) throw new AppError('NOT_FOUND', 'call not found');
      if (!call.interaction_id) throw new AppError('CONFLICT', 'the call is not on the timeline yet: wrap it up once it was answered or is over');
      if (input.version === undefined) throw new AppError('VALIDATION_FAILED', 'version: required (or If-Match)', [{ path: 'version', message: 'required' }]);
      const interactionId = call.interaction_id;
      for (const [path, type] of [['personId', 'person'], ['organisationId', 'organisation']] as const) {
        const id = input[path];
        if (id && !(await isLiveParty(db, type, id))) throw new AppError('VALIDATION_FAILED', `${path}: not found`, [{ path, message: 'not found' }]);
      }
      // Filled inside the interaction's transaction; its notices go out after the commit.
      const created: { task?: Awaited<ReturnType<TasksService['createIn']>> } = {};
      const interaction = await timeline.update(
        caller,
        grant,
        interactionId,
        {
          version: input.version,
          ...(input.outcome && { outcome: input.outcome }),
          ...(input.summary && { summary: input.summary }),
          ...(input.body?.trim() && { body: input.body.trim() }),
        },
        {
          newVersion: true,
          within: async (trx) => {
            const now = clock.now().toISOString();
            // Unknown when the phone rang: the caller the agent named, else the one record that has
            // the number now (created from the pop, or on another device since), as the call is filed.
            const named = input.personId || input.organisationId;
            const who = named
              ? { personId: input.personId ?? null, organisationId: input.organisationId ?? null }
              : call.person_id || call.organisation_id
                ? null
                : await matchCaller(trx, call.direction === 'out' ? call.to_e164 : call.from_e164);
            if (who) await identifyCaller(trx, caller.id, now, call, who);
            // Off its agent's calls to log (GET /api/calls?toLog=true), from the first wrap-up on.
            await trx.updateTable('calls').set({ wrapped_up_at: now }).where('id', '=', call.id).where('wrapped_up_at', 'is', null).execute();
            if (!input.followUp) return;
            const { title, dueAt, reminderAt, personId, organisationId } = input.followUp;
            const on = await trx.selectFrom('interactions').select(['person_id', 'organisation_id']).where('id', '=', interactionId).executeTakeFirstOrThrow();
            created.task = await tasks.createIn(trx, caller, {
              title,
              dueAt,
              reminderAt: reminderAt ?? dueAt,
              personId: personId === undefined ? on.person_id : personId,
              organisationId: organisationId === undefined ? on.organisation_id : organisationId,
              interactionId,
            });
          },
        },
      );
      const { task } = created;
      await task?.afterCommit();
      // The agent's other tabs and devices close their form for this call and take it off their
      // calls to log; so does the call's agent when a colleague wrapped it up.
      const userIds = [...new Set([caller.id, ...(call.agent_id ? [call.agent_id] : [])])];
      await events.publish({ type: 'call.wrapped', audience: { userIds }, data: { id: call.id, interactionId, by: caller.id } });
      return { interaction, task: task?.view ?? null };
    },
  };
}

export type WrapUpService = ReturnType<typeof createWrapUpService>;
