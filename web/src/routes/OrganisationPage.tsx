import { Link, useParams } from 'react-router';
import { Anchor, Card, Center, Grid, Loader, Stack, Text, Title } from '@mantine/core';
import { useShortcuts } from '../lib/useShortcuts.js';
import { useQuery } from '@tanstack/react-query';
import { api } from '../lib/api.js';
import type { Page, Person } from '../lib/types.js';
import { useI18n } from '../i18n/useI18n.js';
import { useOrganisation } from '../features/organisations/useOrganisation.js';
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
import { PhoneLink } from '../components/PhoneLink.js';

/** An organisation's file: identity, contact points, members, open tasks and timeline. */
export function OrganisationPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const organisation = useOrganisation(id);
  usePageTitle(organisation.data?.name);
  const members = useQuery({
    queryKey: ['people', 'list', { organisationId: id }],
    queryFn: () => api.get<Page<Person>>('/api/people', { organisationId: id, sort: 'lastName', limit: 100 }),
    enabled: Boolean(id),
  });
  const call = useLogCallPanel(id);
  useShortcuts([['c', () => call.open()]]);

  if (organisation.isPending) {
    return (
      <Center>
        <Loader />
      </Center>
    );
  }
  if (organisation.error) return <RecordLoadError error={organisation.error} type="organisation" onReload={() => organisation.refetch()} />;
  const o = organisation.data;
  const people = members.data?.items ?? [];

  return (
    <Stack>
      <RecordHeader type="organisation" id={o.id} version={o.version} name={o.name} tags={o.tags} ownerId={o.ownerId} editPath={`/organisations/${o.id}/edit`} onLogCall={() => call.open()} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            <ContactCard phones={o.phones} emails={o.emails} addresses={o.addresses} entity={{ type: 'organisation', id: o.id }} />
            <Card withBorder data-testid="members">
              <Title order={2} size="h4" mb="sm">
                {t('record.members')}
              </Title>
              {people.length === 0 && (
                <Text size="sm" c="dimmed">
                  {t('record.noMembers')}
                </Text>
              )}
              <Stack gap={6}>
                {people.map((p) => (
                  <div key={p.id}>
                    <Anchor component={Link} to={`/people/${p.id}`} size="sm" fw={500}>
                      {p.displayName}
                    </Anchor>
                    {p.phones[0] && (
                      <Text size="sm">
                        <PhoneLink phone={p.phones[0]} entity={{ type: 'person', id: p.id }} />
                      </Text>
                    )}
                  </div>
                ))}
              </Stack>
            </Card>
            <RelationshipsCard relationships={o.relationships} incoming={o.incomingRelationships} />
            <CustomFieldsCard entityType="organisation" values={o.customFields} />
            <ConsentCard entity={{ type: 'organisation', id: o.id }} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <RecordActivity record={{ organisationId: o.id }} recordName={o.name} />
        </Grid.Col>
      </Grid>
      <LogCallPanel opened={call.opened} preset={call.preset} onClose={call.close} organisationId={o.id} recordName={o.name} />
    </Stack>
  );
}
