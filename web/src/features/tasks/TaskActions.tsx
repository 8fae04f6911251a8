import { useRef, useState, type FormEvent } from 'react';
import { Button, Group, Menu, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { FormActions } from '../../components/FormActions.js';
import type { Task } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import { useUsers } from '../users/useUsers.js';
import { postponedDate, postponesFromDue } from '../calls/followUpDate.js';
import { AssigneeSelect } from './AssigneeSelect.js';
import { fromDateTimeLocal, isPastDateTime, toDateTimeLocal } from './dueInput.js';
import { useUpdateTask, type TaskChange } from './useUpdateTask.js';
import { WrittenDateInput } from '../../components/WrittenDateInput.js';

type Dialog = 'date' | 'assignee' | null;

/** A task still ahead moves on from its due date ("one day later"), an overdue one from now ("tomorrow"). */
const POSTPONE_LABELS = {
  fromNow: { tomorrow: 'followUp.tomorrow', '1w': 'followUp.1w' },
  fromDue: { tomorrow: 'tasks.dayLater', '1w': 'tasks.weekLater' },
} as const;

interface TaskActionsProps {
  task: Task;
  onCancel: () => void;
  /** The task is changed (as the server returned it), before the list is read again; `back` is the button that acted. */
  onChanged?: (task: Task, back: HTMLElement | null) => void;
}

/**
 * Postpone (tomorrow, in a week, a chosen date), reassign or cancel a task. Cancelling opens the
 * list's closing dialog (`onCancel`), the one that also marks tasks done.
 */
export function TaskActions({ task, onCancel, onChanged }: TaskActionsProps) {
  const { t, formatDateTime } = useI18n();
  const { nameOf } = useUsers();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [due, setDue] = useState('');
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const postponeButton = useRef<HTMLButtonElement>(null);
  const reassignButton = useRef<HTMLButtonElement>(null);
  // The button whose action is being saved: the focus goes back to it if the task stays listed.
  const acting = useRef<HTMLButtonElement>(null);
  const update = useUpdateTask({ onSuccess: (changed) => onChanged?.(changed, acting.current) });

  const change = (patch: TaskChange, message: string, back: HTMLButtonElement | null) => {
    acting.current = back;
    update.mutate(
      { task, change: patch },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message });
          setDialog(null);
        },
        // A conflict reloads the list: the dialog held the old version.
        onError: () => setDialog(null),
      },
    );
  };
  // The reminder follows the new due date: a reminder time of its own would stay at the old one
  // (or, already past, never fire again).
  const postpone = (date: Date | null) => {
    if (date) change({ dueAt: date.toISOString(), reminderAt: null }, t('tasks.postponed', { date: formatDateTime(date.toISOString()) }), postponeButton.current);
  };
  // Postponing to a date already past would leave the task overdue and its reminder ringing at once.
  const duePast = isPastDateTime(due);
  const submitDate = (event: FormEvent) => {
    event.preventDefault();
    if (duePast) return;
    const iso = fromDateTimeLocal(due);
    if (iso) postpone(new Date(iso));
  };
  const submitAssignee = (event: FormEvent) => {
    event.preventDefault();
    if (assigneeId && assigneeId !== task.assigneeId) change({ assigneeId }, t('tasks.reassigned', { name: nameOf(assigneeId) }), reassignButton.current);
    else setDialog(null);
  };

  return (
    // Wraps on a phone: three actions beside "Mark done" do not fit a 390 px wide card on one line.
    <Group gap={4} wrap="wrap">
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button ref={postponeButton} size="xs" variant="subtle" loading={update.isPending && dialog === null} data-testid="task-postpone">
            {t('tasks.postpone')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {(['tomorrow', '1w'] as const).map((by) => {
            // Read when the menu renders (it opens on a click): the dates it shows are the ones set.
            const now = new Date();
            const date = postponedDate(by, task.dueAt, now);
            return (
              <Menu.Item
                key={by}
                onClick={() => postpone(date)}
                rightSection={<Text size="xs" c="dimmed">{formatDateTime(date.toISOString())}</Text>}
                data-testid={by === 'tomorrow' ? 'postpone-tomorrow' : 'postpone-week'}
              >
                {t(POSTPONE_LABELS[postponesFromDue(task.dueAt, now) ? 'fromDue' : 'fromNow'][by])}
              </Menu.Item>
            );
          })}
          <Menu.Item
            onClick={() => {
              setDue(toDateTimeLocal(task.dueAt));
              setDialog('date');
            }}
            data-testid="postpone-pick"
          >
            {t('tasks.pickDate')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Button
        ref={reassignButton}
        size="xs"
        variant="subtle"
        onClick={() => {
          setAssigneeId(task.assigneeId);
          setDialog('assignee');
        }}
        data-testid="task-reassign"
      >
        {t('tasks.reassign')}
      </Button>
      <Button size="xs" variant="subtle" color="red" onClick={onCancel} data-testid="task-cancel">
        {t('tasks.cancel')}
      </Button>

      <Modal
        opened={dialog === 'date'}
        onClose={() => setDialog(null)}
        title={t('tasks.postponeTitle', { title: task.title })}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <form onSubmit={submitDate} data-testid="postpone-form">
          <Stack>
            <WrittenDateInput
              type="datetime-local"
              label={t('tasks.dueAt')}
              value={due}
              onChange={(event) => setDue(event.currentTarget.value)}
              error={duePast ? t('tasks.dateInPast') : undefined}
              required
              data-autofocus
              data-testid="postpone-date"
            />
            <FormActions onCancel={() => setDialog(null)} submitLabel={t('tasks.postpone')} pending={update.isPending} disabled={!fromDateTimeLocal(due) || duePast} submitTestId="postpone-submit" />
          </Stack>
        </form>
      </Modal>

      <Modal
        opened={dialog === 'assignee'}
        onClose={() => setDialog(null)}
        title={t('tasks.reassignTitle', { title: task.title })}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <form onSubmit={submitAssignee} data-testid="reassign-form">
          <Stack>
            <AssigneeSelect label={t('tasks.assignee')} value={assigneeId} onChange={setAssigneeId} testId="reassign-assignee" />
            <FormActions onCancel={() => setDialog(null)} submitLabel={t('tasks.reassign')} pending={update.isPending} submitTestId="reassign-submit" />
          </Stack>
        </form>
      </Modal>
    </Group>
  );
}
