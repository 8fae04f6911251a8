import { useId } from 'react';
import { Input, SegmentedControl } from '@mantine/core';
import type { Direction } from '../../../lib/types.js';
import { useI18n } from '../../../i18n/useI18n.js';

const DIRECTIONS = ['in', 'out', 'internal'] as const;

/** Which way a timeline entry went (incoming, outgoing, internal), its label naming the control. */
export function DirectionField({ value, onChange, testId, miw }: { value: Direction; onChange: (direction: Direction) => void; testId: string; miw?: number }) {
  const { t } = useI18n();
  const labelId = useId();
  return (
    <Input.Wrapper label={t('entry.direction')} labelElement="div" labelProps={{ id: labelId }} miw={miw}>
      <SegmentedControl
        aria-labelledby={labelId}
        fullWidth
        value={value}
        onChange={(next) => onChange(next as Direction)}
        data={DIRECTIONS.map((d) => ({ value: d, label: t(`direction.${d}`) }))}
        data-testid={testId}
      />
    </Input.Wrapper>
  );
}
