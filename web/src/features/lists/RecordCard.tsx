import type { MouseEventHandler, ReactNode } from 'react';
import { Box, Card, Group, Text } from '@mantine/core';
import type { CardLine } from './listColumns.js';

interface RecordCardProps {
  /** The record's name, a link to it. */
  title: ReactNode;
  lines: CardLine[];
  /** Buttons for the record (revoke, remove…), below its lines. */
  actions?: ReactNode;
  onClick?: MouseEventHandler<HTMLDivElement>;
  testId?: string;
  /** More data attributes for tests and scripts (`data-call-id`…). */
  attributes?: Record<`data-${string}`, string>;
}

/**
 * A list row on a phone: the record's name, then the chosen columns as label and value lines
 * (a description list), so nothing needs the table's width.
 */
export function RecordCard({ title, lines, actions, onClick, testId = 'list-row', attributes }: RecordCardProps) {
  return (
    <Card withBorder padding="sm" onClick={onClick} style={onClick ? { cursor: 'pointer' } : undefined} {...attributes} data-testid={testId}>
      <Text component="div" fw={500} style={{ overflowWrap: 'anywhere' }} data-testid="card-title">
        {title}
      </Text>
      {lines.length > 0 && (
        <Box component="dl" className="relais-card-fields" mt={6}>
          {lines.map((line) => (
            <CardField key={line.id} line={line} />
          ))}
        </Box>
      )}
      {actions && (
        <Group gap="xs" mt="xs">
          {actions}
        </Group>
      )}
    </Card>
  );
}

function CardField({ line }: { line: CardLine }) {
  return (
    <>
      <Text component="dt" size="xs" c="dimmed" data-column={line.id}>
        {line.label}
      </Text>
      <Box component="dd" fz="sm" data-column={line.id}>
        {line.value}
      </Box>
    </>
  );
}
