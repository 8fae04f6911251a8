import { distance } from 'fastest-levenshtein';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Clock } from '../../clock.js';
import type { Caller } from '../../context.js';
import { SEARCH_CANDIDATES, type Db, type DialectFeatures, type Tx } from '../../db/dialect/features.js';
import { AppError } from '../../errors.js';
import { newId } from '../../ids.js';
import { isValidPhone, normalizePhone } from '../../lib/phone.js';
import { LIST_TOTAL_CAP, totalOf, type ListTotal } from '../../lib/list-total.js';
import { isWrongPostalCode, WRONG_POSTAL_CODE } from '../../lib/postal-code.js';
import { byName, cityKey, sortKey, tokens } from '../../lib/text.js';
import type { Grant } from '../access/permissions.js';
import { diff, writeAudit } from '../audit/audit.js';
import { customFieldCondition, type CustomFilter } from '../custom-fields/custom-field-filters.js';
import type { CustomFieldsService } from '../custom-fields/custom-fields.service.js';
import type { SearchService } from '../search/search.service.js';
import type { DetailRow, Membership, PartiesRepository, PartyDetails } from './parties.repository.js';
import type { AddressInput, CustomFieldInput, EmailInput, PhoneInput, RelationshipInput } from './parties.schemas.js';
import { firmNameWords } from './firm-names.js';
import { assertLiveParty, isLiveParty } from './live-party.js';
import { listSorts, PARTY_REFERENCES, type PartyKind } from './party-kinds.js';

/** Rows of people and organisations read through one loose handle: the kind says which columns exist. */
type Row = Record<string, unknown> & { id: string; version: number; owner_id: string | null };
type LooseDb = Kysely<Record<string, Row>>;

/** The audit's name for rows of PARTY_REFERENCES.moved, and which of them carry a version. */
const MOVED_ENTITY_TYPE: Record<string, string> = { tasks: 'task', calls: 'call', callbacks: 'callback', requests: 'request', leads: 'lead' };
const VERSIONED_REFERENCES = new Set(['tasks', 'callbacks', 'requests', 'leads']);

/**
 * Sorts after every text a sort compares (folded words, compared as bytes on both databases): the
 * last code point, U+10FFFF, whose UTF-8 bytes (F4 8F BF BF) come after any other character's.
 */
const AFTER_ANY_TEXT = '\u{10FFFF}';

/** A text sort value that puts the records without one (null or '') last, ascending or descending. */
function lastWhenEmpty(value: RawBuilder<unknown>, desc: boolean): RawBuilder<unknown> {
  return sql`COALESCE(NULLIF(${value}, ''), ${desc ? '' : AFTER_ANY_TEXT})`;
}

/** A list filter: the records whose id appears in `idColumn` of the rows of `from` matching `where` (alias f). */
interface RecordFilter {
  from: RawBuilder<unknown>;
  idColumn: string;
  where: RawBuilder<unknown>;
  /**
   * A filter on the record's own column (the owner): the condition on the listed record itself,
   * as an index can serve it, and written so that none does (checked on each record of a walked
   * sort index, instead of the database sorting every match found through the column's index).
   */
  own?: { indexed: RawBuilder<boolean>; walked: RawBuilder<boolean> };
}

/**
 * Above this many matching rows, a filtered list walks the sort index instead of sorting the
 * matches. Measured at 1M people on SQLite: sorting 6,000 matches ≈ 12 ms, walking to find 51 of
 * them ≈ 5 ms (the partial sort index needs no row read per step); both ≈ 8 ms near 4,000
 * (crossover ≈ √(page × records × walk step / sort step)), so it scales with √records: at 100k
 * people a tag on 3,985 of them took 21 ms sorted, 3 ms walked.
 */
const FILTER_WALK_AT_1M = 4000;
function filterWalkThreshold(records: number): number {
  return Math.max(200, Math.round(FILTER_WALK_AT_1M * Math.sqrt(records / 1_000_000)));
}
/** How long a table's estimated size is reused before it is read again. */
const RECORD_ESTIMATE_TTL_MS = 60_000;

export interface PartyInput {
  /** firstName/lastName or name, depending on the kind. */
  names: Record<string, string | undefined>;
  phones?: PhoneInput[];
  emails?: EmailInput[];
  addresses?: AddressInput[];
  tags?: string[];
  customFields?: CustomFieldInput;
  relationships?: RelationshipInput[];
  ownerId?: string | null;
  teamId?: string | null;
  /** People only: the organisations they belong to. */
  organisationIds?: string[];
}

export interface ListQuery {
  q?: string;
  /** Multi-value filters: records with any of the values (one value: the plan tuned for it). */
  tag?: string[];
  ownerId?: string[];
  city?: string[];
  relationship?: string[];
  organisationId?: string;
  /** Filters whose records must have no value: ownerId, tag, city, relationship, organisationId (people), cf.KEY. */
  missing?: string[];
  /** cf.KEY, cf.KEY.min, cf.KEY.max, cf.KEY.prefix parameters, see custom-field-filters.ts */
  customFilters: CustomFilter[];
  sort?: string;
  limit: number;
  cursor?: string;
  /** Count the matching records too, up to LIST_TOTAL_CAP (first page only: ignored with a cursor). */
  total?: boolean;
}

/** A list page; `total` only when asked for. */
export interface ListPage {
  items: (PartyView & { matchedCity?: string })[];
  nextCursor: string | null;
  total?: number;
  totalIsLowerBound?: boolean;
}

export interface Duplicate {
  id: string;
  type: string;
  displayName: string;
  /** The strongest of `reasons`. */
  reason: DuplicateReason;
  /** Everything the two records share, strongest first: one badge each in the form's warning. */
  reasons: DuplicateReason[];
}

export type DuplicateReason = 'phone' | 'email' | 'name';

export type PartyView = Record<string, unknown> & { id: string; displayName: string; version: number; ownerId: string | null };

/**
 * A list filtered by city also gives each record the city it matched on (its first address in one
 * of the cities asked for): the record may have matched on its second address, and its first
 * address's city, which the list shows otherwise, would then be another town.
 */
function withMatchedCity(items: PartyView[], cityFilter: string[] | undefined): ListPage['items'] {
  if (!cityFilter?.length) return items;
  // Compared as the filter compares them (case, accents and hyphens ignored); a city without a letter matches nothing.
  const asked = new Set(cityFilter.map(cityKey).filter(Boolean));
  return items.map((item) => {
    const matched = (item.addresses as { city: string | null }[]).find((address) => asked.has(cityKey(address.city)));
    return matched?.city ? { ...item, matchedCity: matched.city } : item;
  });
}

/**
 * What the audit compares of a record view: not its bookkeeping, nor the relationships other
 * records hold to it (each is audited on the record that holds it).
 */
function auditedFields(view: PartyView): Record<string, unknown> {
  const { id: _i, version: _v, createdAt: _c, updatedAt: _u, createdBy: _cb, updatedBy: _ub, incomingRelationships: _in, ...fields } = view;
  return fields;
}

function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

function decodeCursor(cursor: string, length: number): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values) && values.length === length && values.every((v) => ['string', 'number'].includes(typeof v))) {
      return values;
    }
  } catch {
    // falls through to the error below
  }
  throw new AppError('VALIDATION_FAILED', 'cursor: invalid', [{ path: 'cursor', message: 'invalid cursor' }]);
}

/** Rewrites people's search documents when their organisation is renamed, merged or deleted. */
export interface MemberSearch {
  /** Read before a transaction (SQLite has one connection). */
  typesFor(): Promise<Map<string, string>>;
  refreshSearchDocuments(trx: Tx, ids: string[], cfTypes: Map<string, string>): Promise<void>;
}

/** Thrown inside a transaction that turned out to change nothing: rolled back, the record unchanged. */
class NothingChanged extends Error {}

/**
 * Rules shared by people and organisations: validation, duplicates, audit, search document,
 * optimistic concurrency, merge. `kind` supplies what differs.
 */
