import { sql, type Kysely } from 'kysely';
import type { DialectFeatures } from '../dialect/features.js';

/** Foundation: access, customer base, timeline, tasks, audit, jobs, search. */
export async function up(db: Kysely<unknown>, dialect: DialectFeatures): Promise<void> {
  const ts = 'varchar(32)';
  const id = 'varchar(36)';

  await db.schema
    .createTable('teams')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull().unique())
    .addColumn('manager_id', id)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('email', 'varchar(320)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('locale', 'varchar(5)', (c) => c.notNull().defaultTo('fr'))
    .addColumn('team_id', id, (c) => c.references('teams.id'))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('password_changed_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', id, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .addColumn('user_agent', 'varchar(400)')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('user_id', id, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('scopes', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts)
    .addColumn('revoked_at', ts)
    .addColumn('last_used_at', ts)
    .execute();

  await db.schema
    .createTable('login_failures')
    .addColumn('id', dialect.autoIncrementType, (c) =>
      dialect.name === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
    )
    .addColumn('email', 'varchar(320)', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)', (c) => c.notNull())
    .addColumn('at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_failures_email').on('login_failures').columns(['email', 'at']).execute();
  await db.schema.createIndex('login_failures_ip').on('login_failures').columns(['ip', 'at']).execute();

  await db.schema
    .createTable('security_events')
    .addColumn('id', dialect.autoIncrementType, (c) =>
      dialect.name === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
    )
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('kind', 'varchar(60)', (c) => c.notNull())
    .addColumn('user_id', id)
    .addColumn('ip', 'varchar(64)')
    .addColumn('details', 'text')
    .execute();
  await db.schema.createIndex('security_events_at').on('security_events').column('at').execute();

  for (const table of ['people', 'organisations'] as const) {
    let builder = db.schema.createTable(table).addColumn('id', id, (c) => c.primaryKey());
    builder =
      table === 'people'
        ? builder
            .addColumn('first_name', 'varchar(200)', (c) => c.notNull())
            .addColumn('last_name', 'varchar(200)', (c) => c.notNull())
        : builder.addColumn('name', 'varchar(300)', (c) => c.notNull());
    await builder
      .addColumn('owner_id', id, (c) => c.references('users.id'))
      .addColumn('team_id', id, (c) => c.references('teams.id'))
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('created_by', id)
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addColumn('updated_by', id)
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('deleted_at', ts)
      .addColumn('merged_into_id', id)
      .execute();
    await db.schema.createIndex(`${table}_owner`).on(table).columns(['owner_id']).execute();
    await db.schema.createIndex(`${table}_created`).on(table).columns(['created_at', 'id']).execute();
    await db.schema.createIndex(`${table}_updated`).on(table).columns(['updated_at', 'id']).execute();
  }
  await db.schema.createIndex('people_name').on('people').columns(['last_name', 'first_name', 'id']).execute();
  await db.schema.createIndex('organisations_name').on('organisations').columns(['name', 'id']).execute();

  await db.schema
    .createTable('person_organisations')
    .addColumn('person_id', id, (c) => c.notNull().references('people.id'))
    .addColumn('organisation_id', id, (c) => c.notNull().references('organisations.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('person_organisations_pk', ['person_id', 'organisation_id'])
    .execute();
  await db.schema.createIndex('person_organisations_org').on('person_organisations').column('organisation_id').execute();

  await db.schema
    .createTable('relationship_types')
    .addColumn('key', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('label_en', 'varchar(100)', (c) => c.notNull())
    .addColumn('label_fr', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('relationships')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('type_key', 'varchar(40)', (c) => c.notNull().references('relationship_types.key'))
    .addColumn('subject_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('subject_id', id, (c) => c.notNull())
    .addColumn('object_type', 'varchar(20)')
    .addColumn('object_id', id)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('created_by', id)
    .execute();
  await db.schema.createIndex('relationships_subject').on('relationships').columns(['subject_id', 'type_key']).execute();
  await db.schema.createIndex('relationships_object').on('relationships').columns(['object_id']).execute();
  await db.schema.createIndex('relationships_type').on('relationships').columns(['type_key', 'subject_type']).execute();

  await db.schema
    .createTable('contact_points')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('entity_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('entity_id', id, (c) => c.notNull())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('label', 'varchar(60)')
    .addColumn('value', 'varchar(500)', (c) => c.notNull())
    .addColumn('normalized', 'varchar(320)')
    .addColumn('postal_code', 'varchar(20)')
    .addColumn('city', 'varchar(120)')
    .addColumn('country', 'varchar(2)')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('contact_points_entity').on('contact_points').columns(['entity_id', 'kind', 'position']).execute();
  await db.schema.createIndex('contact_points_lookup').on('contact_points').columns(['normalized', 'kind']).execute();
  await db.schema.createIndex('contact_points_city').on('contact_points').columns(['city']).execute();

  await db.schema
    .createTable('tags')
    .addColumn('entity_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('entity_id', id, (c) => c.notNull())
    .addColumn('tag', 'varchar(60)', (c) => c.notNull())
    .addPrimaryKeyConstraint('tags_pk', ['entity_id', 'tag'])
    .execute();
  await db.schema.createIndex('tags_tag').on('tags').columns(['tag', 'entity_type']).execute();

  await db.schema
    .createTable('custom_field_definitions')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('entity_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('key', 'varchar(60)', (c) => c.notNull())
    .addColumn('label_en', 'varchar(100)', (c) => c.notNull())
    .addColumn('label_fr', 'varchar(100)', (c) => c.notNull())
    .addColumn('type', 'varchar(10)', (c) => c.notNull())
    .addColumn('choices', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('custom_field_definitions_key', ['entity_type', 'key'])
    .execute();

  await db.schema
    .createTable('custom_field_values')
    .addColumn('entity_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('entity_id', id, (c) => c.notNull())
    .addColumn('field_key', 'varchar(60)', (c) => c.notNull())
    .addColumn('value_text', 'varchar(2000)')
    .addColumn('value_number', 'double precision')
    .addPrimaryKeyConstraint('custom_field_values_pk', ['entity_id', 'field_key'])
    .execute();
  await db.schema.createIndex('custom_field_values_text').on('custom_field_values').columns(['field_key', 'value_text']).execute();
  await db.schema.createIndex('custom_field_values_number').on('custom_field_values').columns(['field_key', 'value_number']).execute();

  await db.schema
    .createTable('interactions')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('channel', 'varchar(20)', (c) => c.notNull())
    .addColumn('direction', 'varchar(10)', (c) => c.notNull())
    .addColumn('occurred_at', ts, (c) => c.notNull())
    .addColumn('duration_seconds', 'integer')
    .addColumn('author_id', id, (c) => c.references('users.id'))
    .addColumn('person_id', id, (c) => c.references('people.id'))
    .addColumn('organisation_id', id, (c) => c.references('organisations.id'))
    .addColumn('summary', 'varchar(500)')
    .addColumn('body', 'text')
    .addColumn('outcome', 'varchar(60)')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('created_by', id)
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('updated_by', id)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('deleted_at', ts)
    .execute();
  await db.schema.createIndex('interactions_person').on('interactions').columns(['person_id', 'occurred_at']).execute();
  await db.schema.createIndex('interactions_org').on('interactions').columns(['organisation_id', 'occurred_at']).execute();
  await db.schema.createIndex('interactions_occurred').on('interactions').columns(['occurred_at', 'id']).execute();

  await db.schema
    .createTable('interaction_participants')
    .addColumn('interaction_id', id, (c) => c.notNull().references('interactions.id'))
    .addColumn('entity_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('entity_id', id, (c) => c.notNull())
    .addPrimaryKeyConstraint('interaction_participants_pk', ['interaction_id', 'entity_id'])
    .execute();
  await db.schema.createIndex('interaction_participants_entity').on('interaction_participants').column('entity_id').execute();

  await db.schema
    .createTable('attachments')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('interaction_id', id, (c) => c.references('interactions.id'))
    .addColumn('file_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('content_type', 'varchar(120)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('created_by', id)
    .execute();
  await db.schema.createIndex('attachments_interaction').on('attachments').column('interaction_id').execute();

  await db.schema
    .createTable('record_links')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('from_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('from_id', id, (c) => c.notNull())
    .addColumn('to_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('to_id', id, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('created_by', id)
    .execute();
  await db.schema.createIndex('record_links_from').on('record_links').columns(['from_id']).execute();
  await db.schema.createIndex('record_links_to').on('record_links').columns(['to_id']).execute();

  await db.schema
    .createTable('tasks')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('due_at', ts)
    .addColumn('reminder_at', ts)
    .addColumn('assignee_id', id, (c) => c.notNull().references('users.id'))
    .addColumn('person_id', id, (c) => c.references('people.id'))
    .addColumn('organisation_id', id, (c) => c.references('organisations.id'))
    .addColumn('interaction_id', id, (c) => c.references('interactions.id'))
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('completion_note', 'text')
    .addColumn('completed_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('created_by', id)
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('updated_by', id)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('tasks_assignee').on('tasks').columns(['assignee_id', 'status', 'due_at']).execute();
  await db.schema.createIndex('tasks_person').on('tasks').columns(['person_id', 'status']).execute();
  await db.schema.createIndex('tasks_org').on('tasks').columns(['organisation_id', 'status']).execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('user_id', id, (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('read_at', ts)
    .execute();
  await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'created_at']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', dialect.autoIncrementType, (c) =>
      dialect.name === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
    )
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('actor_id', id)
    .addColumn('entity_type', 'varchar(30)', (c) => c.notNull())
    .addColumn('entity_id', id, (c) => c.notNull())
    .addColumn('action', 'varchar(20)', (c) => c.notNull())
    .addColumn('field', 'varchar(100)')
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity_id', 'id']).execute();
  await dialect.makeAppendOnly(db, 'audit_log');

  await db.schema
    .createTable('jobs')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('kind', 'varchar(60)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('run_at', ts, (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('locked_by', 'varchar(80)')
    .addColumn('locked_until', ts)
    .addColumn('last_error', 'text')
    .addColumn('unique_key', 'varchar(120)')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at']).execute();
  await db.schema
    .createIndex('jobs_unique_queued')
    .on('jobs')
    .column('unique_key')
    .unique()
    .where(sql.ref('status'), '=', 'queued')
    .execute();

  await db.schema
    .createTable('saved_views')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('user_id', id, (c) => c.notNull().references('users.id'))
    .addColumn('entity_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('saved_views_user').on('saved_views').columns(['user_id', 'entity_type']).execute();

  await db.schema
    .createTable('search_documents')
    .addColumn('id', dialect.autoIncrementType, (c) =>
      dialect.name === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
    )
    .addColumn('entity_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('entity_id', id, (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('display_title', 'varchar(400)', (c) => c.notNull())
    .addColumn('display_subtitle', 'varchar(400)')
    .addUniqueConstraint('search_documents_entity', ['entity_type', 'entity_id'])
    .execute();
  await dialect.createSearchIndex(db);
}
