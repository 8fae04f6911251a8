import type { Relationship } from '../../lib/types.js';
import { compactList } from './compactList.js';
import type { RecordRef } from './RecordPicker.js';

/** A relationship as the form holds it: its type's key ('' until chosen) and the record it may name. */
export interface RelationshipRow {
  type: string;
  target: RecordRef | null;
}

/** Form rows from a stored record's relationships. */
export function relationshipsFromRecord(relationships: readonly Relationship[] | undefined): RelationshipRow[] {
  return (relationships ?? []).map((r) => ({
    type: r.type,
    target: r.targetId ? { type: r.targetType ?? 'organisation', id: r.targetId } : null,
  }));
}

const toInput = (row: RelationshipRow) => (row.target ? { type: row.type, targetType: row.target.type, targetId: row.target.id } : { type: row.type });

/**
 * The API body for relationships, without empty rows, and the index map that puts the server's
 * validation paths (relationships.0.type) back on the right rows. The server replaces the whole
 * list and gives each relationship a new id: the list is sent only when it differs from the
 * record's (`before`), so that a save leaving them untouched changes nothing about them.
 */
export function relationshipsPayload(rows: readonly RelationshipRow[], before: readonly Relationship[] | undefined) {
  const kept = compactList([...rows], (r) => !r.type && !r.target);
  const relationships = kept.items.map(toInput);
  const unchanged = before !== undefined && JSON.stringify(relationships) === JSON.stringify(relationshipsFromRecord(before).map(toInput));
  return { body: unchanged ? {} : { relationships }, indexMap: kept.formIndex };
}
