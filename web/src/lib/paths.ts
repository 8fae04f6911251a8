import type { RecordType } from '../auth/permissions.js';

/** The page of a person or organisation. */
export const recordPath = (type: RecordType, id: string) => (type === 'person' ? `/people/${id}` : `/organisations/${id}`);

/** The page of a record named by its type and id (a search hit, a screen-pop match). */
export const pathOf = (record: { type: RecordType; id: string }) => recordPath(record.type, record.id);
