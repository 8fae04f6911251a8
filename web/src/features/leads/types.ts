// Shapes of /api/leads and /api/reports/leads (server/modules/leads).

export const LEAD_SOURCES = ['call', 'front_desk', 'web_form', 'campaign', 'colleague'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];
export const LEAD_STATUSES = ['new', 'accepted', 'converted', 'rejected'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export interface Lead {
  id: string;
  source: LeadSource;
  personId: string | null;
  organisationId: string | null;
  interactionId: string | null;
  interest: string;
  potential: number | null;
  originatorId: string;
  suggestedOwnerId: string | null;
  ownerId: string | null;
  routing: { rule: string; detail?: string }[];
  status: LeadStatus;
  rejectReason: string | null;
  note: string | null;
  /** Why the owner accepted, converted or rejected it. */
  decisionNote: string | null;
  dueAt: string | null;
  /** When the owner was warned that the deadline is near. */
  warnedAt: string | null;
  escalatedAt: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  decidedAt: string | null;
  version: number;
}

export interface LeadHistoryEntry {
  id: string;
  at: string;
  actorId: string | null;
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  body: string | null;
}

export type LeadWithHistory = Lead & { history: LeadHistoryEntry[] };

export interface RejectReason {
  key: string;
  labelEn: string;
  labelFr: string;
}

export interface LeadSettings {
  territories: { postalPrefix: string; ownerId: string }[];
  products: { keyword: string; ownerId: string }[];
  roundRobinTeamId: string | null;
  treatWithin: string;
  /** Warn the owner this long before the deadline; absent: no warning. */
  warnBefore?: string;
  rejectReasons: RejectReason[];
}

export interface ConversionRow {
  key: string;
  total: number;
  accepted: number;
  converted: number;
  rejected: number;
  pending: number;
  conversionRate: number;
}

export interface LeadReport {
  from: string;
  to: string;
  total: number;
  byOwner: ConversionRow[];
  bySource: ConversionRow[];
  byOriginator: ConversionRow[];
}
