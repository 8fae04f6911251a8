import { useMemo } from 'react';
import { useLocation } from 'react-router';
import { useUrlParams } from '../../lib/useUrlParams.js';
import type { EntityType, ViewDefinition } from '../../lib/types.js';
import { changeSort as changedSort, toggleColumn as toggledColumns } from './listColumns.js';

/** Filters a list page offers; each maps to a query parameter of the list endpoint. */
export const FILTER_KEYS = ['q', 'tag', 'ownerId', 'city', 'relationship', 'organisationId', 'missing'] as const;
/**
 * Filters taking several values: the parameter repeated in the address bar and the API
 * (`tag=vip&tag=export`, any of them; `missing=tag&missing=city`, none of them).
 */
export const MULTI_KEYS: readonly string[] = ['tag', 'ownerId', 'city', 'relationship', 'missing'];
/** Filters of one kind of list only: people by organisation (the organisations list refuses it). */
const ONLY_FOR: Partial<Record<(typeof FILTER_KEYS)[number], EntityType>> = { organisationId: 'person' };
/** The fixed filters, and custom-field filters as the API names them: cf.KEY, cf.KEY.min, cf.KEY.max, cf.KEY.prefix. */
export type FilterKey = (typeof FILTER_KEYS)[number] | `cf.${string}`;
/** One value, or a list for the filters of MULTI_KEYS (always a list there). */
export type Filters = Partial<Record<FilterKey, string | string[]>>;

/** A change of a filter's values: some added, some removed, or none at all asked for (`missing=`). */
export interface ValuesChange {
  add?: string[];
  remove?: string[];
  /** Records with no value for the filter: its values go. */
  none?: boolean;
  /** `add` replaces every value (a single-value filter, the typed list of cities). */
  replace?: boolean;
}

/** Whether an address-bar parameter is a list filter (and so belongs in a saved view). */
export const isFilterKey = (key: string): key is FilterKey => (FILTER_KEYS as readonly string[]).includes(key) || key.startsWith('cf.');

/** Whether a filter applies to this kind of list. */
export const isFilterOf = (entityType: EntityType, key: string): key is FilterKey =>
  isFilterKey(key) && (ONLY_FOR[key as (typeof FILTER_KEYS)[number]] ?? entityType) === entityType;

/** A filter's values as a list, whichever form it has (a view saved with one value holds text). */
export const valuesOf = (value: string | string[] | undefined): string[] => (value === undefined ? [] : [value].flat().filter(Boolean));

/** Removes every filter parameter (collected first: deleting while iterating skips entries). */
function deleteFilters(params: URLSearchParams) {
  for (const key of [...new Set(params.keys())].filter(isFilterKey)) params.delete(key);
}

/** Writes a filter's values to the address bar: repeated for several, removed for none. */
function writeValues(params: URLSearchParams, key: string, values: string[]) {
  params.delete(key);
  for (const value of values) if (value) params.append(key, value);
}

/**
 * What a saved view stores of the filters: one value as text (as views always held it), several
 * as a list.
 */
export function viewFilters(filters: Filters): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(filters)) {
    const values = valuesOf(value);
    if (values.length) result[key] = values.length === 1 ? values[0] : values;
  }
  return result;
}

/** The filters of an address bar's parameters that apply to this kind of list. */
function filtersIn(params: URLSearchParams, entityType: EntityType): Filters {
  const result: Filters = {};
  for (const key of new Set(params.keys())) {
    if (!isFilterOf(entityType, key)) continue;
    if (MULTI_KEYS.includes(key)) {
      const values = params.getAll(key).filter(Boolean);
      if (values.length) result[key] = values;
    } else {
      const value = params.get(key);
      if (value) result[key] = value;
    }
  }
  return result;
}

/**
 * Filters, sort and columns of a list page, kept in the address bar so a list can be bookmarked,
 * shared and restored with the back button.
 */
