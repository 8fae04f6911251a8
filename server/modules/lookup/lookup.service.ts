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
  const pointsOf = prepared((e164: string) =>
    db.selectFrom('contact_points').select(['entity_type', 'entity_id']).where('normalized', '=', e164).where('kind', '=', 'phone').limit(50),
  );
  const live = {
    people: prepared((ids: readonly string[]) => db.selectFrom('people').selectAll().where('id', 'in', ids).where('deleted_at', 'is', null)),
    organisations: prepared((ids: readonly string[]) => db.selectFrom('organisations').selectAll().where('id', 'in', ids).where('deleted_at', 'is', null)),
  };
  async function liveRows(table: 'people' | 'organisations', ids: string[]) {
    if (ids.length === 0) return [];
    return (await live[table](db, ids)) as unknown as (Record<string, unknown> & { id: string; version: number; owner_id: string | null })[];
  }
  return {
    sections,
    async byPhone(input: string) {
      const e164 = toE164(input, deps.defaultRegion);
      if (!e164) {
        throw new AppError('VALIDATION_FAILED', 'number: not a phone number', [{ path: 'number', message: 'not a phone number' }]);
      }
      const points = await pointsOf(db, e164);
      const ids = (type: string) => [...new Set(points.filter((p) => p.entity_type === type).map((p) => p.entity_id))];
      const [people, organisations] = await Promise.all([
        deps.people.views(await liveRows('people', ids('person'))),
        deps.organisations.views(await liveRows('organisations', ids('organisation'))),
      ]);
      const matches: CallerMatch[] = await Promise.all(
        [...people, ...organisations].map(async (view) => {
          const type = people.includes(view) ? 'person' : 'organisation';
          const [lastInteractions, openTasks, extra] = await Promise.all([
            deps.timeline.latestFor(view.id, 5),
            deps.tasks.openFor(view.id, 10),
            Promise.all(sections.map((s) => s({ type, id: view.id }))),
          ]);
          return {
            type,
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
        }),
      );
      return { input, e164, matches };
    },
  };
}

export type LookupService = ReturnType<typeof createLookupService>;
