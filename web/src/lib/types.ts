// Shapes of the Relais REST API as the web app uses them (see the API contract in docs/); field
// names are fixed. These are still declared on the web side only: the shapes defined once for
// server and web (calls, call-backs, contact pressure, consent, the screen pop's hand-off
// sections) are in common/api/, which the feature types files re-export.

export type Role = 'admin' | 'manager' | 'frontdesk' | 'sales' | 'backoffice';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale?: string | null;
  teamId?: string | null;
  /** Disabled accounts cannot sign in: nothing is handed to them. */
  disabled?: boolean;
}

export interface Session {
  user: User;
  csrfToken: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** Lists asked with total=true (first page): the count, up to 10,000. */
  total?: number;
  /** The count stopped at its cap: there are more ("10 000+"). */
  totalIsLowerBound?: boolean;
}

export interface Phone {
  number: string;
  e164?: string | null;
  label?: string | null;
}

export interface Email {
  address: string;
  label?: string | null;
}

export interface Address {
  label?: string | null;
  street?: string | null;
  postalCode?: string | null;
  city?: string | null;
  country?: string | null;
}

export type CustomFieldValue = string | number | boolean | null;

export interface OrganisationRef {
  id: string;
  name: string;
}

/** A typed relationship of a record: a plain one ("carrier") or one naming another record ("contact-of" an organisation). */
export interface Relationship {
  id: string;
  /** A relationship type's key (GET /api/relationship-types). */
  type: string;
  targetType: 'person' | 'organisation' | null;
  targetId: string | null;
}

/** Another record's relationship naming this one (a person "contact-of" this organisation). */
export interface IncomingRelationship {
  id: string;
  type: string;
  sourceType: 'person' | 'organisation';
  sourceId: string;
}

export interface Person {
  id: string;
  firstName: string | null;
  lastName: string | null;
  displayName: string;
  phones: Phone[];
  emails: Email[];
  addresses: Address[];
  organisationIds: string[];
  organisations: OrganisationRef[];
  tags: string[];
  customFields: Record<string, CustomFieldValue>;
  relationships: Relationship[];
  /** Other live records' relationships naming this one. */
  incomingRelationships: IncomingRelationship[];
  ownerId: string | null;
  teamId: string | null;
  /** Lists filtered by city: the city the record matched on (not always its first address's). */
  matchedCity?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface PossibleDuplicate {
  id: string;
  type: 'person' | 'organisation';
  displayName: string;
  reason: 'phone' | 'email' | 'name';
  /** Everything it shares with what was typed, strongest first. */
  reasons: ('phone' | 'email' | 'name')[];
}

export type CreatedPerson = Person & { possibleDuplicates?: PossibleDuplicate[] };

export interface Organisation {
  id: string;
  name: string;
  phones: Phone[];
  emails: Email[];
  addresses: Address[];
  tags: string[];
  customFields: Record<string, CustomFieldValue>;
  relationships: Relationship[];
  /** Other live records' relationships naming this one. */
  incomingRelationships: IncomingRelationship[];
  ownerId: string | null;
  teamId: string | null;
  memberIds: string[];
  /** Lists filtered by city: the city the record matched on (not always its first address's). */
  matchedCity?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const CHANNELS = [
  'call',
  'email',
  'letter',
  'fax',
  'meeting',
  'sms',
  'chat',
  'social_public',
  'social_private',
  'web_form',
  'note',
] as const;
export type Channel = (typeof CHANNELS)[number];
export type Direction = 'in' | 'out' | 'internal';

export interface Interaction {
  id: string;
  channel: Channel;
  direction: Direction;
  occurredAt: string;
  durationSeconds: number | null;
  authorId: string | null;
  personId: string | null;
  organisationId: string | null;
  /** Every record taking part, the interaction's own person and organisation included. */
  participants: InteractionParticipant[];
  summary: string | null;
  body: string | null;
  outcome: string | null;
  attachments: Attachment[];
  /** Other records it is linked to (the phone system's call, a request, a lead…). */
  links: InteractionLink[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface InteractionParticipant {
  type: 'person' | 'organisation';
  id: string;
}

export type InteractionLinkType = 'person' | 'organisation' | 'interaction' | 'task' | 'call' | 'request' | 'lead';

export interface InteractionLink {
  type: InteractionLinkType;
  id: string;
}

/** A file attached to an interaction (GET /api/attachments/:id downloads it). */
export interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  /** The user who added it: a colleague may attach a file to someone else's entry. */
  createdBy: string | null;
  createdAt: string;
}

export type TaskStatus = 'open' | 'done' | 'cancelled';

export interface Task {
  id: string;
  title: string;
  dueAt: string | null;
  reminderAt: string | null;
  assigneeId: string | null;
  personId: string | null;
  organisationId: string | null;
  interactionId: string | null;
  status: TaskStatus;
  completionNote: string | null;
  completedAt: string | null;
  /** Who closed it (done or cancelled); older servers do not say. */
  completedBy?: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface SearchHit {
  type: 'person' | 'organisation';
  id: string;
  title: string;
  subtitle?: string | null;
  score?: number;
}

export interface AppNotification {
  id: string;
  kind: string;
  payload: Record<string, unknown> | null;
  createdAt: string;
  readAt: string | null;
}

export type EntityType = 'person' | 'organisation';

export interface ViewDefinition {
  /** One value as text, several as a list (tag, ownerId, city, relationship, missing). */
  filters: Record<string, string | string[]>;
  sort: string;
  columns: string[];
}

export interface SavedView {
  id: string;
  entityType: EntityType;
  name: string;
  definition: ViewDefinition;
}

export interface CustomFieldDefinition {
  id: string;
  entityType: EntityType;
  key: string;
  labelFr: string;
  labelEn: string;
  type: 'text' | 'number' | 'date' | 'boolean' | 'choice';
  choices?: string[] | null;
}

export interface TagCount {
  tag: string;
  count: number;
}

/** Payload of the `task.reminder` server-sent event. */
export interface TaskReminderEvent {
  taskId: string;
  title: string;
  dueAt: string | null;
  personId: string | null;
  organisationId: string | null;
}

/** One item of a 400 VALIDATION_FAILED error's details. */
export interface ValidationIssue {
  path: string;
  message: string;
  /** The server's French for the message, when it has one (the password rules, a refused host). */
  messageFr?: string;
}
