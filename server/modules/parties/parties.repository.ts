import { sql } from 'kysely';
import type { Db, Tx } from '../../db/dialect/features.js';
import { prepared } from '../../db/prepared.js';
import type { EntityType } from '../../db/schema.js';
import { newId } from '../../ids.js';
import { fullTextPhoneForms, normalizePhone } from '../../lib/phone.js';
import { cityKey, foldedValue, tokenText } from '../../lib/text.js';
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
/** Another live record's relationship naming this one (a person "contact-of" this organisation). */
export interface IncomingRelationshipView {
  id: string;
  type: string;
  sourceType: string;
  sourceId: string;
}

/** Everything a person or organisation carries besides its own row. */
export interface PartyDetails {
  phones: PhoneView[];
  emails: EmailView[];
  addresses: AddressView[];
  tags: string[];
  customFields: Record<string, string | number | boolean | null>;
  relationships: RelationshipView[];
  incomingRelationships: IncomingRelationshipView[];
}

export function emptyDetails(): PartyDetails {
  return { phones: [], emails: [], addresses: [], tags: [], customFields: {}, relationships: [], incomingRelationships: [] };
}

/** The organisations a person belongs to, or the people an organisation has (live records only). */
export interface Membership {
  organisations: { id: string; name: string }[];
  memberIds: string[];
}

/** One row of the details query: its collection (`part`), its record (`owner`), its values. */
export interface DetailRow {
  part: number;
  owner: string;
  t1: string | null;
  t2: string | null;
  t3: string | null;
  t4: string | null;
  t5: string | null;
  t6: string | null;
  t7: string | null;
  n: number | null;
}

/** The collections of a record view, in the `part` column of the details query. */
const PART = { point: 0, tag: 1, value: 2, relationship: 3, membership: 4, incoming: 5 } as const;

/**
 * Every collection of a page of records in one query, sorted within each collection: contact
 * points, tags, custom field values, relationships (its own, and those of other live records naming
 * it), memberships (a person's organisations, or an organisation's people). A record view — list page, record page, caller
 * lookup — then waits for one query instead of five: on PostgreSQL each query is a round trip
 * through the driver and a socket write on both sides, a third of a caller lookup's CPU at 1M people.
 * Columns: t1–t7 texts, n a number, s1 (number) s2 s3 (texts) the order within a part; PostgreSQL
 * types a union column from its first branches, hence the typed NULL for n.
 */
function detailsSql(entityType: EntityType, ids: readonly string[]) {
  const list = sql.join(ids);
  const membership =
    entityType === 'person'
      ? sql`SELECT ${sql.lit(PART.membership)}, po.person_id, o.id, o.name, NULL, NULL, NULL, NULL, NULL, NULL, NULL, o.name_key, o.id
            FROM person_organisations po JOIN organisations o ON o.id = po.organisation_id
            WHERE po.person_id IN (${list}) AND o.deleted_at IS NULL`
      : sql`SELECT ${sql.lit(PART.membership)}, po.organisation_id, p.id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, p.id, NULL
            FROM person_organisations po JOIN people p ON p.id = po.person_id
            WHERE po.organisation_id IN (${list}) AND p.deleted_at IS NULL`;
  return sql<DetailRow & { s1: unknown; s2: unknown; s3: unknown }>`
    SELECT ${sql.lit(PART.point)} AS part, entity_id AS owner, kind AS t1, value AS t2, normalized AS t3, label AS t4, postal_code AS t5, city AS t6, country AS t7,
           CAST(NULL AS DOUBLE PRECISION) AS n, "position" AS s1, id AS s2, NULL AS s3
      FROM contact_points WHERE entity_id IN (${list})
    UNION ALL SELECT ${sql.lit(PART.tag)}, entity_id, tag, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, tag, NULL FROM tags WHERE entity_id IN (${list})
    UNION ALL SELECT ${sql.lit(PART.value)}, entity_id, field_key, value_text, NULL, NULL, NULL, NULL, NULL, value_number, NULL, NULL, NULL
      FROM custom_field_values WHERE entity_id IN (${list})
    UNION ALL SELECT ${sql.lit(PART.relationship)}, subject_id, id, type_key, object_type, object_id, NULL, NULL, NULL, NULL, NULL, created_at, id
      FROM relationships WHERE subject_id IN (${list})
    UNION ALL SELECT ${sql.lit(PART.incoming)}, r.object_id, r.id, r.type_key, r.subject_type, r.subject_id, NULL, NULL, NULL, NULL, NULL, r.created_at, r.id
      FROM relationships r WHERE r.object_id IN (${list})
       AND NOT EXISTS (SELECT 1 FROM people p WHERE p.id = r.subject_id AND p.deleted_at IS NOT NULL)
       AND NOT EXISTS (SELECT 1 FROM organisations o WHERE o.id = r.subject_id AND o.deleted_at IS NOT NULL)
    UNION ALL ${membership}
    ORDER BY part, s1, s2, s3`;
}

