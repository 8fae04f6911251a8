import { Link } from 'react-router';
import { Anchor } from '@mantine/core';
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
