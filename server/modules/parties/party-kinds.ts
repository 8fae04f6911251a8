import { columnsOf } from '../../db/columns.js';
import type { EntityType, OrganisationsTable, PeopleTable } from '../../db/schema.js';

/**
 * What differs between a person and an organisation for the shared party service:
 * table, name columns, sort keys and the column other tables use to point at them.
 */
export interface PartyKind {
  entityType: EntityType;
  table: 'people' | 'organisations';
  /** Every column of the table, by name. */
  columns: readonly string[];
  /** Column of interactions and tasks that references this kind. */
  foreignKey: 'person_id' | 'organisation_id';
  /** Sort names accepted by the API -> columns (the id is always the last tie-breaker); names sort by their folded keys. */
  sorts: Record<string, string[]>;
  /**
   * Sorts on values worked out from other tables (see computedSort in party.service.ts): the first
   * address's city (with a city filter, the first one matching), the owner's name and, for people,
   * their first organisation's name.
   */
  computedSorts: readonly string[];
  /**
   * The list's filters on other tables and the owner, besides `q` and `cf.*` (GET /api/people,
   * /api/organisations): each also names itself in `missing=` (records with no value for it).
   */
  listFilters: readonly string[];
  defaultSort: string;
  /** Name columns in API field order. */
  nameColumns: Record<string, string>;
  displayName(row: Record<string, unknown>): string;
}

export const PERSON: PartyKind = {
  entityType: 'person',
  table: 'people',
  columns: columnsOf<PeopleTable>({
    id: true, first_name: true, last_name: true, first_name_key: true, last_name_key: true, owner_id: true, team_id: true,
    created_at: true, created_by: true, updated_at: true, updated_by: true, version: true, deleted_at: true, merged_into_id: true,
  }),
  foreignKey: 'person_id',
  sorts: {
    lastName: ['last_name_key', 'first_name_key'],
    firstName: ['first_name_key', 'last_name_key'],
    createdAt: ['created_at'],
    updatedAt: ['updated_at'],
  },
  computedSorts: ['city', 'owner', 'organisation'],
  listFilters: ['tag', 'ownerId', 'city', 'relationship', 'organisationId'],
  defaultSort: 'lastName',
  nameColumns: { firstName: 'first_name', lastName: 'last_name' },
  displayName: (row) => `${row.first_name ?? ''} ${row.last_name ?? ''}`.trim(),
};

export const ORGANISATION: PartyKind = {
  entityType: 'organisation',
  table: 'organisations',
  columns: columnsOf<OrganisationsTable>({
    id: true, name: true, name_key: true, owner_id: true, team_id: true, created_at: true, created_by: true, updated_at: true,
    updated_by: true, version: true, deleted_at: true, merged_into_id: true,
  }),
  foreignKey: 'organisation_id',
  sorts: { name: ['name_key'], createdAt: ['created_at'], updatedAt: ['updated_at'] },
  computedSorts: ['city', 'owner'],
  listFilters: ['tag', 'ownerId', 'city', 'relationship'],
  defaultSort: 'name',
  nameColumns: { name: 'name' },
  displayName: (row) => String(row.name ?? ''),
};

/**
 * Every sort name a list of this kind takes besides `cf.KEY`, each also descending with a leading
 * '-': the record's own columns, then those worked out from other tables. The one list the list
 * endpoints, saved views and their tests read.
 */
export function listSorts(kind: PartyKind): string[] {
  return [...Object.keys(kind.sorts), ...kind.computedSorts];
}

/**
 * Every column of the schema that points at a person or an organisation, and what a merge does
 * with it. A merge must leave nothing on the retired record: the merge test compares this list
 * with the live schema, so a new table pointing at people fails it until it is listed here.
 */
export const PARTY_REFERENCES = {
  /** Rows follow the kept record: `<table>.person_id` or `.organisation_id`, by the merged kind. */
  moved: ['tasks', 'calls', 'callbacks', 'requests', 'leads'],
  /** Rows keyed by `entity_id` that follow the kept record as they are. */
  movedByEntityId: ['pressure_overrides'],
  /** Merged field by field in the merge itself (duplicates dropped, the latest consent kept…). */
  mergedByHand: [
    // Found through their participants, which are re-pointed with them.
    'interactions.person_id',
    'interactions.organisation_id',
    'contact_points.entity_id',
    'tags.entity_id',
    'custom_field_values.entity_id',
    'consents.entity_id',
    'interaction_participants.entity_id',
    'relationships.subject_id',
    'relationships.object_id',
    'person_organisations.person_id',
    'person_organisations.organisation_id',
    'record_links.from_id',
    'record_links.to_id',
  ],
  /** Left where they are on purpose: history keeps naming the retired record; its search document is deleted. */
  kept: ['audit_log.entity_id', 'search_documents.entity_id'],
} as const;
