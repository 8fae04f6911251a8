import { useEffect, useState, type FormEvent } from 'react';
import { Group, Modal, Stack, Text } from '@mantine/core';
import { getHotkeyHandler } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { Channel, Direction, Interaction } from '../../lib/types.js';
import type { MessageKey } from '../../i18n/Dictionary.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FormActions } from '../../components/FormActions.js';
import { fromDateTimeLocal, toDateTimeLocal } from '../tasks/dueInput.js';
import { DURATION_CHANNELS, minutesToSeconds, occurredAtProblem, OutcomeField, secondsToMinutes } from './entryFields.js';
import { ChannelField } from './fields/ChannelField.js';
import { DirectionField } from './fields/DirectionField.js';
import { OccurredAtField } from './fields/OccurredAtField.js';
import { DurationField } from './fields/DurationField.js';
import { EntryTextFields } from './fields/EntryTextFields.js';
import { mergeEdits } from '../forms/mergeEdits.js';
import { MergedEditsNotice } from '../forms/MergedEditsNotice.js';

interface EditInteractionModalProps {
  interaction: Interaction | null;
  onClose: () => void;
}

interface EditForm {
  channel: Channel;
  direction: Direction;
  occurredAt: string;
  summary: string;
  body: string;
  outcome: string;
  durationMinutes: string;
}

/** The label of each field, for the fields both a colleague and the user changed. */
const FIELD_LABELS: Record<keyof EditForm, MessageKey> = {
  channel: 'entry.channel',
  direction: 'entry.direction',
  occurredAt: 'entry.occurredAt',
  summary: 'entry.summary',
  body: 'entry.body',
  outcome: 'entry.outcome',
  durationMinutes: 'entry.duration',
};

function formOf(interaction: Interaction | null): EditForm {
  return {
    channel: interaction?.channel ?? 'note',
    direction: interaction?.direction ?? 'internal',
    occurredAt: toDateTimeLocal(interaction?.occurredAt ?? null),
    summary: interaction?.summary ?? '',
    body: interaction?.body ?? '',
    outcome: interaction?.outcome ?? '',
    durationMinutes: secondsToMinutes(interaction?.durationSeconds ?? null),
  };
}

/**
 * Corrects a timeline entry: its summary, text, outcome and duration, and its date, channel and
 * direction (not for a call the phone system recorded: its log says when and which way). Sent at
 * the version read: a colleague's change meanwhile is a conflict to reload, not a silent overwrite.
 */
