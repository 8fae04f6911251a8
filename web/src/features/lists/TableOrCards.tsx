import type { ReactNode } from 'react';
import { Group, Stack, Table, type MantineSpacing } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { RecordCard } from './RecordCard.js';
import { isBlank, type CardLine } from './listColumns.js';

/** A column of a described row: a table cell, or a card's line on a phone. */
export interface RowCell extends CardLine {
  align?: 'right';
  /** A test id on the table cell (the card's line is found by `dd[data-column=id]`). */
  testId?: string;
}

/** One entry of a settings or report list, described once for both layouts. */
export interface DescribedRow {
  key: string;
  testId: string;
  attributes?: Record<`data-${string}`, string>;
  /** The card's title on a phone; in the table, the first column when `titleColumn` is given. */
  title: ReactNode;
  cells: RowCell[];
  /** Buttons for the entry: the table's last column, or below the card's lines. */
  actions?: ReactNode;
}

/**
 * Short lists of settings and reports (API tokens, catalogue, telephony integrations, call
 * statistics, lead report): a table on a wide screen, cards on a phone, so that nothing needs the
 * table's width. Every row has the same columns: the header is read off the first. The larger
 * record lists page and sort their own way (RecordListPage, CallsPage).
 */
export function TableOrCards({
  rows,
  testId,
  titleColumn,
  minWidth,
  verticalSpacing = 4,
  striped,
}: {
  rows: DescribedRow[];
  /** On the table, or on the cards' stack. */
  testId?: string;
  /** The header of a first column showing each row's title; none when the cells already name the row. */
  titleColumn?: string;
  /** Below this width the table scrolls inside its box (between a phone's width and the table's). */
  minWidth?: number;
  verticalSpacing?: MantineSpacing | number;
  striped?: boolean;
}) {
  const isPhone = useMediaQuery('(max-width: 48em)', undefined, { getInitialValueInEffect: false });
  if (rows.length === 0) return null;
  if (isPhone) {
    return (
      <Stack gap="xs" data-testid={testId}>
        {rows.map((row) => (
          <RecordCard key={row.key} title={row.title} lines={row.cells.filter((cell) => !isBlank(cell.value))} actions={row.actions} testId={row.testId} attributes={row.attributes} />
        ))}
      </Stack>
    );
  }
  const withActions = rows.some((row) => row.actions);
  const table = (
    <Table verticalSpacing={verticalSpacing} striped={striped} data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          {titleColumn !== undefined && <Table.Th>{titleColumn}</Table.Th>}
          {rows[0].cells.map((cell) => (
            <Table.Th key={cell.id} ta={cell.align}>
              {cell.label}
            </Table.Th>
          ))}
          {withActions && <Table.Th />}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.key} data-testid={row.testId} {...row.attributes}>
            {titleColumn !== undefined && <Table.Td>{row.title}</Table.Td>}
            {row.cells.map((cell) => (
              <Table.Td key={cell.id} ta={cell.align} data-testid={cell.testId}>
                {cell.value}
              </Table.Td>
            ))}
            {withActions && (
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  {row.actions}
                </Group>
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
  return minWidth ? <Table.ScrollContainer minWidth={minWidth}>{table}</Table.ScrollContainer> : table;
}
