import { Group, Stack, Title } from '@mantine/core';
import { useI18n } from '../i18n/useI18n.js';
import { TaskList } from '../features/tasks/TaskList.js';
import { NewTaskButton } from '../features/tasks/NewTaskButton.js';
import { usePageTitle } from '../lib/usePageTitle.js';

const MY_OPEN_TASKS = { assignee: 'me', status: 'open' };

/** The signed-in user's open tasks; live reminders refresh it. */
export function MyTasksPage() {
  const { t } = useI18n();
  usePageTitle(t('tasks.title'));
  return (
    <Stack maw={800}>
      <Group justify="space-between">
        <Title order={1} size="h2">{t('tasks.title')}</Title>
        <NewTaskButton />
      </Group>
      <TaskList filter={MY_OPEN_TASKS} showRecord testId="my-tasks" />
    </Stack>
  );
}
