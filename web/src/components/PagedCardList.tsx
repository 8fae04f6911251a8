import type { ReactNode } from 'react';
import { Button, Loader, Stack, Text } from '@mantine/core';
import { useI18n } from '../i18n/useI18n.js';
import { ErrorAlert } from './ErrorAlert.js';

/** A page of an infinite list as the list hooks give it (useRequestList, useLeadList…). */
export interface PagedItems<T> {
  items: T[];
  isPending: boolean;
  error: unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** Cards of a paged list: its error, loading, "nothing here" and "load more". */
export function PagedCardList<T extends { id: string }>({
  list,
  card,
  emptyText,
  emptyTestId,
  testId,
  fieldLabel,
}: {
  list: PagedItems<T>;
  card: (item: T) => ReactNode;
  emptyText: string;
  emptyTestId: string;
  testId: string;
  /** The page's name for a field the server refused (a filter, the sort), as ErrorAlert takes it. */
  fieldLabel?: (path: string) => string | undefined;
}) {
  const { t } = useI18n();
  const { items, isPending, error } = list;
  return (
    <Stack gap="xs" data-testid={testId}>
      {Boolean(error) && <ErrorAlert error={error} fieldLabel={fieldLabel} />}
      {isPending && <Loader size="sm" />}
      {!isPending && !error && items.length === 0 && (
        <Text size="sm" c="dimmed" data-testid={emptyTestId}>
          {emptyText}
        </Text>
      )}
      {items.map(card)}
      {list.hasNextPage && (
        <Button variant="default" size="xs" w="fit-content" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
    </Stack>
  );
}
