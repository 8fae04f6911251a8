import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { api } from '../../lib/api.js';
import { ApiError } from '../../lib/ApiError.js';
import type { Task } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import { translateError } from '../../i18n/translateError.js';

/** Fields of PATCH /api/tasks/:id that postponing and reassigning change. */
export type TaskChange = { dueAt?: string | null; reminderAt?: string | null; assigneeId?: string };

/** Names these changes among the app's mutations: the task list waits for them before moving the focus. */
export const TASK_UPDATE_KEY = ['tasks', 'update'];

/**
 * Changes a task at the version it was read. When a colleague changed it meanwhile (409
 * VERSION_CONFLICT) the user is told so and the tasks are reloaded, so they act again on what is
 * there now rather than overwrite it.
 */
export function useUpdateTask(options: { onSuccess?: (task: Task) => void } = {}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: TASK_UPDATE_KEY,
    mutationFn: ({ task, change }: { task: Task; change: TaskChange }) =>
      api.patch<Task>(`/api/tasks/${task.id}`, { ...change, version: task.version }),
    meta: { inlineErrors: true },
    onSuccess: (task) => options.onSuccess?.(task),
    onError: (error) => {
      const conflict = error instanceof ApiError && error.code === 'VERSION_CONFLICT';
      notifications.show({
        color: conflict ? 'orange' : 'red',
        message: conflict ? t('tasks.conflict') : translateError(error),
        'data-testid': conflict ? 'task-conflict' : 'error-notification',
      });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['tasks'] }),
  });
}
