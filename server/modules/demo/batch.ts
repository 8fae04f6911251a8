/** The rows a demo import hands from the generator to a writer (./bulk-writers.ts). */

/**
 * Columns written by the bulk import, per table, in insertion order (parents before children).
 * A batch holds, per table, the values of its rows one after the other in this column order
 * (a flat array): multi-row statements bind slices of it directly, with no per-row array.
 */
export const COLUMNS = {
  organisations: ['id', 'name', 'name_key', 'owner_id', 'team_id', 'created_at', 'created_by', 'updated_at', 'updated_by', 'version', 'deleted_at', 'merged_into_id'],
  people: ['id', 'first_name', 'last_name', 'first_name_key', 'last_name_key', 'owner_id', 'team_id', 'created_at', 'created_by', 'updated_at', 'updated_by', 'version', 'deleted_at', 'merged_into_id'],
  person_organisations: ['person_id', 'organisation_id', 'created_at'],
  relationships: ['id', 'type_key', 'subject_type', 'subject_id', 'object_type', 'object_id', 'created_at', 'created_by'],
  contact_points: ['id', 'entity_type', 'entity_id', 'kind', 'label', 'value', 'normalized', 'postal_code', 'city', 'country', 'position', 'city_key'],
  tags: ['entity_type', 'entity_id', 'tag'],
  custom_field_values: ['entity_type', 'entity_id', 'field_key', 'value_text', 'value_folded', 'value_number'],
  search_documents: ['entity_type', 'entity_id', 'title', 'content', 'display_title', 'display_subtitle', 'name_beginnings'],
  interactions: ['id', 'channel', 'direction', 'occurred_at', 'duration_seconds', 'author_id', 'person_id', 'organisation_id', 'summary', 'body', 'outcome', 'created_at', 'created_by', 'updated_at', 'updated_by', 'version', 'deleted_at'],
  tasks: ['id', 'title', 'due_at', 'reminder_at', 'assignee_id', 'person_id', 'organisation_id', 'interaction_id', 'status', 'completion_note', 'completed_at', 'completed_by', 'created_at', 'created_by', 'updated_at', 'updated_by', 'version'],
  jobs: ['id', 'kind', 'payload', 'run_at', 'status', 'attempts', 'max_attempts', 'locked_by', 'locked_until', 'last_error', 'unique_key', 'created_at', 'updated_at'],
} as const;

export type BulkTable = keyof typeof COLUMNS;

/**
 * Filled by the writers from the batch's interactions rather than generated: an imported
 * interaction's participants are its person and its organisation, as the timeline service writes
 * them. On SQLite one INSERT … SELECT per batch does it inside the database (3.7 million rows at
 * 1M people, never built, posted between threads or bound value by value).
 */
export const PARTICIPANTS = 'interaction_participants';
export const PARTICIPANT_COLUMNS = ['interaction_id', 'entity_type', 'entity_id'] as const;
/** Every table the import fills, parents before children. */
export const IMPORTED_TABLES = [...Object.keys(COLUMNS), PARTICIPANTS];

export type Value = string | number | null;
export type Batch = Record<BulkTable, Value[]>;

export function emptyBatch(): Batch {
  return Object.fromEntries(Object.keys(COLUMNS).map((t) => [t, []])) as unknown as Batch;
}
