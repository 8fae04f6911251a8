import { Card, Divider, Group, Stack, Title } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';
import { RecordTimeline } from '../timeline/RecordTimeline.js';
import { RecordHandOffs } from '../handoffs/RecordHandOffs.js';
import { TaskList } from '../tasks/TaskList.js';
import { NewTaskButton } from '../tasks/NewTaskButton.js';
import { ClosedTasks } from '../tasks/ClosedTasks.js';

/** The record a page shows, as the task, hand-off and timeline components name it. */
export type RecordRef = { personId: string } | { organisationId: string };

/** A record page's working column: its tasks (open, then closed), hand-offs and shared timeline. */
export function RecordActivity({ record, recordName }: { record: RecordRef; recordName: string }) {
  const { t } = useI18n();
  return (
    <Stack>
      <Card withBorder>
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4">{t('tasks.recordTitle')}</Title>
          <NewTaskButton {...record} />
        </Group>
        <TaskList filter={{ ...record, status: 'open' }} testId="record-tasks" />
        <Divider my="sm" />
        <ClosedTasks {...record} />
      </Card>
      <RecordHandOffs {...record} recordName={recordName} />
      <RecordTimeline {...record} recordName={recordName} />
    </Stack>
  );
}
