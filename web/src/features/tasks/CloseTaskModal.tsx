import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { getHotkeyHandler } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { Task } from '../../lib/types.js';
import type { MessageKey } from '../../i18n/Dictionary.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FormActions } from '../../components/FormActions.js';
import { TaskContact } from './TaskContact.js';
import { useExpiredSessionDraft } from '../forms/formDraft.js';
import { DraftRestoredNotice } from '../forms/DraftRestoredNotice.js';

/** How a task is closed: done, or cancelled (closed without being done). */
export type ClosingStatus = 'done' | 'cancelled';

/** What the dialog keeps when the session expires on closing: the task list opens it again with it. */
export interface CloseTaskDraft {
  taskId: string;
  status: ClosingStatus;
  note: string;
}
/** The dialog's name among the page's kept drafts (see useWaitingDraft). */
export const CLOSE_TASK_DRAFT = 'close-task';

/** What differs between completing and cancelling: the words, the test ids, the note's size. */
const CLOSING: Record<
  ClosingStatus,
  { title: MessageKey; noteLabel: MessageKey; notePlaceholder: MessageKey; closed: MessageKey; noteRows: number; testId: string; noteTestId: string; notificationTestId?: string }
> = {
  done: {
    title: 'tasks.completeTitle',
    noteLabel: 'tasks.completionNote',
    notePlaceholder: 'tasks.completionNotePlaceholder',
    closed: 'tasks.completed',
    noteRows: 3,
    testId: 'complete-task',
    noteTestId: 'completion-note',
  },
  cancelled: {
    title: 'tasks.cancelTitle',
    noteLabel: 'tasks.cancelNote',
    notePlaceholder: 'tasks.cancelNotePlaceholder',
    closed: 'tasks.cancelled',
    noteRows: 2,
    testId: 'cancel-task',
    noteTestId: 'cancel-task-note',
    notificationTestId: 'task-cancelled-notification',
  },
};

interface CloseTaskModalProps {
  task: Task | null;
  /** done: marks it done (the note is what colleagues see of the hand-off); cancelled: closes it without doing it. */
  status: ClosingStatus;
  onClose: () => void;
  /** The task is closed (as the server returned it), before the list is read again. */
  onClosed?: (task: Task) => void;
}

/**
 * Closes a task with a note: done ("what was done"), or cancelled ("no longer needed", "the
 * customer called back first"). Colleagues see the note with the closed tasks of the record.
 */
export function CloseTaskModal({ task: opened, status, onClose, onClosed }: CloseTaskModalProps) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  // The task as read again after a conflict: the note stays, and is saved at its version.
  const [reloaded, setReloaded] = useState<Task | null>(null);
  const task = reloaded && reloaded.id === opened?.id ? reloaded : opened;
  // The version the note was typed against, when it comes back from before the session expired:
  // a colleague's change meanwhile is then a conflict to reload, not overwritten.
  const [draftVersion, setDraftVersion] = useState<number | null>(null);
  const closing = CLOSING[status];

  const close = useMutation({
    mutationFn: (current: Task) =>
      draft.keepOnExpiry({ taskId: current.id, status, note }, draftVersion ?? current.version, () =>
        api.patch<Task>(`/api/tasks/${current.id}`, {
          status,
          completionNote: note.trim() || undefined,
          version: draftVersion ?? current.version,
        }),
      ),
    meta: { inlineErrors: true },
    onSuccess: (closed) => {
      notifications.show({ color: 'teal', message: t(closing.closed), ...(closing.notificationTestId && { 'data-testid': closing.notificationTestId }) });
      onClosed?.(closed);
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      close.reset();
      onClose();
    },
  });
  // Each opening starts clean: the error of the last task (e.g. a conflict) is not the next one's.
  const { reset } = close;
  useEffect(() => {
    setNote('');
    setDraftVersion(null);
    setReloaded(null);
    reset();
  }, [opened?.id, status, reset]);
  // After the reset above: a note typed when the session expired comes back in its own task's dialog.
  const draft = useExpiredSessionDraft<CloseTaskDraft>(
    task !== null,
    (values, version) => {
      setNote(values.note);
      setDraftVersion(version);
    },
    { name: CLOSE_TASK_DRAFT, accepts: (values) => values.taskId === task?.id && values.status === status },
  );

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (task && task.status === 'open' && !close.isPending) close.mutate(task);
  };
  // A colleague changed the task meanwhile (its date, its assignee…): read it again and keep the
  // note typed, to close it as it now is; closed meanwhile, the note stays on screen to copy.
  const reload = async () => {
    if (!task) return;
    void queryClient.invalidateQueries({ queryKey: ['tasks'] });
    try {
      setReloaded(await api.get<Task>(`/api/tasks/${task.id}`));
      setDraftVersion(null);
      reset();
    } catch {
      // Out of reach now (deleted with its record, given away): the list, read again, shows what there is.
      onClose();
    }
  };
  const closedMeanwhile = reloaded !== null && task?.status !== 'open';

  return (
    <Modal
      opened={opened !== null}
      onClose={onClose}
      title={task ? t(closing.title, { title: task.title }) : ''}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} data-testid={`${closing.testId}-form`}>
        <Stack>
          {draft.restored && <DraftRestoredNotice onClose={draft.dismiss} />}
          {/* Completing a call-back usually means calling: the number and the pressure state, at hand. */}
          {status === 'done' && task && <TaskContact personId={task.personId} organisationId={task.organisationId} />}
          {status === 'cancelled' && <Text size="sm">{t('tasks.cancelIntro')}</Text>}
          <Textarea
            label={t(closing.noteLabel)}
            placeholder={t(closing.notePlaceholder)}
            autosize
            minRows={closing.noteRows}
            // The server's limit: beyond it the note would be refused after typing it all.
            maxLength={10_000}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            onKeyDown={getHotkeyHandler([['mod+Enter', () => submit()]])}
            data-autofocus
            data-testid={closing.noteTestId}
          />
          {close.error && <ErrorAlert error={close.error} onReload={reload} />}
          {reloaded && !close.error && (
            <Alert color={closedMeanwhile ? 'yellow' : 'blue'} variant="light" data-testid="task-reloaded">
              {t(closedMeanwhile ? 'tasks.closedMeanwhile' : 'tasks.reloadedKeepNote')}
            </Alert>
          )}
          {status === 'done' ? (
            <FormActions onCancel={onClose} submitLabel={t('tasks.complete')} pending={close.isPending} disabled={closedMeanwhile} submitTestId="complete-task-submit" />
          ) : (
            // "Cancel" would be ambiguous beside "Cancel the task": the way out says what it keeps.
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose} data-testid="cancel-task-keep">
                {t('tasks.keepTask')}
              </Button>
              <Button type="submit" color="red" loading={close.isPending} disabled={closedMeanwhile} data-testid="cancel-task-submit">
                {t('tasks.cancelConfirm')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Modal>
  );
}
