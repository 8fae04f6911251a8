import { readJsonRows, type Db, type DialectFeatures } from '../../db/dialect/features.js';
import { prepared, preparedBy } from '../../db/prepared.js';
import type { OrganisationsTable, PeopleTable } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { toE164 } from '../../lib/phone.js';
import type { DetailRow } from '../parties/parties.repository.js';
import { ORGANISATION, PERSON, type PartyKind } from '../parties/party-kinds.js';
import type { PartyService } from '../parties/party.service.js';
import type { TasksService, TaskView } from '../tasks/tasks.service.js';
import type { CardInteractionView, TimelineService } from '../timeline/timeline.service.js';
import type { CardPart, CardRecord } from './card-part.js';

export interface CallerMatch {
  type: 'person' | 'organisation';
  id: string;
  displayName: string;
  organisations: { id: string; name: string }[];
  tags: string[];
  relationships: { id: string; type: string; targetType: string | null; targetId: string | null }[];
  phones: unknown[];
  emails: unknown[];
  /** Where they are (S1: "name, address, usual goods"): postal addresses, first the main one. */
  addresses: unknown[];
  /** Custom field values by key (the goods they ship, their fleet size…). */
  customFields: Record<string, unknown>;
  lastInteractions: CardInteractionView[];
  openTasks: TaskView[];
  /** Extra sections added by later modules (requests, deals, balance…), by section name. */
  sections: Record<string, unknown>;
}

/**
 * A section another module adds to the screen pop card of a matched record: its name and value,
 * or undefined to leave it out. Its rows are its own business (any).
 */
export type LookupSection = CardPart<any, [name: string, value: unknown] | undefined>;

/** How many latest interactions and open tasks the card shows. */
const CARD_INTERACTIONS = 5;
const CARD_TASKS = 10;

/**
 * Caller identification: any written form of a number finds the record, and the answer carries
 * what a screen pop needs. Several matches (a shared switchboard) are listed, never guessed.
 */
export function createLookupService(deps: {
  db: Db;
  dialect: DialectFeatures;
  defaultRegion: string;
  people: PartyService;
  organisations: PartyService;
  timeline: TimelineService;
  tasks: TasksService;
  sections?: LookupSection[];
}) {
  const { db } = deps;
  const sections = deps.sections ?? [];
  // A number's live people and organisations in one query (each a JSON array column, see
  // DialectFeatures.jsonRows), the contact point and the record together: it comes first, and on
  // PostgreSQL each query is a round trip.
  const liveRecords = (kind: PartyKind, e164: string) =>
    db
      .selectFrom(kind.table)
      .select(kind.columns as (keyof PeopleTable & keyof OrganisationsTable)[])
      .where('id', 'in', (eb) =>
        eb.selectFrom('contact_points').select('entity_id').where('normalized', '=', e164).where('kind', '=', 'phone').where('entity_type', '=', kind.entityType),
      )
      .where('deleted_at', 'is', null)
      .limit(50);
  const byPhoneQuery = prepared((e164: string) =>
    db.selectNoFrom([deps.dialect.jsonRows(liveRecords(PERSON, e164)).as('people'), deps.dialect.jsonRows(liveRecords(ORGANISATION, e164)).as('organisations')]),
  );
  type LiveRow = Record<string, unknown> & { id: string; version: number; owner_id: string | null };
  const interactions = deps.timeline.latestPart(CARD_INTERACTIONS);
  const tasks = deps.tasks.openPart(CARD_TASKS);
  const services = { person: deps.people, organisation: deps.organisations };
  // Every part of a matched record's card in one query, each part a JSON array column (see
  // CardPart), its details (contact points, tags, fields, links) among them: the record's view
  // then needs no query of its own.
  const cardQuery = preparedBy((type: CardRecord['type']) => (id: string) =>
    db.selectNoFrom([
      deps.dialect.jsonRows(services[type].detailRows(id)).as('details'),
      deps.dialect.jsonRows(interactions.rows({ type, id })).as('interactions'),
      deps.dialect.jsonRows(tasks.rows({ type, id })).as('tasks'),
      ...sections.map((section, i) => deps.dialect.jsonRows(section.rows({ type, id })).as(`section_${i}`)),
    ]),
  );
  async function readCard(record: CardRecord) {
    const [row] = (await cardQuery(record.type)(db, record.id)) as Record<string, unknown>[];
    return {
      details: readJsonRows<DetailRow>(row.details),
      lastInteractions: interactions.value(readJsonRows(row.interactions)),
      openTasks: tasks.value(readJsonRows(row.tasks)),
      sections: Object.fromEntries(sections.map((section, i) => section.value(readJsonRows(row[`section_${i}`]))).filter((e) => e !== undefined)),
    };
  }
  return {
    sections,
    async byPhone(input: string) {
      const e164 = toE164(input, deps.defaultRegion);
      if (!e164) {
        throw new AppError('VALIDATION_FAILED', 'number: not a phone number', [{ path: 'number', message: 'not a phone number' }]);
      }
      const [live] = await byPhoneQuery(db, e164);
      const peopleRows = readJsonRows<LiveRow>(live.people);
      const organisationRows = readJsonRows<LiveRow>(live.organisations);
      // Everything else depends only on the record ids: each one's card, its details included,
      // one query per record, all asked for at once after the number's.
      const found = [...peopleRows.map((r) => ({ type: 'person' as const, id: r.id })), ...organisationRows.map((r) => ({ type: 'organisation' as const, id: r.id }))];
      const cards = await Promise.all(found.map(readCard));
      const detailsOf = (from: number, to: number) => cards.slice(from, to).flatMap((card) => card.details);
      const [people, organisations] = await Promise.all([
        deps.people.viewsFrom(peopleRows, detailsOf(0, peopleRows.length)),
        deps.organisations.viewsFrom(organisationRows, detailsOf(peopleRows.length, found.length)),
      ]);
      const matches: CallerMatch[] = [...people, ...organisations].map(
        (view, i) =>
          ({
            type: found[i].type,
            id: view.id,
            displayName: view.displayName,
            organisations: (view.organisations as CallerMatch['organisations']) ?? [],
            tags: view.tags as string[],
            relationships: view.relationships as CallerMatch['relationships'],
            phones: view.phones as unknown[],
            emails: view.emails as unknown[],
            addresses: (view.addresses as unknown[]) ?? [],
            customFields: (view.customFields as Record<string, unknown>) ?? {},
            lastInteractions: cards[i].lastInteractions,
            openTasks: cards[i].openTasks,
            sections: cards[i].sections,
          }) satisfies CallerMatch,
      );
      return { input, e164, matches };
    },
  };
}

export type LookupService = ReturnType<typeof createLookupService>;
