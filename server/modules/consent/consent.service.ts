import type { Consent, ConsentChannel, ConsentMap, ConsentPurpose, ConsentStatus } from '../../../common/api/consent.js';
import type { Clock } from '../../clock.js';
import type { Caller } from '../../context.js';
import type { Db, DialectFeatures, Tx } from '../../db/dialect/features.js';
import type { EntityType } from '../../db/schema.js';
import type { EventBus } from '../../events/bus.js';
import { AppError } from '../../errors.js';
import { newId } from '../../ids.js';
import { writeAudit } from '../audit/audit.js';
import { isLiveParty } from '../parties/live-party.js';
import type { PendingOverride } from '../pressure/pressure.service.js';
import type { ConsentInput } from './consent.schemas.js';

/** Marks the overrides of a refusal in pressure_overrides (its rule_id has no foreign key by design). */
export const consentRuleId = (channel: ConsentChannel, purpose: ConsentPurpose) => `consent:${channel}:${purpose}`;

/** The consent channel an interaction channel contacts someone on, if any (a meeting or a note has none). */
export function consentChannelOf(interactionChannel: string | undefined): ConsentChannel | undefined {
  return ({ call: 'phone', email: 'email', sms: 'sms', letter: 'post' } as const)[interactionChannel as 'call'];
}

/**
 * Consent per channel and purpose (PRODUCT S10): recorded with where it was said and by whom,
 * shown on the record and the screen pop, obeyed before outbound contact.
 */
