import type { Relationship } from '../../lib/types.js';
import { useRelationshipLabel } from '../telephony/useRelationshipTypes.js';

/** A list cell: the record's relationship types, each once, in the user's language. */
export function RelationshipTypes({ relationships }: { relationships: Relationship[] | undefined }) {
  const labelOf = useRelationshipLabel();
  return [...new Set((relationships ?? []).map((r) => r.type))].map(labelOf).join(', ');
}