export function useListState(defaults: { entityType: EntityType; sort: string; columns: string[] }) {
  const { params, set, update } = useUrlParams();
  const { entityType } = defaults;

  const filters = useMemo(() => filtersIn(params, entityType), [params, entityType]);
  // What the filter fields show: the address bar as it is now. React Router renders a navigation in
  // a transition, after the click that asked for it: the fields a clear or a saved view remounts at
  // once would otherwise start from the filters being left ("Lyon" back for a moment after "Clear").
  // The list itself follows the rendered filters. Another page being opened keeps its own.
  const { pathname } = useLocation();
  const search = window.location.pathname === pathname ? window.location.search : params.toString();
  const fieldFilters = useMemo(() => filtersIn(new URLSearchParams(search), entityType), [search, entityType]);
  const sort = params.get('sort') || defaults.sort;
  const colsParam = params.get('cols');
  const columns = useMemo(
    () => (colsParam ? colsParam.split(',').filter(Boolean) : defaults.columns),
    [colsParam, defaults.columns],
  );
  const viewId = params.get('view');

  return {
    filters,
    fieldFilters,
    sort,
    columns,
    viewId,
    setFilter: (key: FilterKey, value: string | null) => set({ [key]: value }),
    /**
     * Changes a filter's values, or asks for the records with no value (`none`: `missing=key`):
     * one or the other, in one change of the address bar. Values are added and removed from the
     * address bar as it is now: a second quick pick, before the first has rendered, keeps both.
     */
    setValues: (key: FilterKey, change: ValuesChange) =>
      update((next) => {
        const kept = change.none || change.replace ? [] : next.getAll(key).filter((value) => !change.remove?.includes(value));
        writeValues(next, key, [...new Set([...kept, ...(change.none ? [] : (change.add ?? []))])]);
        const missing = next.getAll('missing').filter((name) => name !== key);
        writeValues(next, 'missing', change.none ? [...missing, key] : missing);
      }),
    /**
     * Back to the plain list: no filter and no saved view chosen. A view left chosen over no filters
     * offered "Update" with nothing in it, which emptied the view.
     */
    clearFilters: () =>
      update((next) => {
        deleteFilters(next);
        next.delete('view');
      }),
    setSort: (value: string) => update((next) => next.set('sort', value)),
    /**
     * Sorts by another column keeping the order, or turns the order keeping the column (a phone's
     * sort menus). From the address bar as it is now, as toggleSort: a second quick choice keeps the first.
     */
    changeSort: (change: { key?: string; descending?: boolean }) => update((next) => next.set('sort', changedSort(next.get('sort') || defaults.sort, change))),
    /** Ascending, then descending on a second click; starts from the address bar, so quick clicks each count. */
    toggleSort: (key: string) => update((next) => next.set('sort', (next.get('sort') || defaults.sort) === key ? `-${key}` : key)),
    /**
     * Shows or hides a column, the columns kept in `order`. Starts from the address bar, not from
     * the last render: a second quick tick (before a long list of cards has rendered the first)
     * would otherwise undo the first.
     */
    toggleColumn: (id: string, shown: boolean, order: string[]) =>
      update((next) => {
        const cols = next.get('cols');
        next.set('cols', toggledColumns(cols ? cols.split(',').filter(Boolean) : defaults.columns, id, shown, order).join(','));
      }),
    /** Replaces filters, sort and columns with a saved view's definition (one value per filter or several). */
    applyView: (id: string | null, definition?: ViewDefinition) =>
      update((next) => {
        deleteFilters(next);
        next.delete('sort');
        next.delete('cols');
        next.delete('view');
        if (!id || !definition) return;
        next.set('view', id);
        for (const [key, value] of Object.entries(definition.filters ?? {})) {
          if (isFilterOf(entityType, key)) writeValues(next, key, valuesOf(value));
        }
        if (definition.sort) next.set('sort', definition.sort);
        if (definition.columns?.length) next.set('cols', definition.columns.join(','));
      }),
  };
}
