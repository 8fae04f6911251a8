import type { ReactNode } from 'react';
import { NativeSelect, Radio, SimpleGrid, TextInput, Textarea } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';
import { CALL_OUTCOMES } from './callOutcomes.js';
import type { FollowUpChoice } from './followUpDate.js';
import { FOLLOW_UP_LABELS } from './followUpLabels.js';

/** What is said of a call and the follow-up it asks for, in both places a call is written up. */
export interface CallNoteValues {
  outcome: string;
  /** What the call was about: the timeline shows it first. */
  summary: string;
  note: string;
  followUp: FollowUpChoice;
  followUpTitle: string;
}

interface CallNoteFieldsProps {
  values: CallNoteValues;
  // A method, so that a form whose values extend these may pass its own setter (parameters bivariant).
  onChange<K extends keyof CallNoteValues>(key: K, value: CallNoteValues[K]): void;
  /** Each field's test id starts with it: 'call' → `call-outcome`, `call-follow-up-tomorrow`… */
  testIdPrefix: string;
  /** The follow-ups offered, in order. */
  choices: readonly FollowUpChoice[];
  /** The field the keyboard starts in when the form opens. */
  autoFocus: 'outcome' | 'summary';
  summaryPlaceholder?: string;
  /** The follow-up task's title when none is typed. */
  defaultTitle: string;
  /** Shown under the follow-up choices (the date of a precise follow-up). */
  followUpDetail?: ReactNode;
}

/**
 * Outcome, summary, note and follow-up of a call: the quick capture of a call logged by hand
 * (LogCallPanel) and the form after a call the phone system reported (AfterCallForm).
 */
export function CallNoteFields({ values, onChange, testIdPrefix, choices, autoFocus, summaryPlaceholder, defaultTitle, followUpDetail }: CallNoteFieldsProps) {
  const { t } = useI18n();
  const id = (name: string) => `${testIdPrefix}-${name}`;
  return (
    <>
      <NativeSelect
        label={t('call.outcome')}
        value={values.outcome}
        onChange={(event) => onChange('outcome', event.currentTarget.value)}
        data={[{ value: '', label: t('call.outcomePlaceholder') }, ...CALL_OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) }))]}
        data-autofocus={autoFocus === 'outcome' || undefined}
        data-testid={id('outcome')}
      />
      <TextInput
        label={t('call.summary')}
        placeholder={summaryPlaceholder}
        value={values.summary}
        onChange={(event) => onChange('summary', event.currentTarget.value)}
        // The server's limits: what is typed beyond them would only be refused on saving.
        maxLength={500}
        data-autofocus={autoFocus === 'summary' || undefined}
        data-testid={id('summary')}
      />
      <Textarea
        label={t('call.note')}
        autosize
        minRows={3}
        value={values.note}
        onChange={(event) => onChange('note', event.currentTarget.value)}
        data-testid={id('note')}
      />
      <Radio.Group label={t('call.followUp')} value={values.followUp} onChange={(value) => onChange('followUp', value as FollowUpChoice)} data-testid={id('follow-up')}>
        <SimpleGrid cols={2} spacing="xs" mt="xs">
          {choices.map((choice) => (
            <Radio key={choice} value={choice} label={t(FOLLOW_UP_LABELS[choice])} data-testid={id(`follow-up-${choice}`)} />
          ))}
        </SimpleGrid>
      </Radio.Group>
      {followUpDetail}
      {values.followUp !== 'none' && (
        <TextInput
          label={t('call.followUpTitle')}
          placeholder={defaultTitle}
          value={values.followUpTitle}
          onChange={(event) => onChange('followUpTitle', event.currentTarget.value)}
          maxLength={300}
          data-testid={id('follow-up-title')}
        />
      )}
    </>
  );
}
