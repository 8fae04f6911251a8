import type { CapExceeded, CapStatus, PressureOverride, PressureRule, PressureScopeType } from '../../../common/api/pressure.js';
import type { Clock } from '../../clock.js';
import type { Caller } from '../../context.js';
import type { Db, Tx } from '../../db/dialect/features.js';
import type { PressureOverridesTable } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { newId } from '../../ids.js';
import { writeAudit } from '../audit/audit.js';

const DAY = 86_400_000;

/** A reason for going over a cap or a refusal that a guard accepted, not written yet (see recordOverrides). */
export type PendingOverride = PressureOverridesTable;

/**
 * Writes the reasons a guard accepted in the transaction that records the contact itself: they
 * exist if and only if the contact does, whatever stops the process in between (QUALITY 22, 27).
 */
export async function recordOverrides(trx: Tx, overrides: PendingOverride[]): Promise<void> {
  if (overrides.length > 0) await trx.insertInto('pressure_overrides').values(overrides).execute();
}

/**
 * What a rule's scope value is compared with: tags are stored in lower case, so a cap typed
 * "VIP" applies to the tag users see as a "VIP" badge (rules saved before this still match).
 */
function scopeKey(scopeType: string, scopeValue: string): string {
  return `${scopeType}:${scopeType === 'tag' ? scopeValue.trim().toLowerCase() : scopeValue}`;
}

/**
 * Contact pressure: caps per relationship type or tag (e.g. carriers at most 3 outbound contacts
 * in 7 days), counted over every channel and every colleague. Going over needs a recorded reason.
 */
