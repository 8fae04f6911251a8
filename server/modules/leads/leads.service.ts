import { sql } from 'kysely';
import { z } from 'zod';
import { LEADS_CARD_SECTION, type LeadCardItem, type LeadCardSection } from '../../../common/api/handoffs.js';
import { recordId } from '../../http/schemas.js';
import { isoDuration } from '../requests/requests.schemas.js';
import type { Clock } from '../../clock.js';
import type { Caller } from '../../context.js';
import type { Db, DialectFeatures, Tx } from '../../db/dialect/features.js';
import type { LeadsTable } from '../../db/schema.js';
import type { EventBus } from '../../events/bus.js';
import { AppError } from '../../errors.js';
import { newId } from '../../ids.js';
import type { JobRunner } from '../../jobs/runner.js';
import { clip, fold } from '../../lib/text.js';
import type { Grant } from '../access/permissions.js';
import { diff, writeAudit } from '../audit/audit.js';
import { publishRecordChanged } from '../live/record-changed.js';
import { areFilterPartiesLive, assertLiveParty, isLiveParty } from '../parties/live-party.js';
import { cardPart, countedSection } from '../lookup/card-part.js';
import { jobKey, type NotificationsService } from '../notifications/notifications.service.js';
import { addBusinessDuration, ALWAYS_OPEN, subtractBusinessDuration, type BusinessCalendar } from '../requests/business-time.js';
import type { SettingsService } from '../settings/settings.service.js';

export const LEAD_SOURCES = ['call', 'front_desk', 'web_form', 'campaign', 'colleague'] as const;
export const LEAD_STATUSES = ['new', 'accepted', 'converted', 'rejected'] as const;
export const LEAD_ESCALATION_JOB = 'lead.escalation';

/** Routing rules after "the account's owner": territory by postal code, product keywords, then a team's round robin. */
export const leadRoutingSettings = z
  .object({
    territories: z.array(z.object({ postalPrefix: z.string().regex(/^[0-9A-Za-z]{1,10}$/), ownerId: recordId }).strict()).max(500).default([]),
    products: z.array(z.object({ keyword: z.string().trim().min(2).max(60), ownerId: recordId }).strict()).max(500).default([]),
    roundRobinTeamId: recordId.nullable().default(null),
    treatWithin: isoDuration.default('P2D'),
    warnBefore: isoDuration.optional().describe("Warn the owner this long (in their team's working time) before the deadline"),
    rejectReasons: z
      .array(z.object({ key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), labelEn: z.string().max(100), labelFr: z.string().max(100) }).strict())
      .min(1)
      .max(50)
      .default([
        { key: 'no_need', labelEn: 'No need', labelFr: 'Pas de besoin' },
        { key: 'no_budget', labelEn: 'No budget', labelFr: 'Pas de budget' },
        { key: 'unreachable', labelEn: 'Unreachable', labelFr: 'Injoignable' },
        { key: 'already_customer', labelEn: 'Already handled', labelFr: 'Déjà suivi' },
        { key: 'out_of_scope', labelEn: 'Not our business', labelFr: 'Hors de notre offre' },
      ]),
  })
  .strict();
export type LeadRouting = z.infer<typeof leadRoutingSettings>;
export const LEAD_ROUTING_SETTING = 'leads.routing';

export function toLeadView(r: LeadsTable) {
  return {
    id: r.id,
    source: r.source,
    personId: r.person_id,
    organisationId: r.organisation_id,
    interactionId: r.interaction_id,
    interest: r.interest,
    potential: r.potential,
    originatorId: r.originator_id,
    suggestedOwnerId: r.suggested_owner_id,
    ownerId: r.owner_id,
    routing: JSON.parse(r.routing) as { rule: string; detail?: string }[],
    status: r.status,
    rejectReason: r.reject_reason,
    note: r.note,
    decisionNote: r.decision_note,
    dueAt: r.due_at,
    warnedAt: r.warned_at,
    escalatedAt: r.escalated_at,
    createdAt: r.created_at,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
    decidedAt: r.decided_at,
    version: r.version,
  };
}
export type LeadView = ReturnType<typeof toLeadView>;

