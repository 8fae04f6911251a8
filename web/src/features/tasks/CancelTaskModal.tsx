import { useEffect, useState, type FormEvent } from 'react';
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { getHotkeyHandler } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { Task } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';

interface CancelTaskModalProps {
  task: Task | null;
  onClose: () => void;
}

/**
 * Closes a task without doing it ("no longer needed", "the customer called back first"), with an
 * optional note: colleagues see it with the closed tasks of the record, as they see a completion note.
 */
export function CancelTaskModal({ task, onClose }: CancelTaskModalProps) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');

  const cancel = useMutation({
    mutationFn: (current: Task) =>
      api.patch<Task>(`/api/tasks/${current.id}`, {
        status: 'cancelled',
        completionNote: note.trim() || undefined,
        version: current.version,
      }),
    meta: { inlineErrors: true },
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('tasks.cancelled'), 'data-testid': 'task-cancelled-notification' });
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      onClose();
    },
  });
  // Each opening starts clean: the error of the last task (e.g. a conflict) is not the next one's.
  const { reset } = cancel;
  useEffect(() => {
    setNote('');
    reset();
  }, [task?.id, reset]);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (task && !cancel.isPending) cancel.mutate(task);
  };

  return (
    <Modal
      opened={task !== null}
      onClose={onClose}
      title={task ? t('tasks.cancelTitle', { title: task.title }) : ''}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} data-testid="cancel-task-form">
        <Stack>
          <Text size="sm">{t('tasks.cancelIntro')}</Text>
          <Textarea
            label={t('tasks.cancelNote')}
            placeholder={t('tasks.cancelNotePlaceholder')}
            autosize
            minRows={2}
            maxLength={10_000}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            onKeyDown={getHotkeyHandler([['mod+Enter', () => submit()]])}
            data-autofocus
            data-testid="cancel-task-note"
          />
          {cancel.error && (
            <ErrorAlert
              error={cancel.error}
              onReload={() => {
                void queryClient.invalidateQueries({ queryKey: ['tasks'] });
                onClose();
              }}
            />
          )}
          {/* "Cancel" would be ambiguous beside "Cancel the task": the way out says what it keeps. */}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-testid="cancel-task-keep">
              {t('tasks.keepTask')}
            </Button>
            <Button type="submit" color="red" loading={cancel.isPending} data-testid="cancel-task-submit">
              {t('tasks.cancelConfirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
