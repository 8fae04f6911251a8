// Shapes of the telephony API (server/modules/telephony) as the web app uses them. Those the
// server also declares (calls, call-backs, contact pressure) are defined once in common/api/.
import type { ConsentMap } from '../consent/types.js';
import type { Call, CallState } from '../../../../common/api/telephony.js';

export { CALLBACK_REASONS, CALLBACK_STATUSES } from '../../../../common/api/telephony.js';
export type { Call, Callback, CallbackReason, CallbackStatus, CallState, RoutingDecision } from '../../../../common/api/telephony.js';
export type { CapExceeded, CapStatus, PressureRule, PressureStatus } from '../../../../common/api/pressure.js';

export interface CardInteraction {
  id: string;
  channel: string;
  direction: string;
  occurredAt: string;
  summary: string | null;
  outcome: string | null;
}

export interface CardTask {
  id: string;
  title: string;
  dueAt: string | null;
}

/** One record behind the calling number, as the screen pop shows it. */
export interface CardMatch {
  type: 'person' | 'organisation';
  id: string;
  displayName: string;
  organisations: { id: string; name: string }[];
  tags: string[];
  relationships: { id?: string; type: string; targetType?: string | null; targetId?: string | null }[];
  /** Where they are: the main address's postal code and city ("69003 Lyon"). */
  place?: string | null;
  /** A few custom field values (the goods they ship…), by key. */
  customFields?: Record<string, unknown>;
  /** Under contract by the priority rule (the record or one of its organisations is tagged). */
  contract: boolean;
  contacts: { last7Days: number; last30Days: number };
  /** What the caller said they accept or refuse, per channel and purpose (only what was recorded). */
  consent: ConsentMap;
  lastInteractions: CardInteraction[];
  openTasks: CardTask[];
  /** Sections added by other modules (requests, deals, balance…), by name. */
  sections: Record<string, unknown>;
}

/** Data of the `call.ringing` live event. */
export interface RingingCard {
  /** Relais call id. */
  callId: string;
  /** The phone system's call id. */
  externalId: string;
  number: string;
  e164: string | null;
  to: string;
  /** The line called, in E.164 when the phone system's number could be read ("01 40 00 00 00" is written from it). */
  toE164?: string | null;
  priority: boolean;
  unknown: boolean;
  /** The server cut detail to fit the live event: the full card is at GET /api/calls/:id/card. */
  trimmed?: boolean;
  matches: CardMatch[];
}

/** Data of `call.answered`, `call.ended`, `call.missed`, `call.voicemail`, `call.updated`. */
export interface CallEvent {
  /** Relais call id. */
  id: string;
  /** The phone system's call id. */
  callId: string;
  state: CallState;
  agentId: string | null;
  interactionId: string | null;
  personId: string | null;
  durationSeconds: number | null;
}

export interface CallCardResponse {
  call: Call;
  matches: CardMatch[];
}

export interface PerContactCount {
  personId: string | null;
  organisationId: string | null;
  number: string | null;
  calls: number;
}

export const INTEGRATION_KINDS = ['generic', 'twilio', 'asterisk'] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];

export interface Integration {
  id: string;
  name: string;
  kind: IntegrationKind;
  config: Record<string, unknown>;
  disabled: boolean;
  createdAt: string;
}

export type CreatedIntegration = Integration & { secret: string };

export interface Extension {
  extension: string;
  userId: string;
}

export interface StatsBucket {
  calls: number;
  answered: number;
  missed: number;
  answerRate: number;
  missRate: number;
  avgWaitSeconds: number | null;
  avgDurationSeconds: number | null;
}

export interface CallStatistics {
  from: string;
  to: string;
  timeZone: string;
  totals: StatsBucket;
  perDay: (StatsBucket & { date: string })[];
  /** heatmap[weekday][hour], weekday 0 = Monday, hours in the firm's time zone. */
  heatmap: number[][];
  perAgent: (StatsBucket & { agentId: string | null })[];
  perLine: (StatsBucket & { line: string })[];
}

export interface RelationshipType {
  key: string;
  labelEn: string;
  labelFr: string;
}
