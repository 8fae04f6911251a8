import type { Clock } from '../../clock.js';
import type { Db, DialectFeatures, Tx } from '../../db/dialect/features.js';
import { AppError, alreadyExists, isUniqueViolation } from '../../errors.js';
import { newId } from '../../ids.js';
import { writeAudit } from '../audit/audit.js';
import { isCustomFieldDate } from './custom-field-filters.js';

export const FIELD_TYPES = ['text', 'number', 'date', 'boolean', 'choice'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldDefinition {
  id: string;
  entityType: string;
  key: string;
  labelEn: string;
  labelFr: string;
  type: FieldType;
  choices: string[];
}

type Value = string | number | boolean | null;

/**
 * What is wrong with a value for a field of this type, or null: custom fields, and the own fields
 * of request types (text, number, date), hold values by the same rules.
 */
export function checkValue(def: Pick<FieldDefinition, 'type' | 'choices'>, value: Value): string | null {
  if (value === null) return null;
  switch (def.type) {
    case 'text':
      return typeof value === 'string' ? null : 'expected text';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'expected a number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'expected true or false';
    case 'date':
      return typeof value === 'string' && isCustomFieldDate(value) ? null : 'expected a date YYYY-MM-DD';
    case 'choice':
      return typeof value === 'string' && def.choices.includes(value) ? null : `expected one of: ${def.choices.join(', ')}`;
  }
}

/** Custom field definitions per object type, and the checks values must pass. */
/** Field types change rarely and are read on every record view: keep them a few seconds. */
const TYPES_TTL_MS = 5_000;

/** A 400 naming every unknown field and every value of the wrong type, or nothing. */
function assertValues(defs: Map<string, Pick<FieldDefinition, 'type' | 'choices'>>, values: Record<string, Value>) {
  const details: { path: string; message: string }[] = [];
  for (const [key, value] of Object.entries(values)) {
    const def = defs.get(key);
    const problem = def ? checkValue(def, value) : 'unknown custom field';
    if (problem) details.push({ path: `customFields.${key}`, message: problem });
  }
  if (details.length) {
    throw new AppError('VALIDATION_FAILED', `Invalid custom fields: ${details.map((d) => d.path).join(', ')}`, details);
  }
}

export function createCustomFieldsService(deps: { db: Db; dialect: Pick<DialectFeatures, 'forShare' | 'forUpdate'>; clock: Clock }) {
  const { db, dialect, clock } = deps;
  /**
   * A definition read to change or delete it, kept until the commit: a record writing a value of
   * it (validateIn) waits, or, if it came first, has committed its value before the count of
   * values that follows.
   */
  const lockDefinition = (trx: Tx, id: string) => dialect.forUpdate(trx.selectFrom('custom_field_definitions').selectAll().where('id', '=', id)).executeTakeFirst();
  // Per entity type; another instance's new field shows up here within TYPES_TTL_MS.
  const typesCache = new Map<string, { at: number; types: Map<string, string> }>();
  return {
    async list(entityType?: string): Promise<FieldDefinition[]> {
      let query = db.selectFrom('custom_field_definitions').selectAll().orderBy('entity_type').orderBy('key');
      if (entityType) query = query.where('entity_type', '=', entityType);
      const rows = await query.execute();
      return rows.map((r) => ({
        id: r.id,
        entityType: r.entity_type,
        key: r.key,
        labelEn: r.label_en,
        labelFr: r.label_fr,
        type: r.type as FieldType,
        choices: r.choices ? (JSON.parse(r.choices) as string[]) : [],
      }));
    },

    async create(actorId: string, input: Omit<FieldDefinition, 'id'>): Promise<FieldDefinition> {
      if (input.type === 'choice' && input.choices.length === 0) {
        throw new AppError('VALIDATION_FAILED', 'choices: a choice field needs choices', [{ path: 'choices', message: 'required for type choice' }]);
      }
      // Only a choice field has choices: refused rather than echoed back and then dropped (as a change refuses them).
      if (input.type !== 'choice' && input.choices.length > 0) {
        throw new AppError('VALIDATION_FAILED', `choices: only a choice field has choices (this one is ${input.type})`, [{ path: 'choices', message: `not for a ${input.type} field` }]);
      }
      const def = { ...input, id: newId() };
      typesCache.delete(input.entityType);
      const now = clock.now().toISOString();
      const taken = () => alreadyExists('key', `a ${input.entityType} field ${input.key}`);
      await db.transaction().execute(async (trx) => {
        const existing = await trx.selectFrom('custom_field_definitions').select('id').where('entity_type', '=', def.entityType).where('key', '=', def.key).executeTakeFirst();
        if (existing) throw taken();
        await trx
          .insertInto('custom_field_definitions')
          .values({
            id: def.id,
            entity_type: def.entityType,
            key: def.key,
            label_en: def.labelEn,
            label_fr: def.labelFr,
            type: def.type,
            choices: def.type === 'choice' ? JSON.stringify(def.choices) : null,
            created_at: now,
          })
          .execute();
        await writeAudit(trx, {
          at: now, actorId, entityType: 'custom_field', entityId: def.id, action: 'create',
          changes: {
            entityType: { old: null, new: def.entityType }, key: { old: null, new: def.key }, type: { old: null, new: def.type },
            labelEn: { old: null, new: def.labelEn }, labelFr: { old: null, new: def.labelFr },
            ...(def.type === 'choice' && { choices: { old: null, new: def.choices } }),
          },
        });
      }).catch((error: unknown) => {
        // Defined by someone else between the check and the insert: the same answer.
        throw isUniqueViolation(error) ? taken() : error;
      });
      return def;
    },

    /**
     * New labels or choices. The key and type stay: values, list filters and saved views name the
     * key, and stored values were checked against the type. A choice still held by records is
     * not removed: 409 naming how many, as deleting it would leave values no form can show.
     */
    async update(actorId: string, id: string, input: { labelEn?: string; labelFr?: string; choices?: string[] }): Promise<FieldDefinition> {
      const at = clock.now().toISOString();
      const updated = await db.transaction().execute(async (trx) => {
        const before = await lockDefinition(trx, id);
        if (!before) throw new AppError('NOT_FOUND', 'custom field not found');
        const oldChoices = before.choices ? (JSON.parse(before.choices) as string[]) : [];
        if (input.choices !== undefined && before.type !== 'choice') {
          throw new AppError('VALIDATION_FAILED', `choices: only a choice field has choices (this one is ${before.type})`, [{ path: 'choices', message: `not for a ${before.type} field` }]);
        }
        const choices = input.choices ?? oldChoices;
        if (before.type === 'choice' && choices.length === 0) {
          throw new AppError('VALIDATION_FAILED', 'choices: a choice field needs choices', [{ path: 'choices', message: 'required for type choice' }]);
        }
        const removed = oldChoices.filter((c) => !choices.includes(c));
        if (removed.length) {
          const inUse = await trx
            .selectFrom('custom_field_values')
            .select(['value_text', (eb) => eb.fn.countAll<number>().as('n')])
            .where('entity_type', '=', before.entity_type)
            .where('field_key', '=', before.key)
            .where('value_text', 'in', removed)
            .groupBy('value_text')
            .execute();
          if (inUse.length) {
            const counts = Object.fromEntries(inUse.map((u) => [u.value_text!, Number(u.n)]));
            const named = inUse.map((u) => `${u.value_text} (${Number(u.n)} record${Number(u.n) > 1 ? 's' : ''})`).join(', ');
            throw new AppError('CONFLICT', `choices still held by records cannot be removed: ${named}`, { choicesInUse: counts });
          }
        }
        const after = { labelEn: input.labelEn ?? before.label_en, labelFr: input.labelFr ?? before.label_fr, choices };
        const changes: Record<string, { old: unknown; new: unknown }> = {};
        if (after.labelEn !== before.label_en) changes.labelEn = { old: before.label_en, new: after.labelEn };
        if (after.labelFr !== before.label_fr) changes.labelFr = { old: before.label_fr, new: after.labelFr };
        if (JSON.stringify(choices) !== JSON.stringify(oldChoices)) changes.choices = { old: oldChoices, new: choices };
        if (Object.keys(changes).length) {
          await trx
            .updateTable('custom_field_definitions')
            .set({ label_en: after.labelEn, label_fr: after.labelFr, choices: before.type === 'choice' ? JSON.stringify(choices) : null })
            .where('id', '=', id)
            .execute();
          await writeAudit(trx, { at, actorId, entityType: 'custom_field', entityId: id, action: 'update', changes });
        }
        return { id, entityType: before.entity_type, key: before.key, type: before.type as FieldType, ...after };
      });
      typesCache.delete(updated.entityType);
      return updated;
    },

    /** Deletes a field no record holds a value for; otherwise 409 naming how many do. */
    async remove(actorId: string, id: string): Promise<void> {
      const at = clock.now().toISOString();
      const entityType = await db.transaction().execute(async (trx) => {
        const before = await lockDefinition(trx, id);
        if (!before) throw new AppError('NOT_FOUND', 'custom field not found');
        const held = Number(
          (
            await trx
              .selectFrom('custom_field_values')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('entity_type', '=', before.entity_type)
              .where('field_key', '=', before.key)
              .executeTakeFirstOrThrow()
          ).n,
        );
        if (held > 0) {
          throw new AppError('CONFLICT', `custom field ${before.key} holds a value on ${held} record${held > 1 ? 's' : ''}; clear them first`, { records: held });
        }
        await trx.deleteFrom('custom_field_definitions').where('id', '=', id).execute();
        await writeAudit(trx, {
          at, actorId, entityType: 'custom_field', entityId: id, action: 'delete',
          changes: { entityType: { old: before.entity_type, new: null }, key: { old: before.key, new: null }, type: { old: before.type, new: null } },
        });
        return before.entity_type;
      });
      typesCache.delete(entityType);
    },

    /** Field key -> type, to read stored values back. */
    async typesFor(entityType: string): Promise<Map<string, string>> {
      const cached = typesCache.get(entityType);
      if (cached && Date.now() - cached.at < TYPES_TTL_MS) return cached.types;
      const types = new Map((await this.list(entityType)).map((d) => [d.key, d.type]));
      typesCache.set(entityType, { at: Date.now(), types });
      return types;
    },

    /** Throws a 400 naming every unknown field and every value of the wrong type. */
    async validate(entityType: string, values: Record<string, Value>): Promise<void> {
      assertValues(new Map((await this.list(entityType)).map((d) => [d.key, d])), values);
    },

    /**
     * validate, inside the transaction that writes `values`, against the definitions as they are
     * now, kept until the commit: a deletion of one of these fields, or a removal of a choice,
     * waits and then counts these values (409), or, if it came first, makes this a 400 naming the
     * field. Checked before the transaction only, a value written meanwhile outlived its field
     * (PostgreSQL, READ COMMITTED): a value no field defines, or a choice no longer offered.
     */
    async validateIn(trx: Tx, entityType: string, values: Record<string, Value>): Promise<void> {
      const keys = Object.keys(values);
      if (keys.length === 0) return;
      const rows = await dialect
        .forShare(trx.selectFrom('custom_field_definitions').select(['key', 'type', 'choices']).where('entity_type', '=', entityType).where('key', 'in', keys))
        .execute();
      assertValues(new Map(rows.map((r) => [r.key, { type: r.type as FieldType, choices: r.choices ? (JSON.parse(r.choices) as string[]) : [] }])), values);
    },
  };
}

export type CustomFieldsService = ReturnType<typeof createCustomFieldsService>;
