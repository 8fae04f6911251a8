import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Badge, Button, Drawer, Group, Kbd, SegmentedControl, Stack, Text } from '@mantine/core';
import { getHotkeyHandler } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { Interaction, Task } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { CallNoteFields, type CallNoteValues } from './CallNoteFields.js';
import { FOLLOW_UP_CHOICES, followUpDate } from './followUpDate.js';
import { isPastDateTime } from '../tasks/dueInput.js';
import type { LogCallPreset } from './useLogCallPanel.js';
import { ApiError } from '../../lib/ApiError.js';
import { PressureNotice } from '../telephony/PressureNotice.js';
import { MIN_REASON_LENGTH } from '../telephony/PressureDialModal.js';
import { crossedCaps, usePressure } from '../telephony/usePressure.js';
import { PressureReasonField } from '../timeline/fields/PressureReasonField.js';
import { DiscardQuestion } from '../timeline/fields/DiscardQuestion.js';
import { useDiscardQuestion } from '../timeline/fields/useDiscardQuestion.js';
import { refusedOn, useConsents } from '../consent/useConsents.js';
import { WrittenDateInput } from '../../components/WrittenDateInput.js';

interface LogCallPanelProps {
  opened: boolean;
  onClose: () => void;
  /** The record the call is about: a person, an organisation, or a person within one. */
  personId?: string;
  organisationId?: string;
  recordName: string;
  /** Direction and pressure-override reason to start with (click-to-call over a cap). */
  preset?: LogCallPreset | null;
}

interface CallForm extends CallNoteValues {
  direction: 'in' | 'out';
  /** The date of a precise follow-up ('custom'). */
  customDate: string;
  pressureReason: string;
}

function emptyForm(preset?: LogCallPreset | null): CallForm {
  return {
    direction: preset?.direction ?? 'in',
    outcome: '',
    summary: '',
    note: '',
    followUp: 'none',
    customDate: '',
    followUpTitle: '',
    pressureReason: preset?.pressureReason ?? '',
  };
}

/** Something was typed or chosen: closing would lose it. */
function hasInput(form: CallForm, preset?: LogCallPreset | null): boolean {
  return JSON.stringify(form) !== JSON.stringify(emptyForm(preset));
}

// What was typed but not saved, per record, in memory only (nothing personal in browser storage):
// leaving the page mid-call (e.g. through the search) keeps it for when the panel opens again.
const drafts = new Map<string, CallForm>();

/**
 * Quick capture during a call: one keyboard-driven form that logs the call and, in the same
 * submit (Ctrl+Enter), creates the follow-up task with its reminder.
 */