/** Leads still waiting for a decision or a conversion. */
export const OPEN_LEAD_STATUSES = ['new', 'accepted'] as const;
/** At most this many leads on the card: it travels in a PostgreSQL NOTIFY (see call-card.ts). */
const CARD_ITEMS = 3;

const NEXT: Record<string, string[]> = { new: ['accepted', 'converted', 'rejected'], accepted: ['converted', 'rejected'], converted: [], rejected: [] };

/**
 * Leads that never vanish: routed to an owner, visible to the originator, the customer's record and
 * the managers; the owner must accept, convert or reject (with a reason) before a deadline, or the
 * lead escalates. Creation time and creator are the server's, never the client's, and never change.
 */
export function createLeadsService(deps: { db: Db; dialect: Pick<DialectFeatures, 'forShare'>; clock: Clock; events: EventBus; jobs: JobRunner; notifications: NotificationsService; settings: SettingsService; timeZone: string }) {
  const { db, clock, events, jobs, notifications, settings } = deps;

  const routingSettings = async (): Promise<LeadRouting> => leadRoutingSettings.parse(await settings.get(LEAD_ROUTING_SETTING, {}));

  async function activeSeller(id: string | null | undefined): Promise<string | null> {
    if (!id) return null;
    const user = await db.selectFrom('users').select(['id', 'role']).where('id', '=', id).where('disabled', '=', 0).executeTakeFirst();
    return user && ['sales', 'manager', 'admin'].includes(user.role) ? user.id : null;
  }

  /**
   * Picks the owner: suggestion, account owner, territory, product, then the team's round robin.
   * The originator's suggestion comes first, even before the account's owner: the issue lets "the
   * originator suggest an owner", and the one who heard the customer knows best whom they asked
   * for. A suggestion of someone who cannot own leads (not an active seller) is ignored, and the
   * routing trace records which rule decided.
   */
  async function route(input: { suggestedOwnerId?: string; personId?: string; organisationId?: string; interest: string }) {
    const suggested = await activeSeller(input.suggestedOwnerId);
    if (suggested) return { ownerId: suggested, rule: 'suggested' };
    const accountOwner = await activeSeller(
      (input.personId && (await db.selectFrom('people').select('owner_id').where('id', '=', input.personId).executeTakeFirst())?.owner_id) ||
        (input.organisationId && (await db.selectFrom('organisations').select('owner_id').where('id', '=', input.organisationId).executeTakeFirst())?.owner_id) ||
        null,
    );
    if (accountOwner) return { ownerId: accountOwner, rule: 'account_owner' };
    const rules = await routingSettings();
    const entityIds = [input.personId, input.organisationId].filter((v): v is string => Boolean(v));
    if (entityIds.length && rules.territories.length) {
      const postal = await db.selectFrom('contact_points').select('postal_code').where('entity_id', 'in', entityIds).where('kind', '=', 'address').where('postal_code', 'is not', null).executeTakeFirst();
      const territory = postal?.postal_code && [...rules.territories].sort((a, b) => b.postalPrefix.length - a.postalPrefix.length).find((t) => postal.postal_code!.startsWith(t.postalPrefix));
      const owner = territory && (await activeSeller(territory.ownerId));
      if (owner) return { ownerId: owner, rule: 'territory', detail: territory.postalPrefix };
    }
    const interest = fold(input.interest);
    const product = rules.products.find((p) => interest.includes(fold(p.keyword)));
    const productOwner = product && (await activeSeller(product.ownerId));
    if (productOwner) return { ownerId: productOwner, rule: 'product', detail: product.keyword };
    // Round robin without stored state: the seller whose last lead is the oldest gets the next one.
    let sellers = db.selectFrom('users').select('id').where('role', '=', 'sales').where('disabled', '=', 0);
    if (rules.roundRobinTeamId) sellers = sellers.where('team_id', '=', rules.roundRobinTeamId);
    const candidates = (await sellers.orderBy('id').execute()).map((u) => u.id);
    if (candidates.length === 0) throw new AppError('CONFLICT', 'no sales user to route this lead to; suggest an owner');
    const last = await db.selectFrom('leads').select(['owner_id', (eb) => eb.fn.max('created_at').as('last')]).where('owner_id', 'in', candidates).groupBy('owner_id').execute();
    const lastBy = new Map(last.map((l) => [l.owner_id, String(l.last)]));
    const next = [...candidates].sort((a, b) => (lastBy.get(a) ?? '').localeCompare(lastBy.get(b) ?? '') || a.localeCompare(b))[0];
    return { ownerId: next, rule: 'round_robin' };
  }

  async function calendarOf(ownerId: string): Promise<BusinessCalendar> {
    const team = await db.selectFrom('users').innerJoin('teams', 'teams.id', 'users.team_id').select('teams.calendar').where('users.id', '=', ownerId).executeTakeFirst();
    return team?.calendar ? (JSON.parse(team.calendar) as BusinessCalendar) : ALWAYS_OPEN(deps.timeZone);
  }

  /** When to warn the owner of a new lead: `warnBefore` in their team's working time before the deadline. */
  async function warnAtFor(lead: LeadsTable, rules: LeadRouting): Promise<Date | null> {
    if (!rules.warnBefore || !lead.owner_id || !lead.due_at) return null;
    return subtractBusinessDuration(new Date(lead.due_at), rules.warnBefore, await calendarOf(lead.owner_id));
  }

  /** Escalation at the deadline, and the warning before it when configured (`warnAt`, computed outside the transaction). */
  async function schedule(trx: Tx, lead: LeadsTable, warnAt: Date | null = null) {
    const key = `lead:${lead.id}`;
    if (lead.status !== 'new' || !lead.due_at) {
      await jobs.cancel(trx, `${key}:warning`);
      return jobs.cancel(trx, key);
    }
    await jobs.enqueue(trx, { kind: LEAD_ESCALATION_JOB, payload: { leadId: lead.id, dueAt: lead.due_at }, runAt: new Date(lead.due_at), uniqueKey: key });
    if (warnAt && !lead.warned_at) {
      await jobs.enqueue(trx, { kind: LEAD_ESCALATION_JOB, payload: { leadId: lead.id, dueAt: lead.due_at, kind: 'warning' }, runAt: warnAt, uniqueKey: `${key}:warning` });
    }
  }

  async function record(trx: Tx, leadId: string, e: { actorId: string | null; kind: string; from?: string | null; to?: string | null; body?: string | null }) {
    await trx.insertInto('lead_events').values({ id: newId(), lead_id: leadId, at: clock.now().toISOString(), actor_id: e.actorId, kind: e.kind, from_status: e.from ?? null, to_status: e.to ?? null, body: e.body ?? null }).execute();
  }

  /** The whole chain sees the lead's fate: originator, owner, managers; record pages by customer. */
  async function announce(type: string, lead: LeadsTable, extra: Record<string, unknown> = {}) {
    await events.publish({
      type,
      audience: { userIds: [...new Set([lead.originator_id, ...(lead.owner_id ? [lead.owner_id] : [])])], roles: ['manager', 'admin'] },
      data: { id: lead.id, status: lead.status, interest: lead.interest, ownerId: lead.owner_id, originatorId: lead.originator_id, personId: lead.person_id, organisationId: lead.organisation_id, rejectReason: lead.reject_reason, ...extra },
    });
    await publishRecordChanged(events, { entity: 'lead', id: lead.id, personId: lead.person_id, organisationId: lead.organisation_id });
  }

  async function load(id: string) {
    const row = await db.selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', 'lead not found');
    return row;
  }

  async function dueFor(ownerId: string, from: Date, rules: LeadRouting) {
    return addBusinessDuration(from, rules.treatWithin, await calendarOf(ownerId)).toISOString();
  }

  return {
    routingSettings,

    /**
     * Screen-pop section (lookup.sections): the caller's open leads, those to treat first by
     * deadline, or undefined when there are none so the card stays compact. No per-user filter:
     * every role that may look a phone up ('lookup.phone') may also read leads ('leads.read'), see
     * access/permissions.ts; narrowing one of them must narrow this section too.
     * leads_person / leads_org narrow to the record; its open leads are few, sorted here.
     * COUNT(*) OVER () counts them all before LIMIT: one query gives the first three and the total.
     */
    cardSection: cardPart(
      ({ type, id }) =>
        db
          .selectFrom('leads')
          .leftJoin('users', 'users.id', 'leads.owner_id')
          .select(['leads.id', 'leads.interest', 'leads.status', 'leads.owner_id', 'leads.due_at', 'users.name as owner_name'])
          .select((eb) => eb.fn.countAll<number | string>().over().as('total'))
          .where(type === 'person' ? 'leads.person_id' : 'leads.organisation_id', '=', id)
          .where('leads.status', 'in', [...OPEN_LEAD_STATUSES])
          .orderBy(sql`CASE WHEN leads.status = 'new' THEN 0 ELSE 1 END`)
          .orderBy('leads.due_at')
          .orderBy('leads.id')
          .limit(CARD_ITEMS),
      (rows): [typeof LEADS_CARD_SECTION, LeadCardSection] | undefined => {
        const now = clock.now().toISOString();
        return countedSection(LEADS_CARD_SECTION, rows, (r): LeadCardItem => {
          const dueAt = r.status === 'new' ? r.due_at : null;
          return {
            id: r.id,
            interest: clip(r.interest, 100),
            status: r.status,
            ownerId: r.owner_id,
            ownerName: clip(r.owner_name, 40),
            dueAt,
            overdue: Boolean(dueAt && dueAt <= now),
          };
        });
      },
    ),

    async setRouting(caller: Caller, input: unknown) {
      const parsed = leadRoutingSettings.safeParse(input);
      if (!parsed.success) {
        throw new AppError('VALIDATION_FAILED', 'Invalid lead routing settings', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
      }
      // Every rule names someone who can take a lead: an unknown owner or team would make each lead
      // it catches fail (409 "no sales user") until someone noticed.
      const details: { path: string; message: string }[] = [];
      for (const list of ['territories', 'products'] as const) {
        for (const [i, rule] of parsed.data[list].entries()) {
          if (!(await activeSeller(rule.ownerId))) details.push({ path: `${list}.${i}.ownerId`, message: 'not an active sales user' });
        }
      }
      const team = parsed.data.roundRobinTeamId;
      if (team && !(await db.selectFrom('teams').select('id').where('id', '=', team).executeTakeFirst())) details.push({ path: 'roundRobinTeamId', message: 'not found' });
      if (details.length) throw new AppError('VALIDATION_FAILED', `Invalid fields: ${details.map((d) => d.path).join(', ')}`, details);
      const before = await settings.get(LEAD_ROUTING_SETTING, null);
      await db.transaction().execute(async (trx) => {
        await settings.set(LEAD_ROUTING_SETTING, parsed.data, caller.id, trx);
        await writeAudit(trx, { at: clock.now().toISOString(), actorId: caller.id, entityType: 'setting', entityId: LEAD_ROUTING_SETTING, action: 'update', changes: { value: { old: before, new: parsed.data } } });
      });
      return parsed.data;
    },

    /**
     * A new lead, routed to its owner. `alongside` runs in the lead's own transaction, after it is
     * written: what must happen with it or not at all (a call-back closed as converted).
     */
    async create(
      caller: Caller,
      input: { source: string; personId?: string; organisationId?: string; interactionId?: string; interest: string; potential?: number; suggestedOwnerId?: string; note?: string },
      alongside?: (trx: Tx, leadId: string) => Promise<void>,
    ): Promise<LeadView> {
      if (!input.personId && !input.organisationId) {
        throw new AppError('VALIDATION_FAILED', 'personId or organisationId is required', [{ path: 'personId', message: 'a customer is required' }]);
      }
      for (const [path, type, id] of [['personId', 'person', input.personId], ['organisationId', 'organisation', input.organisationId]] as const) {
        if (id && !(await isLiveParty(db, type, id))) {
          throw new AppError('VALIDATION_FAILED', `${path}: not found`, [{ path, message: 'not found' }]);
        }
      }
      if (input.interactionId && !(await db.selectFrom('interactions').select('id').where('id', '=', input.interactionId).where('deleted_at', 'is', null).executeTakeFirst())) {
        throw new AppError('VALIDATION_FAILED', 'interactionId: not found', [{ path: 'interactionId', message: 'not found' }]);
      }
      if (input.suggestedOwnerId && !(await db.selectFrom('users').select('id').where('id', '=', input.suggestedOwnerId).executeTakeFirst())) {
        throw new AppError('VALIDATION_FAILED', 'suggestedOwnerId: not found', [{ path: 'suggestedOwnerId', message: 'not found' }]);
      }
      const routed = await route(input);
      const rules = await routingSettings();
      const now = clock.now();
      const row: LeadsTable = {
        id: newId(),
        source: input.source,
        person_id: input.personId ?? null,
        organisation_id: input.organisationId ?? null,
        interaction_id: input.interactionId ?? null,
        interest: input.interest,
        potential: input.potential ?? null,
        originator_id: caller.id,
        suggested_owner_id: input.suggestedOwnerId ?? null,
        owner_id: routed.ownerId,
        routing: JSON.stringify([{ rule: routed.rule, ...('detail' in routed && { detail: routed.detail }) }]),
        status: 'new',
        reject_reason: null,
        note: input.note ?? null,
        decision_note: null,
        due_at: await dueFor(routed.ownerId, now, rules),
        warned_at: null,
        escalated_at: null,
        // The first link of attribution: the server's clock and the authenticated caller, never the client's say.
        created_at: now.toISOString(),
        created_by: caller.id,
        updated_at: now.toISOString(),
        decided_at: null,
        version: 1,
      };
      const warnAt = await warnAtFor(row, rules);
      await db.transaction().execute(async (trx) => {
        // Live until the commit: a merge or deletion of the customer waits, then takes the lead along.
        if (row.person_id) await assertLiveParty(trx, deps.dialect, 'person', row.person_id, 'personId');
        if (row.organisation_id) await assertLiveParty(trx, deps.dialect, 'organisation', row.organisation_id, 'organisationId');
        await trx.insertInto('leads').values(row).execute();
        await record(trx, row.id, { actorId: caller.id, kind: 'created', to: 'new', body: routed.rule });
        await schedule(trx, row, warnAt);
        await writeAudit(trx, {
          at: row.created_at,
          actorId: caller.id,
          entityType: 'lead',
          entityId: row.id,
          action: 'create',
          // Every field as given, as for people and tasks (nulls left out).
          changes: diff({}, {
            ownerId: row.owner_id, source: row.source, interest: row.interest, personId: row.person_id, organisationId: row.organisation_id, interactionId: row.interaction_id,
            potential: row.potential, note: row.note, suggestedOwnerId: row.suggested_owner_id, dueAt: row.due_at, status: row.status,
          }),
        });
        await alongside?.(trx, row.id);
      });
      if (row.owner_id && row.owner_id !== caller.id) await notifications.notifyAfterCommit(row.owner_id, 'lead.assigned', { leadId: row.id, interest: row.interest, by: caller.name, dueAt: row.due_at });
      await announce('lead.created', row);
      return toLeadView(row);
    },

    async get(id: string) {
      const row = await load(id);
      const history = await db.selectFrom('lead_events').selectAll().where('lead_id', '=', id).orderBy('at').orderBy('id').execute();
      return { ...toLeadView(row), history: history.map((e) => ({ id: e.id, at: e.at, actorId: e.actor_id, kind: e.kind, fromStatus: e.from_status, toStatus: e.to_status, body: e.body })) };
    },

    async list(caller: Caller, query: { owner?: string; originator?: string; status?: string; personId?: string; organisationId?: string; escalated?: string; limit: number; cursor?: string }) {
      // A deleted record's leads stay in their owner's and originator's lists and readable by their id.
      if (!(await areFilterPartiesLive(db, query))) return { items: [], nextCursor: null };
      let q = db.selectFrom('leads').selectAll();
      const me = (v: string) => (v === 'me' ? caller.id : v);
      if (query.owner) q = q.where('owner_id', '=', me(query.owner));
      if (query.originator) q = q.where('originator_id', '=', me(query.originator));
      if (query.status) q = q.where('status', '=', query.status);
      if (query.personId) q = q.where('person_id', '=', query.personId);
      if (query.organisationId) q = q.where('organisation_id', '=', query.organisationId);
      if (query.escalated === 'true') q = q.where('escalated_at', 'is not', null);
      if (query.cursor) {
        const [at, id] = query.cursor.split('|');
        if (!at || !id) throw new AppError('VALIDATION_FAILED', 'cursor: invalid', [{ path: 'cursor', message: 'invalid cursor' }]);
        q = q.where(sql<boolean>`(created_at, id) < (${at}, ${id})`);
      }
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return { items: page.map(toLeadView), nextCursor: rows.length > query.limit && last ? `${last.created_at}|${last.id}` : null };
    },

    /** The owner accepts, converts or rejects (with a reason from the list); the originator is told. */
    async transition(caller: Caller, grant: Grant, id: string, input: { status: string; reason?: string; note?: string; version?: number }) {
      const before = await load(id);
      if (grant === 'own' && before.owner_id !== caller.id) throw new AppError('FORBIDDEN', 'only the lead’s owner decides on it');
      if (input.version !== undefined && input.version !== before.version) throw new AppError('VERSION_CONFLICT', undefined, { currentVersion: before.version });
      if (!NEXT[before.status]?.includes(input.status)) {
        throw new AppError('VALIDATION_FAILED', `status: a ${before.status} lead can become ${NEXT[before.status]?.join(', ') || 'nothing else'}`, [{ path: 'status', message: 'transition not allowed' }]);
      }
      if (input.status === 'rejected') {
        const reasons = (await routingSettings()).rejectReasons.map((r) => r.key);
        if (!input.reason || !reasons.includes(input.reason)) {
          throw new AppError('VALIDATION_FAILED', `reason: required, one of ${reasons.join(', ')}`, [{ path: 'reason', message: 'required for status rejected' }]);
        }
      }
      const now = clock.now().toISOString();
      const after: LeadsTable = {
        ...before,
        status: input.status,
        reject_reason: input.status === 'rejected' ? input.reason! : before.reject_reason,
        // The originator's note stays; the decider's has its own column (and the lead's history).
        decision_note: input.note ?? before.decision_note,
        decided_at: before.decided_at ?? now,
        updated_at: now,
        version: before.version + 1,
      };
      await db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('leads')
          .set({ status: after.status, reject_reason: after.reject_reason, decision_note: after.decision_note, decided_at: after.decided_at, updated_at: now, version: after.version })
          .where('id', '=', id)
          .where('version', '=', before.version)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) throw new AppError('VERSION_CONFLICT');
        await record(trx, id, { actorId: caller.id, kind: 'status', from: before.status, to: after.status, body: input.reason ? `${input.reason}${input.note ? `: ${input.note}` : ''}` : input.note });
        await schedule(trx, after);
        await writeAudit(trx, { at: now, actorId: caller.id, entityType: 'lead', entityId: id, action: 'update', changes: { status: { old: before.status, new: after.status }, ...(input.reason && { rejectReason: { old: null, new: input.reason } }), ...(input.note && { decisionNote: { old: before.decision_note, new: input.note } }) } });
      });
      if (after.originator_id !== caller.id) {
        // The reason's labels travel with the notice: its reader may never have loaded the lead settings.
        const reason = after.reject_reason ? (await routingSettings()).rejectReasons.find((r) => r.key === after.reject_reason) : undefined;
        await notifications.notifyAfterCommit(after.originator_id, `lead.${after.status}`, {
          leadId: id,
          interest: after.interest,
          reason: after.reject_reason,
          ...(reason && { reasonLabelEn: reason.labelEn, reasonLabelFr: reason.labelFr }),
          note: input.note ?? null,
          by: caller.name,
        });
      }
      await announce('lead.status', after, { fromStatus: before.status });
      return toLeadView(after);
    },

    /** A manager gives the lead to someone else; its deadline starts again. */
    async reassign(caller: Caller, id: string, ownerId: string) {
      const before = await load(id);
      // A decided lead is its decider's: moving it would move their result in the conversion report.
      if (!(OPEN_LEAD_STATUSES as readonly string[]).includes(before.status)) {
        throw new AppError('CONFLICT', `this lead is already ${before.status}`, [{ path: 'status', message: before.status }]);
      }
      if (!(await activeSeller(ownerId))) throw new AppError('VALIDATION_FAILED', 'ownerId: not an active sales user', [{ path: 'ownerId', message: 'not an active seller' }]);
      const now = clock.now();
      const rules = await routingSettings();
      const after: LeadsTable = { ...before, owner_id: ownerId, due_at: before.status === 'new' ? await dueFor(ownerId, now, rules) : before.due_at, warned_at: null, escalated_at: null, updated_at: now.toISOString(), version: before.version + 1 };
      const routing = [...(JSON.parse(before.routing) as unknown[]), { rule: 'reassigned', detail: caller.id }];
      after.routing = JSON.stringify(routing);
      const warnAt = await warnAtFor(after, rules);
      await db.transaction().execute(async (trx) => {
        // As read: a decision or another reassignment meanwhile makes this one a conflict.
        const result = await trx
          .updateTable('leads')
          .set({ owner_id: ownerId, due_at: after.due_at, warned_at: null, escalated_at: null, routing: after.routing, updated_at: after.updated_at, version: after.version })
          .where('id', '=', id)
          .where('version', '=', before.version)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) throw new AppError('VERSION_CONFLICT');
        await record(trx, id, { actorId: caller.id, kind: 'reassigned', body: ownerId });
        await schedule(trx, after, warnAt);
        await writeAudit(trx, { at: after.updated_at, actorId: caller.id, entityType: 'lead', entityId: id, action: 'update', changes: { ownerId: { old: before.owner_id, new: ownerId } } });
      });
      await notifications.notifyAfterCommit(ownerId, 'lead.assigned', { leadId: id, interest: after.interest, by: caller.name, dueAt: after.due_at });
      await announce('lead.reassigned', after);
      return toLeadView(after);
    },

    /**
     * Job: before the deadline (kind 'warning') the owner is warned; a lead still untreated at its
     * deadline escalates to the owner's manager. One job kind for both (jobs queued before warnings
     * existed carry no kind: they are escalations).
     */
    async onEscalation(payload: { leadId: string; dueAt: string; kind?: 'warning' | 'escalation' }, job?: { id: string }) {
      const lead = await db.selectFrom('leads').selectAll().where('id', '=', payload.leadId).executeTakeFirst();
      if (!lead || lead.status !== 'new' || lead.due_at !== payload.dueAt) return;
      const now = clock.now().toISOString();
      // Marked only while the lead is still as read: untreated, with this deadline. A transition or
      // a reassignment committed meanwhile wins (PostgreSQL re-checks these conditions on the row it
      // waited for); checked on the read alone, an accepted or reassigned lead was escalated too,
      // its manager told, after its owner had treated it.
      const mark = (trx: Tx, set: { warned_at: string } | { escalated_at: string }) => {
        const still = trx.updateTable('leads').set(set).where('id', '=', lead.id).where('status', '=', 'new').where('due_at', '=', payload.dueAt).where('escalated_at', 'is', null);
        return ('warned_at' in set ? still.where('warned_at', 'is', null) : still).executeTakeFirst();
      };
      if (payload.kind === 'warning') {
        if (lead.warned_at || lead.escalated_at) return;
        const warned = await db.transaction().execute(async (trx) => {
          if (Number((await mark(trx, { warned_at: now })).numUpdatedRows) === 0) return false;
          await record(trx, lead.id, { actorId: null, kind: 'warning', body: lead.due_at });
          return true;
        });
        if (!warned) return;
        if (lead.owner_id) await notifications.notify(lead.owner_id, 'lead.deadline_warning', { leadId: lead.id, interest: lead.interest, dueAt: lead.due_at }, { dedupeKey: jobKey(job) });
        await announce('lead.deadline_warning', { ...lead, warned_at: now });
        return;
      }
      if (lead.escalated_at) return;
      const escalated = await db.transaction().execute(async (trx) => {
        if (Number((await mark(trx, { escalated_at: now })).numUpdatedRows) === 0) return false;
        await record(trx, lead.id, { actorId: null, kind: 'escalated', body: lead.due_at });
        return true;
      });
      if (!escalated) return;
      const team = lead.owner_id
        ? await db.selectFrom('users').innerJoin('teams', 'teams.id', 'users.team_id').select('teams.manager_id').where('users.id', '=', lead.owner_id).executeTakeFirst()
        : undefined;
      const managers = team?.manager_id ? [team.manager_id] : (await db.selectFrom('users').select('id').where('role', '=', 'manager').where('disabled', '=', 0).execute()).map((u) => u.id);
      for (const userId of managers) await notifications.notify(userId, 'lead.escalated', { leadId: lead.id, interest: lead.interest, ownerId: lead.owner_id, dueAt: lead.due_at }, { dedupeKey: jobKey(job) });
      await announce('lead.escalated', { ...lead, escalated_at: now });
    },

    /** Conversion rates per owner, source and originator over a range of creation dates. */
    async report(range: { from: string; to: string }) {
      const rows = await db.selectFrom('leads').select(['owner_id', 'source', 'originator_id', 'status']).where('created_at', '>=', range.from).where('created_at', '<', range.to).execute();
      const group = (key: (r: (typeof rows)[number]) => string | null) => {
        const map = new Map<string, { total: number; accepted: number; converted: number; rejected: number; pending: number }>();
        for (const r of rows) {
          const k = key(r) ?? 'none';
          const g = map.get(k) ?? { total: 0, accepted: 0, converted: 0, rejected: 0, pending: 0 };
          g.total += 1;
          if (r.status === 'new') g.pending += 1;
          else g[r.status as 'accepted' | 'converted' | 'rejected'] += 1;
          map.set(k, g);
        }
        return [...map].map(([k, g]) => ({ key: k, ...g, conversionRate: g.total ? Math.round((g.converted / g.total) * 1000) / 1000 : 0 })).sort((a, b) => b.total - a.total);
      };
      return { from: range.from, to: range.to, total: rows.length, byOwner: group((r) => r.owner_id), bySource: group((r) => r.source), byOriginator: group((r) => r.originator_id) };
    },
  };
}

export type LeadsService = ReturnType<typeof createLeadsService>;
