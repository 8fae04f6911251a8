import { Link } from 'react-router';
import { Anchor, Group, Text } from '@mantine/core';
import { PhoneLink } from '../../components/PhoneLink.js';
import { usePerson } from '../people/usePerson.js';
import { useOrganisation } from '../organisations/useOrganisation.js';

/** Link to the person or organisation a task is about, named from the (cached) record. */
export function RecordLink({ personId, organisationId }: { personId: string | null; organisationId: string | null }) {
  const person = usePerson(personId);
  const organisation = useOrganisation(personId ? null : organisationId);
  if (personId) {
    return (
      <Anchor component={Link} to={`/people/${personId}`} size="sm">
        {person.data?.displayName ?? '…'}
      </Anchor>
    );
  }
  if (organisationId) {
    return (
      <Anchor component={Link} to={`/organisations/${organisationId}`} size="sm">
        {organisation.data?.name ?? '…'}
      </Anchor>
    );
  }
  return null;
}

/**
 * The phone numbers of the person (else the organisation) a request or task is about, each a
 * PhoneLink (caps and consent checked before dialling): whoever calls back needs no detour.
 */
export function RecordPhones({ personId, organisationId }: { personId: string | null; organisationId: string | null }) {
  const person = usePerson(personId);
  const organisation = useOrganisation(personId ? null : organisationId);
  const entity = personId ? { type: 'person' as const, id: personId } : organisationId ? { type: 'organisation' as const, id: organisationId } : null;
  const phones = (personId ? person.data?.phones : organisation.data?.phones) ?? [];
  if (!entity || phones.length === 0) return null;
  return (
    <Group gap="sm" data-testid="record-phones">
      {phones.slice(0, 3).map((phone) => (
        <Text key={phone.e164 ?? phone.number} size="sm">
          <PhoneLink phone={phone} entity={entity} />
        </Text>
      ))}
    </Group>
  );
}
