import { Group, NativeSelect } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';
import { parseSort } from './listColumns.js';

interface SortSelectProps {
  /** The columns the list can be sorted by: the API's sort key and the column's name. */
  choices: { value: string; label: string }[];
  sort: string;
  /** Another column (its sort key) or another order; the other part stays as it is. */
  onChange: (change: { key?: string; descending?: boolean }) => void;
}

/** The sort of a list shown as cards (a phone has no column headers to click): a column and an order. */
export function SortSelect({ choices, sort, onChange }: SortSelectProps) {
  const { t } = useI18n();
  const { key, descending } = parseSort(sort);
  return (
    <Group gap="sm" grow wrap="nowrap" data-testid="list-sort">
      <NativeSelect
        label={t('list.sortBy')}
        value={key}
        data={choices}
        onChange={(event) => onChange({ key: event.currentTarget.value })}
        data-testid="sort-by"
      />
      <NativeSelect
        label={t('list.order')}
        value={descending ? 'desc' : 'asc'}
        data={[
          { value: 'asc', label: t('list.order.asc') },
          { value: 'desc', label: t('list.order.desc') },
        ]}
        onChange={(event) => onChange({ descending: event.currentTarget.value === 'desc' })}
        data-testid="sort-order"
      />
    </Group>
  );
}
