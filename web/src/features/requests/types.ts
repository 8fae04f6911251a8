// Shapes of /api/requests, /api/request-types and /api/teams (server/modules/requests).

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** A team's working time: deadlines count only its open hours (null hours: round the clock). */
export interface TeamCalendar {
  timeZone: string;
  hours: Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', [string, string][]>> | null;
  holidays: string[];
}

export interface Team {
  id: string;
  name: string;
  managerId: string | null;
  calendar?: TeamCalendar | null;
}

export interface RequestStatusDef {
  key: string;
  labelEn: string;
  labelFr: string;
  terminal: boolean;
  /** Paths that must be filled to enter this status: core names or `fields.KEY`. */
  required: string[];
  /** Statuses a request may move to from this one; absent: any. */
  next?: string[];
}

export interface RequestFieldDef {
  key: string;
  labelEn: string;
  labelFr: string;
  type: 'text' | 'number' | 'date';
}

export interface RequestType {
  id: string;
  key: string;
  labelEn: string;
  labelFr: string;
  teamId: string | null;
  definition: {
    statuses: RequestStatusDef[];
    fields: RequestFieldDef[];
    sla: { byPriority: Partial<Record<Priority, string>>; warnBefore?: string };
  };
  /** Raised by each edit; sent back with a PATCH. */
  version: number;
}

export type FieldValue = string | number | null;

export interface HandOffRequest {
  id: string;
  typeId: string;
  subject: string;
  description: string | null;
  personId: string | null;
  organisationId: string | null;
  interactionId: string | null;
  teamId: string;
  assigneeId: string | null;
  priority: Priority;
  status: string;
  open: boolean;
  fields: Record<string, FieldValue>;
  resolutionNote: string | null;
  dueAt: string | null;
  overdue: boolean;
  warnedAt: string | null;
  escalatedAt: string | null;
  openedBy: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  version: number;
}

export type RequestEventKind = 'created' | 'assigned' | 'status' | 'comment' | 'warning' | 'escalated' | 'updated' | 'team';

export interface RequestHistoryEntry {
  id: string;
  at: string;
  actorId: string | null;
  kind: RequestEventKind;
  fromStatus: string | null;
  toStatus: string | null;
  body: string | null;
  internal: boolean;
}

export type RequestWithHistory = HandOffRequest & { history: RequestHistoryEntry[] };

/** Core request fields a status may require besides the type's own `fields.KEY`. */
export const CORE_REQUIRABLE = ['description', 'assigneeId', 'resolutionNote', 'personId', 'organisationId'] as const;
