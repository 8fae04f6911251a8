// Shapes of the contact-pressure API (GET /api/pressure, /api/pressure/rules) shared by the
// server (server/modules/pressure) and the web app. JSON field names are a contract.

/** What a cap applies to: records with a relationship of that type, or with that tag. */
export const PRESSURE_SCOPE_TYPES = ['relationship', 'tag'] as const;
export type PressureScopeType = (typeof PRESSURE_SCOPE_TYPES)[number];

/** A cap: at most maxContacts outbound contacts per periodDays for a relationship type or tag. */
export interface PressureRule {
  id: string;
  scopeType: PressureScopeType;
  scopeValue: string;
  maxContacts: number;
  periodDays: number;
}

/** Where one record stands against one cap. */
export interface CapStatus {
  rule: PressureRule;
  entityId: string;
  /** Outbound contacts in the rule's period, across every channel and colleague. */
  count: number;
  /** True when one more outbound contact would go over the cap. */
  wouldExceed: boolean;
}

/** A recorded reason for going over a cap or a refusal. */
export interface PressureOverride {
  id: string;
  userId: string;
  ruleId: string;
  reason: string;
  context: string;
  at: string;
}

/** GET /api/pressure: a record's recent contacts, the caps that apply and past overrides. */
export interface PressureStatus {
  entityId: string;
  contacts: { last7Days: number; last30Days: number };
  caps: CapStatus[];
  overrides: PressureOverride[];
}

/** One item of a 409 PRESSURE_CAP_EXCEEDED answer's details. */
export interface CapExceeded {
  entityId: string;
  ruleId: string;
  /** `${scopeType}:${scopeValue}` */
  scope: string;
  count: number;
  max: number;
  periodDays: number;
}
