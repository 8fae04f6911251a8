import { sql, type Kysely } from 'kysely';
import type { DialectFeatures } from '../dialect/features.js';

/**
 * Calls left to log: an answered call stays on its agent's list until its after-call form is saved
 * (wrapped_up_at), so that "Later" survives a reload, another device or a new session. Calls from
 * before this migration count as logged: their agents never had such a list, and finding hundreds
 * of old calls "to log" would bury the new ones. A partial index holds only the answered calls still
 * to log, per agent: the list reads a few rows however long the call log grows.
 */
export async function up(db: Kysely<unknown>, dialect: DialectFeatures): Promise<void> {
  await db.schema.alterTable('calls').addColumn('wrapped_up_at', 'varchar(32)').execute();
  await sql`UPDATE calls SET wrapped_up_at = COALESCE(ended_at, updated_at) WHERE state = 'ended'`.execute(db);
  await db.schema
    .createIndex('calls_to_log')
    .on('calls')
    .columns(['agent_id', 'created_at', 'id'])
    .where(sql<boolean>`state = 'ended' AND wrapped_up_at IS NULL`)
    .execute();
  await dialect.compareTextAsBytes(db);
}
