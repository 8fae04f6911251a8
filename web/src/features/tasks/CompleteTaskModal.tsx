import { useEffect, useState, type FormEvent } from 'react';
import { Modal, Stack, Textarea } from '@mantine/core';
import { getHotkeyHandler } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { Task } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FormActions } from '../../components/FormActions.js';
import { TaskContact } from './TaskContact.js';

interface CompleteTaskModalProps {
  task: Task | null;
  onClose: () => void;
}

/** Marks a task done with a completion note (the note is what colleagues see of the hand-off). */
export function CompleteTaskModal({ task, onClose }: CompleteTaskModalProps) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');

  const complete = useMutation({
    mutationFn: (current: Task) =>
      api.patch<Task>(`/api/tasks/${current.id}`, {
        status: 'done',
        completionNote: note.trim() || undefined,
        version: current.version,
      }),
    meta: { inlineErrors: true },
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('tasks.completed') });
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      complete.reset();
      onClose();
    },
  });
  // Each opening starts clean: the error of the last task (e.g. a conflict) is not the next one's.
  const { reset } = complete;
  useEffect(() => {
    setNote('');
    reset();
  }, [task?.id, reset]);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (task) complete.mutate(task);
  };

  return (
    <Modal
      opened={task !== null}
      onClose={onClose}
      title={task ? t('tasks.completeTitle', { title: task.title }) : ''}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} data-testid="complete-task-form">
        <Stack>
          {/* Completing a call-back usually means calling: the number and the pressure state, at hand. */}
          {task && <TaskContact personId={task.personId} organisationId={task.organisationId} />}
          <Textarea
            label={t('tasks.completionNote')}
            placeholder={t('tasks.completionNotePlaceholder')}
            autosize
            minRows={3}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            onKeyDown={getHotkeyHandler([['mod+Enter', () => submit()]])}
            data-autofocus
            data-testid="completion-note"
          />
          {complete.error && (
            <ErrorAlert
              error={complete.error}
              onReload={() => {
                void queryClient.invalidateQueries({ queryKey: ['tasks'] });
                onClose();
              }}
            />
          )}
          <FormActions onCancel={onClose} submitLabel={t('tasks.complete')} pending={complete.isPending} submitTestId="complete-task-submit" />
        </Stack>
      </form>
    </Modal>
  );
}
