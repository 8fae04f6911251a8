import { Select, SimpleGrid, TextInput } from '@mantine/core';
import type { CustomFieldDefinition } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';

interface CustomFieldInputsProps {
  fields: CustomFieldDefinition[];
  /** As typed, by field key; `customFieldPayload` converts on submit. */
  value: Record<string, string>;
  onChange: (value: Record<string, string>) => void;
  /** Form errors by path, already in the user's language (fieldErrors); a custom field's is `customFields.KEY`. */
  errors: Record<string, string>;
}

/** One input per custom field of the record's type, fit to the field's type. */
export function CustomFieldInputs({ fields, value, onChange, errors }: CustomFieldInputsProps) {
  const { t, lang } = useI18n();
  if (fields.length === 0) return null;
  const set = (key: string) => (text: string | null) => onChange({ ...value, [key]: text ?? '' });
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} data-testid="custom-field-inputs">
      {fields.map((field) => {
        const label = (lang === 'fr' ? field.labelFr : field.labelEn) || field.key;
        const common = {
          label,
          error: errors[`customFields.${field.key}`],
          errorProps: { 'data-testid': `cf-input-${field.key}-error` },
          'data-testid': `cf-input-${field.key}`,
        };
        if (field.type === 'choice' || field.type === 'boolean') {
          const data =
            field.type === 'boolean'
              ? [
                  { value: 'true', label: t('common.yes') },
                  { value: 'false', label: t('common.no') },
                ]
              : (field.choices ?? []).map((c) => ({ value: c, label: c }));
          return <Select key={field.key} {...common} data={data} value={value[field.key] || null} onChange={set(field.key)} clearable />;
        }
        return (
          <TextInput
            key={field.key}
            {...common}
            // Numbers as text with a decimal keypad: "4,5" is how a French user writes them.
            type={field.type === 'date' ? 'date' : 'text'}
            inputMode={field.type === 'number' ? 'decimal' : undefined}
            value={value[field.key] ?? ''}
            onChange={(event) => set(field.key)(event.currentTarget.value)}
          />
        );
      })}
    </SimpleGrid>
  );
}
