import { sql, type Kysely } from 'kysely';

/**
 * Consent per channel and purpose (PRODUCT S10, capability 12): what a person or organisation said
 * they accept or refuse, where it was said, and who wrote it down. No row means "not asked" —
 * unknown is never stored, so a refusal cannot be confused with a default.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const ts = 'varchar(32)';
  const id = 'varchar(36)';

  await db.schema
    .createTable('consents')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('entity_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('entity_id', id, (c) => c.notNull())
    .addColumn('channel', 'varchar(10)', (c) => c.notNull())
    .addColumn('purpose', 'varchar(20)', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('source', 'varchar(200)')
    .addColumn('note', 'varchar(2000)')
    .addColumn('recorded_at', ts, (c) => c.notNull())
    .addColumn('recorded_by', id, (c) => c.references('users.id'))
    .addUniqueConstraint('consents_entity_channel_purpose', ['entity_id', 'channel', 'purpose'])
    // The same closed lists on both databases: a value the application does not know cannot be stored.
    .addCheckConstraint('consents_entity_type', sql`entity_type IN ('person', 'organisation')`)
    .addCheckConstraint('consents_channel', sql`channel IN ('phone', 'email', 'sms', 'post')`)
    .addCheckConstraint('consents_purpose', sql`purpose IN ('service', 'marketing')`)
    .addCheckConstraint('consents_status', sql`status IN ('granted', 'refused')`)
    .execute();
  // The unique constraint leads with entity_id: it is also the index "consents of this record"
  // (the screen pop reads them for every match). A second index on entity_type, entity_id serves
  // lists of one kind of record.
  await db.schema.createIndex('consents_entity').on('consents').columns(['entity_type', 'entity_id']).execute();
}
