import { sql, type NotNull, type Selectable } from 'kysely';
import { IANAZone } from 'luxon';
import { REQUESTS_CARD_SECTION, type RequestCardItem, type RequestCardSection } from '../../../common/api/handoffs.js';
import type { Clock } from '../../clock.js';
import type { Caller } from '../../context.js';
import type { Db, DialectFeatures, Tx } from '../../db/dialect/features.js';
import { preparedBy } from '../../db/prepared.js';
import type { RequestsTable, RequestTypesTable } from '../../db/schema.js';
import type { EventBus } from '../../events/bus.js';
import { AppError } from '../../errors.js';
import { newId } from '../../ids.js';
import type { JobRunner } from '../../jobs/runner.js';
import { clip } from '../../lib/text.js';
import { END_OF_TIME } from '../../lib/day-range.js';
import type { Grant } from '../access/permissions.js';
import { diff, writeAudit } from '../audit/audit.js';
import { checkValue } from '../custom-fields/custom-fields.service.js';
import { publishRecordChanged } from '../live/record-changed.js';
import { areFilterPartiesLive, assertLiveParty, isLiveParty } from '../parties/live-party.js';
import { cardPart, countedSection } from '../lookup/card-part.js';
import { jobKey, type NotificationsService } from '../notifications/notifications.service.js';
import { addBusinessDuration, ALWAYS_OPEN, subtractBusinessDuration, type BusinessCalendar } from './business-time.js';
import type { CreateRequest, ListRequests, RequestTypeDefinition, Transition, UpdateRequest, UpdateRequestType } from './requests.schemas.js';

export const DEADLINE_JOB = 'request.deadline';
// Requests without a deadline sort last.
const NO_DUE = END_OF_TIME;

export interface RequestType {
  id: string;
  key: string;
  labelEn: string;
  labelFr: string;
  teamId: string | null;
  definition: RequestTypeDefinition;
  version: number;
}

const toType = (r: Selectable<RequestTypesTable>): RequestType => ({
  id: r.id,
  key: r.key,
  labelEn: r.label_en,
  labelFr: r.label_fr,
  teamId: r.team_id,
  definition: JSON.parse(r.definition) as RequestTypeDefinition,
  version: r.version,
});

export function toRequestView(r: RequestsTable, now?: Date) {
  return {
    id: r.id,
    typeId: r.type_id,
    subject: r.subject,
    description: r.description,
    personId: r.person_id,
    organisationId: r.organisation_id,
    interactionId: r.interaction_id,
    teamId: r.team_id,
    assigneeId: r.assignee_id,
    priority: r.priority,
    status: r.status,
    open: Boolean(r.is_open),
    fields: JSON.parse(r.field_values) as Record<string, string | number | null>,
    resolutionNote: r.resolution_note,
    dueAt: r.due_at,
    /** Past its deadline and still open. */
    overdue: Boolean(r.is_open && r.due_at && now && r.due_at <= now.toISOString()),
    warnedAt: r.warned_at,
    escalatedAt: r.escalated_at,
    openedBy: r.opened_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
    version: r.version,
  };
}
export type RequestView = ReturnType<typeof toRequestView>;

/** What a request list filters on: a column equal to a value, or `escalated` (escalated_at set). */
type ListFilter = 'team_id' | 'assignee_id' | 'opened_by' | 'status' | 'is_open' | 'type_id' | 'person_id' | 'organisation_id' | 'escalated';

/** At most this many requests on the card: it travels in a PostgreSQL NOTIFY (see call-card.ts). */
const CARD_ITEMS = 3;

/** Which required fields are empty for entering `status`, as API paths (fields.KEY or core name). */
function missingFields(definition: RequestTypeDefinition, status: string, r: RequestsTable): string[] {
  const target = definition.statuses.find((s) => s.key === status);
  const values = JSON.parse(r.field_values) as Record<string, unknown>;
  const core: Record<string, unknown> = { description: r.description, assigneeId: r.assignee_id, resolutionNote: r.resolution_note, personId: r.person_id, organisationId: r.organisation_id };
  return (target?.required ?? []).filter((path) => {
    const value = path.startsWith('fields.') ? values[path.slice(7)] : core[path];
    return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  });
}

