import { lazy, Suspense, useEffect, useRef, useState, type FormEvent } from 'react';
import { Alert, Button, Drawer, Group, Kbd, Stack, Text } from '@mantine/core';
import { getHotkeyHandler } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { Interaction, Task } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { CallNoteFields, type CallNoteValues } from '../calls/CallNoteFields.js';
import { outcomeLabel } from '../calls/callOutcomes.js';
import { FOLLOW_UP_CHOICES, followUpDate } from '../calls/followUpDate.js';
import { callStore, type WrapUp } from './callStore.js';
import { formatDuration } from '../../i18n/formatDuration.js';
import { formatPhone } from '../../../../common/phone-display.js';
import { useRecordName } from '../tasks/RecordLink.js';
import type { Call } from './types.js';

// Loaded when first used: the hand-off forms are not needed for every call.
const PassItOnModal = lazy(() => import('../handoffs/PassItOnForm.js').then((m) => ({ default: m.PassItOnModal })));

/** The after-call form offers the relative follow-ups only: one keystroke each, no date to type. */
const CHOICES = FOLLOW_UP_CHOICES.filter((c) => c !== 'custom');

/** Its summary is shown on the timeline instead of the caller's number. */
type AfterCallValues = CallNoteValues;
const empty = (): AfterCallValues => ({ outcome: '', summary: '', note: '', followUp: 'none', followUpTitle: '' });

/**
 * After a call the user answered has ended: outcome, note and follow-up in one step (Ctrl+Enter).
 * Saves the outcome and note on the call's timeline interaction and its follow-up task in one step.
 */