export function LogCallPanel({ opened, onClose, personId, organisationId, recordName, preset }: LogCallPanelProps) {
  const { t, formatDateTime } = useI18n();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<CallForm>(emptyForm);
  const [restored, setRestored] = useState(false);
  const draftKey = `${personId ?? ''}:${organisationId ?? ''}`;
  // If the call was saved but the task failed, a retry must not log the call a second time.
  const savedCall = useRef<Interaction | null>(null);
  const submitting = useRef(false);
  // Ctrl+Enter with a precise follow-up and no date yet: said at the date, which takes the keyboard.
  const [dateAsked, setDateAsked] = useState(false);
  const customDateInput = useRef<HTMLInputElement>(null);

  // The form is set while the panel opens, in the same render (not in an effect after it): the
  // panel never shows the last call's form, or "incoming" before a click-to-call's "outgoing".
  // The preset is read when the panel opens.
  const [openedBefore, setOpenedBefore] = useState(false);
  if (opened !== openedBefore) {
    setOpenedBefore(opened);
    if (opened) {
      const draft = drafts.get(draftKey);
      // A click-to-call preset still sets the direction and the reason given for it.
      setForm(draft ? { ...draft, ...(preset && { direction: preset.direction, pressureReason: preset.pressureReason ?? draft.pressureReason }) } : emptyForm(preset));
      setRestored(Boolean(draft));
    }
  }
  useEffect(() => {
    if (opened) savedCall.current = null;
  }, [opened]);

  // Outgoing calls count against contact-pressure caps: warn, and ask a reason to go over one.
  const personPressure = usePressure(opened ? personId : null);
  const organisationPressure = usePressure(opened ? organisationId : null);
  const crossed = [...crossedCaps(personPressure.data), ...crossedCaps(organisationPressure.data)];
  // A refusal of marketing calls asks a reason the same way (the server records it with the call).
  const personConsents = useConsents(opened && personId ? { type: 'person', id: personId } : null);
  const organisationConsents = useConsents(opened && organisationId ? { type: 'organisation', id: organisationId } : null);
  const consentRefused = refusedOn(personConsents.data, 'phone') ?? refusedOn(organisationConsents.data, 'phone');

  const set = <K extends keyof CallForm>(key: K, value: CallForm[K]) => {
    const next = { ...form, [key]: value };
    setForm(next);
    if (hasInput(next, preset)) drafts.set(draftKey, next);
    else drafts.delete(draftKey);
  };
  const defaultTitle = t('call.followUpDefaultTitle', { name: recordName });
  const save = useMutation({
    meta: { inlineErrors: true },
    mutationFn: async (values: CallForm) => {
      const due = followUpDate(values.followUp, new Date(), values.customDate);
      const call =
        savedCall.current ??
        (await api.create<Interaction>('/api/interactions', {
          channel: 'call',
          direction: values.direction,
          occurredAt: new Date().toISOString(),
          personId,
          organisationId,
          summary: values.summary.trim() || undefined,
          body: values.note.trim() || undefined,
          outcome: values.outcome || undefined,
          pressureOverrideReason: values.direction === 'out' && values.pressureReason.trim() ? values.pressureReason.trim() : undefined,
        }));
      savedCall.current = call;
      let task: Task | null = null;
      if (due) {
        task = await api.create<Task>('/api/tasks', {
          title: values.followUpTitle.trim() || defaultTitle,
          dueAt: due.toISOString(),
          reminderAt: due.toISOString(),
          personId,
          organisationId,
          interactionId: call.id,
        });
      }
      return { call, task };
    },
    onSuccess: ({ task }) => {
      drafts.delete(draftKey);
      notifications.show({
        color: 'teal',
        message: task?.dueAt ? t('call.savedWithTask', { date: formatDateTime(task.dueAt) }) : t('call.saved'),
        'data-testid': 'call-saved-notification',
      });
      onClose();
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['interactions'] });
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      void queryClient.invalidateQueries({ queryKey: ['pressure'] });
    },
  });

  const question = useDiscardQuestion({
    opened,
    hasInput: hasInput(form, preset) && !save.isPending,
    onDiscard: () => {
      drafts.delete(draftKey);
      onClose();
    },
    fallbackTestId: 'call-summary',
  });

  // A refused field named as the form names it (the call's, then the follow-up task's), not by its API name.
  const fieldLabels: Record<string, string> = {
    summary: t('call.summary'),
    body: t('call.note'),
    outcome: t('call.outcome'),
    title: t('call.followUpTitle'),
    pressureOverrideReason: t('pressure.reason'),
  };
  const fieldLabel = (path: string) => (Object.hasOwn(fieldLabels, path) ? fieldLabels[path] : undefined);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    // isPending only updates on the next render: a ref stops a double key press logging twice.
    if (customMissing && !form.customDate) {
      setDateAsked(true);
      customDateInput.current?.focus();
    }
    if (submitting.current || customMissing || reasonMissing) return;
    submitting.current = true;
    save.mutate(form, { onSettled: () => (submitting.current = false) });
  };
  // A precise follow-up date must be one to come: a past one would ring its reminder at once.
  const customPast = form.followUp === 'custom' && isPastDateTime(form.customDate);
  const customMissing = form.followUp === 'custom' && (!followUpDate('custom', new Date(), form.customDate) || customPast);
  const capRefused = save.error instanceof ApiError && (save.error.code === 'PRESSURE_CAP_EXCEEDED' || save.error.code === 'CONSENT_REFUSED');
  const askReason = form.direction === 'out' && (crossed.length > 0 || consentRefused || capRefused);
  const reasonMissing = askReason && form.pressureReason.trim().length < MIN_REASON_LENGTH;

  return (
    <Drawer
      opened={opened}
      onClose={question.requestClose}
      position="right"
      size="md"
      title={t('call.title', { name: recordName })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      data-testid="log-call-panel"
    >
      <form
        onSubmit={submit}
        // `mod` is Ctrl on Windows/Linux and Cmd on a Mac.
        onKeyDown={getHotkeyHandler([['mod+Enter', () => submit()]])}
        onFocus={question.trackFocus}
        data-testid="log-call-form"
      >
        <Stack>
          {restored && (
            <Text size="sm" c="dimmed" data-testid="call-draft-restored">
              {t('call.draftRestored')}
            </Text>
          )}
          <SegmentedControl
            aria-label={t('call.direction')}
            value={form.direction}
            onChange={(value) => set('direction', value as CallForm['direction'])}
            data={[
              { value: 'in', label: t('direction.in') },
              { value: 'out', label: t('direction.out') },
            ]}
            data-testid="call-direction"
          />
          {askReason && (
            <Stack gap="xs" data-testid="log-call-pressure">
              {consentRefused && (
                <Badge color="red" variant="filled" w="fit-content" data-testid="log-call-consent">
                  {t(`consent.refused.phone.${consentRefused}`)}
                </Badge>
              )}
              <PressureNotice caps={crossed} />
              <PressureReasonField value={form.pressureReason} onChange={(value) => set('pressureReason', value)} testId="pressure-reason" />
            </Stack>
          )}
          <CallNoteFields
            values={form}
            onChange={set}
            testIdPrefix="call"
            choices={FOLLOW_UP_CHOICES}
            autoFocus="summary"
            summaryPlaceholder={t('call.summaryPlaceholder')}
            defaultTitle={defaultTitle}
            followUpDetail={
              form.followUp === 'custom' && (
                <WrittenDateInput
                  type="datetime-local"
                  label={t('call.followUpDate')}
                  value={form.customDate}
                  onChange={(event) => set('customDate', event.currentTarget.value)}
                  error={customPast ? t('tasks.dateInPast') : dateAsked && !form.customDate ? t('call.followUpDateMissing') : undefined}
                  required
                  ref={customDateInput}
                  data-testid="follow-up-custom-date"
                />
              )
            }
          />

          {save.error && (
            <>
              {savedCall.current && <Text size="sm">{t('call.taskFailed')}</Text>}
              <ErrorAlert error={save.error} fieldLabel={fieldLabel} />
            </>
          )}
          <Group justify="space-between">
            <Text size="xs" c="dimmed" visibleFrom="sm">
              <Kbd size="xs">Ctrl</Kbd> + <Kbd size="xs">Enter</Kbd> {t('call.submitHint')}
            </Text>
            <Button type="submit" loading={save.isPending} disabled={customMissing || reasonMissing} data-testid="call-submit">
              {t('call.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
      {question.asking && <DiscardQuestion kind="call" onDiscard={question.discard} onKeepEditing={question.keepEditing} />}
    </Drawer>
  );
}
