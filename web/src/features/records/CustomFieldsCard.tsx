import { Card, Table, Text, Title } from '@mantine/core';
import type { CustomFieldValue, EntityType } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import { useCustomFields } from './useCustomFields.js';
import { formatCustomField } from './formatCustomField.js';

interface CustomFieldsCardProps {
  entityType: EntityType;
  values: Record<string, CustomFieldValue>;
}

/** The record's custom fields, labelled in the user's language; unknown keys shown as is. */
export function CustomFieldsCard({ entityType, values }: CustomFieldsCardProps) {
  const { t } = useI18n();
  const { fields, labelOf } = useCustomFields(entityType);
  const known = new Set(fields.map((f) => f.key));
  const rows = [
    ...fields.map((f) => ({ key: f.key, label: labelOf(f), value: formatCustomField(f, values?.[f.key]) })),
    ...Object.keys(values ?? {})
      .filter((key) => !known.has(key))
      .map((key) => ({ key, label: key, value: formatCustomField(undefined, values[key]) })),
  ].filter((row) => row.value !== '');

  return (
    <Card withBorder data-testid="custom-fields">
      <Title order={2} size="h4" mb="sm">
        {t('record.customFields')}
      </Title>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('record.noCustomFields')}
        </Text>
      ) : (
        <Table>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.key}>
                <Table.Th w="40%">{row.label}</Table.Th>
                <Table.Td>{row.value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