export function AfterCallForm({ wrapUp }: { wrapUp: WrapUp | undefined }) {
  const { t, formatDateTime } = useI18n();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<AfterCallValues>(empty);
  const [passing, setPassing] = useState(false);
  // What was saved on the call meanwhile, shown after a conflict beside what the user typed.
  const [savedMeanwhile, setSavedMeanwhile] = useState<Interaction | null>(null);
  const submitting = useRef(false);
  const callId = wrapUp?.callId;

  useEffect(() => {
    setValues(empty());
    setPassing(false);
    setSavedMeanwhile(null);
  }, [callId]);
  // A call that ends while the agent is typing elsewhere (the new caller's file the pop opened):
  // the form opens beside it without taking the keyboard or covering the page. Decided when the
  // call's form first renders, before the drawer would move the focus.
  const beside = useRef<{ callId?: string; typing: boolean }>({ typing: false });
  if (beside.current.callId !== callId) beside.current = { callId, typing: callId !== undefined && isTyping(document.activeElement) };
  const besideTyping = beside.current.typing;

  // The call itself names the caller when the card did not (e.g. the call was not popped here).
  const call = useQuery({
    queryKey: ['calls', 'one', callId],
    queryFn: () => api.get<Call>(`/api/calls/${callId}`),
    enabled: Boolean(callId),
  });
  const personId = wrapUp?.personId ?? call.data?.personId ?? null;
  const organisationId = wrapUp?.organisationId ?? (personId ? null : (call.data?.organisationId ?? null));
  const number = formatPhone(wrapUp?.number ?? call.data?.from, call.data?.fromE164);
  // Reopened after a reload, the form knows the caller by their record only.
  const recordName = useRecordName(wrapUp?.name ? null : personId, wrapUp?.name ? null : organisationId);
  const who = wrapUp?.name ?? recordName ?? number;
  const defaultTitle = t('call.followUpDefaultTitle', { name: who });

  const set = <K extends keyof AfterCallValues>(key: K, value: AfterCallValues[K]) => setValues((v) => ({ ...v, [key]: value }));

  // The version of the call's interaction when the form opened, kept while it stays open: a
  // wrap-up saved meanwhile elsewhere (another tab) is then a conflict, not overwritten.
  const interactionId = wrapUp?.interactionId;
  const interaction = useQuery({
    queryKey: ['interactions', 'one', interactionId],
    queryFn: () => api.get<Interaction>(`/api/interactions/${interactionId}`),
    enabled: Boolean(interactionId),
  });
  const openedOn = useRef<{ interactionId?: string; version?: number }>({});
  if (openedOn.current.interactionId !== interactionId) openedOn.current = { interactionId };
  if (openedOn.current.version === undefined && interaction.data && interaction.data.id === interactionId) openedOn.current.version = interaction.data.version;
  const version = openedOn.current.version;
  // Logged already (elsewhere, or by a colleague) when the form opened: what was saved shows
  // above the form, as after a conflict, rather than a blank form that would overwrite it.
  const shownSaved = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!callId || shownSaved.current === callId || !call.data?.wrappedUpAt || call.data.id !== callId) return;
    if (!interaction.data || interaction.data.id !== interactionId) return;
    shownSaved.current = callId;
    setSavedMeanwhile(interaction.data);
  }, [callId, call.data, interaction.data, interactionId]);

  const save = useMutation({
    meta: { inlineErrors: true },
    mutationFn: async ({ wrap, form }: { wrap: WrapUp; form: AfterCallValues }) => {
      const due = followUpDate(form.followUp, new Date());
      // Outcome, note and follow-up in one transaction: all saved, or nothing.
      const { task } = await api.post<{ interaction: Interaction; task: Task | null }>(`/api/calls/${wrap.callId}/wrap-up`, {
        version,
        outcome: form.outcome || undefined,
        summary: form.summary.trim() || undefined,
        body: form.note.trim() || undefined,
        // A caller unknown when the phone rang, created from the pop meanwhile: the call joins their file.
        ...(!call.data?.personId && !call.data?.organisationId && wrapUp?.personId && { personId: wrapUp.personId }),
        followUp: due
          ? { title: form.followUpTitle.trim() || defaultTitle, dueAt: due.toISOString(), personId: personId ?? undefined, organisationId: organisationId ?? undefined }
          : undefined,
      });
      return { wrap, task };
    },
    onSuccess: ({ wrap, task }) => {
      notifications.show({
        color: 'teal',
        message: task?.dueAt ? t('afterCall.savedWithTask', { date: formatDateTime(task.dueAt) }) : t('afterCall.saved'),
        'data-testid': 'after-call-saved',
      });
      callStore.finishWrapUp(wrap.callId);
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['interactions'] });
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      void queryClient.invalidateQueries({ queryKey: ['calls'] });
    },
  });
  /**
   * After a conflict: the form goes on from what is saved now, shown above what the user typed,
   * which stays (the user decides to save again or not).
   */
  const reload = async () => {
    const fresh = await interaction.refetch();
    openedOn.current.version = fresh.data?.version;
    setSavedMeanwhile(fresh.data && (fresh.data.outcome || fresh.data.summary || fresh.data.body) ? fresh.data : null);
    save.reset();
  };

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!wrapUp || submitting.current || version === undefined) return;
    submitting.current = true;
    save.mutate({ wrap: wrapUp, form: values }, { onSettled: () => (submitting.current = false) });
  };
  // Closed without saving ("Later", Esc, the cross): the call stays to log, a click away.
  const close = () => {
    if (wrapUp) callStore.putOff(wrapUp.callId);
    save.reset();
  };

  // The hand-off modal is a sibling of the drawer, not inside it: React events bubble through
  // portals, and an Escape in the modal must not close the drawer too. Mantine's Escape listens on
  // the window, for every open dialog: the drawer ignores it while the hand-off is open.
  return (
    <>
      <Drawer
        opened={Boolean(wrapUp)}
        onClose={close}
        position="right"
        size="md"
        title={t('afterCall.title', { name: who })}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        closeOnEscape={!passing}
        trapFocus={!besideTyping}
        withOverlay={!besideTyping}
        lockScroll={!besideTyping}
        closeOnClickOutside={!besideTyping}
        returnFocus={!besideTyping}
        data-testid="after-call-panel"
        data-beside={besideTyping || undefined}
      >
        {wrapUp && (
          <form onSubmit={submit} onKeyDown={getHotkeyHandler([['mod+Enter', () => submit()]])} data-testid="after-call-form">
            <Stack>
              <Text size="sm" c="dimmed" data-testid="after-call-duration">
                {[number !== who ? number : null, wrapUp.durationSeconds !== null ? t('afterCall.duration', { duration: formatDuration(wrapUp.durationSeconds, t) }) : null]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
              {savedMeanwhile && (
                <Alert color="yellow" variant="light" title={t('afterCall.savedMeanwhile')} data-testid="after-call-saved-meanwhile">
                  <Stack gap={4}>
                    {savedMeanwhile.outcome && <Text size="sm" data-testid="after-call-saved-outcome">{outcomeLabel(savedMeanwhile.outcome, t)}</Text>}
                    {savedMeanwhile.summary && (
                      <Text size="sm" fw={500} data-testid="after-call-saved-summary">
                        {savedMeanwhile.summary}
                      </Text>
                    )}
                    {savedMeanwhile.body && (
                      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="after-call-saved-note">
                        {savedMeanwhile.body}
                      </Text>
                    )}
                    <Text size="xs" c="dimmed">
                      {t('afterCall.savedMeanwhileHint')}
                    </Text>
                  </Stack>
                </Alert>
              )}
              <CallNoteFields values={values} onChange={set} testIdPrefix="after-call" choices={CHOICES} autoFocus="outcome" defaultTitle={defaultTitle} />
              {save.error && <ErrorAlert error={save.error} onReload={reload} />}
              <Group justify="space-between">
                <Text size="xs" c="dimmed" visibleFrom="sm">
                  <Kbd size="xs">Ctrl</Kbd> + <Kbd size="xs">Enter</Kbd> {t('call.submitHint')}
                </Text>
                <Group gap="xs">
                  {(personId || organisationId) && (
                    <Button variant="light" onClick={() => setPassing(true)} data-testid="after-call-pass-it-on">
                      {t('afterCall.passItOn')}
                    </Button>
                  )}
                  <Button variant="default" onClick={close} data-testid="after-call-later">
                    {t('afterCall.later')}
                  </Button>
                  <Button type="submit" loading={save.isPending || version === undefined} data-testid="after-call-submit">
                    {t('common.save')}
                  </Button>
                </Group>
              </Group>
            </Stack>
          </form>
        )}
      </Drawer>
      {passing && wrapUp && (
        <Suspense fallback={null}>
          {/* What the switchboard cannot solve goes to a team (request) or to sales (lead); the form stays open for the outcome. */}
          <PassItOnModal
            opened
            onClose={() => setPassing(false)}
            personId={personId}
            organisationId={organisationId}
            recordName={wrapUp.name ?? undefined}
            interaction={{ id: wrapUp.interactionId, channel: 'call', summary: null }}
            defaultSubject={values.summary.trim() || values.note.trim().split('\n')[0]}
          />
        </Suspense>
      )}
    </>
  );
}

/** Is the keyboard in a field of the page (not a button, not the after-call form itself)? */
function isTyping(element: Element | null): boolean {
  if (!(element instanceof HTMLElement) || element.closest('[data-testid="after-call-panel"]')) return false;
  return element.isContentEditable || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement || (element instanceof HTMLInputElement && !['button', 'submit', 'checkbox', 'radio'].includes(element.type));
}
