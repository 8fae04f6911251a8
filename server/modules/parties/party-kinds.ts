import type { EntityType } from '../../db/schema.js';

/**
 * What differs between a person and an organisation for the shared party service:
 * table, name columns, sort keys and the column other tables use to point at them.
 */
export interface PartyKind {
  entityType: EntityType;
  table: 'people' | 'organisations';
  /** Column of interactions and tasks that references this kind. */
  foreignKey: 'person_id' | 'organisation_id';
  /** Sort names accepted by the API -> columns (the id is always the last tie-breaker). */
  sorts: Record<string, string[]>;
  defaultSort: string;
  /** Name columns in API field order. */
  nameColumns: Record<string, string>;
  displayName(row: Record<string, unknown>): string;
}

export const PERSON: PartyKind = {
  entityType: 'person',
  table: 'people',
  foreignKey: 'person_id',
  sorts: {
    lastName: ['last_name', 'first_name'],
    firstName: ['first_name', 'last_name'],
    createdAt: ['created_at'],
    updatedAt: ['updated_at'],
  },
  defaultSort: 'lastName',
  nameColumns: { firstName: 'first_name', lastName: 'last_name' },
  displayName: (row) => `${row.first_name ?? ''} ${row.last_name ?? ''}`.trim(),
};

export const ORGANISATION: PartyKind = {
  entityType: 'organisation',
  table: 'organisations',
  foreignKey: 'organisation_id',
  sorts: { name: ['name'], createdAt: ['created_at'], updatedAt: ['updated_at'] },
  defaultSort: 'name',
  nameColumns: { name: 'name' },
  displayName: (row) => String(row.name ?? ''),
};
