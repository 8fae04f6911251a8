import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Alert, Button, Drawer, FileInput, Group, Kbd, List, Stack, Text } from '@mantine/core';
import { getHotkeyHandler } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import { ApiError } from '../../lib/ApiError.js';
import type { Channel, Direction, Interaction } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { incompleteDateField } from '../../components/WrittenDateInput.js';
import { fromDateTimeLocal } from '../tasks/dueInput.js';
import { MIN_REASON_LENGTH } from '../telephony/PressureDialModal.js';
import { attachmentErrorMessage, checkFile, formatFileSize, MAX_ATTACHMENT_BYTES, uploadAttachment } from './attachments.js';
import { DURATION_CHANNELS, directionFor, minutesToSeconds, occurredAtProblem, OutcomeField } from './entryFields.js';
import { ParticipantsPicker, type ChosenParticipant } from './fields/ParticipantsPicker.js';
import { ChannelField } from './fields/ChannelField.js';
import { DirectionField } from './fields/DirectionField.js';
import { OccurredAtField } from './fields/OccurredAtField.js';
import { DurationField } from './fields/DurationField.js';
import { PressureReasonField } from './fields/PressureReasonField.js';
import { DiscardQuestion } from './fields/DiscardQuestion.js';
import { EntryTextFields } from './fields/EntryTextFields.js';
import { useDiscardQuestion } from './fields/useDiscardQuestion.js';
import { useExpiredSessionDraft } from '../forms/formDraft.js';
import { DraftRestoredNotice } from '../forms/DraftRestoredNotice.js';
import { PaperclipIcon } from './icons.js';

interface AddToTimelinePanelProps {
  opened: boolean;
  onClose: () => void;
  personId?: string;
  organisationId?: string;
  recordName: string;
}

interface EntryForm {
  channel: Channel;
  direction: Direction;
  occurredAt: string;
  summary: string;
  body: string;
  outcome: string;
  durationMinutes: string;
  participants: ChosenParticipant[];
  pressureReason: string;
}

const EMPTY: EntryForm = {
  channel: 'note',
  direction: 'internal',
  occurredAt: '',
  summary: '',
  body: '',
  outcome: '',
  durationMinutes: '',
  participants: [],
  pressureReason: '',
};

/**
 * What the panel keeps when the session expires on "add": the form, and the names of the files
 * chosen (a file itself cannot be kept: the user is asked to choose it again).
 */
interface EntryDraft extends EntryForm {
  fileNames: string[];
}
/** The panel's name among the page's kept drafts: the timeline opens it again when one waits (useWaitingDraft). */
export const ENTRY_DRAFT = 'timeline-entry';

/** A file the server refused (the entry itself was saved). */
interface FileFailure {
  file: File;
  message: string;
}

/**
 * "Add to timeline": a note, an e-mail, a letter, a meeting, an SMS… on any channel, in either
 * direction, at a time of the user's choosing, with the other people involved and files. Keyboard
 * first: the channel has the focus (a letter picks it), Tab goes on, Ctrl+Enter saves from anywhere.
 */