/** The records' views' collections from the rows of the details query (in its order). */
function foldDetails(
  entityType: 'person' | 'organisation',
  ids: readonly string[],
  rows: readonly DetailRow[],
  fieldTypes: Map<string, string>,
): { details: Map<string, PartyDetails>; memberships: Map<string, Membership> } {
  const details = new Map<string, PartyDetails>(ids.map((id) => [id, emptyDetails()]));
  const memberships = new Map<string, Membership>(ids.map((id) => [id, { organisations: [], memberIds: [] }]));
  for (const r of rows) {
    const d = details.get(r.owner)!;
    switch (Number(r.part)) {
      case PART.point:
        if (r.t1 === 'phone') d.phones.push({ number: r.t2!, e164: r.t3, label: r.t4 });
        else if (r.t1 === 'email') d.emails.push({ address: r.t2!, label: r.t4 });
        else d.addresses.push({ label: r.t4, street: r.t2 || null, postalCode: r.t5, city: r.t6, country: r.t7 });
        break;
      case PART.tag:
        d.tags.push(r.t1!);
        break;
      case PART.value: {
        const type = fieldTypes.get(r.t1!);
        d.customFields[r.t1!] = type === 'number' ? r.n : type === 'boolean' ? r.n === 1 : r.t2;
        break;
      }
      case PART.relationship:
        d.relationships.push({ id: r.t1!, type: r.t2!, targetType: r.t3, targetId: r.t4 });
        break;
      case PART.incoming:
        d.incomingRelationships.push({ id: r.t1!, type: r.t2!, sourceType: r.t3!, sourceId: r.t4! });
        break;
      case PART.membership:
        if (entityType === 'person') memberships.get(r.owner)!.organisations.push({ id: r.t1!, name: r.t2! });
        else memberships.get(r.owner)!.memberIds.push(r.t1!);
    }
  }
  return { details, memberships };
}

/** SQL for the contact points, tags, custom fields, relationships and search documents of both kinds. */
export function createPartiesRepository(db: Db, defaultRegion: string) {
  // Compiled once per kind (and number of records): every record view runs one of these.
  const detailQueries = {
    person: prepared((ids: readonly string[]) => ({ compile: () => detailsSql('person', ids).compile(db) })),
    organisation: prepared((ids: readonly string[]) => ({ compile: () => detailsSql('organisation', ids).compile(db) })),
  };
  return {
    /** The details and memberships of many records of one kind in one query, never one per record. */
    async loadDetails(
      handle: Tx,
      entityType: 'person' | 'organisation',
      ids: string[],
      fieldTypes: Map<string, string>,
    ): Promise<{ details: Map<string, PartyDetails>; memberships: Map<string, Membership> }> {
      const rows = ids.length ? await detailQueries[entityType](handle, ids) : [];
      return foldDetails(entityType, ids, rows, fieldTypes);
    },

    /**
     * The same rows as a subquery, for a query that reads them along with others (the caller
     * card, see lookup.service.ts); `ids` are used only as values (db/prepared.ts placeholders).
     * Ordered like the details query, for foldDetails.
     */
    detailRows(entityType: 'person' | 'organisation', ids: readonly string[]) {
      return db
        .selectFrom(sql<DetailRow & { s1: unknown; s2: unknown; s3: unknown }>`(${detailsSql(entityType, ids)})`.as('d'))
        .select(['d.part', 'd.owner', 'd.t1', 'd.t2', 'd.t3', 'd.t4', 'd.t5', 'd.t6', 'd.t7', 'd.n'])
        .orderBy('d.part')
        .orderBy('d.s1')
        .orderBy('d.s2')
        .orderBy('d.s3');
    },

    foldDetails,

    async replacePhones(trx: Tx, entityType: EntityType, entityId: string, phones: PhoneInput[]) {
      await trx.deleteFrom('contact_points').where('entity_id', '=', entityId).where('kind', '=', 'phone').execute();
      // The same number written twice ("06 22 33 44 55" and "+33622334455") is kept once, as first written.
      const seen = new Set<string>();
      const unique = phones
        .map((p) => ({ ...p, e164: normalizePhone(p.number, defaultRegion).e164 }))
        .filter((p) => {
          const key = p.e164 ?? p.number;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
      if (unique.length === 0) return;
      await trx
        .insertInto('contact_points')
        .values(
          unique.map((p, position) => ({
            id: newId(),
            entity_type: entityType,
            entity_id: entityId,
            kind: 'phone',
            label: p.label ?? null,
            value: p.number,
            normalized: p.e164,
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
            city_key: cityKey(a.city),
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
            value_folded: typeof value === 'string' ? foldedValue(value) : null,
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
      };
      await trx
        .insertInto('search_documents')
        .values(row)
        .onConflict((oc) => oc.columns(['entity_type', 'entity_id']).doUpdateSet({
          title: row.title,
          content: row.content,
          display_title: row.display_title,
          display_subtitle: row.display_subtitle,
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
