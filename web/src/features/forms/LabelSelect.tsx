import { NativeSelect } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';

const LABELS = ['mobile', 'work', 'home', 'other'] as const;

interface LabelSelectProps {
  value: string;
  onChange: (value: string) => void;
  ariaLabel: string;
  testId?: string;
}

/** Label of a phone, e-mail or address, stored as a code; an imported free label is kept. */
export function LabelSelect({ value, onChange, ariaLabel, testId }: LabelSelectProps) {
  const { t } = useI18n();
  const options = [
    { value: '', label: '—' },
    ...LABELS.map((code) => ({ value: code, label: t(`label.${code}`) })),
    ...(value && !(LABELS as readonly string[]).includes(value) ? [{ value, label: value }] : []),
  ];
  return (
    <NativeSelect
      aria-label={ariaLabel}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      data={options}
      w={130}
      data-testid={testId}
    />
  );
}