export function AddToTimelinePanel({ opened, onClose, personId, organisationId, recordName }: AddToTimelinePanelProps) {
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<EntryForm>(EMPTY);
  const [files, setFiles] = useState<File[]>([]);
  const [failures, setFailures] = useState<FileFailure[]>([]);
  const [durationError, setDurationError] = useState<string | null>(null);
  const [dateError, setDateError] = useState<string | null>(null);
  const [filesToChooseAgain, setFilesToChooseAgain] = useState<string[]>([]);
  // Saved but some files failed: a retry sends only the files, never the entry a second time.
  const saved = useRef<Interaction | null>(null);
  const attached = useRef(new Set<File>());
  const submitting = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);
  const [emptyNoteError, setEmptyNoteError] = useState<string | null>(null);

  useEffect(() => {
    if (!opened) return;
    setForm(EMPTY);
    setFiles([]);
    setFailures([]);
    setDurationError(null);
    setDateError(null);
    setEmptyNoteError(null);
    saved.current = null;
    attached.current = new Set();
    setFilesToChooseAgain([]);
  }, [opened]);
  // After the reset above: what was typed when the session expired comes back once signed in again.
  const draft = useExpiredSessionDraft<EntryDraft>(opened, ({ fileNames, ...values }) => {
    setForm(values);
    setFilesToChooseAgain(fileNames);
  }, { name: ENTRY_DRAFT });

  const set = <K extends keyof EntryForm>(key: K, value: EntryForm[K]) => setForm((current) => ({ ...current, [key]: value }));
  const fileProblems = files.map((file) => checkFile(file, t, locale)).filter((problem): problem is string => problem !== null);

  const save = useMutation({
    meta: { inlineErrors: true },
    mutationFn: async (values: EntryForm) => {
      const entry =
        saved.current ??
        (await draft.keepOnExpiry({ ...values, fileNames: files.map((file) => file.name) }, null, () => api.create<Interaction>('/api/interactions', {
          channel: values.channel,
          direction: values.direction,
          occurredAt: fromDateTimeLocal(values.occurredAt) ?? new Date().toISOString(),
          personId,
          organisationId,
          participants: values.participants.length ? values.participants.map(({ type, id }) => ({ type, id })) : undefined,
          summary: values.summary.trim() || undefined,
          body: values.body.trim() ? values.body : undefined,
          outcome: values.outcome.trim() || undefined,
          durationSeconds: DURATION_CHANNELS.includes(values.channel) ? (minutesToSeconds(values.durationMinutes) ?? undefined) : undefined,
          pressureOverrideReason: values.direction === 'out' && values.pressureReason.trim() ? values.pressureReason.trim() : undefined,
        })));
      saved.current = entry;
      const failed: FileFailure[] = [];
      for (const file of files) {
        if (attached.current.has(file)) continue;
        try {
          await uploadAttachment(entry.id, file);
          attached.current.add(file);
        } catch (error) {
          failed.push({ file, message: attachmentErrorMessage(error, file.name, t, locale) });
        }
      }
      return failed;
    },
    onSuccess: (failed) => {
      setFailures(failed);
      if (failed.length > 0) return;
      notifications.show({ color: 'teal', message: t('entry.saved', { channel: t(`channel.${form.channel}`) }), 'data-testid': 'entry-saved-notification' });
      onClose();
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['interactions'] });
      void queryClient.invalidateQueries({ queryKey: ['pressure'] });
    },
  });

  const capRefused = save.error instanceof ApiError && (save.error.code === 'PRESSURE_CAP_EXCEEDED' || save.error.code === 'CONSENT_REFUSED');
  const askReason = form.direction === 'out' && capRefused;
  const reasonMissing = askReason && form.pressureReason.trim().length < MIN_REASON_LENGTH;
  // Saved, with files left to attach (the list says which and why): the form gives way to them.
  const isSaved = failures.length > 0;
  const hasInput = JSON.stringify(form) !== JSON.stringify(EMPTY) || files.length > 0;
  const question = useDiscardQuestion({
    opened,
    hasInput: hasInput && !isSaved && !save.isPending,
    onDiscard: onClose,
    fallbackTestId: 'entry-summary',
  });

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    // isPending only updates on the next render: a ref stops a double key press adding twice.
    if (submitting.current || reasonMissing || fileProblems.length > 0) return;
    // An unreadable date would otherwise be taken for an empty one: "now".
    if (!isSaved && incompleteDateField(formRef.current)) return;
    const dateProblem = isSaved ? null : occurredAtProblem(form.occurredAt);
    const durationInvalid = !isSaved && DURATION_CHANNELS.includes(form.channel) && minutesToSeconds(form.durationMinutes) === undefined;
    // A note is only what it says: one with no summary, text or file would be an empty line in the timeline.
    const emptyNote = !isSaved && form.channel === 'note' && !form.summary.trim() && !form.body.trim() && !form.outcome.trim() && files.length === 0;
    setDateError(dateProblem && t(dateProblem));
    setDurationError(durationInvalid ? t('entry.durationInvalid') : null);
    setEmptyNoteError(emptyNote ? t('entry.emptyNote') : null);
    if (dateProblem || durationInvalid || emptyNote) return;
    submitting.current = true;
    save.mutate(form, { onSettled: () => (submitting.current = false) });
  };
  return (
    <Drawer
      opened={opened}
      onClose={question.requestClose}
      position="right"
      size="md"
      title={t('entry.title', { name: recordName })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      data-testid="add-entry-panel"
    >
      <form ref={formRef} onSubmit={submit} onKeyDown={getHotkeyHandler([['mod+Enter', () => submit()]])} onFocus={question.trackFocus} noValidate data-testid="add-entry-form">
        <Stack>
          {draft.restored && (
            <>
              <DraftRestoredNotice onClose={draft.dismiss} />
              {filesToChooseAgain.length > 0 && (
                <Text size="sm" c="orange.8" data-testid="entry-draft-files">
                  {t('entry.draftFilesAgain', { names: filesToChooseAgain.join(', ') })}
                </Text>
              )}
            </>
          )}
          {isSaved ? (
            // The entry exists: what is left is the files, retried or left out.
            <Alert color="orange" variant="light" role="alert" data-testid="entry-files-failed">
              <Stack gap="xs">
                <Text size="sm">{t('entry.filesFailed')}</Text>
                <List size="sm">
                  {failures.map((failure, index) => (
                    <List.Item key={index}>{failure.message}</List.Item>
                  ))}
                </List>
              </Stack>
            </Alert>
          ) : (
            <>
              <Group grow align="flex-start" wrap="wrap">
                <ChannelField
                  value={form.channel}
                  onChange={(channel) => setForm((current) => ({ ...current, channel, direction: directionFor(channel, current.direction) }))}
                  autoFocus
                  testId="entry-channel"
                />
                <OccurredAtField
                  value={form.occurredAt}
                  onChange={(value) => set('occurredAt', value)}
                  description={t('entry.occurredAtHint')}
                  error={dateError}
                  testId="entry-occurred-at"
                  miw={180}
                />
              </Group>
              <DirectionField value={form.direction} onChange={(value) => set('direction', value)} testId="entry-direction" />
              {askReason && <PressureReasonField value={form.pressureReason} onChange={(value) => set('pressureReason', value)} testId="entry-pressure-reason" />}
              <EntryTextFields
                summary={form.summary}
                body={form.body}
                onSummaryChange={(value) => set('summary', value)}
                onBodyChange={(value) => set('body', value)}
                withPlaceholder
                testIdPrefix="entry"
                summaryError={emptyNoteError}
              />
              <Group grow align="flex-start" wrap="wrap">
                <OutcomeField channel={form.channel} value={form.outcome} onChange={(value) => set('outcome', value)} testId="entry-outcome" />
                {DURATION_CHANNELS.includes(form.channel) && (
                  <DurationField value={form.durationMinutes} onChange={(value) => set('durationMinutes', value)} error={durationError} testId="entry-duration" miw={120} />
                )}
              </Group>
              <ParticipantsPicker value={form.participants} onChange={(value) => set('participants', value)} excludeId={personId ?? organisationId} />
            </>
          )}
          <FileInput
            label={t('entry.files')}
            description={t('attachments.hint', { max: formatFileSize(MAX_ATTACHMENT_BYTES, locale) })}
            placeholder={t('entry.filesPlaceholder')}
            leftSection={<PaperclipIcon />}
            multiple
            clearable
            clearButtonProps={{ 'aria-label': t('entry.filesClear') }}
            value={files}
            onChange={(chosen) => setFiles(chosen)}
            error={fileProblems.length ? fileProblems.join(' ') : undefined}
            data-testid="entry-files"
          />

          {save.error && <ErrorAlert error={save.error} />}
          <Group justify="space-between" wrap="wrap">
            <Text size="xs" c="dimmed" visibleFrom="sm">
              <Kbd size="xs">Ctrl</Kbd> + <Kbd size="xs">Enter</Kbd> {t('entry.submitHint')}
            </Text>
            <Group gap="xs">
              {isSaved && (
                <Button variant="default" onClick={onClose} data-testid="entry-close">
                  {t('common.close')}
                </Button>
              )}
              <Button type="submit" loading={save.isPending} disabled={reasonMissing || fileProblems.length > 0} data-testid="entry-submit">
                {isSaved ? t('entry.retryFiles') : t('entry.submit')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
      {question.asking && <DiscardQuestion kind="entry" onDiscard={question.discard} onKeepEditing={question.keepEditing} />}
    </Drawer>
  );
}
