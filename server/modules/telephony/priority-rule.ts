import type { Db, Tx } from '../../db/dialect/features.js';
import type { SettingsService } from '../settings/settings.service.js';

export const PRIORITY_SETTING = 'telephony.priorityTag';

/**
 * Who counts as "under contract": callers (or one of their organisations) carrying any of these
 * tags or any of these relationship types towards the firm. They ring even in overload mode and
 * show a contract badge on the screen pop. By default: tagged `contract`.
 */
export interface PriorityRule {
  tags: string[];
  relationshipTypes: string[];
}

export const DEFAULT_PRIORITY_RULE: PriorityRule = { tags: ['contract'], relationshipTypes: [] };

/** The rule as set by a manager; an installation from before the rule had several parts stored one tag. */
export async function readPriorityRule(settings: SettingsService, handle?: Tx): Promise<PriorityRule> {
  const stored = await settings.get<string | PriorityRule>(PRIORITY_SETTING, DEFAULT_PRIORITY_RULE, handle);
  return typeof stored === 'string' ? { tags: [stored], relationshipTypes: [] } : stored;
}

/** Which of these records (people or organisations) meet the rule themselves. */
export async function priorityEntityIds(handle: Db | Tx, rule: PriorityRule, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const hits = new Set<string>();
  if (rule.tags.length > 0) {
    const tagged = await handle.selectFrom('tags').select('entity_id').where('entity_id', 'in', ids).where('tag', 'in', rule.tags).execute();
    for (const t of tagged) hits.add(t.entity_id);
  }
  if (rule.relationshipTypes.length > 0) {
    const typed = await handle
      .selectFrom('relationships')
      .select('subject_id')
      .where('subject_id', 'in', ids)
      .where('type_key', 'in', rule.relationshipTypes)
      .where('object_id', 'is', null)
      .execute();
    for (const r of typed) hits.add(r.subject_id);
  }
  return hits;
}
