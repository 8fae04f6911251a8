import { NativeSelect } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';

/** The labels offered per kind of contact point: an e-mail or a postal address is not a mobile. */
const LABELS = {
  phone: ['mobile', 'work', 'home', 'other'],
  email: ['work', 'home', 'other'],
  address: ['work', 'home', 'other'],
} as const;

interface LabelSelectProps {
  kind: keyof typeof LABELS;
  value: string;
  onChange: (value: string) => void;
  ariaLabel: string;
  testId?: string;
}

/** Label of a phone, e-mail or address, stored as a code; an imported free label is kept. */
export function LabelSelect({ kind, value, onChange, ariaLabel, testId }: LabelSelectProps) {
  const { t } = useI18n();
  const codes: readonly string[] = LABELS[kind];
  // Every code has a translation (the phones' list holds them all); imported free text is shown as is.
  const text = (code: string) => ((LABELS.phone as readonly string[]).includes(code) ? t(`label.${code}` as 'label.mobile') : code);
  const options = [
    { value: '', label: '—' },
    ...codes.map((code) => ({ value: code, label: text(code) })),
    // A label stored before (another kind's, or imported free text) stays as it is.
    ...(value && !codes.includes(value) ? [{ value, label: text(value) }] : []),
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
