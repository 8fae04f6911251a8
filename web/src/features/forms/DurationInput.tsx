import { useEffect, useId, useState, type ReactNode } from 'react';
import { Button, Group, Input, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';
import { DURATION_UNITS, durationInWords, isIsoDuration, parseSimpleDuration, toIsoDuration, unitLabel, type DurationUnit } from './isoDuration.js';

interface DurationInputProps {
  label: string;
  description?: string;
  /** The ISO 8601 duration the API stores ("PT4H", "P2D"); "" for none. */
  value: string;
  onChange: (iso: string) => void;
  error?: ReactNode;
  /** The unit offered while the field is empty. */
  defaultUnit?: DurationUnit;
  /** `data-testid` of the field; its parts add `-amount`, `-unit`, `-raw`, `-words`, `-replace`. */
  testId: string;
  miw?: number;
}

/**
 * A deadline typed as a number and a unit (minutes, hours, days, weeks), stored as the ISO 8601
 * duration the API takes, in the unit chosen (never converted: the server counts days as working
 * days and hours as working hours). A stored value one number and unit cannot say (P1DT2H, P1M)
 * is shown as written, with its meaning in words, and kept unless the user replaces it.
 */
export function DurationInput({ label, description, value, onChange, error, defaultUnit = 'hours', testId, miw }: DurationInputProps) {
  const { t, lang } = useI18n();
  const amountId = useId();
  const parsed = parseSimpleDuration(value);
  // The unit stays chosen while the number is empty (the value is then "": no duration).
  const [unit, setUnit] = useState<DurationUnit>(parsed?.unit ?? defaultUnit);
  const parsedUnit = parsed?.unit;
  useEffect(() => {
    if (parsedUnit) setUnit(parsedUnit);
  }, [parsedUnit]);
  // Shown as written once met, until replaced: editing it into a simple one must not swap the field under the cursor.
  const unrepresentable = parsed === undefined;
  const [asWritten, setAsWritten] = useState(unrepresentable);
  // "1,5" stays on screen as typed, refused with a word, rather than read as 15 (the digits alone);
  // the value keeps its last whole number until the field holds one again.
  const [notWhole, setNotWhole] = useState<string | null>(null);
  useEffect(() => {
    if (unrepresentable) setAsWritten(true);
  }, [unrepresentable]);

  if (asWritten) {
    return (
      <Stack gap={4} miw={miw} data-testid={testId}>
        <TextInput label={label} description={description} value={value} onChange={(event) => onChange(event.currentTarget.value)} error={error} data-testid={`${testId}-raw`} />
        {isIsoDuration(value) && (
          <Text size="xs" c="dimmed" data-testid={`${testId}-words`}>
            {t('durationInput.asWritten', { words: durationInWords(value, lang) })}
          </Text>
        )}
        <Button
          variant="subtle"
          size="compact-xs"
          w="fit-content"
          onClick={() => {
            setAsWritten(false);
            onChange('');
          }}
          data-testid={`${testId}-replace`}
        >
          {t('durationInput.replace')}
        </Button>
      </Stack>
    );
  }

  const amount = parsed ? String(parsed.amount) : '';
  const hint = error ?? (notWhole !== null ? t('durationInput.wholeNumbers') : undefined);
  return (
    <Input.Wrapper label={label} description={description} error={hint} id={amountId} miw={miw} data-testid={testId}>
      <Group gap="xs" wrap="nowrap" mt={description ? 4 : 0}>
        <TextInput
          id={amountId}
          inputMode="numeric"
          value={notWhole ?? amount}
          // Whole numbers only: the server takes no fractions ("1,5 jour" is "12 heures" or "P1DT12H").
          onChange={(event) => {
            const typed = event.currentTarget.value;
            if (/[.,]/.test(typed)) return setNotWhole(typed.slice(0, 12));
            setNotWhole(null);
            const digits = typed.replace(/\D/g, '').slice(0, 6);
            onChange(digits ? toIsoDuration({ amount: Number(digits), unit }) : '');
          }}
          error={Boolean(hint)}
          w={90}
          data-testid={`${testId}-amount`}
        />
        <NativeSelect
          aria-label={t('durationInput.unit', { label })}
          value={unit}
          onChange={(event) => {
            const next = event.currentTarget.value as DurationUnit;
            setUnit(next);
            if (parsed) onChange(toIsoDuration({ amount: parsed.amount, unit: next }));
          }}
          data={DURATION_UNITS.map((u) => ({ value: u, label: unitLabel(u, parsed?.amount ?? 2, t) }))}
          error={Boolean(error)}
          style={{ flex: 1 }}
          data-testid={`${testId}-unit`}
        />
      </Group>
    </Input.Wrapper>
  );
}
