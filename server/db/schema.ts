/**
 * Kysely table types: the one source of truth for the database shape.
 * Conventions, identical on SQLite and PostgreSQL: ids are text (UUIDv7), timestamps are ISO 8601 UTC
 * text (they sort as text), booleans are 0/1 integers, JSON is stored as text.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = string;
type Flag = number;

export type EntityType = 'person' | 'organisation';

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  locale: string;
  team_id: string | null;
  disabled: Flag;
  created_at: Timestamp;
  updated_at: Timestamp;
  password_changed_at: Timestamp;
  version: number;
  /** Front-desk users on duty receive screen pops for calls no extension claims. */
  on_duty: ColumnType<Flag, Flag | undefined, Flag>;
}

export interface TeamsTable {
  id: string;
  name: string;
  manager_id: string | null;
  created_at: Timestamp;
  /** JSON BusinessCalendar (time zone, weekly hours, holidays); null: round the clock. */
  calendar: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SessionsTable {
  /** sha256 of the cookie value: a stolen database does not yield live sessions. */
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  /** Space-separated scopes: "read" or "read write". */
  scopes: string;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  email: string;
  ip: string;
  at: Timestamp;
}

export interface KnownLoginAddressesTable {
  user_id: string;
  ip: string;
  last_success_at: Timestamp;
}

export interface SecurityEventsTable {
  id: Generated<number>;
  at: Timestamp;
  kind: string;
  user_id: string | null;
  ip: string | null;
  details: string | null;
}

export interface PeopleTable {
  id: string;
  first_name: string;
  last_name: string;
  /** sortKey() of the names, what lists sort by (migration 20261203-0101). */
  first_name_key: string;
  last_name_key: string;
  owner_id: string | null;
  team_id: string | null;
  created_at: Timestamp;
  created_by: string | null;
  updated_at: Timestamp;
  updated_by: string | null;
  version: number;
  deleted_at: Timestamp | null;
  merged_into_id: string | null;
}

export interface OrganisationsTable {
  id: string;
  name: string;
  /** sortKey() of the name, what lists sort by (migration 20261203-0101). */
  name_key: string;
  owner_id: string | null;
  team_id: string | null;
  created_at: Timestamp;
  created_by: string | null;
  updated_at: Timestamp;
  updated_by: string | null;
  version: number;
  deleted_at: Timestamp | null;
  merged_into_id: string | null;
}

export interface PersonOrganisationsTable {
  person_id: string;
  organisation_id: string;
  created_at: Timestamp;
}

export interface RelationshipTypesTable {
  key: string;
  label_en: string;
  label_fr: string;
  created_at: Timestamp;
}

/** A typed link: "X is a carrier" (no object: towards our firm) or "X is contact-of Y". */
export interface RelationshipsTable {
  id: string;
  type_key: string;
  subject_type: string;
  subject_id: string;
  object_type: string | null;
  object_id: string | null;
  created_at: Timestamp;
  created_by: string | null;
}

export interface ContactPointsTable {
  id: string;
  entity_type: string;
  entity_id: string;
  /** phone | email | address */
  kind: string;
  label: string | null;
  /** What the user typed (phone as written, e-mail as written, address street lines). */
  value: string;
  /** E.164 for phones, lower-cased address for e-mails (null for postal addresses): what lookups compare. */
  normalized: string | null;
  postal_code: string | null;
  city: string | null;
  /** A postal address's city as folded words (cityKey; null without a city): what the city filter and sort compare. */
  city_key: string | null;
  country: string | null;
  position: number;
}

export interface TagsTable {
  entity_type: string;
  entity_id: string;
  tag: string;
}

export interface CustomFieldDefinitionsTable {
  id: string;
  entity_type: string;
  key: string;
  label_en: string;
  label_fr: string;
  /** text | number | date | boolean | choice */
  type: string;
  /** JSON array of allowed values, for type choice. */
  choices: string | null;
  created_at: Timestamp;
}

/** One typed column per kind so that values filter and sort on an index. */
export interface CustomFieldValuesTable {
  entity_type: string;
  entity_id: string;
  field_key: string;
  value_text: string | null;
  /** value_text folded (lib/text.ts fold()): what text filters compare, ignoring case and accents. */
  value_folded: string | null;
  value_number: number | null;
}

export interface InteractionsTable {
  id: string;
  channel: string;
  direction: string;
  occurred_at: Timestamp;
  duration_seconds: number | null;
  author_id: string | null;
  person_id: string | null;
  organisation_id: string | null;
  summary: string | null;
  body: string | null;
  outcome: string | null;
  created_at: Timestamp;
  created_by: string | null;
  updated_at: Timestamp;
  updated_by: string | null;
  version: number;
  deleted_at: Timestamp | null;
}

export interface InteractionParticipantsTable {
  interaction_id: string;
  entity_type: string;
  entity_id: string;
}

export interface AttachmentsTable {
  id: string;
  interaction_id: string | null;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  created_at: Timestamp;
  created_by: string | null;
}

/** A link from one record to any other record (deal, request, document… as modules arrive). */
export interface RecordLinksTable {
  id: string;
  from_type: string;
  from_id: string;
  to_type: string;
  to_id: string;
  created_at: Timestamp;
  created_by: string | null;
}

export interface TasksTable {
  id: string;
  title: string;
  due_at: Timestamp | null;
  reminder_at: Timestamp | null;
  assignee_id: string;
  person_id: string | null;
  organisation_id: string | null;
  interaction_id: string | null;
  status: string;
  completion_note: string | null;
  completed_at: Timestamp | null;
  /** Who marked it done or cancelled it; null while open. */
  completed_by: string | null;
  created_at: Timestamp;
  created_by: string | null;
  updated_at: Timestamp;
  updated_by: string | null;
  version: number;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  payload: string;
  created_at: Timestamp;
  read_at: Timestamp | null;
  /** Set when the notification must be made once only (by a job that may run twice): see notify(). */
  dedupe_key?: string | null;
}

/** Append-only: database triggers refuse UPDATE and DELETE. */
export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_id: string | null;
  entity_type: string;
  entity_id: string;
  action: string;
  field: string | null;
  old_value: string | null;
  new_value: string | null;
}