export function EditInteractionModal({ interaction: opened, onClose }: EditInteractionModalProps) {
  const { t, formatDateTime } = useI18n();
  const queryClient = useQueryClient();
  // The entry as read again after a conflict: the form is then merged with it and saved at its version.
  const [reloaded, setReloaded] = useState<Interaction | null>(null);
  const interaction = reloaded && reloaded.id === opened?.id ? reloaded : opened;
  // After "reload" on a conflict: the fields both changed (the colleague's values are the entry reloaded).
  const [bothChanged, setBothChanged] = useState<string[] | null>(null);
  const [form, setForm] = useState<EditForm>(() => formOf(interaction));
  const [durationError, setDurationError] = useState<string | null>(null);
  const [dateError, setDateError] = useState<string | null>(null);
  const initial = formOf(interaction);
  // The phone system's call is linked to its entry in the call log.
  const fromPhoneSystem = interaction?.links.some((link) => link.type === 'call') ?? false;
  // Its time, channel and direction: the user's to correct, unless the phone system recorded them.
  const whenAndHowEditable = !fromPhoneSystem;

  const edit = useMutation({
    meta: { inlineErrors: true },
    mutationFn: (current: Interaction) => {
      const occurredAt = fromDateTimeLocal(form.occurredAt);
      return api.patch<Interaction>(`/api/interactions/${current.id}`, {
        summary: form.summary.trim() || null,
        body: form.body.trim() ? form.body : null,
        outcome: form.outcome.trim() || null,
        // Untouched, a duration stays to the second (the field shows whole minutes).
        ...(whenAndHowEditable && form.durationMinutes !== initial.durationMinutes && { durationSeconds: minutesToSeconds(form.durationMinutes) }),
        ...(whenAndHowEditable && occurredAt && form.occurredAt !== initial.occurredAt && { occurredAt }),
        ...(whenAndHowEditable && form.channel !== initial.channel && { channel: form.channel }),
        ...(whenAndHowEditable && form.direction !== initial.direction && { direction: form.direction }),
        version: current.version,
      });
    },
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('entry.edited'), 'data-testid': 'entry-edited-notification' });
      void queryClient.invalidateQueries({ queryKey: ['interactions'] });
      onClose();
    },
  });
  const { reset } = edit;
  useEffect(() => {
    setForm(formOf(opened));
    setReloaded(null);
    setBothChanged(null);
    setDurationError(null);
    setDateError(null);
    reset();
    // A new entry to edit (or the same one reopened) starts from what it holds now.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened?.id, opened?.version, reset]);

  // On a conflict: the entry as the colleague left it, merged with what was typed (nothing typed is lost).
  const reload = async () => {
    if (!interaction) return;
    void queryClient.invalidateQueries({ queryKey: ['interactions'] });
    let fresh: Interaction;
    try {
      fresh = await api.get<Interaction>(`/api/interactions/${interaction.id}`);
    } catch {
      // Deleted meanwhile, or out of reach: the timeline, read again, shows what there is.
      onClose();
      return;
    }
    const result = mergeEdits(initial, form, formOf(fresh));
    setReloaded(fresh);
    setForm(result.values);
    setBothChanged(result.bothChanged);
    reset();
  };

  const set = <K extends keyof EditForm>(key: K, value: EditForm[K]) => setForm((current) => ({ ...current, [key]: value }));
  const withDuration = interaction !== null && (DURATION_CHANNELS.includes(form.channel) || interaction.durationSeconds !== null);
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!interaction || edit.isPending) return;
    const durationInvalid = withDuration && whenAndHowEditable && minutesToSeconds(form.durationMinutes) === undefined;
    const dateProblem = whenAndHowEditable && form.occurredAt !== initial.occurredAt ? occurredAtProblem(form.occurredAt) : null;
    const dateMissing = whenAndHowEditable && !fromDateTimeLocal(form.occurredAt);
    setDurationError(durationInvalid ? t('entry.durationInvalid') : null);
    setDateError(dateProblem ? t(dateProblem) : dateMissing ? t('common.required') : null);
    if (durationInvalid || dateProblem || dateMissing) return;
    edit.mutate(interaction);
  };

  return (
    <Modal
      opened={opened !== null}
      onClose={onClose}
      title={interaction ? t('entry.editTitle', { channel: t(`channel.${interaction.channel}`), date: formatDateTime(interaction.occurredAt) }) : ''}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} onKeyDown={getHotkeyHandler([['mod+Enter', () => submit()]])} noValidate data-testid="edit-entry-form">
        <Stack>
          {fromPhoneSystem && (
            <Text size="sm" c="dimmed" data-testid="edit-entry-phone-system">
              {t('entry.phoneSystemFixed')}
            </Text>
          )}
          {whenAndHowEditable && (
            <Group grow align="flex-start" wrap="wrap">
              <ChannelField value={form.channel} onChange={(channel) => set('channel', channel)} testId="edit-entry-channel" />
              <DirectionField value={form.direction} onChange={(direction) => set('direction', direction)} testId="edit-entry-direction" miw={220} />
            </Group>
          )}
          {whenAndHowEditable && (
            <OccurredAtField value={form.occurredAt} onChange={(value) => set('occurredAt', value)} error={dateError} required testId="edit-entry-occurred-at" />
          )}
          <EntryTextFields
            summary={form.summary}
            body={form.body}
            onSummaryChange={(value) => set('summary', value)}
            onBodyChange={(value) => set('body', value)}
            autoFocus
            testIdPrefix="edit-entry"
          />
          {interaction && (
            <OutcomeField channel={form.channel} value={form.outcome} onChange={(value) => set('outcome', value)} testId="edit-entry-outcome" />
          )}
          {withDuration && whenAndHowEditable && <DurationField value={form.durationMinutes} onChange={(value) => set('durationMinutes', value)} error={durationError} testId="edit-entry-duration" />}
          {edit.error && (
            <ErrorAlert error={edit.error} onReload={reload} />
          )}
          {bothChanged && (
            <MergedEditsNotice
              bothChanged={bothChanged}
              // The colleague's values as a person reads them: a channel and a direction by their names, a date written out.
              theirs={{
                ...initial,
                channel: t(`channel.${initial.channel}`),
                direction: t(`direction.${initial.direction}`),
                occurredAt: formatDateTime(fromDateTimeLocal(initial.occurredAt)),
              }}
              label={(path) => t(FIELD_LABELS[path as keyof EditForm])}
              onClose={() => setBothChanged(null)}
            />
          )}
          <FormActions onCancel={onClose} submitLabel={t('entry.editSave')} pending={edit.isPending} submitTestId="edit-entry-submit" />
        </Stack>
      </form>
    </Modal>
  );
}