export function createPartyService(
  kind: PartyKind,
  deps: {
    db: Db;
    dialect: DialectFeatures;
    clock: Clock;
    parties: PartiesRepository;
    customFields: CustomFieldsService;
    search: SearchService;
    defaultRegion: string;
    /** Organisations only: the people service, whose search documents carry their organisation's name. */
    members?: MemberSearch;
    /** Where counting a list's total stops (LIST_TOTAL_CAP; tests make it small). */
    totalCap?: number;
  },
) {
  const { db, dialect, clock, parties, customFields, search } = deps;
  const loose = db as unknown as LooseDb;
  const isPerson = kind.entityType === 'person';

  function toView(row: Row, details: PartyDetails, membership: Membership): PartyView {
    const names = Object.fromEntries(Object.entries(kind.nameColumns).map(([field, column]) => [field, row[column]]));
    return {
      id: row.id,
      ...names,
      displayName: kind.displayName(row),
      ...details,
      ...(isPerson
        ? { organisationIds: membership.organisations.map((o) => o.id), organisations: membership.organisations }
        : { memberIds: membership.memberIds }),
      ownerId: row.owner_id,
      teamId: row.team_id ?? null,
      createdAt: row.created_at,
      createdBy: row.created_by ?? null,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by ?? null,
      version: row.version,
    };
  }

  /** Each row's view from its kind's details, as loadDetails and foldDetails give them. */
  function assemble(rows: Row[], { details, memberships }: { details: Map<string, PartyDetails>; memberships: Map<string, Membership> }): PartyView[] {
    return rows.map((r) => toView(r, details.get(r.id)!, memberships.get(r.id)!));
  }

  /** Views of many rows; `cfTypes` must be read before a transaction (SQLite has one connection). */
  async function views(rows: Row[], handle: Tx = db, cfTypes?: Map<string, string>): Promise<PartyView[]> {
    const types = cfTypes ?? (await customFields.typesFor(kind.entityType));
    return assemble(rows, await parties.loadDetails(handle, kind.entityType, rows.map((r) => r.id), types));
  }

  /** Views of rows whose details were read already, by a query of `detailRows` (a caller card). */
  async function viewsFrom(rows: Row[], detailRows: DetailRow[]): Promise<PartyView[]> {
    const types = await customFields.typesFor(kind.entityType);
    return assemble(rows, parties.foldDetails(kind.entityType, rows.map((r) => r.id), detailRows, types));
  }

  /**
   * Other records' relationships to `fromId` now name `toId` (a merge), or go (`toId` null: a
   * deletion — they would name a record nobody can open, and their owner could not save them
   * back). Audited on each record whose relationship changed.
   */
  async function repointIncomingRelationships(trx: Tx, caller: Caller, fromId: string, toId: string | null, now: string) {
    let incoming = trx.selectFrom('relationships').selectAll().where('object_id', '=', fromId);
    if (toId) incoming = incoming.where('subject_id', '<>', toId);
    const rows = await incoming.execute();
    if (toId) await trx.updateTable('relationships').set({ object_id: toId }).where('object_id', '=', fromId).execute();
    else await trx.deleteFrom('relationships').where('object_id', '=', fromId).execute();
    for (const r of rows) {
      const named = (targetId: string) => ({ type: r.type_key, targetType: r.object_type, targetId });
      await writeAudit(trx, {
        at: now,
        actorId: caller.id,
        entityType: r.subject_type,
        entityId: r.subject_id,
        action: 'update',
        changes: { relationships: { old: named(fromId), new: toId ? named(toId) : null } },
      });
    }
  }

  /** The live members of an organisation get search documents with its current name (or without it, deleted). */
  async function refreshMembers(trx: Tx, organisationId: string, memberTypes: Map<string, string> | undefined) {
    if (!deps.members || !memberTypes) return;
    const members = await trx
      .selectFrom('person_organisations as m')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .select('p.id')
      .where('m.organisation_id', '=', organisationId)
      .where('p.deleted_at', 'is', null)
      .execute();
    await deps.members.refreshSearchDocuments(trx, members.map((m) => m.id), memberTypes);
  }
  const memberTypes = async () => (!isPerson && deps.members ? deps.members.typesFor() : undefined);

  /**
   * The record filter everywhere (QUALITY 8): a deleted record's interactions leave the timeline
   * with it, those it was the last live participant of (a call with a person who stays on their
   * organisation's timeline stays). Audited one by one, in the deletion's transaction.
   */
  async function hideOrphanedInteractions(trx: Tx, caller: Caller, deletedId: string, now: string) {
    const live = (entity: 'person' | 'organisation', table: 'people' | 'organisations') => sql<boolean>`(p.entity_type = ${entity} AND EXISTS (SELECT 1 FROM ${sql.table(table)} r WHERE r.id = p.entity_id AND r.deleted_at IS NULL))`;
    const orphaned = await trx
      .selectFrom('interactions as i')
      .select(['i.id', 'i.version'])
      .where('i.deleted_at', 'is', null)
      .where('i.id', 'in', (eb) => eb.selectFrom('interaction_participants').select('interaction_id').where('entity_id', '=', deletedId))
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('interaction_participants as p').select('p.entity_id').whereRef('p.interaction_id', '=', 'i.id').where(sql<boolean>`(${live('person', 'people')} OR ${live('organisation', 'organisations')})`))),
      )
      .execute();
    for (const interaction of orphaned) {
      await trx.updateTable('interactions').set({ deleted_at: now, updated_at: now, updated_by: caller.id, version: interaction.version + 1 }).where('id', '=', interaction.id).execute();
      await writeAudit(trx, { at: now, actorId: caller.id, entityType: 'interaction', entityId: interaction.id, action: 'delete', changes: { deletedAt: { old: null, new: now } } });
    }
  }

  /**
   * A deleted record's open tasks: still about another live record (a contact's task filed on
   * their organisation too), they stay open there, detached from the deleted one; about nothing
   * else, they are cancelled (their reminder then never fires). Audited one by one.
   */
  async function closeOrphanedTasks(trx: Tx, caller: Caller, deletedId: string, now: string) {
    const column = isPerson ? 'person_id' : 'organisation_id';
    const other = isPerson ? 'organisation_id' : 'person_id';
    const otherType = isPerson ? 'organisation' : 'person';
    const tasks = await trx.selectFrom('tasks').select(['id', 'version', other]).where(column, '=', deletedId).where('status', '=', 'open').execute();
    for (const task of tasks) {
      const otherId = task[other];
      const keeps = otherId ? await isLiveParty(trx, otherType, otherId) : false;
      const field = isPerson ? 'personId' : 'organisationId';
      const set = keeps ? { [column]: null } : { status: 'cancelled', completed_at: now, completed_by: caller.id };
      const changes = keeps ? { [field]: { old: deletedId, new: null } } : { status: { old: 'open', new: 'cancelled' } };
      await trx.updateTable('tasks').set({ ...set, updated_at: now, updated_by: caller.id, version: task.version + 1 }).where('id', '=', task.id).execute();
      await writeAudit(trx, { at: now, actorId: caller.id, entityType: 'task', entityId: task.id, action: 'update', changes });
    }
  }

  async function loadRow(trx: Tx, id: string): Promise<Row> {
    const row = (await (trx as unknown as LooseDb).selectFrom(kind.table).selectAll().where('id', '=', id).executeTakeFirst()) as Row | undefined;
    if (!row || row.deleted_at) {
      const mergedInto = row?.merged_into_id ?? null;
      throw new AppError('NOT_FOUND', `${kind.entityType} not found`, mergedInto ? { mergedIntoId: mergedInto } : undefined);
    }
    return row;
  }

  async function assertOwnerAllowed(caller: Caller, grant: Grant, ownerId: string | null | undefined, currentOwner: string | null = null) {
    if (ownerId === undefined) return;
    // Only those with rights over every record may hand a record to someone else (QUALITY 7), or
    // to nobody when they edit only what they own (they would lose it). Others may take a record
    // nobody owns, or give up their own; taking a colleague's customer (or freeing it) is a
    // manager's decision: the rep would be locked out of their own customer.
    if (grant !== 'any' || !['admin', 'manager'].includes(caller.role)) {
      if (currentOwner !== null && currentOwner !== caller.id) {
        throw new AppError('FORBIDDEN', 'ownerId: this record has another owner; a manager may hand it over', [{ path: 'ownerId', message: 'owned by someone else' }]);
      }
      if (ownerId === null && grant === 'any') return;
      if (ownerId !== caller.id) throw new AppError('FORBIDDEN', 'ownerId: you may only set yourself as owner', [{ path: 'ownerId', message: 'not allowed' }]);
    }
    // Only a new owner is checked (update calls this when the owner changes): one disabled since stays.
    if (ownerId === null) return;
    // A disabled account cannot work the record, as a task cannot be given to one.
    const user = await db.selectFrom('users').select(['id', 'disabled']).where('id', '=', ownerId).executeTakeFirst();
    if (!user || user.disabled) throw new AppError('VALIDATION_FAILED', 'ownerId: unknown or disabled user', [{ path: 'ownerId', message: 'unknown or disabled user' }]);
  }

  /**
   * The numbers of `phones` that are not phone numbers, as validation details. Numbers the record
   * (`before`) already holds are kept as they are, even if saved before numbers were checked against
   * the numbering plan (imports, older versions).
   */
  function badNumbers(phones: readonly { number: string }[] | undefined, before?: PartyView) {
    const kept = new Set(((before?.phones ?? []) as { number: string }[]).map((p) => p.number));
    return (phones ?? []).flatMap((p, i) =>
      !kept.has(p.number) && !isValidPhone(p.number, deps.defaultRegion) ? [{ path: `phones.${i}.number`, message: 'not a phone number' }] : [],
    );
  }

  /**
   * The postal codes of `addresses` that cannot be one of their country ("ABCDE" in France), as
   * validation details. An address the record (`before`) already holds with that code and country
   * is kept as it is, like its numbers: saved before codes were checked, it must not block the
   * record's next change.
   */
  function badPostalCodes(addresses: readonly { postalCode?: string | null; country?: string | null }[] | undefined, before?: PartyView) {
    const kept = new Set(((before?.addresses ?? []) as { postalCode: string | null; country: string | null }[]).map((a) => `${a.postalCode}|${a.country}`));
    return (addresses ?? []).flatMap((a, i) =>
      !kept.has(`${a.postalCode}|${a.country}`) && isWrongPostalCode(a.postalCode, a.country) ? [{ path: `addresses.${i}.postalCode`, message: WRONG_POSTAL_CODE }] : [],
    );
  }

  /**
   * @param before the record being changed: numbers and postal codes it already holds are kept as
   *   they are, even if saved before they were checked (imports, older versions).
   */
  async function validateReferences(input: PartyInput, before?: PartyView) {
    const details: { path: string; message: string }[] = [];
    if (input.customFields) await customFields.validate(kind.entityType, input.customFields);
    if (input.relationships?.length) {
      const known = new Set((await db.selectFrom('relationship_types').select('key').execute()).map((r) => r.key));
      for (const [i, r] of input.relationships.entries()) {
        if (!known.has(r.type)) details.push({ path: `relationships.${i}.type`, message: 'unknown relationship type' });
        if (!r.targetId) continue;
        if (before && r.targetId === before.id) {
          details.push({ path: `relationships.${i}.targetId`, message: 'a record cannot be related to itself' });
          continue;
        }
        // "contact-of X": X must be a live record of the kind named (an organisation unless told).
        if (await isLiveParty(db, r.targetType ?? 'organisation', r.targetId)) continue;
        // A person named without its kind: say what is missing rather than "not found".
        if (!r.targetType && (await isLiveParty(db, 'person', r.targetId))) {
          details.push({ path: `relationships.${i}.targetType`, message: 'required for a person: send "person" (an organisation is assumed otherwise)' });
        } else details.push({ path: `relationships.${i}.targetId`, message: 'not found' });
      }
    }
    if (input.organisationIds?.length) {
      const found = await db.selectFrom('organisations').select('id').where('id', 'in', input.organisationIds).where('deleted_at', 'is', null).execute();
      const ok = new Set(found.map((f) => f.id));
      input.organisationIds.forEach((id, i) => {
        if (!ok.has(id)) details.push({ path: `organisationIds.${i}`, message: 'unknown organisation' });
      });
    }
    details.push(...badNumbers(input.phones, before), ...badPostalCodes(input.addresses, before));
    if (before) {
      // The create schema asks for a name; a change must not take the last one away.
      const names = Object.keys(kind.nameColumns).map((field) => input.names[field] ?? before[field]);
      if (!names.some((name) => typeof name === 'string' && name.trim() !== '')) {
        const field = Object.keys(kind.nameColumns).at(-1)!;
        details.push({ path: field, message: 'a name is required' });
      }
    }
    if (input.teamId) {
      const team = await db.selectFrom('teams').select('id').where('id', '=', input.teamId).executeTakeFirst();
      if (!team) details.push({ path: 'teamId', message: 'unknown team' });
    }
    if (details.length) throw new AppError('VALIDATION_FAILED', `Invalid fields: ${details.map((d) => d.path).join(', ')}`, details);
  }

  /**
   * Inside the transaction that writes `input`: the records and relationship types it names are
   * still there, and stay so until the commit (validateReferences checked them before it). A
   * deletion or merge of a named record, or a deletion of a named type, then waits, and finds and
   * repoints or counts what this wrote; one that came first makes this a 400 naming the field.
   * Checked before the transaction only, a link written meanwhile outlived its target on
   * PostgreSQL (READ COMMITTED): a relationship to a deleted record, which its owner could then not
   * save back, or a membership of a deleted organisation kept in the search document.
   * The records are locked in id order, the record written (`selfId`) among them, as merges claim
   * theirs: two records naming each other, written at once, wait for one another instead of
   * deadlocking.
   */
  async function lockReferences(trx: Tx, input: PartyInput, selfId?: string) {
    const named: { type: 'person' | 'organisation'; id: string; path: string }[] = [];
    for (const [i, r] of (input.relationships ?? []).entries()) {
      if (r.targetId) named.push({ type: r.targetType ?? 'organisation', id: r.targetId, path: `relationships.${i}.targetId` });
    }
    if (isPerson) for (const [i, o] of (input.organisationIds ?? []).entries()) named.push({ type: 'organisation', id: o, path: `organisationIds.${i}` });
    const types = [...new Set((input.relationships ?? []).map((r) => r.type))];
    if (types.length) {
      const known = new Set((await dialect.forShare(trx.selectFrom('relationship_types').select('key').where('key', 'in', types)).execute()).map((t) => t.key));
      const details = (input.relationships ?? []).flatMap((r, i) => (known.has(r.type) ? [] : [{ path: `relationships.${i}.type`, message: 'unknown relationship type' }]));
      if (details.length) throw new AppError('VALIDATION_FAILED', `Invalid fields: ${details.map((d) => d.path).join(', ')}`, details);
    }
    if (!named.length) return;
    const ids = [...new Set([...named.map((n) => n.id), ...(selfId ? [selfId] : [])])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const lockedId of ids) {
      if (lockedId === selfId) {
        await dialect.forUpdate((trx as unknown as LooseDb).selectFrom(kind.table).select('id').where('id', '=', selfId)).execute();
        continue;
      }
      const first = named.find((n) => n.id === lockedId)!;
      await assertLiveParty(trx, dialect, first.type, lockedId, first.path);
    }
  }

  async function writeCollections(trx: Tx, id: string, input: PartyInput, at: string, by: string) {
    if (input.phones) await parties.replacePhones(trx, kind.entityType, id, input.phones);
    if (input.emails) await parties.replaceEmails(trx, kind.entityType, id, input.emails);
    if (input.addresses) await parties.replaceAddresses(trx, kind.entityType, id, input.addresses);
    if (input.tags) await parties.replaceTags(trx, kind.entityType, id, input.tags);
    if (input.customFields) {
      // Checked again here, the fields kept until the commit: one deleted meanwhile (or a choice removed) is a 400, not a value left behind.
      await customFields.validateIn(trx, kind.entityType, input.customFields);
      await parties.setCustomFields(trx, kind.entityType, id, input.customFields);
    }
    if (input.relationships) await parties.replaceRelationships(trx, kind.entityType, id, input.relationships, at, by);
    if (isPerson && input.organisationIds) {
      await trx.deleteFrom('person_organisations').where('person_id', '=', id).execute();
      const orgIds = [...new Set(input.organisationIds)];
      if (orgIds.length) {
        await trx.insertInto('person_organisations').values(orgIds.map((o) => ({ person_id: id, organisation_id: o, created_at: at }))).execute();
      }
    }
  }

  /** Reads the record back inside the transaction and rewrites its search document. */
  async function refreshSearch(trx: Tx, id: string, cfTypes: Map<string, string>): Promise<PartyView> {
    const row = await loadRow(trx, id);
    const loaded = await parties.loadDetails(trx, kind.entityType, [id], cfTypes);
    const details = loaded.details.get(id)!;
    const membership = loaded.memberships.get(id)!;
    const view = toView(row, details, membership);
    const orgNames = membership.organisations.map((o) => o.name);
    const subtitle = isPerson
      ? orgNames[0] ?? details.emails[0]?.address ?? details.addresses[0]?.city ?? null
      : details.addresses[0]?.city ?? details.phones[0]?.number ?? null;
    await parties.writeSearchDocument(trx, {
      entityType: kind.entityType,
      entityId: id,
      title: view.displayName,
      subtitle,
      details,
      extra: orgNames,
    });
    return view;
  }

  async function findDuplicates(input: PartyInput, excludeId?: string): Promise<Duplicate[]> {
    // Each record with every reason it matched, found strongest first (phone, e-mail, then name).
    const found = new Map<string, DuplicateReason[]>();
    const add = (id: string, reason: DuplicateReason) => {
      const reasons = found.get(id) ?? [];
      if (!reasons.includes(reason)) reasons.push(reason);
      found.set(id, reasons);
    };
    const e164s = (input.phones ?? []).map((p) => normalizePhone(p.number, deps.defaultRegion).e164).filter((v): v is string => Boolean(v));
    for (const m of await parties.findByContact('phone', e164s, kind.entityType)) add(m.entity_id, 'phone');
    const emails = (input.emails ?? []).map((e) => e.address.toLowerCase());
    for (const m of await parties.findByContact('email', emails, kind.entityType)) add(m.entity_id, 'email');
    // A firm's name is compared without its legal form ("Transports Durand SARL" is "Transports Durand").
    const nameWords = (text: string) => (isPerson ? tokens(text) : firmNameWords(tokens(text)));
    const typedName = Object.values(input.names).filter(Boolean).join(' ');
    const terms = nameWords(typedName);
    // A firm is searched by its longer words alone: initials are indexed as written ("A.B.C." letter
    // by letter, "ABC" whole), so either spelling must not keep the other from the candidates.
    const searched = isPerson ? terms : terms.filter((t) => t.length >= 4);
    if (terms.length) {
      // Compared word by word in the order typed, and in alphabetical order too: first and last
      // name entered the other way round are the same person.
      const typed = [terms.join(' '), [...terms].sort().join(' ')];
      // Every candidate the search orders is compared: a typo after the third letter still matches.
      for (const hit of await dialect.search(db, (searched.length ? searched : terms).map((t) => t.slice(0, 3)), SEARCH_CANDIDATES, kind.entityType)) {
        const words = nameWords(hit.display_title);
        const other = [words.join(' '), [...words].sort().join(' ')];
        if (distance(typed[0], other[0]) <= 2 || distance(typed[1], other[1]) <= 2) add(hit.entity_id, 'name');
      }
    }
    if (excludeId) found.delete(excludeId);
    if (found.size === 0) return [];
    const rows = (await loose.selectFrom(kind.table).selectAll().where('id', 'in', [...found.keys()]).where('deleted_at', 'is', null).execute()) as Row[];
    return rows.map((r) => {
      const reasons = found.get(r.id)!;
      return { id: r.id, type: kind.entityType, displayName: kind.displayName(r), reason: reasons[0], reasons };
    });
  }

  /** The name columns a write sets, each with its sort key. */
  function namesToColumns(names: PartyInput['names']): Record<string, string> {
    const set: Record<string, string> = {};
    for (const [field, column] of Object.entries(kind.nameColumns)) {
      const value = names[field];
      if (value !== undefined) {
        set[column] = value;
        set[`${column}_key`] = sortKey(value);
      }
    }
    return set;
  }

  /**
   * Sorts on what the list shows from other tables: the first address's city (its folded words;
   * with a city filter, the first address in one of those cities),
   * the alphabetically first live organisation, the owner's name. Each is worked out per record, so
   * such a sort reads every record the filters keep (like a custom-field sort): quick on a firm's
   * lists or a filtered one, about a second over a million records.
   */
  async function computedSort(name: string, desc: boolean, cityFilter: string[] | undefined): Promise<RawBuilder<unknown> | undefined> {
    if (!kind.computedSorts.includes(name)) return undefined;
    if (name === 'city') {
      // Filtered by city, the list shows the first matching city (matchedCity): the order follows it.
      const keys = cityFilter?.length ? [...new Set(cityFilter.map((city) => cityKey(city) ?? ''))] : [];
      const matching = keys.length ? sql` AND c.city_key IN (${sql.join(keys)})` : sql``;
      return lastWhenEmpty(sql`(SELECT c.city_key FROM contact_points c WHERE c.entity_id = t.id AND c.kind = 'address' AND c.entity_type = ${kind.entityType}${matching}
        ORDER BY c.position LIMIT 1)`, desc);
    }
    if (name === 'organisation') {
      return lastWhenEmpty(sql`(SELECT min(o.name_key) FROM person_organisations po JOIN organisations o ON o.id = po.organisation_id AND o.deleted_at IS NULL
        WHERE po.person_id = t.id)`, desc);
    }
    if (name === 'owner') {
      // Users are few: ranked here by their names as people read them (sortKey, the same on both
      // databases), which neither database's own collation would do alike; no owner sorts last.
      const users = byName(await db.selectFrom('users').select(['id', 'name']).execute(), (u) => u.name);
      if (users.length === 0) return sql`0`;
      const none = desc ? 0 : users.length + 1;
      return sql`CASE ${sql.join(users.map((u, i) => sql`WHEN t.owner_id = ${u.id} THEN ${sql.lit(i + 1)}`), sql` `)} ELSE ${sql.lit(none)} END`;
    }
    return undefined;
  }

  async function sortExpressions(sort: string | undefined, cfTypes: Map<string, string>, cityFilter?: string[]) {
    const raw = sort ?? kind.defaultSort;
    const desc = raw.startsWith('-');
    const name = desc ? raw.slice(1) : raw;
    let exprs: RawBuilder<unknown>[];
    let join: string | undefined;
    const computed = await computedSort(name, desc, cityFilter);
    // A sort on a value records may lack: those without come last either way, then by name.
    const nameOrder = kind.sorts[kind.defaultSort].map((c) => sql.ref(`t.${c}`));
    if (computed) {
      exprs = [computed, ...nameOrder];
    } else if (name.startsWith('cf.')) {
      const key = name.slice(3);
      const type = cfTypes.get(key);
      if (!type) throw new AppError('VALIDATION_FAILED', `sort: unknown custom field ${key}`, [{ path: 'sort', message: 'unknown custom field' }]);
      join = key;
      if (['number', 'boolean'].includes(type)) {
        // Every finite double is a value a record may hold (1e308 included): no number can stand
        // for "none" and sort after them all. Whether there is a value comes first instead, then
        // the value (0 for none, so that a cursor never holds a null).
        const none = sql`CASE WHEN cfs.value_number IS NULL THEN ${sql.lit(desc ? 0 : 1)} ELSE ${sql.lit(desc ? 1 : 0)} END`;
        exprs = [none, sql`COALESCE(cfs.value_number, 0)`, ...nameOrder];
      } else {
        exprs = [lastWhenEmpty(sql`cfs.value_folded`, desc), ...nameOrder];
      }
    } else {
      // Own keys only: `sort=toString` must not find Object.prototype's method.
      const columns = Object.hasOwn(kind.sorts, name) ? kind.sorts[name] : undefined;
      if (!columns) {
        throw new AppError('VALIDATION_FAILED', `sort: use one of ${listSorts(kind).join(', ')} or cf.KEY`, [{ path: 'sort', message: 'unknown sort' }]);
      }
      exprs = columns.map((c) => sql.ref(`t.${c}`));
    }
    return { exprs: [...exprs, sql.ref('t.id')], desc, join, walksIndex: !computed && !join };
  }

  /**
   * A filter on a value few records share (a small town, a rare tag) is fastest as "id IN (matching
   * ids)": fetch the few, sort them. A value many records share (Paris, a common tag) makes that
   * sort huge; then walking the sort index and checking each record (EXISTS) finds a page after a
   * few thousand probes. Neither SQLite (no value statistics) nor a generic plan knows which case a
   * value is, so a bounded count decides: at most filterWalkThreshold() index entries are read.
   */
  let estimate: { at: number; records: number } | undefined;
  /** The table's size as the database estimates it cheaply, read at most once a minute. */
  async function estimatedRecords(): Promise<number> {
    if (!estimate || Date.now() - estimate.at > RECORD_ESTIMATE_TTL_MS) {
      estimate = { at: Date.now(), records: (await dialect.estimatedRowCount(db, kind.table)) ?? 1_000_000 };
    }
    return estimate.records;
  }

  async function filterCondition(filter: RecordFilter, sortWalksIndex: boolean): Promise<RawBuilder<boolean>> {
    const id = sql.ref(filter.idColumn);
    if (sortWalksIndex) {
      const threshold = filterWalkThreshold(await estimatedRecords());
      const counted = await sql<{ n: number | string }>`SELECT count(*) AS n FROM (SELECT 1 FROM ${filter.from} WHERE ${filter.where} LIMIT ${threshold}) s`.execute(db);
      if (Number(counted.rows[0]?.n ?? 0) >= threshold) {
        if (filter.own) return filter.own.walked;
        // A scalar subquery, not EXISTS: for EXISTS SQLite first builds a Bloom filter over every
        // matching row (measured: 41 ms instead of 0.7 ms for a tag on 40,000 of 1M people).
        return sql<boolean>`(SELECT 1 FROM ${filter.from} WHERE ${filter.where} AND ${id} = t.id LIMIT 1) IS NOT NULL`;
      }
    }
    return idIn(filter);
  }

  /** The records with a row in the filter: "id IN (matching ids)", or the record's own indexed column. */
  function idIn(filter: RecordFilter): RawBuilder<boolean> {
    if (filter.own) return filter.own.indexed;
    return sql<boolean>`t.id IN (SELECT ${sql.ref(filter.idColumn)} FROM ${filter.from} WHERE ${filter.where})`;
  }

  /**
   * The owner filter (one owner, several, or none: `values` null). Decided like the other filters
   * by a bounded count on the owner index: an owner of a few records is read from that index and
   * sorted; one of many (or "no owner" on most records) walks the sort index, the owner compared
   * through COALESCE, which no index serves (measured at 100,000 people, "no owner" on 69,000:
   * 82 ms through the owner index and a sort, 0.5 ms walking the name index).
   */
  function ownerFilter(values: string[] | null): RecordFilter {
    const distinct = values && [...new Set(values)];
    const compared = (column: RawBuilder<unknown>) =>
      distinct === null ? sql<boolean>`${column} IS NULL` : distinct.length === 1 ? sql<boolean>`${column} = ${distinct[0]}` : sql<boolean>`${column} IN (${sql.join(distinct)})`;
    return {
      from: sql`${sql.table(kind.table)} f`,
      idColumn: 'f.id',
      where: compared(sql.ref('f.owner_id')),
      own: {
        indexed: compared(sql.ref('t.owner_id')),
        // User ids are never empty: '' stands for no owner.
        walked: distinct === null ? sql<boolean>`COALESCE(t.owner_id, '') = ''` : compared(sql`COALESCE(t.owner_id, '')`),
      },
    };
  }

  /** The records with no row in `from` matching `where` for them; checked record by record, as a walked filter is. */
  function noRow(from: RawBuilder<unknown>, idColumn: string, where?: RawBuilder<unknown>): RawBuilder<boolean> {
    return sql<boolean>`(SELECT 1 FROM ${from} WHERE ${where ? sql`${where} AND ` : sql``}${sql.ref(idColumn)} = t.id LIMIT 1) IS NULL`;
  }

  /**
   * `missing=` names: the records with no value for each (all of them). A name must be one of the
   * list's filters or a custom field of the kind, and not also filtered by value (that would list
   * nothing): 400 naming `missing` otherwise.
   */
  function missingConditions(query: ListQuery, cfTypes: Map<string, string>): RawBuilder<boolean>[] {
    const invalid = (message: string) => new AppError('VALIDATION_FAILED', `missing: ${message}`, [{ path: 'missing', message }]);
    const conditions: RawBuilder<boolean>[] = [];
    for (const name of new Set(query.missing ?? [])) {
      if (name.startsWith('cf.')) {
        const key = name.slice(3);
        if (!cfTypes.has(key)) throw invalid(`unknown custom field ${key}`);
        if (query.customFilters.some((f) => f.key === key)) throw invalid(`${name} is also filtered by value`);
        // An empty text is no value either.
        conditions.push(noRow(sql`custom_field_values f`, 'f.entity_id', sql`f.field_key = ${key} AND (f.value_number IS NOT NULL OR f.value_text <> '')`));
        continue;
      }
      if (!kind.listFilters.includes(name)) throw invalid(`unknown field ${name}; use ${kind.listFilters.join(', ')} or cf.KEY`);
      const byValue = query[name as 'tag' | 'ownerId' | 'city' | 'relationship' | 'organisationId'];
      if (byValue !== undefined && byValue.length > 0) throw invalid(`${name} is also filtered by value`);
      if (name === 'ownerId') continue; // a filter on the owner column: see listConditions
      else if (name === 'tag') conditions.push(noRow(sql`tags f`, 'f.entity_id', sql`f.entity_type = ${kind.entityType}`));
      // An address whose city has no letter or digit has no city to filter by either (city_key is null).
      else if (name === 'city') conditions.push(noRow(sql`contact_points f`, 'f.entity_id', sql`f.city IS NOT NULL AND f.city_key IS NOT NULL AND f.entity_type = ${kind.entityType}`));
      else if (name === 'relationship') conditions.push(noRow(sql`relationships f`, 'f.subject_id', sql`f.subject_type = ${kind.entityType}`));
      else if (name === 'organisationId') {
        // Joined rather than EXISTS: measured a third quicker on SQLite, checked for every record.
        conditions.push(noRow(sql`person_organisations f JOIN organisations o ON o.id = f.organisation_id AND o.deleted_at IS NULL`, 'f.person_id'));
      }
    }
    return conditions;
  }

  /**
   * A list's conditions: those on the record itself (search matches, missing values) and the
   * filters on other tables and the owner, each either "id IN (matching ids)" or checked per record (see
   * filterCondition). Null when nothing can match (a text filter without a word).
   */
  async function listConditions(query: ListQuery, cfTypes: Map<string, string>) {
    const own: RawBuilder<boolean>[] = [];
    // One value compares with `=`, as the single-value lists were measured with; several, IN.
    const oneOf = (column: string, values: string[]) => {
      const distinct = [...new Set(values)];
      return distinct.length === 1 ? sql<boolean>`${sql.ref(column)} = ${distinct[0]}` : sql<boolean>`${sql.ref(column)} IN (${sql.join(distinct)})`;
    };
    const given = (values: string[] | undefined): values is string[] => values !== undefined && values.length > 0;
    const filters: RecordFilter[] = [];
    if (given(query.tag)) {
      filters.push({ from: sql`tags f`, idColumn: 'f.entity_id', where: sql`${oneOf('f.tag', query.tag.map((tag) => tag.normalize('NFC').toLowerCase()))} AND f.entity_type = ${kind.entityType}` });
    }
    // Addresses keep their city's folded words (city_key): "lyon" finds "Lyon". `city IS NOT
    // NULL` (true of every such address) lets both databases read the city index, which holds
    // every column compared here: counting and checking records never read the table.
    if (given(query.city)) {
      filters.push({
        from: sql`contact_points f`,
        idColumn: 'f.entity_id',
        where: sql`${oneOf('f.city_key', query.city.map((city) => cityKey(city) ?? ''))} AND f.city IS NOT NULL AND f.entity_type = ${kind.entityType}`,
      });
    }
    if (given(query.relationship)) {
      filters.push({ from: sql`relationships f`, idColumn: 'f.subject_id', where: sql`${oneOf('f.type_key', query.relationship)} AND f.subject_type = ${kind.entityType}` });
    }
    if (query.organisationId && isPerson) {
      // Members of a live organisation only: a deleted one lists nobody, as it shows nobody.
      filters.push({
        from: sql`person_organisations f`,
        idColumn: 'f.person_id',
        where: sql`f.organisation_id = ${query.organisationId} AND EXISTS (SELECT 1 FROM organisations o WHERE o.id = f.organisation_id AND o.deleted_at IS NULL)`,
      });
    }
    // One filter per field, so cf.KEY.min and cf.KEY.max make a single index range.
    const byField = new Map<string, CustomFilter[]>();
    for (const f of query.customFilters) byField.set(f.key, [...(byField.get(f.key) ?? []), f]);
    for (const [key, fieldFilters] of byField) {
      const type = cfTypes.get(key);
      if (!type) {
        const param = fieldFilters[0].param;
        throw new AppError('VALIDATION_FAILED', `${param}: unknown custom field`, [{ path: param, message: 'unknown custom field' }]);
      }
      // Choices are read only when a choice field is filtered: the types cache does not hold them.
      const choices = type === 'choice' ? (await customFields.list(kind.entityType)).find((d) => d.key === key)?.choices : undefined;
      filters.push({ from: sql`custom_field_values f`, idColumn: 'f.entity_id', where: customFieldCondition(key, type, fieldFilters, choices) });
    }
    own.push(...missingConditions(query, cfTypes));
    if (given(query.ownerId)) filters.unshift(ownerFilter(query.ownerId));
    else if (query.missing?.includes('ownerId')) filters.unshift(ownerFilter(null));
    if (query.q) {
      // What the search box finds, numbers included: every match, paged like the rest of the list.
      const matching = search.matchingIds(query.q, kind.entityType);
      if (!matching) return null;
      own.unshift(sql<boolean>`t.id IN (${matching})`);
    }
    return { own, filters };
  }

  /**
   * How many live records meet `conditions`, counted up to the cap: beyond it the answer is the cap
   * and a lower bound. Every filter is "id IN (matching ids)" here, whatever the page did: with no
   * order to keep, the records are fetched from the filters' indexes and counting stops at the cap
   * (walking a sort index instead would read the whole table when few records match).
   */
  async function countUpTo(conditions: RawBuilder<boolean>[]): Promise<ListTotal> {
    const cap = deps.totalCap ?? LIST_TOTAL_CAP;
    const where = sql.join([sql`t.deleted_at IS NULL`, ...conditions], sql` AND `);
    const counted = await sql<{ n: number | string }>`SELECT count(*) AS n FROM (SELECT 1 FROM ${sql.table(kind.table)} t WHERE ${where} LIMIT ${cap + 1}) s`.execute(db);
    return totalOf(Number(counted.rows[0]?.n ?? 0), cap);
  }

  return {
    kind,
    views,
    viewsFrom,
    /** A record's details as a subquery, for viewsFrom; `id` is used only as a value (db/prepared.ts). */
    detailRows: (id: string) => parties.detailRows(kind.entityType, [id]),

    async get(id: string): Promise<PartyView> {
      return (await views([await loadRow(db, id)]))[0];
    },

    async list(query: ListQuery): Promise<ListPage> {
      const cfTypes = await customFields.typesFor(kind.entityType);
      const { exprs, desc, join, walksIndex } = await sortExpressions(query.sort, cfTypes, query.city);
      const conditions = await listConditions(query, cfTypes);
      // The total is for the first page: the next ones keep the count the list already shows.
      const counting = Boolean(query.total) && !query.cursor;
      if (!conditions) return { items: [], nextCursor: null, ...(counting ? { total: 0, totalIsLowerBound: false } : {}) };
      // Ids and sort values first, the page's rows after, by id: PostgreSQL can then walk the sort
      // index alone (index-only) and check each record's filters before reading any row (measured
      // at 1M people, city=Lyon: 17 → 10 ms); SQLite already defers each row read to a match.
      let q = loose.selectFrom(`${kind.table} as t`).select('t.id').where('t.deleted_at', 'is', null);
      if (join) {
        q = q.leftJoin('custom_field_values as cfs', (j) => j.onRef('cfs.entity_id', '=', 't.id').on('cfs.field_key', '=', join));
      }
      for (const condition of conditions.own) q = q.where(condition);
      // The sort can walk an index only when it is on the record's own columns and no search
      // already narrowed the records to a few ids.
      const sortWalksIndex = walksIndex && !query.q;
      for (const filter of conditions.filters) q = q.where(await filterCondition(filter, sortWalksIndex));
      if (query.cursor) {
        const values = decodeCursor(query.cursor, exprs.length);
        q = q.where(sql<boolean>`(${sql.join(exprs)}) ${sql.raw(desc ? '<' : '>')} (${sql.join(values)})`);
      }
      for (const e of exprs) q = q.orderBy(e, desc ? 'desc' : 'asc');
      const selectWithSort = q.select(exprs.map((e, i) => e.as(`sort_${i}`)));
      const rows = (await selectWithSort.limit(query.limit + 1).execute()) as ({ id: string } & Record<string, unknown>)[];
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      const nextCursor = rows.length > query.limit && last ? encodeCursor(exprs.map((_, i) => last[`sort_${i}`])) : null;
      const byId = new Map(
        page.length ? ((await loose.selectFrom(kind.table).selectAll().where('id', 'in', page.map((r) => r.id)).where('deleted_at', 'is', null).execute()) as Row[]).map((r) => [r.id, r]) : [],
      );
      // A record deleted between the two reads leaves the page.
      const items = withMatchedCity(await views(page.flatMap((r) => byId.get(r.id) ?? []), db, cfTypes), query.city);
      if (!counting) return { items, nextCursor };
      // A first page that is the whole list needs no count.
      const total = nextCursor === null ? { total: page.length, totalIsLowerBound: false } : await countUpTo([...conditions.own, ...conditions.filters.map(idIn)]);
      return { items, nextCursor, ...total };
    },

    async create(caller: Caller, grant: Grant, input: PartyInput) {
      // Sales edit only what they own: what they create is theirs, even when sent without an owner.
      if (input.ownerId == null && caller.role === 'sales') input.ownerId = caller.id;
      await assertOwnerAllowed(caller, grant, input.ownerId);
      await validateReferences(input);
      const possibleDuplicates = await findDuplicates(input);
      const cfTypes = await customFields.typesFor(kind.entityType);
      const now = clock.now().toISOString();
      const id = newId();
      const view = await db.transaction().execute(async (trx) => {
        await lockReferences(trx, input);
        await (trx as unknown as LooseDb)
          .insertInto(kind.table)
          .values({
            id,
            ...namesToColumns(input.names),
            owner_id: input.ownerId ?? null,
            team_id: input.teamId ?? caller.teamId ?? null,
            created_at: now,
            created_by: caller.id,
            updated_at: now,
            updated_by: caller.id,
            version: 1,
            deleted_at: null,
            merged_into_id: null,
          })
          .execute();
        await writeCollections(trx, id, input, now, caller.id);
        const created = await refreshSearch(trx, id, cfTypes);
        const fields = auditedFields(created);
        await writeAudit(trx, { at: now, actorId: caller.id, entityType: kind.entityType, entityId: id, action: 'create', changes: diff({}, fields) });
        return created;
      });
      return { ...view, possibleDuplicates };
    },

    /**
     * What a change's numbers and postal codes would be refused for, read against the stored
     * record: lets a PATCH whose body failed its schema name them in the same answer. None when
     * the record is gone.
     */
    async badContactPointsInChange(id: string, body: Record<string, unknown> | undefined): Promise<{ path: string; message: string }[]> {
      const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
      const list = (value: unknown) => (Array.isArray(value) ? (value as (Record<string, unknown> | null)[]) : []);
      const numbers = list(body?.phones).map((p) => ({ number: text(p?.number) }));
      const addresses = list(body?.addresses).map((a) => ({ postalCode: text(a?.postalCode), country: text(a?.country).toUpperCase() }));
      if (!numbers.length && !addresses.length) return [];
      const before = await this.get(id).catch(() => undefined);
      if (!before) return [];
      return [...badNumbers(numbers, before).filter((d) => numbers[Number(d.path.split('.')[1])].number !== ''), ...badPostalCodes(addresses, before)];
    },

    async update(caller: Caller, grant: Grant, id: string, input: PartyInput, expectedVersion?: number) {
      const before = await this.get(id);
      // One who edits only their own records may take one nobody owns: the change makes it theirs.
      const taking = before.ownerId === null && input.ownerId === caller.id;
      if (grant === 'own' && before.ownerId !== caller.id && !taking) throw new AppError('FORBIDDEN', 'you may only edit records you own');
      if (expectedVersion !== undefined && expectedVersion !== before.version) {
        throw new AppError('VERSION_CONFLICT', undefined, { currentVersion: before.version });
      }
      // Nothing to change: no write, no new version, no audit row.
      if (Object.values(input.names).every((v) => v === undefined) && Object.entries(input).every(([k, v]) => k === 'names' || v === undefined)) return before;
      if (input.ownerId !== undefined && input.ownerId !== before.ownerId) await assertOwnerAllowed(caller, grant, input.ownerId, before.ownerId);
      await validateReferences(input, before);
      const cfTypes = await customFields.typesFor(kind.entityType);
      const renamedMembers = await memberTypes();
      const now = clock.now().toISOString();
      return db.transaction().execute(async (trx) => {
        const set: Record<string, unknown> = { ...namesToColumns(input.names), updated_at: now, updated_by: caller.id, version: before.version + 1 };
        if (input.ownerId !== undefined) set.owner_id = input.ownerId;
        if (input.teamId !== undefined) set.team_id = input.teamId;
        await lockReferences(trx, input, id);
        const result = await (trx as unknown as LooseDb)
          .updateTable(kind.table)
          .set(set)
          .where('id', '=', id)
          .where('version', '=', before.version)
          .executeTakeFirst();
        // Someone else wrote between our read and this write: refuse rather than lose their change.
        if (Number(result.numUpdatedRows) === 0) throw new AppError('VERSION_CONFLICT');
        await writeCollections(trx, id, input, now, caller.id);
        const after = await refreshSearch(trx, id, cfTypes);
        const fields = auditedFields(after);
        const changes = diff(before, fields);
        // The same values sent again: no new version (a colleague's edit would get a false 409), no audit row.
        if (Object.keys(changes).length === 0) throw new NothingChanged();
        await writeAudit(trx, { at: now, actorId: caller.id, entityType: kind.entityType, entityId: id, action: 'update', changes });
        if (after.displayName !== before.displayName) await refreshMembers(trx, id, renamedMembers);
        return after;
      }).catch((error: unknown) => {
        if (error instanceof NothingChanged) return before;
        throw error;
      });
    },

    async remove(caller: Caller, id: string, expectedVersion?: number) {
      const before = await loadRow(db, id);
      if (expectedVersion !== undefined && expectedVersion !== before.version) throw new AppError('VERSION_CONFLICT', undefined, { currentVersion: before.version });
      const formerMembers = await memberTypes();
      const now = clock.now().toISOString();
      await db.transaction().execute(async (trx) => {
        // The version read above, still live: a concurrent edit, merge or delete makes this a
        // conflict rather than deleting what someone else just changed (or deleting twice).
        const deleted = await (trx as unknown as LooseDb)
          .updateTable(kind.table)
          .set({ deleted_at: now, updated_at: now, updated_by: caller.id, version: before.version + 1 })
          .where('id', '=', id)
          .where('version', '=', before.version)
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        if (Number(deleted.numUpdatedRows) === 0) throw new AppError('VERSION_CONFLICT');
        await parties.deleteSearchDocument(trx, kind.entityType, id);
        // A soft delete: the row stays, with its values; the field that changed is its deletion time.
        await writeAudit(trx, { at: now, actorId: caller.id, entityType: kind.entityType, entityId: id, action: 'delete', changes: { deletedAt: { old: null, new: now } } });
        await hideOrphanedInteractions(trx, caller, id, now);
        await closeOrphanedTasks(trx, caller, id, now);
        await repointIncomingRelationships(trx, caller, id, null, now);
        // Its tags no longer count among the tags in use (the audit trail keeps them).
        await trx.deleteFrom('tags').where('entity_id', '=', id).execute();
        await refreshMembers(trx, id, formerMembers);
      });
    },

    /**
     * Moves everything attached to `sourceId` onto `targetId`, then retires the source. Audited on
     * both. `expected`: the versions the caller read, when given; a record changed since is a conflict.
     */
    async merge(caller: Caller, targetId: string, sourceId: string, expected: { target?: number; source?: number } = {}) {
      if (targetId === sourceId) throw new AppError('VALIDATION_FAILED', 'sourceId: cannot merge a record into itself', [{ path: 'sourceId', message: 'same record' }]);
      const [target, source] = await Promise.all([this.get(targetId), this.get(sourceId)]);
      for (const [record, version] of [[target, expected.target], [source, expected.source]] as const) {
        if (version !== undefined && record.version !== version) throw new AppError('VERSION_CONFLICT', undefined, { id: record.id, version: record.version });
      }
      const cfTypes = await customFields.typesFor(kind.entityType);
      const mergedMembers = await memberTypes();
      const now = clock.now().toISOString();
      const view = await db.transaction().execute(async (trx) => {
        // Claim both records first (their new version), in id order (two crossed merges wait
        // instead of deadlocking), as they were read: a concurrent merge or edit of either makes this one a conflict
        // instead of moving half the data to one record and half to another.
        for (const record of [target, source].sort((a, b) => (a.id < b.id ? -1 : 1))) {
          const claimed = await (trx as unknown as LooseDb)
            .updateTable(kind.table)
            .set({ version: record.version + 1 })
            .where('id', '=', record.id)
            .where('version', '=', record.version)
            .where('deleted_at', 'is', null)
            .executeTakeFirst();
          if (Number(claimed.numUpdatedRows) === 0) {
            throw new AppError('VERSION_CONFLICT', undefined, { id: record.id });
          }
        }
        // Contact points: keep the target's, add the source's that the target lacks.
        const targetPoints = await trx.selectFrom('contact_points').select(['kind', 'normalized', 'value', 'city']).where('entity_id', '=', targetId).execute();
        // The same number or e-mail in any written form; an address only when street and city match.
        const keyOf = (p: { kind: string; normalized: string | null; value: string; city: string | null }) =>
          p.kind === 'address' ? `address:${p.value}|${p.city}` : `${p.kind}:${p.normalized ?? p.value}`;
        const known = new Set(targetPoints.map(keyOf));
        const sourcePoints = await trx.selectFrom('contact_points').selectAll().where('entity_id', '=', sourceId).execute();
        for (const p of sourcePoints) {
          const key = keyOf(p);
          if (known.has(key)) await trx.deleteFrom('contact_points').where('id', '=', p.id).execute();
          else await trx.updateTable('contact_points').set({ entity_id: targetId, position: p.position + 100 }).where('id', '=', p.id).execute();
          known.add(key);
        }
        const tags = [...new Set([...(target.tags as string[]), ...(source.tags as string[])])];
        await parties.replaceTags(trx, kind.entityType, targetId, tags);
        await trx.deleteFrom('tags').where('entity_id', '=', sourceId).execute();
        const missing = Object.fromEntries(
          Object.entries(source.customFields as Record<string, string | number | boolean | null>).filter(
            ([k]) => (target.customFields as Record<string, unknown>)[k] === undefined,
          ),
        );
        await parties.setCustomFields(trx, kind.entityType, targetId, missing);
        await trx.deleteFrom('custom_field_values').where('entity_id', '=', sourceId).execute();
        // Consent: per channel and purpose, the most recently said wins (a refusal must not be lost in a merge).
        const targetConsents = new Map((await trx.selectFrom('consents').selectAll().where('entity_id', '=', targetId).execute()).map((c) => [`${c.channel}.${c.purpose}`, c]));
        // What the kept record now consents to changed: audited as any consent change is (QUALITY 22).
        const consentChanges: Record<string, { old: unknown; new: unknown }> = {};
        for (const c of await trx.selectFrom('consents').selectAll().where('entity_id', '=', sourceId).execute()) {
          const key = `${c.channel}.${c.purpose}`;
          const kept = targetConsents.get(key);
          if (kept && kept.recorded_at >= c.recorded_at) continue;
          if (kept) await trx.deleteFrom('consents').where('id', '=', kept.id).execute();
          await trx.updateTable('consents').set({ entity_id: targetId }).where('id', '=', c.id).execute();
          if (kept?.status !== c.status) consentChanges[key] = { old: kept?.status ?? null, new: c.status };
          if ((kept?.source ?? null) !== c.source) consentChanges[`${key}.source`] = { old: kept?.source ?? null, new: c.source };
          if ((kept?.note ?? null) !== c.note) consentChanges[`${key}.note`] = { old: kept?.note ?? null, new: c.note };
        }
        if (Object.keys(consentChanges).length > 0) {
          await writeAudit(trx, { at: now, actorId: caller.id, entityType: kind.entityType, entityId: targetId, action: 'consent', changes: consentChanges });
        }
        await trx.deleteFrom('consents').where('entity_id', '=', sourceId).execute();
        await trx.updateTable('relationships').set({ subject_id: targetId }).where('subject_id', '=', sourceId).execute();
        await repointIncomingRelationships(trx, caller, sourceId, targetId, now);
        const memberColumn = isPerson ? 'person_id' : 'organisation_id';
        const otherColumn = isPerson ? 'organisation_id' : 'person_id';
        const sourceLinks = await trx.selectFrom('person_organisations').selectAll().where(memberColumn, '=', sourceId).execute();
        const targetLinks = new Set((await trx.selectFrom('person_organisations').selectAll().where(memberColumn, '=', targetId).execute()).map((l) => l[otherColumn]));
        for (const link of sourceLinks) {
          if (!targetLinks.has(link[otherColumn])) {
            await trx.insertInto('person_organisations').values({ ...link, [memberColumn]: targetId }).execute();
          }
        }
        await trx.deleteFrom('person_organisations').where(memberColumn, '=', sourceId).execute();
        if (!isPerson) {
          // The members' own records now name the kept organisation: audited on each, as relationships are (QUALITY 22).
          for (const link of sourceLinks) {
            const changes = { organisationIds: { old: sourceId, new: targetLinks.has(link.person_id) ? null : targetId } };
            await writeAudit(trx, { at: now, actorId: caller.id, entityType: 'person', entityId: link.person_id, action: 'update', changes });
          }
        }
        // Tasks, calls, call-backs, requests, leads: all follow the kept record, each audited, and
        // those edited with a version get a new one (an editor holding the old one is told).
        const field = isPerson ? 'personId' : 'organisationId';
        const moved = async (entityType: string, ids: string[], changed = field) => {
          for (const movedId of ids) {
            await writeAudit(trx, { at: now, actorId: caller.id, entityType, entityId: movedId, action: 'update', changes: { [changed]: { old: sourceId, new: targetId } } });
          }
        };
        for (const table of PARTY_REFERENCES.moved) {
          const rows = (await (trx as unknown as LooseDb).selectFrom(table).select('id').where(kind.foreignKey, '=', sourceId).execute()) as { id: string }[];
          if (!rows.length) continue;
          const set: Record<string, unknown> = { [kind.foreignKey]: targetId, updated_at: now };
          if (VERSIONED_REFERENCES.has(table)) set.version = sql`version + 1`;
          await (trx as unknown as LooseDb).updateTable(table).set(set).where(kind.foreignKey, '=', sourceId).execute();
          await moved(MOVED_ENTITY_TYPE[table], rows.map((r) => r.id));
        }
        for (const table of PARTY_REFERENCES.movedByEntityId) {
          await (trx as unknown as LooseDb).updateTable(table).set({ entity_id: targetId }).where('entity_id', '=', sourceId).execute();
        }
        // The timeline: interactions are found through their participants (no index of their own on
        // person_id or organisation_id, migration 20261202-0502), before these follow the kept record.
        const movedInteractions = await trx
          .selectFrom('interaction_participants')
          .select('interaction_id')
          .where('entity_id', '=', sourceId)
          .execute();
        await (trx as unknown as LooseDb)
          .updateTable('interactions')
          .set({ [kind.foreignKey]: targetId })
          .where(sql<boolean>`id IN (SELECT interaction_id FROM interaction_participants WHERE entity_id = ${sourceId})`)
          .where(kind.foreignKey, '=', sourceId)
          .execute();
        if (movedInteractions.length) {
          // By the participants, still the merged record's here (a list of ids could pass the database's limit on parameters).
          await trx
            .updateTable('interactions')
            .set({ updated_at: now, version: sql`version + 1` })
            .where(sql<boolean>`id IN (SELECT interaction_id FROM interaction_participants WHERE entity_id = ${sourceId})`)
            .execute();
          // Its participant changes (and its personId / organisationId with it, when it named the merged record).
          await moved('interaction', movedInteractions.map((i) => i.interaction_id), 'participant');
        }
        const participantRows = await trx.selectFrom('interaction_participants').selectAll().where('entity_id', '=', sourceId).execute();
        for (const p of participantRows) {
          await trx.deleteFrom('interaction_participants').where('interaction_id', '=', p.interaction_id).where('entity_id', '=', sourceId).execute();
          await trx
            .insertInto('interaction_participants')
            .values({ interaction_id: p.interaction_id, entity_type: kind.entityType, entity_id: targetId })
            .onConflict((oc) => oc.doNothing())
            .execute();
        }
        await trx.updateTable('record_links').set({ from_id: targetId }).where('from_id', '=', sourceId).execute();
        // Links from interactions (and call-backs) to the merged record now name the kept one: audited on the linking record.
        const incomingLinks = await trx.selectFrom('record_links').select(['from_type', 'from_id', 'to_type']).where('to_id', '=', sourceId).execute();
        await trx.updateTable('record_links').set({ to_id: targetId }).where('to_id', '=', sourceId).execute();
        for (const l of incomingLinks) {
          const changes = { links: { old: { type: l.to_type, id: sourceId }, new: { type: l.to_type, id: targetId } } };
          await writeAudit(trx, { at: now, actorId: caller.id, entityType: l.from_type, entityId: l.from_id, action: 'update', changes });
        }
        await (trx as unknown as LooseDb)
          .updateTable(kind.table)
          .set({ deleted_at: now, merged_into_id: targetId, updated_at: now, updated_by: caller.id })
          .where('id', '=', sourceId)
          .execute();
        await (trx as unknown as LooseDb)
          .updateTable(kind.table)
          .set({ updated_at: now, updated_by: caller.id })
          .where('id', '=', targetId)
          .execute();
        await parties.deleteSearchDocument(trx, kind.entityType, sourceId);
        const merged = await refreshSearch(trx, targetId, cfTypes);
        await refreshMembers(trx, targetId, mergedMembers);
        // What the merge changed on the kept record (contact points, tags, organisations…), old -> new.
        const fields = auditedFields(merged);
        const changes = { mergedFrom: { old: null, new: sourceId }, ...diff(target, fields) };
        await writeAudit(trx, { at: now, actorId: caller.id, entityType: kind.entityType, entityId: targetId, action: 'merge', changes });
        await writeAudit(trx, { at: now, actorId: caller.id, entityType: kind.entityType, entityId: sourceId, action: 'merge', changes: { mergedInto: { old: null, new: targetId } } });
        return merged;
      });
      return view;
    },

    findDuplicates,

    /** Rewrites these live records' search documents (see MemberSearch). */
    async refreshSearchDocuments(trx: Tx, ids: string[], cfTypes: Map<string, string>) {
      for (const id of ids) await refreshSearch(trx, id, cfTypes);
    },
  };
}

export type PartyService = ReturnType<typeof createPartyService>;
