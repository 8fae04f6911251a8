import { useRef } from 'react';
import { Group, Stack, Title } from '@mantine/core';
import { useI18n } from '../i18n/useI18n.js';
import { TaskList } from '../features/tasks/TaskList.js';
import { NewTaskButton } from '../features/tasks/NewTaskButton.js';
import { usePageTitle } from '../lib/usePageTitle.js';

const MY_OPEN_TASKS = { assignee: 'me', status: 'open', total: 'true' };

/** The signed-in user's open tasks; live reminders refresh it. */
export function MyTasksPage() {
  const { t } = useI18n();
  usePageTitle(t('tasks.title'));
  const heading = useRef<HTMLHeadingElement>(null);
  return (
    <Stack maw={800}>
      <Group justify="space-between">
        {/* Focusable by the script only: it takes the focus when the last task leaves the list. */}
        <Title order={1} size="h2" ref={heading} tabIndex={-1} style={{ outlineOffset: 2 }} data-testid="tasks-heading">
          {t('tasks.title')}
        </Title>
        <NewTaskButton />
      </Group>
      <TaskList filter={MY_OPEN_TASKS} showRecord testId="my-tasks" headingRef={heading} />
    </Stack>
  );
}
