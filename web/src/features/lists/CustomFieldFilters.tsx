import { Fragment } from 'react';
import { Select } from '@mantine/core';
import type { CustomFieldDefinition } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import { numberFilterValue } from '../records/customFieldValues.js';
import { FilterText } from './FilterText.js';
import type { FilterKey, Filters, ValuesChange } from './useListState.js';

interface CustomFieldFiltersProps {
  fields: CustomFieldDefinition[];
  labelOf: (field: CustomFieldDefinition) => string;
  filters: Filters;
  /** The list's `missing=` names: cf.KEY for a field asked empty. */
  missing: string[];
  onChange: (key: FilterKey, value: string | null) => void;
  /** Sets a field's value, or asks for the records where it is empty (`none`), in one change. */
  onValues: (key: FilterKey, change: ValuesChange) => void;
}

/** The "no value" choice of a choice or yes/no field: no choice starts with a space (the API trims them). */
const NONE = ' none';

/**
 * A filter per custom field, written to the address bar as the API's parameters: a choice for
 * choice and yes/no fields (cf.KEY), a range for numbers and dates (cf.KEY.min / cf.KEY.max), a
 * "starts with" for text (cf.KEY.prefix).
 */
export function CustomFieldFilters({ fields, labelOf, filters, missing, onChange, onValues }: CustomFieldFiltersProps) {
  const text = (key: FilterKey) => {
    const value = filters[key];
    return typeof value === 'string' ? value : undefined;
  };
  const { t } = useI18n();
  return fields.map((field) => {
    const label = labelOf(field);
    const key = `cf.${field.key}` as const;
    const testId = `filter-cf-${field.key}`;
    if (field.type === 'choice' || field.type === 'boolean') {
      const data =
        field.type === 'boolean'
          ? [
              { value: 'true', label: t('common.yes') },
              { value: 'false', label: t('common.no') },
            ]
          : (field.choices ?? []).map((c) => ({ value: c, label: c }));
      const none = missing.includes(key);
      return (
        <Select
          key={field.key}
          size="sm"
          label={label}
          placeholder={t('cf.filter.any')}
          data={[{ value: NONE, label: t('list.filter.noValue') }, ...data]}
          value={none ? NONE : (text(key) ?? null)}
          onChange={(value) => onValues(key, value === NONE ? { none: true } : { replace: true, add: value ? [value] : [] })}
          clearable
          w={160}
          data-testid={testId}
        />
      );
    }
    if (field.type === 'text') {
      return (
        <FilterText
          key={field.key}
          label={label}
          placeholder={t('cf.filter.startsWith')}
          value={text(`${key}.prefix`) ?? ''}
          onChange={(value) => onChange(`${key}.prefix`, value || null)}
          testId={testId}
        />
      );
    }
    // number or date: two bounds, both inclusive.
    const isNumber = field.type === 'number';
    const bound = (op: 'min' | 'max') => {
      const param = `${key}.${op}` as const;
      const value = text(param) ?? '';
      return (
        <FilterText
          label={t(op === 'min' ? 'cf.filter.from' : 'cf.filter.to', { label })}
          value={value}
          type={isNumber ? 'text' : 'date'}
          inputMode={isNumber ? 'decimal' : undefined}
          // A number the API cannot read is flagged here rather than only by the list's error.
          error={isNumber && value !== '' && Number.isNaN(Number(value)) ? t('cf.error.number') : undefined}
          w={160}
          onChange={(text) => onChange(param, (isNumber ? numberFilterValue(text) : text) || null)}
          testId={`${testId}-${op}`}
        />
      );
    };
    return (
      <Fragment key={field.key}>
        {bound('min')}
        {bound('max')}
      </Fragment>
    );
  });
}
