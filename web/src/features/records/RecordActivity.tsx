import { useRef } from 'react';
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
  const tasksHeading = useRef<HTMLHeadingElement>(null);
  return (
    <Stack>
      <Card withBorder>
        <Group justify="space-between" mb="sm">
          {/* Focusable by the script only: it takes the focus when the last open task leaves the list. */}
          <Title order={2} size="h4" ref={tasksHeading} tabIndex={-1} style={{ outlineOffset: 2 }}>
            {t('tasks.recordTitle')}
          </Title>
          <NewTaskButton {...record} />
        </Group>
        <TaskList filter={{ ...record, status: 'open' }} testId="record-tasks" headingRef={tasksHeading} />
        <Divider my="sm" />
        <ClosedTasks {...record} />
      </Card>
      <RecordHandOffs {...record} recordName={recordName} />
      <RecordTimeline {...record} recordName={recordName} />
    </Stack>
  );
}
