import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { FieldDefinition } from '../custom-fields/custom-fields.service.js';
import type { EntityType } from '../../db/schema.js';
import { customFieldCondition, parseCustomFilterParam } from '../custom-fields/custom-field-filters.js';
import type { CustomFieldsService } from '../custom-fields/custom-fields.service.js';
import { recordId } from '../../http/schemas.js';
import { listQueryFields, MAX_FILTER_VALUES } from '../parties/parties.schemas.js';
import { listSorts, ORGANISATION, PERSON, type PartyKind } from '../parties/party-kinds.js';

/**
 * A saved list view: the list's filters (query parameters; a filter with several values as a
 * list, one value as text, as views saved before several values were possible hold it), its sort
 * and the columns shown.
 */
export interface ViewDefinition {
  filters: Record<string, string | string[]>;
  sort?: string;
  columns: string[];
}

/**
 * The filters each list endpoint takes besides `cf.*` (GET /api/people, /api/organisations; see
 * party.routes.ts), with the same value rules.
 */
const FIXED_FILTERS: Record<EntityType, Record<string, z.ZodType>> = {
  person: { q: listQueryFields.q, tag: listQueryFields.tag, ownerId: listQueryFields.ownerId, city: listQueryFields.city, relationship: listQueryFields.relationship, organisationId: recordId, missing: listQueryFields.missing },
  organisation: { q: listQueryFields.q, tag: listQueryFields.tag, ownerId: listQueryFields.ownerId, city: listQueryFields.city, relationship: listQueryFields.relationship, missing: listQueryFields.missing },
};
const KINDS: Record<EntityType, PartyKind> = { person: PERSON, organisation: ORGANISATION };

/** The sorts each list endpoint takes besides `cf.KEY` (party-kinds.ts, read by the lists too). */
const LIST_SORTS: Record<EntityType, string[]> = { person: listSorts(PERSON), organisation: listSorts(ORGANISATION) };

type Issue = { path: string; message: string };

/**
 * Checks a view against the rules of the list it is for, so that choosing it never empties the
 * list behind an error: every filter one the endpoint takes (custom fields defined, with a value
 * of their type), the sort one it can apply. Throws a 400 naming `definition.filters.<key>` or
 * `definition.sort`.
 */
export async function checkViewDefinition(entityType: EntityType, definition: ViewDefinition, customFields: CustomFieldsService): Promise<void> {
  const issues: Issue[] = [];
  const fields = new Map((await customFields.list(entityType)).map((f) => [f.key, f]));
  for (const [key, value] of Object.entries(definition.filters)) {
    const path = `definition.filters.${key}`;
    const fixed = Object.hasOwn(FIXED_FILTERS[entityType], key) ? FIXED_FILTERS[entityType][key] : undefined;
    if (fixed) {
      const parsed = fixed.safeParse(value);
      if (!parsed.success) issues.push({ path, message: parsed.error.issues[0]?.message === `at most ${MAX_FILTER_VALUES} values` ? parsed.error.issues[0].message : 'invalid value' });
      else if (key === 'missing') issues.push(...missingIssues(entityType, parsed.data as string[], definition.filters, fields));
      continue;
    }
    if (!key.startsWith('cf.')) {
      issues.push({ path, message: `unknown filter for a ${entityType} list` });
      continue;
    }
    if (typeof value !== 'string') {
      issues.push({ path, message: 'one value' });
      continue;
    }
    try {
      const filter = parseCustomFilterParam(key, value);
      const field = fields.get(filter.key);
      if (!field) {
        issues.push({ path, message: 'unknown custom field' });
        continue;
      }
      // The list's own check of the operator and the value against the field's type and choices.
      customFieldCondition(field.key, field.type, [filter], field.choices);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const detail = (error.details as Issue[] | undefined)?.[0]?.message ?? 'invalid filter';
      issues.push({ path, message: detail });
    }
  }
  if (definition.sort !== undefined) {
    const name = definition.sort.startsWith('-') ? definition.sort.slice(1) : definition.sort;
    const known = LIST_SORTS[entityType].includes(name) || (name.startsWith('cf.') && fields.has(name.slice(3)));
    if (!known) issues.push({ path: 'definition.sort', message: name.startsWith('cf.') ? 'unknown custom field' : 'unknown sort' });
  }
  if (issues.length) throw new AppError('VALIDATION_FAILED', `Invalid fields: ${issues.map((i) => i.path).join(', ')}`, issues);
}

/**
 * A view's `missing` names, checked as the list checks them: one of the list's filters or a
 * defined custom field, not also filtered by value.
 */
function missingIssues(entityType: EntityType, names: string[], filters: ViewDefinition['filters'], fields: Map<string, FieldDefinition>): Issue[] {
  const path = 'definition.filters.missing';
  const hasValue = (key: string) => {
    const value = Object.hasOwn(filters, key) ? filters[key] : undefined;
    return Array.isArray(value) ? value.some((v) => v !== '') : Boolean(value);
  };
  const issues: Issue[] = [];
  for (const name of names) {
    if (name.startsWith('cf.')) {
      const key = name.slice(3);
      if (!fields.has(key)) issues.push({ path, message: `unknown custom field ${key}` });
      else if (Object.keys(filters).some((k) => (k === name || k.startsWith(`${name}.`)) && hasValue(k))) issues.push({ path, message: `${name} is also filtered by value` });
    } else if (!KINDS[entityType].listFilters.includes(name)) {
      issues.push({ path, message: `unknown field ${name}` });
    } else if (hasValue(name)) {
      issues.push({ path, message: `${name} is also filtered by value` });
    }
  }
  return issues;
}
