import { Button, CloseButton, Fieldset, Group, Select, Stack, Text } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';
import { useRelationshipTypes } from '../admin/useAdmin.js';
import { useRelationshipLabel } from '../telephony/useRelationshipTypes.js';
import { RecordPicker } from './RecordPicker.js';
import { replaceAt } from './compactList.js';
import type { RelationshipRow } from './relationshipsPayload.js';

interface RelationshipsFieldsProps {
  value: RelationshipRow[];
  onChange: (value: RelationshipRow[]) => void;
  /** The record edited: it cannot be its own target. */
  recordId?: string;
  errors: Record<string, string>;
}

/** A record's relationships: each a configured type and, if it names one, another person or organisation; add, change, remove. */
export function RelationshipsFields({ value, onChange, recordId, errors }: RelationshipsFieldsProps) {
  const { t } = useI18n();
  const types = useRelationshipTypes();
  const labelOf = useRelationshipLabel();
  const typeOptions = (current: string) => {
    const keys = (types.data?.items ?? []).map((type) => type.key);
    // A type deleted since it was given stays readable (the save will say it no longer exists).
    if (current && !keys.includes(current)) keys.push(current);
    return keys.map((key) => ({ value: key, label: labelOf(key) }));
  };

  return (
    <Fieldset legend={t('form.relationships')} data-testid="relationships-fields">
      {/* Rows apart enough to tell them apart where each wraps onto two lines (a phone). */}
      <Stack gap="md">
        {value.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('record.noRelationships')}
          </Text>
        )}
        {value.map((row, i) => (
          <Group key={i} gap="xs" align="flex-start" wrap="wrap" data-testid={`relationship-row-${i}`}>
            <Select
              style={{ flex: '1 1 10rem' }}
              label={t('form.relationshipType')}
              data={typeOptions(row.type)}
              value={row.type || null}
              onChange={(type) => onChange(replaceAt(value, i, { ...row, type: type ?? '' }))}
              error={errors[`relationships.${i}.type`]}
              comboboxProps={{ withinPortal: true }}
              data-testid={`relationship-type-${i}`}
            />
            <Group gap="xs" align="flex-end" wrap="nowrap" style={{ flex: '2 1 14rem' }}>
              <div style={{ flex: 1, minWidth: 0 }}>
                <RecordPicker
                  label={t('form.relationshipTarget')}
                  placeholder={t('form.relationshipTargetPlaceholder')}
                  value={row.target}
                  onChange={(target) => onChange(replaceAt(value, i, { ...row, target }))}
                  excludeId={recordId}
                  error={errors[`relationships.${i}.targetId`]}
                  testId={`relationship-target-${i}`}
                />
              </div>
              <CloseButton
                mb={4}
                aria-label={t('form.removeRelationship')}
                onClick={() => onChange(value.filter((_, j) => j !== i))}
                data-testid={`relationship-remove-${i}`}
              />
            </Group>
          </Group>
        ))}
        <Button variant="subtle" size="xs" w="fit-content" onClick={() => onChange([...value, { type: '', target: null }])} data-testid="add-relationship">
          {t('form.addRelationship')}
        </Button>
      </Stack>
    </Fieldset>
  );
}