export function createConsentService(deps: { db: Db; dialect: Pick<DialectFeatures, 'forShare' | 'serialiseOn'>; clock: Clock; events: EventBus }) {
  const { db, dialect, clock, events } = deps;

  async function assertRecord(handle: Tx, entityType: EntityType, id: string) {
    if (!(await isLiveParty(handle, entityType, id))) throw new AppError('NOT_FOUND', `${entityType} not found`);
  }

  /**
   * Inside the transaction that records consents: the record is live and stays so until the
   * commit (a merge or deletion waits, then takes these along), and recordings of the same record
   * run one after the other. Read at once, two recordings of a pair the record did not have yet
   * both inserted it, and the second failed on the unique constraint (a bare 409 "already exists"
   * for a PUT); of a pair it had, both audited the same old value (PostgreSQL, READ COMMITTED).
   */
  async function holdRecord(trx: Tx, entityType: EntityType, id: string) {
    await dialect.serialiseOn(trx, `consents:${id}`);
    const table = entityType === 'person' ? 'people' : 'organisations';
    const live = await dialect.forShare(trx.selectFrom(table).select('id').where('id', '=', id).where('deleted_at', 'is', null)).executeTakeFirst();
    if (!live) throw new AppError('NOT_FOUND', `${entityType} not found`);
  }

  async function views(handle: Tx, entityId: string): Promise<Consent[]> {
    const rows = await handle
      .selectFrom('consents as c')
      .leftJoin('users as u', 'u.id', 'c.recorded_by')
      .select(['c.channel', 'c.purpose', 'c.status', 'c.source', 'c.note', 'c.recorded_at', 'c.recorded_by', 'u.name as recorder_name'])
      .where('c.entity_id', '=', entityId)
      .orderBy('c.channel')
      .orderBy('c.purpose')
      .execute();
    return rows.map((r) => ({
      channel: r.channel as ConsentChannel,
      purpose: r.purpose as ConsentPurpose,
      status: r.status as ConsentStatus,
      source: r.source,
      note: r.note,
      recordedAt: r.recorded_at,
      recordedBy: r.recorded_by ? { id: r.recorded_by, name: r.recorder_name ?? '' } : null,
    }));
  }

  return {
    async list(entityType: EntityType, entityId: string): Promise<Consent[]> {
      await assertRecord(db, entityType, entityId);
      return views(db, entityId);
    },

    /**
     * Sets the listed pairs ("unknown" forgets one), in one transaction with one audit entry per
     * changed pair (old → new status; source and note too when they change). Tells open pages.
     */
    async record(caller: Caller, entityType: EntityType, entityId: string, items: ConsentInput[]): Promise<Consent[]> {
      const seen = new Set<string>();
      for (const [i, item] of items.entries()) {
        const key = `${item.channel}.${item.purpose}`;
        if (seen.has(key)) throw new AppError('VALIDATION_FAILED', `${i}.purpose: ${key} is listed twice`, [{ path: `${i}.purpose`, message: 'listed twice' }]);
        seen.add(key);
      }
      const at = clock.now().toISOString();
      let changed = false;
      const result = await db.transaction().execute(async (trx) => {
        await holdRecord(trx, entityType, entityId);
        const before = new Map((await trx.selectFrom('consents').selectAll().where('entity_id', '=', entityId).execute()).map((r) => [`${r.channel}.${r.purpose}`, r]));
        const changes: Record<string, { old: unknown; new: unknown }> = {};
        for (const item of items) {
          const key = `${item.channel}.${item.purpose}`;
          const old = before.get(key);
          if (item.status === 'unknown') {
            if (!old) continue;
            await trx.deleteFrom('consents').where('id', '=', old.id).execute();
            changes[key] = { old: old.status, new: null };
            continue;
          }
          const source = item.source === undefined ? (old?.source ?? null) : item.source || null;
          const note = item.note === undefined ? (old?.note ?? null) : item.note || null;
          if (old && old.status === item.status && old.source === source && old.note === note) continue;
          if (old) {
            await trx.updateTable('consents').set({ status: item.status, source, note, recorded_at: at, recorded_by: caller.id }).where('id', '=', old.id).execute();
          } else {
            await trx
              .insertInto('consents')
              .values({ id: newId(), entity_type: entityType, entity_id: entityId, channel: item.channel, purpose: item.purpose, status: item.status, source, note, recorded_at: at, recorded_by: caller.id })
              .execute();
          }
          if (old?.status !== item.status) changes[key] = { old: old?.status ?? null, new: item.status };
          if ((old?.source ?? null) !== source) changes[`${key}.source`] = { old: old?.source ?? null, new: source };
          if ((old?.note ?? null) !== note) changes[`${key}.note`] = { old: old?.note ?? null, new: note };
        }
        if (Object.keys(changes).length > 0) {
          changed = true;
          await writeAudit(trx, { at, actorId: caller.id, entityType, entityId, action: 'consent', changes });
        }
        return views(trx, entityId);
      });
      if (changed) await events.publish({ type: 'consent.changed', audience: { all: true }, data: { entityType, entityId } });
      return result;
    },

    /** Compact maps for many records in one query (the screen pop's matches). */
    async maps(entityIds: string[]): Promise<Map<string, ConsentMap>> {
      const result = new Map<string, ConsentMap>();
      if (entityIds.length === 0) return result;
      const rows = await db.selectFrom('consents').select(['entity_id', 'channel', 'purpose', 'status']).where('entity_id', 'in', entityIds).execute();
      for (const r of rows) {
        const map = result.get(r.entity_id) ?? {};
        const channel = (map[r.channel as ConsentChannel] ??= {});
        channel[r.purpose as ConsentPurpose] = r.status as ConsentStatus;
        result.set(r.entity_id, map);
      }
      return result;
    },

    /**
     * Before an outbound contact on a channel: refuse when one of the records refused to be
     * contacted on it, for marketing or for service, and no reason is given (409 naming each
     * refusal and its purpose: Relais cannot tell which purpose a call or an e-mail serves, the
     * person making it can); with a reason, answer who goes ahead over which refusal and why,
     * beside the contact-pressure overrides, for the caller to write with the contact (recordOverrides).
     */
    async guard(caller: Caller, entityIds: string[], channel: ConsentChannel, reason: string | undefined, context: string, handle: Tx = db): Promise<PendingOverride[]> {
      if (entityIds.length === 0) return [];
      const refused = await handle
        .selectFrom('consents')
        .select(['entity_id', 'purpose', 'source', 'recorded_at'])
        .where('entity_id', 'in', entityIds)
        .where('channel', '=', channel)
        .where('status', '=', 'refused')
        .orderBy('entity_id')
        .orderBy('purpose')
        .execute();
      if (refused.length === 0) return [];
      if (!reason) {
        const purposes = [...new Set(refused.map((r) => (r.purpose === 'marketing' ? 'marketing' : 'service contact')))].join(' and ');
        throw new AppError(
          'CONSENT_REFUSED',
          `This contact refused ${purposes} by ${channel}; give a reason to proceed`,
          refused.map((r) => ({ entityId: r.entity_id, channel, purpose: r.purpose, source: r.source, recordedAt: r.recorded_at })),
        );
      }
      const at = clock.now().toISOString();
      return refused.map((r) => ({ id: newId(), entity_id: r.entity_id, user_id: caller.id, rule_id: consentRuleId(channel, r.purpose as ConsentPurpose), reason, context, at }));
    },
  };
}

export type ConsentService = ReturnType<typeof createConsentService>;
