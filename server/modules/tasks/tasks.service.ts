import { sql, type SelectQueryBuilder } from 'kysely';
import type { Clock } from '../../clock.js';
import type { Caller } from '../../context.js';
import { columnsOf } from '../../db/columns.js';
import type { Db, DialectFeatures, Tx } from '../../db/dialect/features.js';
import type { Database, TasksTable } from '../../db/schema.js';
import type { EventBus } from '../../events/bus.js';
import { AppError, validation } from '../../errors.js';
import { newId } from '../../ids.js';
import { parseTimeCursor } from '../../lib/cursors.js';
import { LIST_TOTAL_CAP, totalOf, type ListTotal } from '../../lib/list-total.js';
import { END_OF_TIME, rangeBound } from '../../lib/day-range.js';
import { areFilterPartiesLive, assertLiveParty, isLiveParty } from '../parties/live-party.js';
import type { JobRunner } from '../../jobs/runner.js';
import type { Grant } from '../access/permissions.js';
import { diff, writeAudit } from '../audit/audit.js';
import type { CardPart } from '../lookup/card-part.js';
import { jobKey, type NotificationsService } from '../notifications/notifications.service.js';
import type { CreateTask, ListTasks, UpdateTask } from './tasks.schemas.js';

export const REMINDER_JOB = 'task.reminder';

