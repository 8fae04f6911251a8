import { Card, Group, Stack, Text, Title } from '@mantine/core';
import type { IncomingRelationship, Relationship } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import { useRelationshipLabel } from '../telephony/useRelationshipTypes.js';
import { LinkedRecord } from '../timeline/LinkedRecord.js';

/**
 * The record's relationships: each type's label in the user's language and, when it names another
 * record, a link to it; then those other records hold to this one ("contact of" it). Records are
 * named from their cached records, each distinct one read once.
 */
export function RelationshipsCard({ relationships, incoming = [] }: { relationships: Relationship[]; incoming?: IncomingRelationship[] }) {
  const { t } = useI18n();
  const labelOf = useRelationshipLabel();
  return (
    <Card withBorder data-testid="relationships">
      <Title order={2} size="h4" mb="sm">
        {t('record.relationships')}
      </Title>
      {relationships.length === 0 && incoming.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('record.noRelationships')}
        </Text>
      ) : (
        <Stack gap={6}>
          {relationships.map((r) => (
            <Group key={r.id} gap={6} wrap="wrap" data-testid="relationship">
              <Text size="sm" fw={500} data-testid="relationship-type">
                {labelOf(r.type)}
              </Text>
              {r.targetId && <LinkedRecord type={r.targetType ?? 'organisation'} id={r.targetId} />}
            </Group>
          ))}
          {incoming.length > 0 && (
            <Text size="xs" c="dimmed" mt={relationships.length ? 'xs' : 0}>
              {t('record.incomingRelationships')}
            </Text>
          )}
          {incoming.map((r) => (
            <Group key={r.id} gap={6} wrap="wrap" data-testid="incoming-relationship">
              <LinkedRecord type={r.sourceType} id={r.sourceId} />
              <Text size="sm" c="dimmed" data-testid="relationship-type">
                {labelOf(r.type)}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}
