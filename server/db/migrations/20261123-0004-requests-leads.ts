import type { Kysely } from 'kysely';

/** Hand-offs: request types with workflows and SLAs, team calendars, requests, leads, and their histories. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const ts = 'varchar(32)';
  const id = 'varchar(36)';

  await db.schema.alterTable('teams').addColumn('calendar', 'text').execute();

  await db.schema
    .createTable('request_types')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('key', 'varchar(60)', (c) => c.notNull().unique())
    .addColumn('label_en', 'varchar(100)', (c) => c.notNull())
    .addColumn('label_fr', 'varchar(100)', (c) => c.notNull())
    .addColumn('team_id', id, (c) => c.references('teams.id'))
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('requests')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('type_id', id, (c) => c.notNull().references('request_types.id'))
    .addColumn('subject', 'varchar(300)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('person_id', id, (c) => c.references('people.id'))
    .addColumn('organisation_id', id, (c) => c.references('organisations.id'))
    .addColumn('interaction_id', id, (c) => c.references('interactions.id'))
    .addColumn('team_id', id, (c) => c.notNull().references('teams.id'))
    .addColumn('assignee_id', id, (c) => c.references('users.id'))
    .addColumn('priority', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(40)', (c) => c.notNull())
    .addColumn('is_open', 'integer', (c) => c.notNull())
    .addColumn('field_values', 'text', (c) => c.notNull())
    .addColumn('resolution_note', 'text')
    .addColumn('due_at', ts)
    .addColumn('warned_at', ts)
    .addColumn('escalated_at', ts)
    .addColumn('opened_by', id, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('closed_at', ts)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // The team queue: open requests of a team, oldest deadline first.
  await db.schema.createIndex('requests_queue').on('requests').columns(['team_id', 'is_open', 'due_at', 'id']).execute();
  await db.schema.createIndex('requests_assignee').on('requests').columns(['assignee_id', 'is_open', 'due_at']).execute();
  await db.schema.createIndex('requests_opener').on('requests').columns(['opened_by', 'created_at']).execute();
  await db.schema.createIndex('requests_person').on('requests').columns(['person_id', 'created_at']).execute();
  await db.schema.createIndex('requests_org').on('requests').columns(['organisation_id', 'created_at']).execute();

  await db.schema
    .createTable('request_events')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('request_id', id, (c) => c.notNull().references('requests.id'))
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('actor_id', id)
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('from_status', 'varchar(40)')
    .addColumn('to_status', 'varchar(40)')
    .addColumn('body', 'text')
    .addColumn('internal', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('request_events_request').on('request_events').columns(['request_id', 'at']).execute();

  await db.schema
    .createTable('leads')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('source', 'varchar(20)', (c) => c.notNull())
    .addColumn('person_id', id, (c) => c.references('people.id'))
    .addColumn('organisation_id', id, (c) => c.references('organisations.id'))
    .addColumn('interaction_id', id, (c) => c.references('interactions.id'))
    .addColumn('interest', 'varchar(300)', (c) => c.notNull())
    .addColumn('potential', 'double precision')
    .addColumn('originator_id', id, (c) => c.notNull())
    .addColumn('suggested_owner_id', id)
    .addColumn('owner_id', id, (c) => c.references('users.id'))
    .addColumn('routing', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('reject_reason', 'varchar(100)')
    .addColumn('note', 'text')
    .addColumn('due_at', ts)
    .addColumn('escalated_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('created_by', id, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('decided_at', ts)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('leads_owner').on('leads').columns(['owner_id', 'status', 'due_at']).execute();
  await db.schema.createIndex('leads_originator').on('leads').columns(['originator_id', 'created_at']).execute();
  await db.schema.createIndex('leads_person').on('leads').columns(['person_id', 'created_at']).execute();
  await db.schema.createIndex('leads_org').on('leads').columns(['organisation_id', 'created_at']).execute();

  await db.schema
    .createTable('lead_events')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('lead_id', id, (c) => c.notNull().references('leads.id'))
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('actor_id', id)
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('from_status', 'varchar(12)')
    .addColumn('to_status', 'varchar(12)')
    .addColumn('body', 'text')
    .execute();
  await db.schema.createIndex('lead_events_lead').on('lead_events').columns(['lead_id', 'at']).execute();
}
