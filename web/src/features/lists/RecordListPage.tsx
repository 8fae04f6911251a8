import { useState, type MouseEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Center, Checkbox, Collapse, Group, Loader, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { EntityType, Page } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import type { MessageKey } from '../../i18n/Dictionary.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { PagedCardList } from '../../components/PagedCardList.js';
import { useTags } from '../records/useTags.js';
import { useUsers } from '../users/useUsers.js';
import { useCustomFields } from '../records/useCustomFields.js';
import { ColumnChooser } from './ColumnChooser.js';
import { CustomFieldFilters } from './CustomFieldFilters.js';
import { FilterText } from './FilterText.js';
import { SavedViews } from './SavedViews.js';
import { useListState, valuesOf, viewFilters, type FilterKey, type ValuesChange } from './useListState.js';
import { ValuesFilter } from './ValuesFilter.js';
import { OrganisationFilter } from './OrganisationFilter.js';
import { ApiError } from '../../lib/ApiError.js';
import { useRelationshipTypes } from '../admin/useAdmin.js';
import { useRelationshipLabel } from '../telephony/useRelationshipTypes.js';
import { usePageTitle } from '../../lib/usePageTitle.js';
import { cardLines, sortChoices, type ListColumn } from './listColumns.js';
import { RecordCard } from './RecordCard.js';
import { SortSelect } from './SortSelect.js';

export type { ListColumn };

/** The column holding the record's name, a link to it: the title of each card on a phone. */
const TITLE_COLUMN = 'name';

interface RecordListPageProps<T> {
  entityType: EntityType;
  /** API collection, also the first part of the query keys: `/api/${resource}`. */
  resource: 'people' | 'organisations';
  title: string;
  newLabel: string;
  newPath: string;
  columns: ListColumn<T>[];
  defaultColumns: string[];
  defaultSort: string;
  rowPath: (row: T) => string;
}

/** The cities typed in the city filter: several with commas ("Lyon, Paris"). */
const cityList = (text: string) => text.split(',').map((city) => city.trim()).filter(Boolean);

/** Filterable, sortable list of people or organisations with column choice and saved views. */
export function RecordListPage<T extends { id: string }>(props: RecordListPageProps<T>) {
  const { t } = useI18n();
  const navigate = useNavigate();
  // The tags this kind of record carries: an organisation list offers no tag only people have.
  usePageTitle(props.title);
  const tags = useTags(props.entityType);
  const { users } = useUsers();
  const relationshipTypes = useRelationshipTypes();
  const relationshipLabel = useRelationshipLabel();
  const customFields = useCustomFields(props.entityType);
  const state = useListState({ entityType: props.entityType, sort: props.defaultSort, columns: props.defaultColumns });
  const { filters, sort } = state;
  // On a phone the filters fold behind a button so the list itself stays in view, and the rows
  // are cards: a table would scroll sideways. Known at the first render, so a phone never draws the table first.
  const isPhone = useMediaQuery('(max-width: 48em)', undefined, { getInitialValueInEffect: false });
  const [filtersOpened, filtersToggle] = useDisclosure(false);
  // Filters with several chosen values take the phone's width: at 200 px their names are cut ("Camille L…").
  const valuesWidth = isPhone ? '100%' : undefined;
  // Each filter field counts once: `missing=tag&missing=city` is two ("no tag", "no city"), not one parameter.
  const activeFilters = Object.keys(filters).filter((key) => key !== 'missing').length + valuesOf(filters.missing).length;

  const list = useInfiniteQuery({
    queryKey: [props.resource, 'list', filters, sort],
    // The total is asked once per filter set, with the first page.
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<T>>(`/api/${props.resource}`, { ...filters, sort, limit: 50, cursor: pageParam, total: pageParam ? undefined : true }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // A new sort or filter keeps the rows on screen until the new ones arrive (no empty flash).
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const firstPage = list.data?.pages[0];
  // The fields show the filters as the address bar holds them now (see useListState).
  const { fieldFilters } = state;
  const missing = valuesOf(fieldFilters.missing);
  const values = (key: FilterKey) => valuesOf(fieldFilters[key]);
  const setValues = (key: FilterKey) => (change: ValuesChange) => state.setValues(key, change);
  const visible = props.columns.filter((c) => state.columns.includes(c.id));
  const titleColumn = props.columns.find((c) => c.id === TITLE_COLUMN);

  const toggleSort = state.toggleSort;
  const setFilter = (key: FilterKey) => (value: string | null) => state.setFilter(key, value);
  // Clearing filters or applying a view remounts the filter fields: a text field still waiting to
  // write what was just typed (debounced) would otherwise write it back after the clear.
  const [filtersGeneration, setFiltersGeneration] = useState(0);
  const clearFilters = () => {
    state.clearFilters();
    setFiltersGeneration((n) => n + 1);
  };
  const applyView: typeof state.applyView = (id, definition) => {
    state.applyView(id, definition);
    setFiltersGeneration((n) => n + 1);
  };

  // The page's name for a filter or the sort the server refused (`definition.filters.city`, `sort`).
  const filterLabels: Record<string, string> = {
    q: t('list.filter.q'),
    tag: t('list.filter.tag'),
    ownerId: t('list.filter.owner'),
    city: t('list.filter.city'),
    relationship: t('list.filter.relationship'),
    organisationId: t('list.filter.organisation'),
    missing: t('list.filter.noValue'),
    sort: t('list.sort'),
  };
  const fieldLabel = (path: string) => {
    const key = path.replace(/^definition\.(filters\.)?/, '');
    if (key.startsWith('cf.')) {
      const field = customFields.fields.find((f) => f.key === key.slice(3).split('.')[0]);
      return field ? customFields.labelOf(field) : undefined;
    }
    return Object.hasOwn(filterLabels, key) ? filterLabels[key] : undefined;
  };
  // A sort the list refuses (an old link, a view saved before a field was deleted): offer the default one.
  const sortRefused = list.error instanceof ApiError && list.error.issues.some((issue) => issue.path === 'sort');

  const openRow = (event: MouseEvent, row: T) => {
    // Links inside a row (name, tel:, mailto:) do their own thing; so does a dialog one of them
    // opened (React passes its clicks up through the row, though it is elsewhere on the page).
    if ((event.target as HTMLElement).closest('a, button') || !(event.currentTarget as Node).contains(event.target as Node)) return;
    navigate(props.rowPath(row));
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">{props.title}</Title>
        <Button component={Link} to={props.newPath} data-testid={`new-${props.entityType}`}>
          {props.newLabel}
        </Button>
      </Group>

      {isPhone && (
        <Button variant="default" size="sm" w="fit-content" onClick={filtersToggle.toggle} data-testid="toggle-filters">
          {t('list.filters')}
          {activeFilters > 0 ? ` (${activeFilters})` : ''}
        </Button>
      )}
      <Collapse expanded={!isPhone || filtersOpened}>
        <Group key={filtersGeneration} align="flex-end" gap="sm" data-testid="list-filters">
          <FilterText
            label={t('list.filter.q')}
            placeholder={t('list.filter.qPlaceholder')}
            value={typeof fieldFilters.q === 'string' ? fieldFilters.q : ''}
            onChange={setFilter('q')}
            testId="filter-q"
          />
          <ValuesFilter
            label={t('list.filter.tag')}
            data={tags.map((tag) => ({ value: tag, label: tag }))}
            values={values('tag')}
            none={missing.includes('tag')}
            noneLabel={t('list.filter.noTag')}
            onChange={setValues('tag')}
            testId="filter-tag"
            w={valuesWidth}
          />
          <ValuesFilter
            label={t('list.filter.owner')}
            data={users.map((u) => ({ value: u.id, label: u.name || u.email }))}
            values={values('ownerId')}
            none={missing.includes('ownerId')}
            noneLabel={t('list.filter.noOwner')}
            onChange={setValues('ownerId')}
            testId="filter-owner"
            w={valuesWidth}
          />
          {/* Cities are free text: several written with commas ("Lyon, Paris"). */}
          <FilterText
            label={t('list.filter.city')}
            placeholder={t('list.filter.cityPlaceholder')}
            value={values('city').join(', ')}
            onChange={(text) => state.setValues('city', { replace: true, add: cityList(text) })}
            // "Lyon," while typing "Lyon, Paris" is the filter "Lyon": the comma must stay in the field.
            readBack={(text) => cityList(text).join(', ')}
            testId="filter-city"
          />
          <Checkbox
            size="xs"
            mb={8}
            label={t('list.filter.noCity')}
            checked={missing.includes('city')}
            onChange={(event) => state.setValues('city', { none: event.currentTarget.checked, replace: true })}
            data-testid="filter-city-none"
          />
          <ValuesFilter
            label={t('list.filter.relationship')}
            data={(relationshipTypes.data?.items ?? []).map((type) => ({ value: type.key, label: relationshipLabel(type.key) }))}
            values={values('relationship')}
            none={missing.includes('relationship')}
            noneLabel={t('list.filter.noRelationship')}
            onChange={setValues('relationship')}
            testId="filter-relationship"
            w={valuesWidth}
          />
          {props.entityType === 'person' && (
            <OrganisationFilter
              value={typeof fieldFilters.organisationId === 'string' ? fieldFilters.organisationId : null}
              none={missing.includes('organisationId')}
              onChange={(id) => state.setValues('organisationId', { replace: true, add: id ? [id] : [] })}
              onNone={() => state.setValues('organisationId', { none: true })}
            />
          )}
          <CustomFieldFilters
            fields={customFields.fields}
            labelOf={customFields.labelOf}
            filters={fieldFilters}
            missing={missing}
            onChange={state.setFilter}
            onValues={state.setValues}
          />
          <Button variant="subtle" size="sm" onClick={clearFilters} data-testid="clear-filters">
            {t('list.filter.clear')}
          </Button>
        </Group>
      </Collapse>

      <Group justify="space-between" gap="sm">
        <SavedViews
          entityType={props.entityType}
          current={{ filters: viewFilters(filters), sort, columns: state.columns }}
          defaults={{ sort: props.defaultSort, columns: props.defaultColumns }}
          selectedId={state.viewId}
          onApply={applyView}
          fieldLabel={fieldLabel}
        />
        <ColumnChooser
          options={props.columns.map((c) => ({ id: c.id, label: c.label }))}
          value={state.columns}
          onToggle={(id, shown) => state.toggleColumn(id, shown, props.columns.map((c) => c.id))}
        />
      </Group>
      {/* Cards have no column headers to click: the sort is chosen here. */}
      {isPhone && <SortSelect choices={sortChoices(props.columns, state.columns, sort)} sort={sort} onChange={state.changeSort} />}

      {firstPage?.total !== undefined && !list.error && (
        <Text fw={500} data-testid="list-total">
          {t(`list.total.${props.entityType}${firstPage.totalIsLowerBound ? 'AtLeast' : ''}` as MessageKey, { count: firstPage.total })}
        </Text>
      )}
      {list.error && !isPhone && <ErrorAlert error={list.error} fieldLabel={fieldLabel} />}
      {sortRefused && (
        <Button variant="light" size="xs" w="fit-content" onClick={() => state.setSort(props.defaultSort)} data-testid="reset-sort">
          {t('list.resetSort')}
        </Button>
      )}

      {isPhone ? (
        <>
          <PagedCardList
            list={{ items: rows, isPending: list.isPending, error: list.error, hasNextPage: list.hasNextPage, isFetchingNextPage: list.isFetchingNextPage, fetchNextPage: list.fetchNextPage }}
            card={(row) => (
              <RecordCard
                key={row.id}
                title={titleColumn?.render(row)}
                lines={cardLines(props.columns, state.columns, TITLE_COLUMN, row)}
                onClick={(event) => openRow(event, row)}
              />
            )}
            emptyText={t('list.empty')}
            emptyTestId="list-empty"
            testId={`${props.resource}-cards`}
            fieldLabel={fieldLabel}
          />
          <Text size="sm" c="dimmed">
            {t('list.count', { count: rows.length })}
          </Text>
        </>
      ) : (
        <>
          <Table.ScrollContainer minWidth={640}>
            <Table highlightOnHover striped data-testid={`${props.resource}-table`}>
              <Table.Thead>
                <Table.Tr>
                  {visible.map((column) => {
                    const direction = sort === column.sortKey ? 'ascending' : sort === `-${column.sortKey}` ? 'descending' : 'none';
                    return (
                      <Table.Th key={column.id} aria-sort={column.sortKey ? direction : undefined}>
                        {column.sortKey ? (
                          <UnstyledButton
                            onClick={() => toggleSort(column.sortKey!)}
                            fw={600}
                            fz="sm"
                            data-testid={`sort-${column.id}`}
                            title={direction === 'descending' ? t('list.sortDesc') : t('list.sortAsc')}
                          >
                            {column.label} {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : ''}
                          </UnstyledButton>
                        ) : (
                          column.label
                        )}
                      </Table.Th>
                    );
                  })}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.id} onClick={(event) => openRow(event, row)} style={{ cursor: 'pointer' }} data-testid="list-row">
                    {visible.map((column) => (
                      <Table.Td key={column.id} data-testid={`list-cell-${column.id}`}>
                        {column.render(row)}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>

          {list.isPending && (
            <Center>
              <Loader />
            </Center>
          )}
          {!list.isPending && rows.length === 0 && !list.error && (
            <Text c="dimmed" data-testid="list-empty">
              {t('list.empty')}
            </Text>
          )}
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {t('list.count', { count: rows.length })}
            </Text>
            {list.hasNextPage && (
              <Button variant="default" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
                {t('common.loadMore')}
              </Button>
            )}
          </Group>
        </>
      )}
    </Stack>
  );
}