export interface JobsTable {
  id: string;
  kind: string;
  payload: string;
  run_at: Timestamp;
  /** queued | running | done | failed */
  status: string;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: Timestamp | null;
  last_error: string | null;
  /** At most one queued job per key (e.g. one reminder per task). */
  unique_key: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SavedViewsTable {
  id: string;
  user_id: string;
  entity_type: string;
  name: string;
  /** The name folded (sortKey): unique per user and list, so that the picker never shows two "Lyon". */
  name_key: string | null;
  definition: string;
  created_at: Timestamp;
}

/** Folded text of a person or organisation for full-text search (dialect adds its index). */
export interface SearchDocumentsTable {
  id: ColumnType<number, number | undefined, never>;
  entity_type: string;
  entity_id: string;
  /** Folded name tokens (weighted higher). */
  title: string;
  /** Folded tokens of e-mails, phone digits, city, organisations, tags, custom text fields. */
  content: string;
  /** What a result list shows, as written. */
  display_title: string;
  display_subtitle: string | null;
  /** PostgreSQL only fills it: the word beginnings of the title it indexes (see DialectFeatures.nameBeginnings). */
  name_beginnings: string | null;
}

export interface SettingsTable {
  key: string;
  /** JSON */
  value: string;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface TelephonyIntegrationsTable {
  id: string;
  name: string;
  /** generic | twilio | asterisk */
  kind: string;
  /** sha256 of the secret the phone system sends as Bearer token. */
  secret_hash: string;
  /** JSON: Twilio auth token and forwarding number, AMI host/port/user… */
  config: string;
  disabled: Flag;
  created_at: Timestamp;
  created_by: string | null;
}

export interface PhoneExtensionsTable {
  extension: string;
  user_id: string;
}

export interface CallsTable {
  id: string;
  integration_id: string;
  /** The phone system's call id. */
  external_id: string;
  direction: string;
  from_number: string;
  from_e164: string | null;
  to_number: string;
  to_e164: string | null;
  extension: string | null;
  agent_id: string | null;
  person_id: string | null;
  organisation_id: string | null;
  /** ringing | answered | ended | missed | voicemail */
  state: string;
  ringing_at: Timestamp | null;
  answered_at: Timestamp | null;
  ended_at: Timestamp | null;
  /** ended | missed | voicemail, once the call is over */
  terminal_event: string | null;
  duration_seconds: number | null;
  wait_seconds: number | null;
  recording_url: string | null;
  interaction_id: string | null;
  /** 1 when the caller matched the priority rule (under contract). */
  priority: Flag;
  /** JSON array of routing decisions: [{ at, decision, reason }] */
  routing: string;
  /** 1 once the screen pop was sent (never twice). */
  popped: Flag;
  /** When its agent saved the after-call form; null while an answered call is still to log. */
  wrapped_up_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CallEventsTable {
  id: string;
  call_id: string;
  event: string;
  at: Timestamp;
  received_at: Timestamp;
  /** integration + call + event + time: a repeated delivery is recognised and ignored. */
  dedupe_key: string;
  payload: string;
}

export interface CallbacksTable {
  id: string;
  call_id: string | null;
  number: string;
  e164: string | null;
  person_id: string | null;
  organisation_id: string | null;
  /** missed | voicemail | overload | manual */
  reason: string;
  /** open | done | cancelled */
  status: string;
  assignee_id: string | null;
  attempts: number;
  last_attempt_at: Timestamp | null;
  outcome: string | null;
  note: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: number;
  /** The caller's missed calls this call-back stands for (a new one joins it instead of queueing another). */
  missed_calls: number;
  last_missed_at: Timestamp | null;
}

export interface PressureRulesTable {
  id: string;
  /** relationship | tag */
  scope_type: string;
  scope_value: string;
  max_contacts: number;
  period_days: number;
  created_at: Timestamp;
}

export interface PressureOverridesTable {
  id: string;
  entity_id: string;
  user_id: string;
  rule_id: string;
  reason: string;
  context: string;
  at: Timestamp;
}

/** One row per record, channel and purpose; absence means "not asked". */
export interface ConsentsTable {
  id: string;
  entity_type: EntityType;
  entity_id: string;
  /** phone | email | sms | post */
  channel: string;
  /** service | marketing */
  purpose: string;
  /** granted | refused */
  status: string;
  /** Where the customer said it ("call of 12/11", "web form"). */
  source: string | null;
  note: string | null;
  recorded_at: Timestamp;
  recorded_by: string | null;
}

export interface RequestTypesTable {
  id: string;
  key: string;
  label_en: string;
  label_fr: string;
  team_id: string | null;
  /** JSON RequestTypeDefinition: statuses (workflow), required fields per status, fields, SLA. */
  definition: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Raised by each edit; a PATCH naming an older one is refused (409). */
  version: Generated<number>;
}

export interface RequestsTable {
  id: string;
  type_id: string;
  subject: string;
  description: string | null;
  person_id: string | null;
  organisation_id: string | null;
  interaction_id: string | null;
  team_id: string;
  assignee_id: string | null;
  /** low | normal | high | urgent */
  priority: string;
  status: string;
  /** 1 until the request reaches a terminal status (indexed for the queues). */
  is_open: Flag;
  /** JSON values of the type's own fields. */
  field_values: string;
  resolution_note: string | null;
  due_at: Timestamp | null;
  /** due_at, or the far future when none: the indexed sort key of the queues. */
  queue_due: Timestamp;
  warned_at: Timestamp | null;
  escalated_at: Timestamp | null;
  opened_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: Timestamp | null;
  version: number;
}

export interface RequestEventsTable {
  id: string;
  request_id: string;
  at: Timestamp;
  actor_id: string | null;
  /** created | status | assigned | comment | warning | escalated | updated */
  kind: string;
  from_status: string | null;
  to_status: string | null;
  body: string | null;
  internal: Flag;
}

export interface LeadsTable {
  id: string;
  /** call | front_desk | web_form | campaign | colleague */
  source: string;
  person_id: string | null;
  organisation_id: string | null;
  interaction_id: string | null;
  interest: string;
  potential: number | null;
  originator_id: string;
  suggested_owner_id: string | null;
  owner_id: string | null;
  /** JSON: how the owner was chosen. */
  routing: string;
  /** new | accepted | converted | rejected */
  status: string;
  reject_reason: string | null;
  note: string | null;
  due_at: Timestamp | null;
  /** When the owner was warned that the deadline is near (once per deadline). */
  warned_at: Timestamp | null;
  escalated_at: Timestamp | null;
  /** Set by the server when the lead is created; never updated (first link of attribution). */
  created_at: Timestamp;
  created_by: string;
  updated_at: Timestamp;
  /** Why the owner decided as they did (the originator's note stays in `note`). */
  decision_note: string | null;
  decided_at: Timestamp | null;
  version: number;
}

export interface LeadEventsTable {
  id: string;
  lead_id: string;
  at: Timestamp;
  actor_id: string | null;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  body: string | null;
}

/** A creating request's answer, kept under the key its client sent (server/http/idempotency.ts). */
export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  fingerprint: string;
  /** Random per claim, so that only the request holding the key records or releases it. */
  claim_token: string;
  /** 'pending' while the first request runs, 'committed' once a change of it committed (same transaction), then 'done' with its answer. */
  status: 'pending' | 'committed' | 'done';
  response_status: number | null;
  /** JSON object of the answer's headers worth repeating (content type, ETag, Location). */
  response_headers: string | null;
  response_body: string | null;
  created_at: Timestamp;
}

export interface Database {
  idempotency_keys: IdempotencyKeysTable;
  request_types: RequestTypesTable;
  requests: RequestsTable;
  request_events: RequestEventsTable;
  leads: LeadsTable;
  lead_events: LeadEventsTable;
  settings: SettingsTable;
  telephony_integrations: TelephonyIntegrationsTable;
  phone_extensions: PhoneExtensionsTable;
  calls: CallsTable;
  call_events: CallEventsTable;
  callbacks: CallbacksTable;
  pressure_rules: PressureRulesTable;
  pressure_overrides: PressureOverridesTable;
  consents: ConsentsTable;
  users: UsersTable;
  teams: TeamsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
  known_login_addresses: KnownLoginAddressesTable;
  security_events: SecurityEventsTable;
  people: PeopleTable;
  organisations: OrganisationsTable;
  person_organisations: PersonOrganisationsTable;
  relationship_types: RelationshipTypesTable;
  relationships: RelationshipsTable;
  contact_points: ContactPointsTable;
  tags: TagsTable;
  custom_field_definitions: CustomFieldDefinitionsTable;
  custom_field_values: CustomFieldValuesTable;
  interactions: InteractionsTable;
  interaction_participants: InteractionParticipantsTable;
  attachments: AttachmentsTable;
  record_links: RecordLinksTable;
  tasks: TasksTable;
  notifications: NotificationsTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
  saved_views: SavedViewsTable;
  search_documents: SearchDocumentsTable;
}
