import { Link, useParams } from 'react-router';
import { Anchor, Card, Center, Divider, Grid, Group, Loader, Stack, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useI18n } from '../i18n/useI18n.js';
import { usePerson } from '../features/people/usePerson.js';
import { RecordHeader } from '../features/records/RecordHeader.js';
import { ContactCard } from '../features/records/ContactCard.js';
import { CustomFieldsCard } from '../features/records/CustomFieldsCard.js';
import { ConsentCard } from '../features/consent/ConsentCard.js';
import { RecordTimeline } from '../features/timeline/RecordTimeline.js';
import { RecordHandOffs } from '../features/handoffs/RecordHandOffs.js';
import { TaskList } from '../features/tasks/TaskList.js';
import { NewTaskButton } from '../features/tasks/NewTaskButton.js';
import { ClosedTasks } from '../features/tasks/ClosedTasks.js';
import { LogCallPanel } from '../features/calls/LogCallPanel.js';
import { useLogCallPanel } from '../features/calls/useLogCallPanel.js';
import { ErrorAlert } from '../components/ErrorAlert.js';

/** A person's file: identity, contact points, details, open tasks and the shared timeline. */
export function PersonPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const person = usePerson(id);
  const call = useLogCallPanel();
  // `c` opens the call panel (ignored while typing in a field).
  useHotkeys([['c', () => call.open()]]);

  if (person.isPending) {
    return (
      <Center>
        <Loader />
      </Center>
    );
  }
  if (person.error) return <ErrorAlert error={person.error} onReload={() => person.refetch()} />;
  const p = person.data;

  return (
    <Stack>
      <RecordHeader type="person" name={p.displayName} tags={p.tags} ownerId={p.ownerId} editPath={`/people/${p.id}/edit`} onLogCall={() => call.open()}>
        {p.organisations.length > 0 && (
          <Group gap="xs" data-testid="person-organisations">
            {p.organisations.map((o) => (
              <Anchor key={o.id} component={Link} to={`/organisations/${o.id}`} size="sm">
                {o.name}
              </Anchor>
            ))}
          </Group>
        )}
      </RecordHeader>
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            <ContactCard phones={p.phones} emails={p.emails} addresses={p.addresses} entity={{ type: 'person', id: p.id }} />
            <CustomFieldsCard entityType="person" values={p.customFields} />
            <ConsentCard entity={{ type: 'person', id: p.id }} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <Card withBorder>
              <Group justify="space-between" mb="sm">
                <Title order={4}>{t('tasks.recordTitle')}</Title>
                <NewTaskButton personId={p.id} />
              </Group>
              <TaskList filter={{ personId: p.id, status: 'open' }} testId="record-tasks" />
              <Divider my="sm" />
              <ClosedTasks personId={p.id} />
            </Card>
            <RecordHandOffs personId={p.id} recordName={p.displayName} />
            <RecordTimeline personId={p.id} recordName={p.displayName} />
          </Stack>
        </Grid.Col>
      </Grid>
      <LogCallPanel opened={call.opened} preset={call.preset} onClose={call.close} personId={p.id} recordName={p.displayName} />
    </Stack>
  );
}
