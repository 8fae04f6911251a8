/** Drops empty rows before sending a list, remembering each kept row's index in the form. */
export function compactList<T>(rows: T[], isEmpty: (row: T) => boolean): { items: T[]; formIndex: number[] } {
  const items: T[] = [];
  const formIndex: number[] = [];
  rows.forEach((row, index) => {
    if (isEmpty(row)) return;
    items.push(row);
    formIndex.push(index);
  });
  return { items, formIndex };
}

/** The list with row `index` replaced. */
export function replaceAt<T>(list: T[], index: number, row: T): T[] {
  return list.map((item, i) => (i === index ? row : item));
}