function refuseMissing(status: string, missing: string[]) {
  if (missing.length) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Missing for status "${status}": ${missing.join(', ')}`,
      missing.map((path) => ({ path, message: `required for status ${status}` })),
    );
  }
}

/**
 * Requests handed to a team: typed workflows with mandatory fields per status, queues ordered by
 * deadline, SLA deadlines in the team's working time with warning and escalation, and a history
 * the originator and anyone on the customer's record can follow live.
 */
export function createRequestsService(deps: { db: Db; dialect: Pick<DialectFeatures, 'forShare'>; clock: Clock; events: EventBus; jobs: JobRunner; notifications: NotificationsService; timeZone: string }) {
  const { db, clock, events, jobs, notifications } = deps;

  /**
   * A page of a request list, prepared per shape ("team_id,is_open|cursor", see list()): the team
   * queue is read all day by every member of a team, and a prepared query skips building and
   * compiling it, and on PostgreSQL planning it (see db/prepared.ts). Values come in the order of
   * the shape's filters, then the page size, then the cursor's two. The page size is a value, not
   * part of the shape, so that any size a client asks for reuses the same few statements.
   */
  const listQuery = preparedBy((shape: string) => {
    const [names, cursor] = shape.split('|');
    const filters = (names ? names.split(',') : []) as ListFilter[];
    return (...values: (string | number | null)[]) => {
      let q = db.selectFrom('requests').selectAll();
      filters.forEach((filter, i) => {
        q = filter === 'escalated' ? q.where('escalated_at', 'is not', null) : q.where(filter, '=', values[i]);
      });
      const [limit, cursorDue, cursorId] = values.slice(filters.length);
      if (cursor) q = q.where(sql<boolean>`(queue_due, id) > (${cursorDue}, ${cursorId})`);
      return q.orderBy('queue_due').orderBy('id').limit(limit as number);
    };
  });

  /**
   * Inside the transaction that puts a request in `status`: its type's workflow still has that
   * status, and keeps it until the commit. An edit of the type removing it waits, then counts this
   * request among those in it (409); one that came first makes this a refusal. Checked against the
   * type read before the transaction only, a request moved meanwhile into a status being removed
   * was stranded in a status the workflow no longer knows (PostgreSQL, READ COMMITTED).
   */
  async function assertStatusKept(trx: Tx, typeId: string, status: string, refusal: (statuses: string[]) => AppError) {
    const row = await deps.dialect.forShare(trx.selectFrom('request_types').select('definition').where('id', '=', typeId)).executeTakeFirst();
    const statuses = row ? (JSON.parse(row.definition) as RequestTypeDefinition).statuses.map((s) => s.key) : [];
    if (!statuses.includes(status)) throw refusal(statuses);
  }

  async function getType(handle: Tx, id: string): Promise<RequestType> {
    const row = await handle.selectFrom('request_types').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('VALIDATION_FAILED', 'typeId: unknown request type', [{ path: 'typeId', message: 'unknown request type' }]);
    return toType(row);
  }

  /** `handle`: the open transaction when inside one (SQLite has one connection: `db` would wait for it forever). */
  async function calendarOf(teamId: string, handle: Tx = db): Promise<BusinessCalendar> {
    const team = await handle.selectFrom('teams').select('calendar').where('id', '=', teamId).executeTakeFirst();
    return team?.calendar ? (JSON.parse(team.calendar) as BusinessCalendar) : ALWAYS_OPEN(deps.timeZone);
  }

  async function dueAt(type: RequestType, priority: string, teamId: string, from: Date): Promise<string | null> {
    const sla = type.definition.sla.byPriority[priority as keyof typeof type.definition.sla.byPriority];
    return sla ? addBusinessDuration(from, sla, await calendarOf(teamId)).toISOString() : null;
  }

  /** Warning before the deadline (to the assignee) and escalation at it (to the team's manager). */
  async function scheduleDeadline(trx: Tx, r: RequestsTable, type: RequestType) {
    const base = `request:${r.id}`;
    if (!r.is_open || !r.due_at) {
      await jobs.cancel(trx, `${base}:warning`);
      await jobs.cancel(trx, `${base}:escalation`);
      return;
    }
    const due = new Date(r.due_at);
    if (type.definition.sla.warnBefore && !r.warned_at) {
      // In the team's working time, like the deadline: a warning due on a closed night or weekend would reach nobody.
      const warnAt = subtractBusinessDuration(due, type.definition.sla.warnBefore, await calendarOf(r.team_id, trx));
      await jobs.enqueue(trx, { kind: DEADLINE_JOB, payload: { requestId: r.id, kind: 'warning', dueAt: r.due_at }, runAt: warnAt, uniqueKey: `${base}:warning` });
    }
    if (!r.escalated_at) {
      await jobs.enqueue(trx, { kind: DEADLINE_JOB, payload: { requestId: r.id, kind: 'escalation', dueAt: r.due_at }, runAt: due, uniqueKey: `${base}:escalation` });
    }
  }

  async function teamMembers(teamId: string): Promise<string[]> {
    return (await db.selectFrom('users').select('id').where('team_id', '=', teamId).where('disabled', '=', 0).execute()).map((u) => u.id);
  }

  /** Who follows a request live: originator, assignee, the team; record pages filter by customer. */
  async function announce(type: string, r: RequestsTable, extra: Record<string, unknown> = {}, previousTeamId?: string) {
    // A request moved to another team: the team it left hears it too (it leaves their queue).
    const teams = previousTeamId && previousTeamId !== r.team_id ? [r.team_id, previousTeamId] : [r.team_id];
    const members = (await Promise.all(teams.map(teamMembers))).flat();
    const userIds = [...new Set([r.opened_by, ...(r.assignee_id ? [r.assignee_id] : []), ...members])];
    await events.publish({
      type,
      audience: { userIds, roles: ['manager', 'admin'] },
      data: { id: r.id, subject: r.subject, status: r.status, open: Boolean(r.is_open), teamId: r.team_id, assigneeId: r.assignee_id, personId: r.person_id, organisationId: r.organisation_id, dueAt: r.due_at, ...extra },
    });
    await publishRecordChanged(events, { entity: 'request', id: r.id, personId: r.person_id, organisationId: r.organisation_id });
  }

  async function load(handle: Tx, id: string): Promise<RequestsTable> {
    const row = await handle.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'request not found');
    return row;
  }

  /** 'own' rights: the assignee, members of the request's team, and whoever opened it. */
  function assertCanWork(caller: Caller, grant: Grant, r: RequestsTable) {
    if (grant === 'any') return;
    if (r.assignee_id === caller.id || r.opened_by === caller.id || (caller.teamId && caller.teamId === r.team_id)) return;
    throw new AppError('FORBIDDEN', 'this request belongs to another team');
  }

  async function assertRefs(input: { personId?: string | null; organisationId?: string | null; interactionId?: string | null; teamId?: string; assigneeId?: string | null; managerId?: string | null }) {
    const details: { path: string; message: string }[] = [];
    const check = async (path: string, table: 'teams' | 'users', id: string | null | undefined) => {
      if (id && !(await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst())) details.push({ path, message: 'not found' });
    };
    // Live records only (QUALITY 6, 8): a request about a deleted or merged-away customer, or from a
    // withdrawn interaction, would sit on a record nobody can open, out of sight of its team.
    if (input.personId && !(await isLiveParty(db, 'person', input.personId))) details.push({ path: 'personId', message: 'not found' });
    if (input.organisationId && !(await isLiveParty(db, 'organisation', input.organisationId))) details.push({ path: 'organisationId', message: 'not found' });
    if (input.interactionId && !(await db.selectFrom('interactions').select('id').where('id', '=', input.interactionId).where('deleted_at', 'is', null).executeTakeFirst())) {
      details.push({ path: 'interactionId', message: 'not found' });
    }
    await check('teamId', 'teams', input.teamId);
    // A disabled colleague would receive its warnings and escalations, and nobody else.
    for (const [path, userId] of [['assigneeId', input.assigneeId], ['managerId', input.managerId]] as const) {
      if (userId && !(await db.selectFrom('users').select('id').where('id', '=', userId).where('disabled', '=', 0).executeTakeFirst())) {
        details.push({ path, message: 'unknown or disabled user' });
      }
    }
    if (details.length) throw new AppError('VALIDATION_FAILED', `Invalid fields: ${details.map((d) => d.path).join(', ')}`, details);
  }

  /**
   * A request's own fields hold what their type says: a number, a real day (YYYY-MM-DD), text; a
   * key the type does not define is refused. Checked on every write, so that "abc" cannot fill a
   * mandatory invoice number.
   */
  function checkFieldValues(type: RequestType, fields: Record<string, string | number | null> | undefined) {
    if (!fields) return;
    const defs = new Map(type.definition.fields.map((f) => [f.key, f.type]));
    const details: { path: string; message: string }[] = [];
    for (const [fieldKey, value] of Object.entries(fields)) {
      const fieldType = defs.get(fieldKey);
      const problem = fieldType ? checkValue({ type: fieldType, choices: [] }, value) : `unknown field for this request type; use ${[...defs.keys()].join(', ') || 'none'}`;
      if (problem) details.push({ path: `fields.${fieldKey}`, message: problem });
    }
    if (details.length) throw new AppError('VALIDATION_FAILED', `Invalid fields: ${details.map((d) => d.path).join(', ')}`, details);
  }

  async function record(trx: Tx, requestId: string, event: { actorId: string | null; kind: string; from?: string | null; to?: string | null; body?: string | null; internal?: boolean }) {
    await trx
      .insertInto('request_events')
      .values({ id: newId(), request_id: requestId, at: clock.now().toISOString(), actor_id: event.actorId, kind: event.kind, from_status: event.from ?? null, to_status: event.to ?? null, body: event.body ?? null, internal: event.internal ? 1 : 0 })
      .execute();
  }

  return {
    /**
     * Screen-pop section (lookup.sections): the caller's open requests, nearest deadline first,
     * or undefined when there are none so the card stays compact. No per-user filter: every role
     * that may look a phone up ('lookup.phone') may also read requests ('requests.read'), see
     * access/permissions.ts; narrowing one of them must narrow this section too.
     * requests_person / requests_org narrow to the record; its open requests are few, sorted here.
     * The team's name is a subquery, not a join: joined, the teams offered the planner the queue's
     * index (team, open, deadline), in the card's order, and SQLite took it whenever requests had
     * no statistics yet (a database analysed while it had none): every screen pop then read the
     * team's whole queue (measured: 25 ms instead of 0.1 with 100,000 open requests).
     * COUNT(*) OVER () counts them all before LIMIT: one query gives the first three and the total.
     */
    cardSection: cardPart(
      ({ type, id }) =>
        db
          .selectFrom('requests')
          .innerJoin('request_types', 'request_types.id', 'requests.type_id')
          .select(['requests.id', 'requests.subject', 'requests.status', 'requests.due_at', 'request_types.definition'])
          .select((eb) => eb.selectFrom('teams').select('teams.name').whereRef('teams.id', '=', 'requests.team_id').as('team_name'))
          // Every request has its team (a foreign key): the name is never null.
          .$narrowType<{ team_name: NotNull }>()
          .select((eb) => eb.fn.countAll<number | string>().over().as('total'))
          .where(type === 'person' ? 'requests.person_id' : 'requests.organisation_id', '=', id)
          .where('requests.is_open', '=', 1)
          .orderBy('requests.queue_due')
          .orderBy('requests.id')
          .limit(CARD_ITEMS),
      (rows): [typeof REQUESTS_CARD_SECTION, RequestCardSection] | undefined => {
        const now = clock.now().toISOString();
        return countedSection(REQUESTS_CARD_SECTION, rows, (r): RequestCardItem => {
          const status = (JSON.parse(r.definition) as RequestTypeDefinition).statuses.find((s) => s.key === r.status);
          return {
            id: r.id,
            subject: clip(r.subject, 100),
            status: r.status,
            statusLabelEn: clip(status?.labelEn ?? r.status, 40),
            statusLabelFr: clip(status?.labelFr ?? r.status, 40),
            teamName: clip(r.team_name, 40),
            dueAt: r.due_at,
            overdue: Boolean(r.due_at && r.due_at <= now),
          };
        });
      },
    ),

    async listTypes(): Promise<RequestType[]> {
      return (await db.selectFrom('request_types').selectAll().orderBy('key').execute()).map(toType);
    },

    async createType(caller: Caller, input: { key: string; labelEn: string; labelFr: string; teamId?: string | null; definition: RequestTypeDefinition }) {
      await assertRefs({ teamId: input.teamId ?? undefined });
      const now = clock.now().toISOString();
      const row = { id: newId(), key: input.key, label_en: input.labelEn, label_fr: input.labelFr, team_id: input.teamId ?? null, definition: JSON.stringify(input.definition), created_at: now, updated_at: now, version: 1 };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('request_types').values(row).execute();
        // Every field as given, as for requests (its workflow and deadlines included).
        await writeAudit(trx, { at: now, actorId: caller.id, entityType: 'request_type', entityId: row.id, action: 'create', changes: diff({}, { key: row.key, labelEn: row.label_en, labelFr: row.label_fr, teamId: row.team_id, definition: input.definition }) });
      });
      return toType(row);
    },

    /**
     * Edits a type. Requests already open keep their deadline and fields; the new workflow applies
     * to their next transition. Removing a status that open requests are in is refused, naming it:
     * they would be stranded in a status the workflow no longer knows.
     */
    async updateType(caller: Caller, id: string, input: UpdateRequestType): Promise<RequestType> {
      const before = await db.selectFrom('request_types').selectAll().where('id', '=', id).executeTakeFirst();
      if (!before) throw new AppError('NOT_FOUND', 'request type not found');
      if (input.version !== undefined && input.version !== before.version) throw new AppError('VERSION_CONFLICT', undefined, { currentVersion: before.version });
      await assertRefs({ teamId: input.teamId ?? undefined });
      /** Open requests in a status the new definition drops, by status: counted once this edit holds the type (see assertStatusKept). */
      const strandedBy = async (trx: Tx) => {
        if (!input.definition) return;
        const kept = new Set(input.definition.statuses.map((s) => s.key));
        const removed = (JSON.parse(before.definition) as RequestTypeDefinition).statuses.map((s) => s.key).filter((k) => !kept.has(k));
        const stranded = removed.length
          ? await trx.selectFrom('requests').select(['status', (eb) => eb.fn.countAll<number | string>().as('n')]).where('type_id', '=', id).where('is_open', '=', 1).where('status', 'in', removed).groupBy('status').orderBy('status').execute()
          : [];
        if (stranded.length) {
          const named = stranded.map((s) => `"${s.status}" (${Number(s.n)} open)`).join(', ');
          throw new AppError('CONFLICT', `definition.statuses: cannot remove ${named}; move those requests to another status first`, stranded.map((s) => ({ path: 'definition.statuses', message: `open requests are in status ${s.status}`, status: s.status, openRequests: Number(s.n) })));
        }
      };
      const now = clock.now().toISOString();
      const set = {
        ...(input.labelEn !== undefined && { label_en: input.labelEn }),
        ...(input.labelFr !== undefined && { label_fr: input.labelFr }),
        ...(input.teamId !== undefined && { team_id: input.teamId }),
        ...(input.definition !== undefined && { definition: JSON.stringify(input.definition) }),
      };
      const changes = Object.fromEntries(Object.entries(set).filter(([k, v]) => before[k as keyof typeof before] !== v).map(([k, v]) => [k, { old: before[k as keyof typeof before], new: v }]));
      await db.transaction().execute(async (trx) => {
        const result = await trx.updateTable('request_types').set({ ...set, updated_at: now, version: before.version + 1 }).where('id', '=', id).where('version', '=', before.version).executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) throw new AppError('VERSION_CONFLICT');
        // After the write that holds the type: a request moving into a removed status meanwhile has
        // committed by now, and is counted (the statement sees what committed before it).
        await strandedBy(trx);
        await writeAudit(trx, { at: now, actorId: caller.id, entityType: 'request_type', entityId: id, action: 'update', changes });
      });
      return toType(await db.selectFrom('request_types').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
    },

    async setTeamCalendar(caller: Caller, teamId: string, input: { managerId?: string | null; calendar?: BusinessCalendar | null }) {
      await assertRefs({ teamId, managerId: input.managerId });
      // An unknown zone would make every deadline of the team an invalid date.
      if (input.calendar && !IANAZone.isValidZone(input.calendar.timeZone)) {
        throw new AppError('VALIDATION_FAILED', `calendar.timeZone: "${input.calendar.timeZone}" is not a time zone such as Europe/Paris`, [{ path: 'calendar.timeZone', message: 'unknown time zone' }]);
      }
      if (input.calendar) addBusinessDuration(clock.now(), 'PT1M', input.calendar); // refuses a calendar without working time
      const set = {
        ...(input.managerId !== undefined && { manager_id: input.managerId }),
        ...(input.calendar !== undefined && { calendar: input.calendar ? JSON.stringify(input.calendar) : null }),
      };
      await db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('teams').select(['manager_id', 'calendar']).where('id', '=', teamId).executeTakeFirstOrThrow();
        if (Object.keys(set).length) await trx.updateTable('teams').set(set).where('id', '=', teamId).execute();
        const changes = Object.fromEntries(Object.entries(set).map(([k, v]) => [k, { old: before[k as keyof typeof before], new: v }]));
        await writeAudit(trx, { at: clock.now().toISOString(), actorId: caller.id, entityType: 'team', entityId: teamId, action: 'update', changes });
      });
      const team = await db.selectFrom('teams').selectAll().where('id', '=', teamId).executeTakeFirstOrThrow();
      return { id: team.id, name: team.name, managerId: team.manager_id, calendar: team.calendar ? (JSON.parse(team.calendar) as BusinessCalendar) : null };
    },

    async create(caller: Caller, input: CreateRequest): Promise<RequestView> {
      const type = await getType(db, input.typeId);
      const teamId = input.teamId ?? type.teamId;
      if (!teamId) throw new AppError('VALIDATION_FAILED', 'teamId: this request type has no default team', [{ path: 'teamId', message: 'required' }]);
      await assertRefs({ ...input, teamId });
      checkFieldValues(type, input.fields);
      const now = clock.now();
      const initial = type.definition.statuses[0];
      const row: RequestsTable = {
        id: newId(),
        type_id: type.id,
        subject: input.subject,
        description: input.description ?? null,
        person_id: input.personId ?? null,
        organisation_id: input.organisationId ?? null,
        interaction_id: input.interactionId ?? null,
        team_id: teamId,
        assignee_id: input.assigneeId ?? null,
        priority: input.priority,
        status: initial.key,
        is_open: initial.terminal ? 0 : 1,
        field_values: JSON.stringify(input.fields),
        resolution_note: null,
        due_at: await dueAt(type, input.priority, teamId, now),
        queue_due: NO_DUE,
        warned_at: null,
        escalated_at: null,
        opened_by: caller.id,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
        closed_at: null,
        version: 1,
      };
      row.queue_due = row.due_at ?? NO_DUE;
      refuseMissing(initial.key, missingFields(type.definition, initial.key, row));
      await db.transaction().execute(async (trx) => {
        // Live until the commit: a merge or deletion of the customer waits, then takes the request along.
        if (row.person_id) await assertLiveParty(trx, deps.dialect, 'person', row.person_id, 'personId');
        if (row.organisation_id) await assertLiveParty(trx, deps.dialect, 'organisation', row.organisation_id, 'organisationId');
        await assertStatusKept(trx, type.id, row.status, () =>
          new AppError('CONFLICT', `typeId: the workflow of this request type changed meanwhile (its first status "${row.status}" is gone); send the request again`, [{ path: 'typeId', message: 'workflow changed meanwhile' }]),
        );
        await trx.insertInto('requests').values(row).execute();
        await record(trx, row.id, { actorId: caller.id, kind: 'created', to: row.status });
        await scheduleDeadline(trx, row, type);
        await writeAudit(trx, {
          at: row.created_at,
          actorId: caller.id,
          entityType: 'request',
          entityId: row.id,
          action: 'create',
          // Every field as given, as for people and tasks (nulls left out).
          changes: diff({}, {
            typeId: type.id, teamId, subject: row.subject, description: row.description, personId: row.person_id, organisationId: row.organisation_id,
            interactionId: row.interaction_id, assigneeId: row.assignee_id, priority: row.priority, status: row.status, fields: input.fields, dueAt: row.due_at,
          }),
        });
      });
      await announce('request.created', row);
      if (row.assignee_id && row.assignee_id !== caller.id) await notifications.notifyAfterCommit(row.assignee_id, 'request.assigned', { requestId: row.id, subject: row.subject, by: caller.name });
      return toRequestView(row, now);
    },

    async get(id: string) {
      const row = await load(db, id);
      const history = await db.selectFrom('request_events').selectAll().where('request_id', '=', id).orderBy('at').orderBy('id').execute();
      return {
        ...toRequestView(row, clock.now()),
        history: history.map((e) => ({ id: e.id, at: e.at, actorId: e.actor_id, kind: e.kind, fromStatus: e.from_status, toStatus: e.to_status, body: e.body, internal: Boolean(e.internal) })),
      };
    },

    /** A team queue (open requests, oldest deadline first) or any other filtered list. */
    async list(caller: Caller, query: ListRequests) {
      // A deleted record's requests stay in their team's queue and readable by their id.
      if (!(await areFilterPartiesLive(db, query))) return { items: [], nextCursor: null };
      const me = (v: string) => (v === 'me' ? caller.id : v);
      const filters: [ListFilter, string | number | null][] = [];
      if (query.teamId) filters.push(['team_id', query.teamId]);
      if (query.assignee) filters.push(['assignee_id', me(query.assignee)]);
      if (query.openedBy) filters.push(['opened_by', me(query.openedBy)]);
      if (query.status) filters.push(['status', query.status]);
      if (query.open) filters.push(['is_open', query.open === 'true' ? 1 : 0]);
      if (query.typeId) filters.push(['type_id', query.typeId]);
      if (query.personId) filters.push(['person_id', query.personId]);
      if (query.organisationId) filters.push(['organisation_id', query.organisationId]);
      if (query.escalated) filters.push(['escalated', null]);
      const values = [...filters.map(([, value]) => value), query.limit + 1];
      if (query.cursor) {
        const [at, id] = query.cursor.split('|');
        if (!at || !id) throw new AppError('VALIDATION_FAILED', 'cursor: invalid', [{ path: 'cursor', message: 'invalid cursor' }]);
        values.push(at, id);
      }
      const shape = `${filters.map(([name]) => name).join(',')}|${query.cursor ? 'cursor' : ''}`;
      const rows = await listQuery(shape)(db, ...values);
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      const now = clock.now();
      return { items: page.map((r) => toRequestView(r, now)), nextCursor: rows.length > query.limit && last ? `${last.queue_due}|${last.id}` : null };
    },

    async update(caller: Caller, grant: Grant, id: string, input: UpdateRequest): Promise<RequestView> {
      const before = await load(db, id);
      assertCanWork(caller, grant, before);
      if (input.version !== undefined && input.version !== before.version) throw new AppError('VERSION_CONFLICT', undefined, { currentVersion: before.version });
      await assertRefs({ teamId: input.teamId, assigneeId: input.assigneeId });
      const type = await getType(db, before.type_id);
      checkFieldValues(type, input.fields);
      const now = clock.now();
      const after: RequestsTable = {
        ...before,
        ...(input.subject !== undefined && { subject: input.subject }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.priority !== undefined && { priority: input.priority }),
        ...(input.teamId !== undefined && { team_id: input.teamId }),
        // Moved to another team without a named assignee: it waits in the new team's queue.
        ...(input.teamId !== undefined && input.teamId !== before.team_id && input.assigneeId === undefined && { assignee_id: null }),
        ...(input.assigneeId !== undefined && { assignee_id: input.assigneeId }),
        ...(input.fields !== undefined && { field_values: JSON.stringify({ ...JSON.parse(before.field_values), ...input.fields }) }),
        updated_at: now.toISOString(),
        version: before.version + 1,
      };
      // A new priority or team moves the deadline, counted from the request's creation.
      if (after.priority !== before.priority || after.team_id !== before.team_id) {
        after.due_at = await dueAt(type, after.priority, after.team_id, new Date(before.created_at));
        after.queue_due = after.due_at ?? NO_DUE;
        // A new deadline gets its own warning and escalation; the same one keeps the marks it has
        // (its jobs have run: an overdue request moved on stays escalated).
        if (after.due_at !== before.due_at) {
          after.warned_at = null;
          after.escalated_at = null;
        }
      }
      await db.transaction().execute(async (trx) => {
        const { id: _id, ...set } = after;
        const result = await trx.updateTable('requests').set(set).where('id', '=', id).where('version', '=', before.version).executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) throw new AppError('VERSION_CONFLICT');
        if (after.team_id !== before.team_id) await record(trx, id, { actorId: caller.id, kind: 'team', body: after.team_id });
        if (after.assignee_id !== before.assignee_id) await record(trx, id, { actorId: caller.id, kind: 'assigned', body: after.assignee_id });
        if (after.team_id === before.team_id && after.assignee_id === before.assignee_id) await record(trx, id, { actorId: caller.id, kind: 'updated' });
        if (after.due_at !== before.due_at) await scheduleDeadline(trx, after, type);
        const changes = diff(
          { subject: before.subject, description: before.description, priority: before.priority, teamId: before.team_id, assigneeId: before.assignee_id, fields: JSON.parse(before.field_values) },
          { subject: after.subject, description: after.description, priority: after.priority, teamId: after.team_id, assigneeId: after.assignee_id, fields: JSON.parse(after.field_values) },
        );
        await writeAudit(trx, { at: after.updated_at, actorId: caller.id, entityType: 'request', entityId: id, action: 'update', changes });
      });
      if (after.assignee_id && after.assignee_id !== before.assignee_id && after.assignee_id !== caller.id) {
        await notifications.notifyAfterCommit(after.assignee_id, 'request.assigned', { requestId: id, subject: after.subject, by: caller.name });
      }
      await announce('request.updated', after, after.team_id !== before.team_id ? { fromTeamId: before.team_id } : {}, before.team_id);
      return toRequestView(after, now);
    },

    /**
     * Takes a request from the queue: the caller becomes its assignee. Refused (409) when someone
     * else holds it — handing it over is a change of assignee — and, of two colleagues taking it at
     * once, only one gets it (the version read is the one written).
     */
    async take(caller: Caller, grant: Grant, id: string) {
      const before = await load(db, id);
      assertCanWork(caller, grant, before);
      if (before.assignee_id === caller.id) return toRequestView(before, clock.now());
      if (before.assignee_id) throw new AppError('CONFLICT', 'this request is already taken', [{ path: 'assigneeId', message: 'taken by a colleague', assigneeId: before.assignee_id }]);
      return this.update(caller, grant, id, { assigneeId: caller.id, version: before.version });
    },

    /** Moves a request along its workflow; refuses, naming them, when the target status lacks required fields. */
    async transition(caller: Caller, grant: Grant, id: string, input: Transition): Promise<RequestView> {
      const before = await load(db, id);
      assertCanWork(caller, grant, before);
      if (input.version !== undefined && input.version !== before.version) throw new AppError('VERSION_CONFLICT', undefined, { currentVersion: before.version });
      const type = await getType(db, before.type_id);
      const target = type.definition.statuses.find((s) => s.key === input.status);
      if (!target) {
        throw new AppError('VALIDATION_FAILED', `status: use one of ${type.definition.statuses.map((s) => s.key).join(', ')}`, [{ path: 'status', message: 'unknown status for this request type' }]);
      }
      checkFieldValues(type, input.fields);
      const from = type.definition.statuses.find((s) => s.key === before.status);
      if (from?.next && !from.next.includes(target.key)) {
        throw new AppError('VALIDATION_FAILED', `status: from "${before.status}" a request can move to ${from.next.join(', ') || 'no other status'}`, [{ path: 'status', message: 'transition not allowed by the workflow' }]);
      }
      const now = clock.now();
      const after: RequestsTable = {
        ...before,
        status: target.key,
        is_open: target.terminal ? 0 : 1,
        closed_at: target.terminal ? now.toISOString() : null,
        ...(input.resolutionNote !== undefined && { resolution_note: input.resolutionNote }),
        ...(input.fields !== undefined && { field_values: JSON.stringify({ ...JSON.parse(before.field_values), ...input.fields }) }),
        assignee_id: before.assignee_id ?? (target.terminal ? caller.id : null),
        updated_at: now.toISOString(),
        version: before.version + 1,
      };
      refuseMissing(target.key, missingFields(type.definition, target.key, after));
      await db.transaction().execute(async (trx) => {
        const { id: _id, ...set } = after;
        const result = await trx.updateTable('requests').set(set).where('id', '=', id).where('version', '=', before.version).executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) throw new AppError('VERSION_CONFLICT');
        await assertStatusKept(trx, before.type_id, target.key, (statuses) =>
          new AppError('VALIDATION_FAILED', `status: use one of ${statuses.join(', ')}`, [{ path: 'status', message: 'unknown status for this request type' }]),
        );
        await record(trx, id, { actorId: caller.id, kind: 'status', from: before.status, to: after.status, body: input.note ?? (target.terminal ? after.resolution_note : null) });
        await scheduleDeadline(trx, after, type);
        await writeAudit(trx, { at: after.updated_at, actorId: caller.id, entityType: 'request', entityId: id, action: 'update', changes: { status: { old: before.status, new: after.status }, ...(input.resolutionNote !== undefined && { resolutionNote: { old: before.resolution_note, new: after.resolution_note } }) } });
      });
      await announce('request.status', after, { fromStatus: before.status, resolutionNote: after.resolution_note });
      // Closing tells whoever opened the request, with the note (S5: the switchboard learns the technician called back).
      if (target.terminal && before.is_open && after.opened_by !== caller.id) {
        // With the status's labels: "cancelled" and "resolved" are both closed, and must not read alike.
        await notifications.notifyAfterCommit(after.opened_by, 'request.closed', {
          requestId: id,
          subject: after.subject,
          status: after.status,
          statusLabelEn: target.labelEn,
          statusLabelFr: target.labelFr,
          resolutionNote: after.resolution_note,
          by: caller.name,
        });
      }
      return toRequestView(after, now);
    },

    async comment(caller: Caller, grant: Grant, id: string, input: { body: string; internal: boolean }) {
      const r = await load(db, id);
      assertCanWork(caller, grant, r);
      await db.transaction().execute(async (trx) => {
        await record(trx, id, { actorId: caller.id, kind: 'comment', body: input.body, internal: input.internal });
        await writeAudit(trx, { at: clock.now().toISOString(), actorId: caller.id, entityType: 'request', entityId: id, action: 'comment', changes: { comment: { old: null, new: input.body }, internal: { old: null, new: input.internal } } });
      });
      await announce('request.comment', r, { by: caller.name });
      return this.get(id);
    },

    /** Job: warn the assignee before the deadline, or escalate to the team's manager at it. */
    async onDeadline(payload: { requestId: string; kind: 'warning' | 'escalation'; dueAt: string }, job?: { id: string }) {
      const r = await db.selectFrom('requests').selectAll().where('id', '=', payload.requestId).executeTakeFirst();
      if (!r || !r.is_open || r.due_at !== payload.dueAt) return;
      const now = clock.now().toISOString();
      if (payload.kind === 'warning') {
        if (r.warned_at) return;
        await db.transaction().execute(async (trx) => {
          await trx.updateTable('requests').set({ warned_at: now }).where('id', '=', r.id).execute();
          await record(trx, r.id, { actorId: null, kind: 'warning', body: r.due_at });
        });
        const to = r.assignee_id ? [r.assignee_id] : await teamMembers(r.team_id);
        for (const userId of to) await notifications.notify(userId, 'request.deadline_warning', { requestId: r.id, subject: r.subject, dueAt: r.due_at }, { dedupeKey: jobKey(job) });
        await announce('request.deadline_warning', { ...r, warned_at: now });
        return;
      }
      if (r.escalated_at) return;
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('requests').set({ escalated_at: now }).where('id', '=', r.id).execute();
        await record(trx, r.id, { actorId: null, kind: 'escalated', body: r.due_at });
      });
      const team = await db.selectFrom('teams').select('manager_id').where('id', '=', r.team_id).executeTakeFirst();
      const managers = team?.manager_id ? [team.manager_id] : (await db.selectFrom('users').select('id').where('role', '=', 'manager').where('disabled', '=', 0).execute()).map((u) => u.id);
      for (const userId of managers) await notifications.notify(userId, 'request.escalated', { requestId: r.id, subject: r.subject, dueAt: r.due_at, assigneeId: r.assignee_id }, { dedupeKey: jobKey(job) });
      await announce('request.escalated', { ...r, escalated_at: now });
    },
  };
}

export type RequestsService = ReturnType<typeof createRequestsService>;
