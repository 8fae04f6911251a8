import type { Db } from '../../db/dialect/features.js';
import { prepared } from '../../db/prepared.js';
import { AppError } from '../../errors.js';
import { toE164 } from '../../lib/phone.js';
import type { PartyService } from '../parties/party.service.js';
import type { TasksService, TaskView } from '../tasks/tasks.service.js';
import type { InteractionView, TimelineService } from '../timeline/timeline.service.js';

export interface CallerMatch {
  type: 'person' | 'organisation';
  id: string;
  displayName: string;
  organisations: { id: string; name: string }[];
  tags: string[];
  relationships: { id: string; type: string; targetType: string | null; targetId: string | null }[];
  phones: unknown[];
  emails: unknown[];
  lastInteractions: InteractionView[];
  openTasks: TaskView[];
  /** Extra sections added by later modules (requests, deals, balance…), by section name. */
  sections: Record<string, unknown>;
}

/** A module that adds a section to the screen pop card for a matched record. */
export type LookupSection = (match: { type: string; id: string }) => Promise<[name: string, value: unknown] | undefined>;

/**
 * Caller identification: any written form of a number finds the record, and the answer carries
 * what a screen pop needs. Several matches (a shared switchboard) are listed, never guessed.
 */
export function createLookupService(deps: {
  db: Db;
  defaultRegion: string;
  people: PartyService;
  organisations: PartyService;
  timeline: TimelineService;
  tasks: TasksService;
  sections?: LookupSection[];
}) {
  const { db } = deps;
  const sections = deps.sections ?? [];
  // A number's live records in one query per table (the contact point and the record together),
  // both tables at once: on PostgreSQL each query is a round trip, and these come first.
  const liveByPhone = {
    people: prepared((e164: string) =>
      db
        .selectFrom('people')
        .selectAll()
        .where('id', 'in', (eb) =>
          eb.selectFrom('contact_points').select('entity_id').where('normalized', '=', e164).where('kind', '=', 'phone').where('entity_type', '=', 'person'),
        )
        .where('deleted_at', 'is', null)
        .limit(50),
    ),
    organisations: prepared((e164: string) =>
      db
        .selectFrom('organisations')
        .selectAll()
        .where('id', 'in', (eb) =>
          eb.selectFrom('contact_points').select('entity_id').where('normalized', '=', e164).where('kind', '=', 'phone').where('entity_type', '=', 'organisation'),
        )
        .where('deleted_at', 'is', null)
        .limit(50),
    ),
  };
  type LiveRow = Record<string, unknown> & { id: string; version: number; owner_id: string | null };
  return {
    sections,
    async byPhone(input: string) {
      const e164 = toE164(input, deps.defaultRegion);
      if (!e164) {
        throw new AppError('VALIDATION_FAILED', 'number: not a phone number', [{ path: 'number', message: 'not a phone number' }]);
      }
      const [peopleRows, organisationRows] = (await Promise.all([liveByPhone.people(db, e164), liveByPhone.organisations(db, e164)])) as unknown as [LiveRow[], LiveRow[]];
      // Everything else on the card depends only on the record ids: asked for all at once, so a
      // lookup waits for two rounds of queries, not one per section.
      const found = [...peopleRows.map((r) => ({ type: 'person' as const, id: r.id })), ...organisationRows.map((r) => ({ type: 'organisation' as const, id: r.id }))];
      const [people, organisations, cards] = await Promise.all([
        deps.people.views(peopleRows),
        deps.organisations.views(organisationRows),
        Promise.all(
          found.map(({ type, id }) =>
            Promise.all([deps.timeline.latestFor(id, 5), deps.tasks.openFor(id, 10), Promise.all(sections.map((s) => s({ type, id })))]),
          ),
        ),
      ]);
      const matches: CallerMatch[] = [...people, ...organisations].map((view, i) => {
        const [lastInteractions, openTasks, extra] = cards[i];
        return {
          type: found[i].type,
          id: view.id,
          displayName: view.displayName,
          organisations: (view.organisations as CallerMatch['organisations']) ?? [],
          tags: view.tags as string[],
          relationships: view.relationships as CallerMatch['relationships'],
          phones: view.phones as unknown[],
          emails: view.emails as unknown[],
          lastInteractions,
          openTasks,
          sections: Object.fromEntries(extra.filter((e): e is [string, unknown] => Boolean(e))),
        } satisfies CallerMatch;
      });
      return { input, e164, matches };
    },
  };
}

export type LookupService = ReturnType<typeof createLookupService>;
