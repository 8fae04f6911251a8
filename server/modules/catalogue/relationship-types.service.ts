import type { Clock } from '../../clock.js';
import type { Db, DialectFeatures } from '../../db/dialect/features.js';
import { AppError, alreadyExists, isUniqueViolation } from '../../errors.js';
import { writeAudit } from '../audit/audit.js';
import type { SettingsService } from '../settings/settings.service.js';
import { readPriorityRule } from '../telephony/priority-rule.js';

export interface RelationshipTypeView {
  key: string;
  labelEn: string;
  labelFr: string;
}

/** Relationship types (client, carrier, tenant…): labels editable, a type deleted only when nothing uses it. */
export function createRelationshipTypesService(deps: { db: Db; dialect: Pick<DialectFeatures, 'forUpdate'>; clock: Clock; settings: SettingsService }) {
  const { db, dialect, clock, settings } = deps;

  return {
    async list(): Promise<RelationshipTypeView[]> {
      const rows = await db.selectFrom('relationship_types').selectAll().orderBy('key').execute();
      return rows.map((r) => ({ key: r.key, labelEn: r.label_en, labelFr: r.label_fr }));
    },

    async create(actorId: string, input: RelationshipTypeView): Promise<RelationshipTypeView> {
      const { key, labelEn, labelFr } = input;
      const at = clock.now().toISOString();
      const taken = () => alreadyExists('key', `relationship type ${key}`);
      await db
        .transaction()
        .execute(async (trx) => {
          if (await trx.selectFrom('relationship_types').select('key').where('key', '=', key).executeTakeFirst()) throw taken();
          await trx.insertInto('relationship_types').values({ key, label_en: labelEn, label_fr: labelFr, created_at: at }).execute();
          await writeAudit(trx, { at, actorId, entityType: 'relationship_type', entityId: key, action: 'create', changes: { labelEn: { old: null, new: labelEn }, labelFr: { old: null, new: labelFr } } });
        })
        // Created by someone else between the check and the insert: the same answer.
        .catch((error: unknown) => {
          throw isUniqueViolation(error) ? taken() : error;
        });
      return { key, labelEn, labelFr };
    },

    /** New labels; the key stays, since relationships, pressure caps and the contract rule name it. */
    async update(actorId: string, key: string, input: { labelEn?: string; labelFr?: string }): Promise<RelationshipTypeView> {
      const at = clock.now().toISOString();
      return db.transaction().execute(async (trx) => {
        // Held until the commit: two renamings at once each audit what the other left, not both the same old label.
        const before = await dialect.forUpdate(trx.selectFrom('relationship_types').selectAll().where('key', '=', key)).executeTakeFirst();
        if (!before) throw new AppError('NOT_FOUND', 'relationship type not found');
        const after = { labelEn: input.labelEn ?? before.label_en, labelFr: input.labelFr ?? before.label_fr };
        const changes: Record<string, { old: unknown; new: unknown }> = {};
        if (after.labelEn !== before.label_en) changes.labelEn = { old: before.label_en, new: after.labelEn };
        if (after.labelFr !== before.label_fr) changes.labelFr = { old: before.label_fr, new: after.labelFr };
        if (Object.keys(changes).length > 0) {
          await trx.updateTable('relationship_types').set({ label_en: after.labelEn, label_fr: after.labelFr }).where('key', '=', key).execute();
          await writeAudit(trx, { at, actorId, entityType: 'relationship_type', entityId: key, action: 'update', changes });
        }
        return { key, ...after };
      });
    },

    /**
     * Deletes an unused type. In use (relationships on records, a contact-pressure cap, the contract
     * rule) it is refused with 409 naming how many use it: deleting would silently drop meaning.
     */
    async remove(actorId: string, key: string): Promise<void> {
      const at = clock.now().toISOString();
      await db.transaction().execute(async (trx) => {
        // Kept until the commit, before counting: a record naming the type (which holds it until
        // its own commit, see the party service) is then counted, a 409, instead of the deletion
        // failing on the foreign key, or that record's write doing so, as a 400 naming nothing.
        const before = await dialect.forUpdate(trx.selectFrom('relationship_types').selectAll().where('key', '=', key)).executeTakeFirst();
        if (!before) throw new AppError('NOT_FOUND', 'relationship type not found');
        const count = async (query: Promise<{ n: number | string | bigint }>) => Number((await query).n);
        const relationships = await count(
          trx.selectFrom('relationships').select((eb) => eb.fn.countAll<number>().as('n')).where('type_key', '=', key).executeTakeFirstOrThrow(),
        );
        const pressureRules = await count(
          trx
            .selectFrom('pressure_rules')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('scope_type', '=', 'relationship')
            .where('scope_value', '=', key)
            .executeTakeFirstOrThrow(),
        );
        const inPriorityRule = (await readPriorityRule(settings, trx)).relationshipTypes.includes(key);
        if (relationships > 0 || pressureRules > 0 || inPriorityRule) {
          const uses = [
            relationships > 0 ? `${relationships} relationship${relationships > 1 ? 's' : ''} on records` : null,
            pressureRules > 0 ? `${pressureRules} contact-pressure cap${pressureRules > 1 ? 's' : ''}` : null,
            inPriorityRule ? 'the contract rule' : null,
          ].filter(Boolean);
          throw new AppError('CONFLICT', `relationship type ${key} is in use: ${uses.join(', ')}`, { relationships, pressureRules, priorityRule: inPriorityRule });
        }
        await trx.deleteFrom('relationship_types').where('key', '=', key).execute();
        await writeAudit(trx, { at, actorId, entityType: 'relationship_type', entityId: key, action: 'delete', changes: { labelEn: { old: before.label_en, new: null }, labelFr: { old: before.label_fr, new: null } } });
      });
    },
  };
}

export type RelationshipTypesService = ReturnType<typeof createRelationshipTypesService>;
