import { Link } from 'react-router';
import { Anchor, Group, Text } from '@mantine/core';
import { PhoneLink } from '../../components/PhoneLink.js';
import { usePerson } from '../people/usePerson.js';
import { useOrganisation } from '../organisations/useOrganisation.js';

/** The name of a person (else an organisation), from the cached record; undefined while it loads. */
export function useRecordName(personId: string | null, organisationId: string | null): string | undefined {
  const person = usePerson(personId);
  const organisation = useOrganisation(personId ? null : organisationId);
  return personId ? person.data?.displayName : organisationId ? organisation.data?.name : undefined;
}

/** Link to the person or organisation a task is about, named from the (cached) record. */
export function RecordLink({ personId, organisationId }: { personId: string | null; organisationId: string | null }) {
  const name = useRecordName(personId, organisationId);
  const to = personId ? `/people/${personId}` : organisationId ? `/organisations/${organisationId}` : null;
  if (!to) return null;
  return (
    <Anchor component={Link} to={to} size="sm">
      {name ?? '…'}
    </Anchor>
  );
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
