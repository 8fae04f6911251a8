import { v7 as uuidv7 } from 'uuid';

/** Time-ordered identifiers: unique across instances, and index-friendly because they grow. */
export function newId(): string {
  return uuidv7();
}
