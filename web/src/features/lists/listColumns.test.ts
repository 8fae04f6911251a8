import { describe, expect, it } from 'vitest';
import { cardLines, changeSort, isBlank, parseSort, sortChoices, toggleColumn, writeSort, type ListColumn } from './listColumns.js';

interface Row {
  name: string;
  city: string;
  tags: string[];
  members: number;
}

const columns: ListColumn<Row>[] = [
  { id: 'name', label: 'Nom', sortKey: 'lastName', render: (r) => r.name },
  { id: 'city', label: 'Ville', sortKey: 'city', render: (r) => r.city },
  { id: 'tags', label: 'Étiquettes', render: (r) => (r.tags.length ? r.tags.join(', ') : null) },
  { id: 'members', label: 'Membres', render: (r) => r.members },
  { id: 'owner', label: 'Responsable', sortKey: 'owner', render: () => 'Camille' },
];

const row: Row = { name: 'Anne Aubert', city: 'Lyon', tags: [], members: 0 };

describe('isBlank', () => {
  it('holds for what renders nothing, not for zero or content', () => {
    for (const value of [null, undefined, false, true, '', '  ', [], [null, '']]) expect(isBlank(value), JSON.stringify(value)).toBe(true);
    for (const value of [0, 'Lyon', ['', 'x']]) expect(isBlank(value), JSON.stringify(value)).toBe(false);
  });
});

describe('cardLines', () => {
  it('gives the chosen columns as label and value, in the list’s order, without the title nor empty ones', () => {
    expect(cardLines(columns, ['members', 'city', 'tags', 'name'], 'name', row)).toEqual([
      { id: 'city', label: 'Ville', value: 'Lyon' },
      { id: 'members', label: 'Membres', value: 0 },
    ]);
  });

  it('shows no hidden column', () => {
    expect(cardLines(columns, ['name'], 'name', row)).toEqual([]);
    expect(cardLines(columns, ['owner'], 'name', row).map((line) => line.id)).toEqual(['owner']);
  });
});

describe('sort', () => {
  it('reads and writes the API’s sort', () => {
    expect(parseSort('city')).toEqual({ key: 'city', descending: false });
    expect(parseSort('-cf.budget')).toEqual({ key: 'cf.budget', descending: true });
    expect(writeSort('city', true)).toBe('-city');
    expect(writeSort('city', false)).toBe('city');
    expect(parseSort(writeSort('updatedAt', true))).toEqual({ key: 'updatedAt', descending: true });
  });

  it('changes the column keeping the order, or the order keeping the column', () => {
    expect(changeSort('-lastName', { key: 'city' })).toBe('-city');
    expect(changeSort('city', { descending: true })).toBe('-city');
    expect(changeSort('-city', { descending: false })).toBe('city');
  });

  it('offers the sortable columns shown, and the current sort even when its column is hidden', () => {
    expect(sortChoices(columns, ['name', 'city', 'tags'], 'lastName')).toEqual([
      { value: 'lastName', label: 'Nom' },
      { value: 'city', label: 'Ville' },
    ]);
    expect(sortChoices(columns, ['name'], '-owner')).toEqual([
      { value: 'lastName', label: 'Nom' },
      { value: 'owner', label: 'Responsable' },
    ]);
  });

  it('keeps a sort no column has under its own name, so the menu does not pretend another', () => {
    expect(sortChoices(columns, ['name'], 'cf.gone')).toEqual([
      { value: 'lastName', label: 'Nom' },
      { value: 'cf.gone', label: 'cf.gone' },
    ]);
  });
});

describe('toggleColumn', () => {
  const order = ['name', 'phone', 'email', 'city', 'owner'];

  it('adds and removes a column, in the list’s order, each once', () => {
    expect(toggleColumn(['name', 'city'], 'phone', true, order)).toEqual(['name', 'phone', 'city']);
    expect(toggleColumn(['name', 'phone', 'city'], 'phone', false, order)).toEqual(['name', 'city']);
    expect(toggleColumn(['name', 'city'], 'city', true, order)).toEqual(['name', 'city']);
  });

  it('two ticks in a row both count, each starting from the other’s result', () => {
    const first = toggleColumn(['name'], 'owner', true, order);
    expect(toggleColumn(first, 'email', true, order)).toEqual(['name', 'email', 'owner']);
  });

  it('drops a column the list no longer has (a deleted custom field)', () => {
    expect(toggleColumn(['name', 'cf.gone'], 'city', true, order)).toEqual(['name', 'city']);
  });
});
