import { Link, useParams } from 'react-router';
import { Anchor, Center, Grid, Group, Loader, Stack } from '@mantine/core';
import { useShortcuts } from '../lib/useShortcuts.js';
import { usePerson } from '../features/people/usePerson.js';
import { usePageTitle } from '../lib/usePageTitle.js';
import { RecordHeader } from '../features/records/RecordHeader.js';
import { RecordLoadError } from '../features/records/RecordLoadError.js';
import { ContactCard } from '../features/records/ContactCard.js';
import { CustomFieldsCard } from '../features/records/CustomFieldsCard.js';
import { RelationshipsCard } from '../features/records/RelationshipsCard.js';
import { ConsentCard } from '../features/consent/ConsentCard.js';
import { RecordActivity } from '../features/records/RecordActivity.js';
import { LogCallPanel } from '../features/calls/LogCallPanel.js';
import { useLogCallPanel } from '../features/calls/useLogCallPanel.js';

/** A person's file: identity, contact points, details, open tasks and the shared timeline. */
export function PersonPage() {
  const { id = '' } = useParams();
  const person = usePerson(id);
  usePageTitle(person.data?.displayName);
  const call = useLogCallPanel(id);
  // `c` opens the call panel (ignored while typing in a field).
  useShortcuts([['c', () => call.open()]]);

  if (person.isPending) {
    return (
      <Center>
        <Loader />
      </Center>
    );
  }
  if (person.error) return <RecordLoadError error={person.error} type="person" onReload={() => person.refetch()} />;
  const p = person.data;

  return (
    <Stack>
      <RecordHeader type="person" id={p.id} version={p.version} name={p.displayName} tags={p.tags} ownerId={p.ownerId} editPath={`/people/${p.id}/edit`} onLogCall={() => call.open()}>
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
            <RelationshipsCard relationships={p.relationships} incoming={p.incomingRelationships} />
            <CustomFieldsCard entityType="person" values={p.customFields} />
            <ConsentCard entity={{ type: 'person', id: p.id }} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <RecordActivity record={{ personId: p.id }} recordName={p.displayName} />
        </Grid.Col>
      </Grid>
      <LogCallPanel opened={call.opened} preset={call.preset} onClose={call.close} personId={p.id} recordName={p.displayName} />
    </Stack>
  );
}
