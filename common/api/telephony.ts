// Shapes of the telephony API (server/modules/telephony) shared by the server, which produces
// them, and the web app, which reads them. JSON field names are a contract: add, never rename.

/** A call's state; "missed" and "voicemail" are ends where nobody answered. */
export const CALL_STATES = ['ringing', 'answered', 'ended', 'missed', 'voicemail'] as const;
export type CallState = (typeof CALL_STATES)[number];

export type CallDirection = 'in' | 'out';

/** One routing decision written on a call (who was rung, or why it went to voicemail). */
export interface RoutingDecision {
  at: string;
  decision: 'ring' | 'voicemail';
  reason: string;
  userIds?: string[];
}

/** A call as GET /api/calls and GET /api/calls/:id answer it. */
export interface Call {
  id: string;
  integrationId: string;
  /** The phone system's call id. */
  callId: string;
  direction: CallDirection;
  from: string;
  fromE164: string | null;
  to: string;
  toE164: string | null;
  extension: string | null;
  agentId: string | null;
  personId: string | null;
  organisationId: string | null;
  state: CallState;
  ringingAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  durationSeconds: number | null;
  waitSeconds: number | null;
  recordingUrl: string | null;
  interactionId: string | null;
  /** When its agent saved the after-call form; null while an answered call is still to log. */
  wrappedUpAt: string | null;
  priority: boolean;
  routing: RoutingDecision[];
  createdAt: string;
}

/** Why someone waits for a call back. */
export const CALLBACK_REASONS = ['missed', 'voicemail', 'overload', 'manual'] as const;
export type CallbackReason = (typeof CALLBACK_REASONS)[number];
export const CALLBACK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];

/** An entry of the call-back queue (GET /api/callbacks). */
export interface Callback {
  id: string;
  callId: string | null;
  number: string;
  e164: string | null;
  personId: string | null;
  organisationId: string | null;
  reason: CallbackReason;
  status: CallbackStatus;
  assigneeId: string | null;
  attempts: number;
  lastAttemptAt: string | null;
  outcome: string | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** The caller's missed calls it stands for: a new one from the same number joins it rather than queueing another. */
  missedCalls: number;
  /** When the latest of them rang. */
  lastMissedAt: string | null;
  /** Where the latest message left on its calls can be heard (http or https), if any was left. */
  recordingUrl: string | null;
}
