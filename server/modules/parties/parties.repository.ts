import type { Db, DialectFeatures, Tx } from '../../db/dialect/features.js';
import { prepared } from '../../db/prepared.js';
import type { EntityType } from '../../db/schema.js';
import { newId } from '../../ids.js';
import { fullTextPhoneForms, normalizePhone } from '../../lib/phone.js';
import { fold, tokenText } from '../../lib/text.js';
import type { AddressInput, EmailInput, PhoneInput, RelationshipInput } from './parties.schemas.js';

export interface PhoneView {
  number: string;
  e164: string | null;
  label: string | null;
}
export interface EmailView {
  address: string;
  label: string | null;
}
export interface AddressView {
  label: string | null;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
}
export interface RelationshipView {
  id: string;
  type: string;
  targetType: string | null;
  targetId: string | null;
}

/** Everything a person or organisation carries besides its own row. */
export interface PartyDetails {
  phones: PhoneView[];
  emails: EmailView[];
  addresses: AddressView[];
  tags: string[];
  customFields: Record<string, string | number | boolean | null>;
  relationships: RelationshipView[];
}

export function emptyDetails(): PartyDetails {
  return { phones: [], emails: [], addresses: [], tags: [], customFields: {}, relationships: [] };
}

/** SQL for the contact points, tags, custom fields, relationships and search documents of both kinds. */
export function createPartiesRepository(db: Db, defaultRegion: string, dialect: DialectFeatures) {
  // Compiled once: every record view (lists, record page, caller lookup) runs these four.
  const detailQueries = {
    points: prepared((ids: readonly string[]) => db.selectFrom('contact_points').selectAll().where('entity_id', 'in', ids).orderBy('position').orderBy('id')),
    tags: prepared((ids: readonly string[]) => db.selectFrom('tags').select(['entity_id', 'tag']).where('entity_id', 'in', ids).orderBy('tag')),
    values: prepared((ids: readonly string[]) => db.selectFrom('custom_field_values').selectAll().where('entity_id', 'in', ids)),
    relationships: prepared((ids: readonly string[]) =>
      db.selectFrom('relationships').select(['id', 'subject_id', 'type_key', 'object_type', 'object_id']).where('subject_id', 'in', ids).orderBy('created_at').orderBy('id'),
    ),
  };
  return {
    /** Loads the details of many records in five queries (one per collection), never one per record. */
    async loadDetails(handle: Tx, ids: string[], fieldTypes: Map<string, string>): Promise<Map<string, PartyDetails>> {
      const result = new Map<string, PartyDetails>(ids.map((id) => [id, emptyDetails()]));
      if (ids.length === 0) return result;
      const [points, tags, values, relationships] = await Promise.all([
        detailQueries.points(handle, ids),
        detailQueries.tags(handle, ids),
        detailQueries.values(handle, ids),
        detailQueries.relationships(handle, ids),
      ]);
      for (const p of points) {
        const d = result.get(p.entity_id)!;
        if (p.kind === 'phone') d.phones.push({ number: p.value, e164: p.normalized, label: p.label });
        else if (p.kind === 'email') d.emails.push({ address: p.value, label: p.label });
        else d.addresses.push({ label: p.label, street: p.value || null, postalCode: p.postal_code, city: p.city, country: p.country });
      }
      for (const t of tags) result.get(t.entity_id)!.tags.push(t.tag);
      for (const v of values) {
        const type = fieldTypes.get(v.field_key);
        result.get(v.entity_id)!.customFields[v.field_key] =
          type === 'number' ? v.value_number : type === 'boolean' ? v.value_number === 1 : v.value_text;
      }
      for (const r of relationships) {
        result.get(r.subject_id)!.relationships.push({ id: r.id, type: r.type_key, targetType: r.object_type, targetId: r.object_id });
      }
      return result;
    },

    async replacePhones(trx: Tx, entityType: EntityType, entityId: string, phones: PhoneInput[]) {
      await trx.deleteFrom('contact_points').where('entity_id', '=', entityId).where('kind', '=', 'phone').execute();
      if (phones.length === 0) return;
      await trx
        .insertInto('contact_points')
        .values(
          phones.map((p, position) => ({
            id: newId(),
            entity_type: entityType,
            entity_id: entityId,
            kind: 'phone',
            label: p.label ?? null,
            value: p.number,
            normalized: normalizePhone(p.number, defaultRegion).e164,
            postal_code: null,
            city: null,
            country: null,
            position,
          })),
        )
        .execute();
    },

    async replaceEmails(trx: Tx, entityType: EntityType, entityId: string, emails: EmailInput[]) {
      await trx.deleteFrom('contact_points').where('entity_id', '=', entityId).where('kind', '=', 'email').execute();
      if (emails.length === 0) return;
      await trx
        .insertInto('contact_points')
        .values(
          emails.map((e, position) => ({
            id: newId(),
            entity_type: entityType,
            entity_id: entityId,
            kind: 'email',
            label: e.label ?? null,
            value: e.address,
            normalized: e.address.toLowerCase(),
            postal_code: null,
            city: null,
            country: null,
            position,
          })),
        )
        .execute();
    },

    async replaceAddresses(trx: Tx, entityType: EntityType, entityId: string, addresses: AddressInput[]) {
      await trx.deleteFrom('contact_points').where('entity_id', '=', entityId).where('kind', '=', 'address').execute();
      if (addresses.length === 0) return;
      await trx
        .insertInto('contact_points')
        .values(
          addresses.map((a, position) => ({
            id: newId(),
            entity_type: entityType,
            entity_id: entityId,
            kind: 'address',
            label: a.label ?? null,
            value: a.street ?? '',
            normalized: null,
            postal_code: a.postalCode ?? null,
            city: a.city ?? null,
            country: a.country ?? null,
            position,
          })),
        )
        .execute();
    },

    async replaceTags(trx: Tx, entityType: EntityType, entityId: string, tags: string[]) {
      await trx.deleteFrom('tags').where('entity_id', '=', entityId).execute();
      if (tags.length === 0) return;
      await trx.insertInto('tags').values(tags.map((tag) => ({ entity_type: entityType, entity_id: entityId, tag }))).execute();
    },

    /** Sets the given custom fields (null removes one); others are left as they are. */
    async setCustomFields(
      trx: Tx,
      entityType: EntityType,
      entityId: string,
      values: Record<string, string | number | boolean | null>,
    ) {
      for (const [key, value] of Object.entries(values)) {
        await trx.deleteFrom('custom_field_values').where('entity_id', '=', entityId).where('field_key', '=', key).execute();
        if (value === null) continue;
        await trx
          .insertInto('custom_field_values')
          .values({
            entity_type: entityType,
            entity_id: entityId,
            field_key: key,
            value_text: typeof value === 'string' ? value : null,
            value_folded: typeof value === 'string' ? fold(value) : null,
            value_number: typeof value === 'number' ? value : typeof value === 'boolean' ? (value ? 1 : 0) : null,
          })
          .execute();
      }
    },

    async replaceRelationships(trx: Tx, entityType: EntityType, entityId: string, items: RelationshipInput[], at: string, by: string | null) {
      await trx.deleteFrom('relationships').where('subject_id', '=', entityId).execute();
      if (items.length === 0) return;
      await trx
        .insertInto('relationships')
        .values(
          items.map((r) => ({
            id: newId(),
            type_key: r.type,
            subject_type: entityType,
            subject_id: entityId,
            object_type: r.targetId ? (r.targetType ?? 'organisation') : null,
            object_id: r.targetId ?? null,
            created_at: at,
            created_by: by,
          })),
        )
        .execute();
    },

    /** Rewrites the folded search document of a record (names weigh more than the rest). */
    async writeSearchDocument(
      trx: Tx,
      doc: { entityType: EntityType; entityId: string; title: string; subtitle: string | null; details: PartyDetails; extra: string[] },
    ) {
      const d = doc.details;
      const phoneForms = d.phones.flatMap((p) => fullTextPhoneForms(p.number, defaultRegion));
      const customText = Object.values(d.customFields).filter((v): v is string => typeof v === 'string');
      const content = tokenText(
        ...d.emails.map((e) => e.address),
        phoneForms.join(' '),
        ...d.addresses.map((a) => `${a.city ?? ''} ${a.postalCode ?? ''}`),
        ...d.tags,
        ...customText,
        ...doc.extra,
      );
      const title = tokenText(doc.title);
      const row = {
        entity_type: doc.entityType,
        entity_id: doc.entityId,
        title,
        content,
        display_title: doc.title.slice(0, 400),
        display_subtitle: doc.subtitle?.slice(0, 400) ?? null,
        name_beginnings: dialect.nameBeginnings(title),
      };
      await trx
        .insertInto('search_documents')
        .values(row)
        .onConflict((oc) => oc.columns(['entity_type', 'entity_id']).doUpdateSet({
          title: row.title,
          content: row.content,
          display_title: row.display_title,
          display_subtitle: row.display_subtitle,
          name_beginnings: row.name_beginnings,
        }))
        .execute();
    },

    async deleteSearchDocument(trx: Tx, entityType: EntityType, entityId: string) {
      await trx.deleteFrom('search_documents').where('entity_type', '=', entityType).where('entity_id', '=', entityId).execute();
    },

    /** Records of a kind whose phone (E.164) or e-mail matches, for duplicate detection and caller ID. */
    async findByContact(kind: 'phone' | 'email', normalized: string[], entityType?: EntityType) {
      if (normalized.length === 0) return [];
      let query = db
        .selectFrom('contact_points')
        .select(['entity_type', 'entity_id', 'normalized'])
        .where('kind', '=', kind)
        .where('normalized', 'in', normalized);
      if (entityType) query = query.where('entity_type', '=', entityType);
      return query.execute();
    },
  };
}

export type PartiesRepository = ReturnType<typeof createPartiesRepository>;
