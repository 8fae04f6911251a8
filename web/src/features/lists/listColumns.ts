import type { ReactNode } from 'react';

/** One column of a record list; `sortKey` is the API's sort value when the column can sort. */
export interface ListColumn<T> {
  id: string;
  label: string;
  sortKey?: string;
  render: (row: T) => ReactNode;
}

/** A label and its value on a record's card (the phone's form of a table row). */
export interface CardLine {
  id: string;
  label: string;
  value: ReactNode;
}

/** Whether a cell shows nothing: no value, an empty text, or a list of such. */
export function isBlank(value: ReactNode): boolean {
  if (value === null || value === undefined || value === false || value === true) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.every((item: ReactNode) => isBlank(item));
  return false;
}

/**
 * The lines of a record's card: the columns the user chose, in the list's order, each as
 * label and value. The title column (the name, shown as the card's link) is left out, and so is
 * a column with nothing to show for this record: an empty line only takes room on a phone.
 */
export function cardLines<T>(columns: ListColumn<T>[], chosen: string[], titleId: string, row: T): CardLine[] {
  const lines: CardLine[] = [];
  for (const column of columns) {
    if (column.id === titleId || !chosen.includes(column.id)) continue;
    const value = column.render(row);
    if (!isBlank(value)) lines.push({ id: column.id, label: column.label, value });
  }
  return lines;
}

/** A sort as the API writes it: `city` ascending, `-city` descending. */
export function parseSort(sort: string): { key: string; descending: boolean } {
  return sort.startsWith('-') ? { key: sort.slice(1), descending: true } : { key: sort, descending: false };
}

/** The API's sort value for a key and a direction. */
export const writeSort = (key: string, descending: boolean): string => (descending ? `-${key}` : key);

/** A sort with another column (the order kept) or another order (the column kept). */
export function changeSort(sort: string, change: { key?: string; descending?: boolean }): string {
  const current = parseSort(sort);
  return writeSort(change.key ?? current.key, change.descending ?? current.descending);
}

/**
 * The columns shown once one is ticked or unticked: `current` as the address bar holds it
 * (`cols`, the defaults when absent), the result in the list's `order`, each once.
 */
export function toggleColumn(current: string[], id: string, shown: boolean, order: string[]): string[] {
  const wanted = shown ? [...current, id] : current.filter((column) => column !== id);
  return order.filter((column) => wanted.includes(column));
}

/**
 * What a phone's "Sort by" menu offers: the sortable columns shown, as the table's headers do,
 * plus the one the list is sorted by when it is hidden (a saved view, a shared link), so the
 * menu always names the current sort. A sort no column has keeps its raw name.
 */
export function sortChoices<T>(columns: ListColumn<T>[], chosen: string[], sort: string): { value: string; label: string }[] {
  const { key } = parseSort(sort);
  const choices = columns
    .filter((column) => column.sortKey && (chosen.includes(column.id) || column.sortKey === key))
    .map((column) => ({ value: column.sortKey!, label: column.label }));
  if (key && !choices.some((choice) => choice.value === key)) choices.push({ value: key, label: key });
  return choices;
}