export interface TaskView {
  id: string;
  title: string;
  dueAt: string | null;
  reminderAt: string | null;
  assigneeId: string;
  personId: string | null;
  organisationId: string | null;
  interactionId: string | null;
  status: string;
  completionNote: string | null;
  completedAt: string | null;
  /** Who marked it done or cancelled it. */
  completedBy: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Every column of a task, by name (card parts name what they select, see CardPart). */
const TASK_COLUMNS = columnsOf<TasksTable>({
  id: true, title: true, due_at: true, reminder_at: true, assignee_id: true, person_id: true, organisation_id: true,
  interaction_id: true, status: true, completion_note: true, completed_at: true, completed_by: true, created_at: true, created_by: true,
  updated_at: true, updated_by: true, version: true,
});

export function toTaskView(r: TasksTable): TaskView {
  return {
    id: r.id,
    title: r.title,
    dueAt: r.due_at,
    reminderAt: r.reminder_at,
    assigneeId: r.assignee_id,
    personId: r.person_id,
    organisationId: r.organisation_id,
    interactionId: r.interaction_id,
    status: r.status,
    completionNote: r.completion_note,
    completedAt: r.completed_at,
    completedBy: r.completed_by ?? null,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

const iso = (value: string | null | undefined) => (value ? new Date(value).toISOString() : null);
// Tasks without a due date sort last.
const NO_DUE = END_OF_TIME;

/** One page of a list read with one row more than asked: the cursor says where the next one starts. */
function pageOf(rows: TasksTable[], limit: number, cursorOf: (last: TasksTable) => string) {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map(toTaskView), nextCursor: rows.length > limit && last ? cursorOf(last) : null };
}

/** Tasks and follow-ups with reminders that reach the assignee live when due. */
/** When a task reminds its assignee: its own reminder time, else when it is due. */
function reminderTime(task: Pick<TasksTable, 'reminder_at' | 'due_at'>): string | null {
  return task.reminder_at ?? task.due_at;
}

export function createTasksService(deps: {
  db: Db;
  dialect: Pick<DialectFeatures, 'forShare'>;
  clock: Clock;
  events: EventBus;
  jobs: JobRunner;
  notifications: NotificationsService;
  /** The firm's time zone (RELAIS_TIMEZONE): a plain day in a filter is one of its days. */
  timeZone: string;
}) {
  const { db, clock, jobs, notifications } = deps;
  /** How many tasks a list's filters match, up to the cap (no order: counting stops there). */
  async function countUpTo(matching: SelectQueryBuilder<Database, 'tasks', TasksTable>): Promise<ListTotal> {
    const capped = matching.clearSelect().select('id').limit(LIST_TOTAL_CAP + 1).as('matching');
    const row = await db.selectFrom(capped).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    return totalOf(Number(row.n), LIST_TOTAL_CAP);
  }
  async function assertRefs(input: { assigneeId?: string; personId?: string | null; organisationId?: string | null; interactionId?: string | null }, handle: Tx = db) {
    const details: { path: string; message: string }[] = [];
    if (input.assigneeId) {
      const user = await handle.selectFrom('users').select(['id', 'disabled']).where('id', '=', input.assigneeId).executeTakeFirst();
      if (!user || user.disabled) details.push({ path: 'assigneeId', message: 'unknown or disabled user' });
    }
    for (const [path, type, id] of [
      ['personId', 'person', input.personId],
      ['organisationId', 'organisation', input.organisationId],
    ] as const) {
      if (id && !(await isLiveParty(handle, type, id))) details.push({ path, message: 'not found' });
    }
    // A withdrawn interaction is gone from the timeline: a follow-up cannot come from it.
    if (input.interactionId && !(await handle.selectFrom('interactions').select('id').where('id', '=', input.interactionId).where('deleted_at', 'is', null).executeTakeFirst())) {
      details.push({ path: 'interactionId', message: 'not found' });
    }
    if (details.length) throw new AppError('VALIDATION_FAILED', `Invalid fields: ${details.map((d) => d.path).join(', ')}`, details);
  }

  /**
   * A task that says one thing: its reminder no later than when it is due, and a completion note
   * only on a task done or cancelled. On a change, `sent` says which dates the caller set.
   */
  function assertConsistent(task: { dueAt: string | null; reminderAt: string | null; status: string; completionNote?: string | null; sent?: { dueAt: boolean; reminderAt: boolean } }) {
    const details: { path: string; message: string }[] = [];
    const checkDates = !task.sent || task.sent.dueAt || task.sent.reminderAt;
    if (checkDates && task.dueAt && task.reminderAt && task.reminderAt > task.dueAt) {
      details.push({ path: task.sent && !task.sent.reminderAt ? 'dueAt' : 'reminderAt', message: 'the reminder comes after the due date' });
    }
    if (task.completionNote && task.completionNote.trim() !== '' && task.status === 'open') {
      details.push({ path: 'completionNote', message: 'only for a task done or cancelled' });
    }
    if (details.length) throw new AppError('VALIDATION_FAILED', `Invalid fields: ${details.map((d) => d.path).join(', ')}`, details);
  }

  /** The records a task is about, live until the commit (see assertLiveParty: a merge then moves the task too). */
  async function lockRecords(trx: Tx, task: Pick<TasksTable, 'person_id' | 'organisation_id'>) {
    if (task.person_id) await assertLiveParty(trx, deps.dialect, 'person', task.person_id, 'personId');
    if (task.organisation_id) await assertLiveParty(trx, deps.dialect, 'organisation', task.organisation_id, 'organisationId');
  }

  /** One pending reminder per task, at reminderAt or else dueAt; none once the task is closed. */
  async function scheduleReminder(trx: Tx, task: TasksTable) {
    const at = reminderTime(task);
    const key = `task:${task.id}`;
    if (task.status !== 'open' || !at) return jobs.cancel(trx, key);
    await jobs.enqueue(trx, { kind: REMINDER_JOB, payload: { taskId: task.id, at }, runAt: new Date(at), uniqueKey: key });
  }

  async function load(id: string): Promise<TasksTable> {
    const row = await db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'task not found');
    return row;
  }

  return {
    async create(caller: Caller, input: CreateTask): Promise<TaskView> {
      const created = await db.transaction().execute((trx) => this.createIn(trx, caller, input));
      await created.afterCommit();
      return created.view;
    },

    /**
     * Creates a task inside the caller's transaction (an after-call wrap-up writes its follow-up
     * with the call's outcome); call `afterCommit` once it is committed.
     */
    async createIn(trx: Tx, caller: Caller, input: CreateTask): Promise<{ view: TaskView; afterCommit: () => Promise<void> }> {
      assertConsistent({ dueAt: iso(input.dueAt), reminderAt: iso(input.reminderAt), status: input.status ?? 'open', completionNote: input.completionNote });
      await assertRefs(input, trx);
      const now = clock.now().toISOString();
      const row: TasksTable = {
        id: newId(),
        title: input.title,
        due_at: iso(input.dueAt),
        reminder_at: iso(input.reminderAt),
        assignee_id: input.assigneeId ?? caller.id,
        person_id: input.personId ?? null,
        organisation_id: input.organisationId ?? null,
        interaction_id: input.interactionId ?? null,
        status: input.status ?? 'open',
        completion_note: input.completionNote ?? null,
        completed_at: input.status && input.status !== 'open' ? now : null,
        completed_by: input.status && input.status !== 'open' ? caller.id : null,
        created_at: now,
        created_by: caller.id,
        updated_at: now,
        updated_by: caller.id,
        version: 1,
      };
      await lockRecords(trx, row);
      await trx.insertInto('tasks').values(row).execute();
      await scheduleReminder(trx, row);
      const { id: _id, version: _v, createdAt: _c, updatedAt: _u, createdBy: _b, ...fields } = toTaskView(row);
      await writeAudit(trx, { at: now, actorId: caller.id, entityType: 'task', entityId: row.id, action: 'create', changes: diff({}, fields) });
      return {
        view: toTaskView(row),
        afterCommit: async () => {
          // A hand-off: the colleague learns at once that something was given to them.
          if (row.assignee_id !== caller.id) {
            await notifications.notifyAfterCommit(row.assignee_id, 'task.assigned', { taskId: row.id, title: row.title, dueAt: row.due_at, by: caller.name });
          }
        },
      };
    },

    async get(id: string): Promise<TaskView> {
      return toTaskView(await load(id));
    },

    async list(caller: Caller, query: ListTasks) {
      // Latest closed first has no meaning for open tasks (no closing time): asked for with them, a 400.
      const closedOrder = query.sort === '-closedAt';
      if (closedOrder && (!query.status || query.status === 'open')) throw validation('sort', '-closedAt lists closed tasks: send status done, cancelled or closed');
      // The count is for the first page: the next ones keep the count the list already shows.
      const counting = query.total === 'true' && !query.cursor;
      // A deleted record's tasks stay readable by their id and in their assignee's list, as their own work.
      if (!(await areFilterPartiesLive(db, query))) return { items: [], nextCursor: null, ...(counting && totalOf(0, LIST_TOTAL_CAP)) };
      if (query.assignee && query.assigneeId && query.assignee !== query.assigneeId) throw validation('assigneeId', 'differs from assignee: send one of them');
      const assignee = query.assignee ?? query.assigneeId;
      let q = db.selectFrom('tasks').selectAll();
      if (assignee) q = q.where('assignee_id', '=', assignee === 'me' ? caller.id : assignee);
      if (query.status === 'closed') q = q.where('status', 'in', ['done', 'cancelled']);
      else if (query.status) q = q.where('status', '=', query.status);
      if (query.personId) q = q.where('person_id', '=', query.personId);
      if (query.organisationId) q = q.where('organisation_id', '=', query.organisationId);
      const dueBefore = query.dueBefore ? rangeBound(query.dueBefore, deps.timeZone, false) : null;
      if (dueBefore) q = q.where('due_at', '<', dueBefore);
      // Closing a task (done or cancelled) stamps completed_at; reopening clears it.
      if (closedOrder) q = q.where('completed_at', 'is not', null);
      const total = counting ? await countUpTo(q) : undefined;
      if (closedOrder) {
        // The record's index (person_id or organisation_id, completed_at, id) is walked backwards from the latest.
        if (query.cursor) {
          const [at, id] = parseTimeCursor(query.cursor);
          q = q.where(sql<boolean>`(completed_at, id) < (${at}, ${id})`);
        }
        const rows = await q.orderBy('completed_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
        return { ...pageOf(rows, query.limit, (last) => `${last.completed_at}|${last.id}`), ...total };
      }
      const due = sql<string>`COALESCE(due_at, ${NO_DUE})`;
      if (query.cursor) {
        const [at, id] = parseTimeCursor(query.cursor);
        q = q.where(sql<boolean>`(${due}, id) > (${at}, ${id})`);
      }
      const rows = await q.orderBy(due).orderBy('id').limit(query.limit + 1).execute();
      return { ...pageOf(rows, query.limit, (last) => `${last.due_at ?? NO_DUE}|${last.id}`), ...total };
    },

    async update(caller: Caller, grant: Grant, id: string, input: UpdateTask): Promise<TaskView> {
      const before = await load(id);
      if (grant === 'own' && before.assignee_id !== caller.id && before.created_by !== caller.id) {
        throw new AppError('FORBIDDEN', 'you may only change tasks assigned to you or that you created');
      }
      if (input.version !== undefined && input.version !== before.version) throw new AppError('VERSION_CONFLICT', undefined, { currentVersion: before.version });
      await assertRefs({ assigneeId: input.assigneeId, personId: input.personId, organisationId: input.organisationId });
      assertConsistent({
        dueAt: input.dueAt !== undefined ? iso(input.dueAt) : before.due_at,
        reminderAt: input.reminderAt !== undefined ? iso(input.reminderAt) : before.reminder_at,
        // Checked only when sent: reopening a task keeps the note it was closed with.
        status: input.status ?? before.status,
        completionNote: input.completionNote,
        // Moving the due date alone carries a reminder that is now later along: only what is sent is checked.
        sent: { dueAt: input.dueAt !== undefined, reminderAt: input.reminderAt !== undefined },
      });
      const now = clock.now().toISOString();
      const after: TasksTable = {
        ...before,
        ...(input.title !== undefined && { title: input.title }),
        ...(input.dueAt !== undefined && { due_at: iso(input.dueAt) }),
        ...(input.reminderAt !== undefined && { reminder_at: iso(input.reminderAt) }),
        ...(input.assigneeId !== undefined && { assignee_id: input.assigneeId }),
        ...(input.personId !== undefined && { person_id: input.personId }),
        ...(input.organisationId !== undefined && { organisation_id: input.organisationId }),
        ...(input.completionNote !== undefined && { completion_note: input.completionNote }),
        ...(input.status !== undefined && { status: input.status }),
        updated_at: now,
        updated_by: caller.id,
        version: before.version + 1,
      };
      if (input.status && input.status !== before.status) {
        after.completed_at = input.status === 'open' ? null : now;
        after.completed_by = input.status === 'open' ? null : caller.id;
        // A reopened task is not done: its closing note goes with its closing time (the audit keeps it).
        if (input.status === 'open' && input.completionNote === undefined) after.completion_note = null;
      }
      const { version: _v, updatedAt: _u, ...fields } = toTaskView(after);
      const changes = diff(toTaskView(before) as unknown as Record<string, unknown>, fields);
      // The same values sent again: no new version (a colleague's edit would get a false 409), no audit row.
      if (Object.keys(changes).length === 0) return toTaskView(before);
      await db.transaction().execute(async (trx) => {
        if (input.personId || input.organisationId) await lockRecords(trx, { person_id: input.personId ?? null, organisation_id: input.organisationId ?? null });
        const { id: _id, ...set } = after;
        const result = await trx.updateTable('tasks').set(set).where('id', '=', id).where('version', '=', before.version).executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) throw new AppError('VERSION_CONFLICT');
        // Only a new reminder time or status touches the reminder: an overdue task's reminder has
        // fired already, and editing its title must not fire it again; nor reopening it (a
        // reopened task reminds again once postponed).
        const reopenedOverdue = after.status === 'open' && before.status !== 'open' && reminderTime(after) === reminderTime(before) && (reminderTime(after) ?? '') <= now;
        if (reopenedOverdue) await jobs.cancel(trx, `task:${id}`);
        else if (reminderTime(after) !== reminderTime(before) || after.status !== before.status) await scheduleReminder(trx, after);
        await writeAudit(trx, { at: now, actorId: caller.id, entityType: 'task', entityId: id, action: 'update', changes });
      });
      // Closure notice: whoever handed the task over learns it is done or cancelled, with the note,
      // and where to find the record it was about.
      if (after.status !== 'open' && after.status !== before.status && after.created_by && after.created_by !== caller.id) {
        await notifications.notifyAfterCommit(after.created_by, after.status === 'done' ? 'task.completed' : 'task.cancelled', {
          taskId: id,
          title: after.title,
          completionNote: after.completion_note,
          by: caller.name,
          personId: after.person_id,
          organisationId: after.organisation_id,
        });
      }
      if (after.assignee_id !== before.assignee_id && after.assignee_id !== caller.id) {
        await notifications.notifyAfterCommit(after.assignee_id, 'task.assigned', { taskId: id, title: after.title, dueAt: after.due_at, by: caller.name });
      }
      return toTaskView(after);
    },

    /** Job handler: the reminder fires only if the task is still open and still due at that time. */
    async remind(payload: { taskId: string; at: string }, job?: { id: string }): Promise<void> {
      const task = await db.selectFrom('tasks').selectAll().where('id', '=', payload.taskId).executeTakeFirst();
      if (!task || task.status !== 'open' || reminderTime(task) !== payload.at) return;
      await notifications.notify(
        task.assignee_id,
        REMINDER_JOB,
        { taskId: task.id, title: task.title, dueAt: task.due_at, personId: task.person_id, organisationId: task.organisation_id },
        // Once per job, however many times it runs.
        { dedupeKey: jobKey(job) },
      );
    },

    /** Open tasks about a record, soonest first, for the caller card. */
    openPart(limit: number): CardPart<TasksTable, TaskView[]> {
      return {
        rows: ({ id }) =>
          db
            .selectFrom('tasks')
            .select(TASK_COLUMNS)
            .where((eb) => eb.or([eb('person_id', '=', id), eb('organisation_id', '=', id)]))
            .where('status', '=', 'open')
            .orderBy(sql`COALESCE(due_at, ${NO_DUE})`)
            .limit(limit),
        value: (rows) => rows.map(toTaskView),
      };
    },
  };
}

export type TasksService = ReturnType<typeof createTasksService>;
