import type { Kysely } from 'kysely';

/**
 * The interactions of a person or an organisation are read through their participants
 * (interaction_participants_entity), which always include the interaction's person and
 * organisation: the timeline, the caller card, contact pressure, and since this migration the
 * merge. The interactions' own indexes on person_id and organisation_id served no read, and cost
 * every interaction written two index entries: 260 MB and ≈5 s of index building at 1M people on
 * SQLite (measured). No row is ever hard-deleted from people or organisations, so their foreign
 * keys need no index on this side either.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('interactions_person').execute();
  await db.schema.dropIndex('interactions_org').execute();
}
