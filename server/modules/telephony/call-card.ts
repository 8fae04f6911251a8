import type { ConsentMap } from '../../../common/api/consent.js';
import type { Db } from '../../db/dialect/features.js';
import type { CallsTable } from '../../db/schema.js';
import { clip } from '../../lib/text.js';
import type { ConsentService } from '../consent/consent.service.js';
import type { CallerMatch, LookupService } from '../lookup/lookup.service.js';
import type { PressureService } from '../pressure/pressure.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import { priorityEntityIds, readPriorityRule } from './priority-rule.js';

/** PostgreSQL NOTIFY carries at most 8000 bytes; the card must fit with room for the envelope. */
const MAX_CARD_BYTES = 6500;
const MAX_MATCHES = 8;

export interface CardMatch extends Omit<CallerMatch, 'lastInteractions' | 'openTasks' | 'phones' | 'emails' | 'addresses' | 'customFields'> {
  /** Where they are: the main address's postal code and city ("69003 Lyon"), or null. */
  place: string | null;
  /** A few custom field values (the goods they ship…), long texts clipped. */
  customFields: Record<string, unknown>;
  /** Under contract by the priority rule (the record or one of its organisations is tagged). */
  contract: boolean;
  contacts: { last7Days: number; last30Days: number };
  /** What was recorded per channel and purpose, e.g. `{ phone: { marketing: 'refused' } }`; never trimmed. */
  consent: ConsentMap;
  lastInteractions: { id: string; channel: string; direction: string; occurredAt: string; summary: string | null; outcome: string | null }[];
  openTasks: { id: string; title: string; dueAt: string | null }[];
}

/** Custom fields a card carries at most (in key order), so that the card stays small. */
const MAX_CARD_FIELDS = 6;

/** "69003 Lyon" from the first address that names a place. */
function placeOf(addresses: unknown[]): string | null {
  for (const a of addresses as { postalCode?: string | null; city?: string | null }[]) {
    const place = [a.postalCode, a.city].filter(Boolean).join(' ');
    if (place) return clip(place, 80);
  }
  return null;
}

/** One step of trimming a match, or undefined when that step has nothing left to remove from it. */
type Trim = (m: CardMatch) => CardMatch | undefined;

const hasItems = (v: unknown): v is { items: unknown[] } => typeof v === 'object' && v !== null && Array.isArray((v as { items?: unknown }).items);

/**
 * What goes first when a card is too big, least useful first: older interactions and later tasks
 * (one of each kept), then section items beyond the first (sections shaped `{ items: [...] }`), then
 * the last interaction and task, then whole sections (last first). Each step removes something, so
 * trimming ends; once nothing is left to trim, matches are dropped.
 */
const TRIMS: Trim[] = [
  (m) =>
    m.lastInteractions.length > 1 || m.openTasks.length > 1
      ? { ...m, lastInteractions: m.lastInteractions.slice(0, 1), openTasks: m.openTasks.slice(0, 1) }
      : undefined,
  (m) =>
    Object.values(m.sections).some((v) => hasItems(v) && v.items.length > 1)
      ? { ...m, sections: Object.fromEntries(Object.entries(m.sections).map(([k, v]) => [k, hasItems(v) && v.items.length > 1 ? { ...v, items: v.items.slice(0, -1) } : v])) }
      : undefined,
  (m) => (m.lastInteractions.length || m.openTasks.length ? { ...m, lastInteractions: [], openTasks: [] } : undefined),
  (m) => (Object.keys(m.sections).length ? { ...m, sections: Object.fromEntries(Object.entries(m.sections).slice(0, -1)) } : undefined),
];

/** What the screen pop shows for a call: the caller's identity or "unknown", and what matters before answering. */
export function createCallCardService(deps: { db: Db; lookup: LookupService; pressure: PressureService; settings: SettingsService; consent: ConsentService }) {
  const { db, lookup, pressure, settings, consent } = deps;

  async function contractIds(matches: CallerMatch[]): Promise<Set<string>> {
    const ids = [...matches.map((m) => m.id), ...matches.flatMap((m) => m.organisations.map((o) => o.id))];
    const tagged = await priorityEntityIds(db, await readPriorityRule(settings), ids);
    return new Set(matches.filter((m) => tagged.has(m.id) || m.organisations.some((o) => tagged.has(o.id))).map((m) => m.id));
  }

  async function cardMatches(number: string | null): Promise<CardMatch[]> {
    if (!number) return [];
    const { matches } = await lookup.byPhone(number);
    const shown = matches.slice(0, MAX_MATCHES);
    // One query for every match's consent.
    const [contract, consents] = await Promise.all([contractIds(matches), consent.maps(shown.map((m) => m.id))]);
    return Promise.all(
      shown.map(async (m) => ({
        type: m.type,
        id: m.id,
        displayName: m.displayName,
        organisations: m.organisations,
        tags: m.tags,
        relationships: m.relationships,
        sections: m.sections,
        place: placeOf(m.addresses),
        customFields: Object.fromEntries(Object.entries(m.customFields).slice(0, MAX_CARD_FIELDS).map(([k, v]) => [k, typeof v === 'string' ? clip(v, 60) : v])),
        contract: contract.has(m.id),
        contacts: await pressure.recentContacts(m.id),
        consent: consents.get(m.id) ?? {},
        lastInteractions: m.lastInteractions.slice(0, 3).map((i) => ({ id: i.id, channel: i.channel, direction: i.direction, occurredAt: i.occurredAt, summary: clip(i.summary, 140), outcome: i.outcome })),
        openTasks: m.openTasks.slice(0, 3).map((t) => ({ id: t.id, title: clip(t.title, 120)!, dueAt: t.dueAt })),
      })),
    );
  }

  return {
    /** The card pushed with `call.ringing`: small enough for NOTIFY, complete enough to answer. */
    async compactCard(call: CallsTable) {
      const number = call.direction === 'out' ? call.to_number : call.from_number;
      let matches = await cardMatches(call.direction === 'out' ? call.to_e164 : call.from_e164);
      const unknown = matches.length === 0;
      let trimmed = false;
      const card = () => ({ callId: call.id, externalId: call.external_id, number, e164: call.direction === 'out' ? call.to_e164 : call.from_e164, to: call.to_number, toE164: call.to_e164, priority: Boolean(call.priority), unknown, trimmed, matches });
      // Trim detail until it fits; `trimmed` tells the web app to fetch the full card (GET /api/calls/:id/card).
      while (Buffer.byteLength(JSON.stringify(card())) > MAX_CARD_BYTES && matches.length > 0) {
        trimmed = true;
        const trim = TRIMS.find((t) => matches.some((m) => t(m)));
        matches = trim ? matches.map((m) => trim(m) ?? m) : matches.slice(0, -1);
      }
      return card();
    },

    cardMatches,
  };
}

export type CallCardService = ReturnType<typeof createCallCardService>;
