import { useEffect, useState, type FormEvent } from 'react';
import { Button, Modal, Stack, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { Task } from '../../lib/types.js';
import { useAuth } from '../../auth/useAuth.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FormActions } from '../../components/FormActions.js';
import { useUsers } from '../users/useUsers.js';
import { AssigneeSelect } from './AssigneeSelect.js';
import { fromDateTimeLocal, isPastDateTime } from './dueInput.js';
import { useExpiredSessionDraft, useWaitingDraft } from '../forms/formDraft.js';
import { DraftRestoredNotice } from '../forms/DraftRestoredNotice.js';
import { DiscardQuestion } from '../timeline/fields/DiscardQuestion.js';
import { useDiscardQuestion } from '../timeline/fields/useDiscardQuestion.js';
import { incompleteDateField, WrittenDateInput } from '../../components/WrittenDateInput.js';

/** What the dialog keeps when the session expires on "create". */
interface NewTaskDraft {
  title: string;
  due: string;
  assigneeId: string | null;
}
const DRAFT = 'new-task';

interface NewTaskButtonProps {
  /** The record the task is about, when created from its page. */
  personId?: string;
  organisationId?: string;
}

/** "New task": a title, an optional due date and time, and whom it is for (me by default). */
export function NewTaskButton({ personId, organisationId }: NewTaskButtonProps) {
  const { t, formatDateTime } = useI18n();
  const { user } = useAuth();
  const { nameOf } = useUsers();
  const queryClient = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const [titleError, setTitleError] = useState<string | null>(null);

  // Typed when the session expired on "create": the dialog opens again with it after signing in.
  const waiting = useWaitingDraft<NewTaskDraft>(DRAFT);
  useEffect(() => {
    if (waiting) open();
  }, [waiting, open]);
  const draft = useExpiredSessionDraft<NewTaskDraft>(opened, (values) => {
    setTitle(values.title);
    setDue(values.due);
    setAssigneeId(values.assigneeId);
  }, { name: DRAFT });

  const create = useMutation({
    mutationFn: () =>
      draft.keepOnExpiry({ title, due, assigneeId }, null, () =>
        api.create<Task>('/api/tasks', {
          title: title.trim(),
          dueAt: fromDateTimeLocal(due) ?? undefined,
          assigneeId: assigneeId ?? undefined,
          personId,
          organisationId,
        }),
      ),
    meta: { inlineErrors: true },
    onSuccess: (task) => {
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      const forOther = task.assigneeId !== user?.id;
      const date = task.dueAt ? formatDateTime(task.dueAt) : t('tasks.noDue');
      notifications.show({
        color: 'teal',
        message: forOther ? t('tasks.createdFor', { name: nameOf(task.assigneeId), date }) : t('tasks.created', { date }),
      });
      close();
    },
  });

  // Escape, a click outside or the close button ask before losing a typed title or date.
  const question = useDiscardQuestion({ opened, hasInput: (title.trim() !== '' || due !== '') && !create.isPending, onDiscard: close, fallbackTestId: 'new-task-title' });

  // A due date already past: the task would be born overdue, its reminder ringing at once.
  const duePast = isPastDateTime(due);

  const start = () => {
    setTitle('');
    setDue('');
    setAssigneeId(user?.id ?? null);
    setTitleError(null);
    create.reset();
    open();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) {
      setTitleError(t('common.required'));
      return;
    }
    setTitleError(null);
    // A date typed without its time would otherwise make a task with no due date, and no reminder.
    if (duePast || incompleteDateField(event.currentTarget as HTMLElement)) return;
    create.mutate();
  };

  return (
    <>
      <Button size="xs" variant="light" onClick={start} data-testid="new-task">
        {t('tasks.new')}
      </Button>
      <Modal opened={opened} onClose={question.requestClose} title={t('tasks.new')} closeButtonProps={{ 'aria-label': t('common.close') }}>
        <form onSubmit={submit} onFocus={question.trackFocus} noValidate data-testid="new-task-form">
          <Stack>
            {draft.restored && <DraftRestoredNotice onClose={draft.dismiss} />}
            <TextInput
              label={t('tasks.taskTitle')}
              value={title}
              onChange={(event) => setTitle(event.currentTarget.value)}
              error={titleError}
              required
              maxLength={300}
              data-autofocus
              data-testid="new-task-title"
            />
            <WrittenDateInput
              type="datetime-local"
              label={t('tasks.dueAt')}
              description={t('tasks.dueAtHint')}
              value={due}
              onChange={(event) => setDue(event.currentTarget.value)}
              error={duePast ? t('tasks.dateInPast') : undefined}
              data-testid="new-task-due"
            />
            <AssigneeSelect label={t('tasks.assignee')} value={assigneeId} onChange={setAssigneeId} testId="new-task-assignee" />
            {create.error && <ErrorAlert error={create.error} />}
            <FormActions onCancel={close} submitLabel={t('tasks.create')} pending={create.isPending} submitTestId="new-task-submit" />
          </Stack>
        </form>
      </Modal>
      {question.asking && <DiscardQuestion kind="typed" onDiscard={question.discard} onKeepEditing={question.keepEditing} />}
    </>
  );
}
