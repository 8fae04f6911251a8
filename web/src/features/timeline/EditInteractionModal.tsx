import { useEffect, useState, type FormEvent } from 'react';
import { Group, Input, Modal, NativeSelect, SegmentedControl, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { getHotkeyHandler } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import { CHANNELS, type Channel, type Direction, type Interaction } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FormActions } from '../../components/FormActions.js';
import { fromDateTimeLocal, toDateTimeLocal } from '../tasks/dueInput.js';
import { DURATION_CHANNELS, minutesToSeconds, occurredAtProblem, OutcomeField, secondsToMinutes } from './entryFields.js';

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
export function EditInteractionModal({ interaction, onClose }: EditInteractionModalProps) {
  const { t, formatDateTime } = useI18n();
  const queryClient = useQueryClient();
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
        ...(form.durationMinutes !== initial.durationMinutes && { durationSeconds: minutesToSeconds(form.durationMinutes) }),
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
    setForm(formOf(interaction));
    setDurationError(null);
    setDateError(null);
    reset();
    // A new entry to edit (or the same one reopened) starts from what it holds now.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [interaction?.id, interaction?.version, reset]);

  const set = <K extends keyof EditForm>(key: K, value: EditForm[K]) => setForm((current) => ({ ...current, [key]: value }));
  const withDuration = interaction !== null && (DURATION_CHANNELS.includes(form.channel) || interaction.durationSeconds !== null);
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!interaction || edit.isPending) return;
    const durationInvalid = withDuration && minutesToSeconds(form.durationMinutes) === undefined;
    const dateProblem = whenAndHowEditable && form.occurredAt !== initial.occurredAt ? occurredAtProblem(form.occurredAt) : null;
    const dateMissing = whenAndHowEditable && !fromDateTimeLocal(form.occurredAt);
    setDurationError(durationInvalid ? t('entry.durationInvalid') : null);
    setDateError(dateProblem ? t(dateProblem) : dateMissing ? t('common.required') : null);
    if (durationInvalid || dateProblem || dateMissing) return;
    edit.mutate(interaction);
  };

  return (
    <Modal
      opened={interaction !== null}
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
              <NativeSelect
                label={t('entry.channel')}
                value={form.channel}
                onChange={(event) => set('channel', event.currentTarget.value as Channel)}
                data={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
                data-testid="edit-entry-channel"
                miw={140}
              />
              <Input.Wrapper label={t('entry.direction')} labelElement="div" labelProps={{ id: 'edit-entry-direction-label' }} miw={220}>
                <SegmentedControl
                  aria-labelledby="edit-entry-direction-label"
                  fullWidth
                  value={form.direction}
                  onChange={(value) => set('direction', value as Direction)}
                  data={(['in', 'out', 'internal'] as const).map((d) => ({ value: d, label: t(`direction.${d}`) }))}
                  data-testid="edit-entry-direction"
                />
              </Input.Wrapper>
            </Group>
          )}
          {whenAndHowEditable && (
            <TextInput
              type="datetime-local"
              label={t('entry.occurredAt')}
              value={form.occurredAt}
              onChange={(event) => set('occurredAt', event.currentTarget.value)}
              max={toDateTimeLocal(new Date())}
              error={dateError}
              required
              data-testid="edit-entry-occurred-at"
            />
          )}
          <TextInput
            label={t('entry.summary')}
            value={form.summary}
            onChange={(event) => set('summary', event.currentTarget.value)}
            maxLength={500}
            data-autofocus
            data-testid="edit-entry-summary"
          />
          <Textarea
            label={t('entry.body')}
            autosize
            minRows={3}
            maxRows={14}
            value={form.body}
            onChange={(event) => set('body', event.currentTarget.value)}
            data-testid="edit-entry-body"
          />
          {interaction && (
            <OutcomeField channel={form.channel} value={form.outcome} onChange={(value) => set('outcome', value)} testId="edit-entry-outcome" />
          )}
          {withDuration && (
            <TextInput
              label={t('entry.duration')}
              inputMode="numeric"
              value={form.durationMinutes}
              onChange={(event) => set('durationMinutes', event.currentTarget.value)}
              error={durationError}
              data-testid="edit-entry-duration"
            />
          )}
          {edit.error && (
            <ErrorAlert
              error={edit.error}
              onReload={() => {
                void queryClient.invalidateQueries({ queryKey: ['interactions'] });
                onClose();
              }}
            />
          )}
          <FormActions onCancel={onClose} submitLabel={t('entry.editSave')} pending={edit.isPending} submitTestId="edit-entry-submit" />
        </Stack>
      </form>
    </Modal>
  );
}
