import { TextInput, Textarea } from '@mantine/core';
import { useI18n } from '../../../i18n/useI18n.js';

interface EntryTextFieldsProps {
  summary: string;
  body: string;
  onSummaryChange: (summary: string) => void;
  onBodyChange: (body: string) => void;
  /** An example in the empty summary ("e.g. quote sent"): when adding, not when correcting. */
  withPlaceholder?: boolean;
  /** The summary takes the focus when the form opens. */
  autoFocus?: boolean;
  /** Test ids are `${testIdPrefix}-summary` and `${testIdPrefix}-body`. */
  testIdPrefix: string;
  /** Said under the summary (e.g. a note with nothing in it). */
  summaryError?: string | null;
}

/** A timeline entry's summary (one line, as the server caps it) and its text. */
export function EntryTextFields({ summary, body, onSummaryChange, onBodyChange, withPlaceholder = false, autoFocus = false, testIdPrefix, summaryError }: EntryTextFieldsProps) {
  const { t } = useI18n();
  return (
    <>
      <TextInput
        label={t('entry.summary')}
        placeholder={withPlaceholder ? t('entry.summaryPlaceholder') : undefined}
        value={summary}
        onChange={(event) => onSummaryChange(event.currentTarget.value)}
        maxLength={500}
        error={summaryError}
        data-autofocus={autoFocus || undefined}
        data-testid={`${testIdPrefix}-summary`}
      />
      <Textarea
        label={t('entry.body')}
        autosize
        minRows={3}
        maxRows={14}
        value={body}
        onChange={(event) => onBodyChange(event.currentTarget.value)}
        data-testid={`${testIdPrefix}-body`}
      />
    </>
  );
}