export function createPressureService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function rules(handle: Tx = db): Promise<PressureRule[]> {
    const rows = await handle.selectFrom('pressure_rules').selectAll().orderBy('created_at').execute();
    // scope_type holds only what pressureRuleBody accepts (PRESSURE_SCOPE_TYPES).
    return rows.map((r) => ({ id: r.id, scopeType: r.scope_type as PressureScopeType, scopeValue: r.scope_value, maxContacts: r.max_contacts, periodDays: r.period_days }));
  }

  async function outboundSince(handle: Tx, entityId: string, since: string): Promise<number> {
    const row = await handle
      .selectFrom('interaction_participants as p')
      .innerJoin('interactions as i', 'i.id', 'p.interaction_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('p.entity_id', '=', entityId)
      .where('i.direction', '=', 'out')
      .where('i.occurred_at', '>=', since)
      // A date typed wrong in the future is no contact yet (those written before it was refused).
      .where('i.occurred_at', '<=', clock.now().toISOString())
      .where('i.deleted_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  return {
    rules: () => rules(),

    async addRule(actorId: string, input: Omit<PressureRule, 'id'>): Promise<PressureRule> {
      // Stored as tags are (lower case), so the list shows the rule as it will match.
      const rule = { ...input, scopeValue: input.scopeType === 'tag' ? input.scopeValue.trim().toLowerCase() : input.scopeValue, id: newId() };
      const at = clock.now().toISOString();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('pressure_rules')
          .values({ id: rule.id, scope_type: rule.scopeType, scope_value: rule.scopeValue, max_contacts: rule.maxContacts, period_days: rule.periodDays, created_at: at })
          .execute();
        await writeAudit(trx, { at, actorId, entityType: 'pressure_rule', entityId: rule.id, action: 'create', changes: { scope: { old: null, new: `${rule.scopeType}:${rule.scopeValue}` }, maxContacts: { old: null, new: rule.maxContacts }, periodDays: { old: null, new: rule.periodDays } } });
      });
      return rule;
    },

    async removeRule(actorId: string, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const result = await trx.deleteFrom('pressure_rules').where('id', '=', id).executeTakeFirst();
        if (Number(result.numDeletedRows) === 0) throw new AppError('NOT_FOUND', 'rule not found');
        await writeAudit(trx, { at: clock.now().toISOString(), actorId, entityType: 'pressure_rule', entityId: id, action: 'delete' });
      });
    },

    /** The caps that apply to these records and where each stands now (read through `handle`: a transaction's, see guard). */
    async status(entityIds: string[], handle: Tx = db): Promise<CapStatus[]> {
      const all = await rules(handle);
      if (all.length === 0 || entityIds.length === 0) return [];
      // One after the other: a transaction's statements run on one connection.
      const relationships = await handle.selectFrom('relationships').select(['subject_id', 'type_key']).where('subject_id', 'in', entityIds).execute();
      const tags = await handle.selectFrom('tags').select(['entity_id', 'tag']).where('entity_id', 'in', entityIds).execute();
      const result: CapStatus[] = [];
      for (const entityId of entityIds) {
        const scopes = new Set([
          ...relationships.filter((r) => r.subject_id === entityId).map((r) => scopeKey('relationship', r.type_key)),
          ...tags.filter((t) => t.entity_id === entityId).map((t) => scopeKey('tag', t.tag)),
        ]);
        for (const rule of all.filter((r) => scopes.has(scopeKey(r.scopeType, r.scopeValue)))) {
          const since = new Date(clock.now().getTime() - rule.periodDays * DAY).toISOString();
          const count = await outboundSince(handle, entityId, since);
          result.push({ rule, entityId, count, wouldExceed: count + 1 > rule.maxContacts });
        }
      }
      return result;
    },

    /**
     * Before an outbound contact: refuse when a cap would be crossed without a reason (409 naming
     * the caps); with a reason, answer who goes over and why, for the caller to write with the
     * contact (recordOverrides), never before it. Counted through `handle` when given: inside the
     * transaction that records the contact, after it serialised on the records contacted (see the
     * timeline), so that contacts made at once are counted one after the other.
     */
    async guard(caller: Caller, entityIds: string[], reason: string | undefined, context: string, handle: Tx = db): Promise<PendingOverride[]> {
      const crossed = (await this.status(entityIds, handle)).filter((s) => s.wouldExceed);
      if (crossed.length === 0) return [];
      if (!reason) {
        throw new AppError(
          'PRESSURE_CAP_EXCEEDED',
          'This contact would go over a contact-pressure cap; give a reason to proceed',
          crossed.map((c): CapExceeded => ({ entityId: c.entityId, ruleId: c.rule.id, scope: `${c.rule.scopeType}:${c.rule.scopeValue}`, count: c.count, max: c.rule.maxContacts, periodDays: c.rule.periodDays })),
        );
      }
      const at = clock.now().toISOString();
      return crossed.map((c) => ({ id: newId(), entity_id: c.entityId, user_id: caller.id, rule_id: c.rule.id, reason, context, at }));
    },

    async overrides(entityId: string): Promise<PressureOverride[]> {
      const rows = await db.selectFrom('pressure_overrides').selectAll().where('entity_id', '=', entityId).orderBy('at', 'desc').limit(100).execute();
      return rows.map((r) => ({ id: r.id, userId: r.user_id, ruleId: r.rule_id, reason: r.reason, context: r.context, at: r.at }));
    },

    /** Contacts in the last 7 and 30 days, all channels and directions, for the screen pop. */
    async recentContacts(entityId: string): Promise<{ last7Days: number; last30Days: number }> {
      const now = clock.now().getTime();
      const count = async (days: number) => {
        const row = await db
          .selectFrom('interaction_participants as p')
          .innerJoin('interactions as i', 'i.id', 'p.interaction_id')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('p.entity_id', '=', entityId)
          .where('i.occurred_at', '>=', new Date(now - days * DAY).toISOString())
          .where('i.occurred_at', '<=', new Date(now).toISOString())
          .where('i.deleted_at', 'is', null)
          .executeTakeFirstOrThrow();
        return Number(row.n);
      };
      const [last7Days, last30Days] = await Promise.all([count(7), count(30)]);
      return { last7Days, last30Days };
    },
  };
}

export type PressureService = ReturnType<typeof createPressureService>;
