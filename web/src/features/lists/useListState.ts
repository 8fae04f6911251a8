import { useMemo } from 'react';
import { useUrlParams } from '../../lib/useUrlParams.js';
import type { EntityType, ViewDefinition } from '../../lib/types.js';

/** Filters a list page offers; each maps to a query parameter of the list endpoint. */
export const FILTER_KEYS = ['q', 'tag', 'ownerId', 'city', 'relationship', 'organisationId'] as const;
/** Filters of one kind of list only: people by organisation (the organisations list refuses it). */
const ONLY_FOR: Partial<Record<(typeof FILTER_KEYS)[number], EntityType>> = { organisationId: 'person' };
/** The fixed filters, and custom-field filters as the API names them: cf.KEY, cf.KEY.min, cf.KEY.max, cf.KEY.prefix. */
export type FilterKey = (typeof FILTER_KEYS)[number] | `cf.${string}`;
export type Filters = Partial<Record<FilterKey, string>>;

/** Whether an address-bar parameter is a list filter (and so belongs in a saved view). */
export const isFilterKey = (key: string): key is FilterKey => (FILTER_KEYS as readonly string[]).includes(key) || key.startsWith('cf.');

/** Whether a filter applies to this kind of list. */
export const isFilterOf = (entityType: EntityType, key: string): key is FilterKey =>
  isFilterKey(key) && (ONLY_FOR[key as (typeof FILTER_KEYS)[number]] ?? entityType) === entityType;

/** Removes every filter parameter (collected first: deleting while iterating skips entries). */
function deleteFilters(params: URLSearchParams) {
  for (const key of [...params.keys()].filter(isFilterKey)) params.delete(key);
}

/**
 * Filters, sort and columns of a list page, kept in the address bar so a list can be bookmarked,
 * shared and restored with the back button.
 */
export function useListState(defaults: { entityType: EntityType; sort: string; columns: string[] }) {
  const { params, set, update } = useUrlParams();
  const { entityType } = defaults;

  const filters = useMemo(() => {
    const result: Filters = {};
    for (const [key, value] of params) {
      if (value && isFilterOf(entityType, key)) result[key] = value;
    }
    return result;
  }, [params, entityType]);
  const sort = params.get('sort') || defaults.sort;
  const colsParam = params.get('cols');
  const columns = useMemo(
    () => (colsParam ? colsParam.split(',').filter(Boolean) : defaults.columns),
    [colsParam, defaults.columns],
  );
  const viewId = params.get('view');

  return {
    filters,
    sort,
    columns,
    viewId,
    setFilter: (key: FilterKey, value: string | null) => set({ [key]: value }),
    clearFilters: () => update(deleteFilters),
    setSort: (value: string) => update((next) => next.set('sort', value)),
    /** Ascending, then descending on a second click; starts from the address bar, so quick clicks each count. */
    toggleSort: (key: string) => update((next) => next.set('sort', (next.get('sort') || defaults.sort) === key ? `-${key}` : key)),
    setColumns: (value: string[]) => update((next) => next.set('cols', value.join(','))),
    /** Replaces filters, sort and columns with a saved view's definition. */
    applyView: (id: string | null, definition?: ViewDefinition) =>
      update((next) => {
        deleteFilters(next);
        next.delete('sort');
        next.delete('cols');
        next.delete('view');
        if (!id || !definition) return;
        next.set('view', id);
        for (const [key, value] of Object.entries(definition.filters ?? {})) {
          if (value && isFilterOf(entityType, key)) next.set(key, value);
        }
        if (definition.sort) next.set('sort', definition.sort);
        if (definition.columns?.length) next.set('cols', definition.columns.join(','));
      }),
  };
}
