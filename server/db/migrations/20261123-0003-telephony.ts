import type { Kysely } from 'kysely';

/** Telephony: integrations, calls and their raw events, call-back queue, extensions, settings, contact pressure. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const ts = 'varchar(32)';
  const id = 'varchar(36)';

  await db.schema
    .createTable('settings')
    .addColumn('key', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('updated_by', id)
    .execute();

  await db.schema
    .createTable('telephony_integrations')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('secret_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('created_by', id)
    .execute();

  await db.schema
    .createTable('phone_extensions')
    .addColumn('extension', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('user_id', id, (c) => c.notNull().references('users.id'))
    .execute();
  await db.schema.createIndex('phone_extensions_user').on('phone_extensions').column('user_id').execute();

  await db.schema
    .createTable('calls')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('integration_id', id, (c) => c.notNull().references('telephony_integrations.id'))
    .addColumn('external_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('direction', 'varchar(10)', (c) => c.notNull())
    .addColumn('from_number', 'varchar(60)', (c) => c.notNull())
    .addColumn('from_e164', 'varchar(20)')
    .addColumn('to_number', 'varchar(60)', (c) => c.notNull())
    .addColumn('to_e164', 'varchar(20)')
    .addColumn('extension', 'varchar(40)')
    .addColumn('agent_id', id, (c) => c.references('users.id'))
    .addColumn('person_id', id, (c) => c.references('people.id'))
    .addColumn('organisation_id', id, (c) => c.references('organisations.id'))
    .addColumn('state', 'varchar(12)', (c) => c.notNull())
    .addColumn('ringing_at', ts)
    .addColumn('answered_at', ts)
    .addColumn('ended_at', ts)
    .addColumn('terminal_event', 'varchar(12)')
    .addColumn('duration_seconds', 'integer')
    .addColumn('wait_seconds', 'integer')
    .addColumn('recording_url', 'varchar(1000)')
    .addColumn('interaction_id', id, (c) => c.references('interactions.id'))
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('routing', 'text', (c) => c.notNull())
    .addColumn('popped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('calls_external', ['integration_id', 'external_id'])
    .execute();
  await db.schema.createIndex('calls_started').on('calls').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('calls_person').on('calls').columns(['person_id', 'created_at']).execute();
  await db.schema.createIndex('calls_agent').on('calls').columns(['agent_id', 'created_at']).execute();
  await db.schema.createIndex('calls_from').on('calls').columns(['from_e164', 'created_at']).execute();

  await db.schema
    .createTable('call_events')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('call_id', id, (c) => c.notNull().references('calls.id'))
    .addColumn('event', 'varchar(12)', (c) => c.notNull())
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('received_at', ts, (c) => c.notNull())
    .addColumn('dedupe_key', 'varchar(300)', (c) => c.notNull().unique())
    .addColumn('payload', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('call_events_call').on('call_events').columns(['call_id', 'at']).execute();

  await db.schema
    .createTable('callbacks')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('call_id', id, (c) => c.references('calls.id').unique())
    .addColumn('number', 'varchar(60)', (c) => c.notNull())
    .addColumn('e164', 'varchar(20)')
    .addColumn('person_id', id, (c) => c.references('people.id'))
    .addColumn('organisation_id', id, (c) => c.references('organisations.id'))
    .addColumn('reason', 'varchar(20)', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('assignee_id', id, (c) => c.references('users.id'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_attempt_at', ts)
    .addColumn('outcome', 'varchar(60)')
    .addColumn('note', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('callbacks_status').on('callbacks').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('pressure_rules')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('scope_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('scope_value', 'varchar(60)', (c) => c.notNull())
    .addColumn('max_contacts', 'integer', (c) => c.notNull())
    .addColumn('period_days', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('pressure_overrides')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('entity_id', id, (c) => c.notNull())
    .addColumn('user_id', id, (c) => c.notNull())
    .addColumn('rule_id', id, (c) => c.notNull())
    .addColumn('reason', 'varchar(500)', (c) => c.notNull())
    .addColumn('context', 'varchar(40)', (c) => c.notNull())
    .addColumn('at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pressure_overrides_entity').on('pressure_overrides').columns(['entity_id', 'at']).execute();

  await db.schema.alterTable('users').addColumn('on_duty', 'integer', (c) => c.notNull().defaultTo(1)).execute();
}
