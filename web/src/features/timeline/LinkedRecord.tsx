import { Link } from 'react-router';
import { Anchor, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { InteractionLink, Task } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import type { MessageKey } from '../../i18n/Dictionary.js';
import { usePerson } from '../people/usePerson.js';
import { useOrganisation } from '../organisations/useOrganisation.js';
import { useRequest } from '../requests/useRequests.js';
import { useLead } from '../leads/useLeads.js';

/** A link to a record's page, named once its (cached) record is read; "…" meanwhile. */
function RefAnchor({ to, name, failed, labelKey }: { to: string; name: string | undefined; failed: boolean; labelKey?: MessageKey }) {
  const { t } = useI18n();
  const text = name ?? (failed ? t('timeline.unavailable') : '…');
  return (
    <Anchor component={Link} to={to} size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="linked-record">
      {labelKey ? t(labelKey, { name: text }) : text}
    </Anchor>
  );
}

function PersonRef({ id }: { id: string }) {
  const person = usePerson(id);
  return <RefAnchor to={`/people/${id}`} name={person.data?.displayName} failed={Boolean(person.error)} />;
}

function OrganisationRef({ id }: { id: string }) {
  const organisation = useOrganisation(id);
  return <RefAnchor to={`/organisations/${id}`} name={organisation.data?.name} failed={Boolean(organisation.error)} />;
}

function RequestRef({ id }: { id: string }) {
  const request = useRequest(id);
  return <RefAnchor to={`/requests/${id}`} name={request.data?.subject} failed={Boolean(request.error)} labelKey="timeline.link.request" />;
}

function LeadRef({ id }: { id: string }) {
  const lead = useLead(id);
  return <RefAnchor to={`/leads/${id}`} name={lead.data?.interest} failed={Boolean(lead.error)} labelKey="timeline.link.lead" />;
}

function TaskRef({ id }: { id: string }) {
  const { t } = useI18n();
  const task = useQuery({ queryKey: ['tasks', 'one', id], queryFn: () => api.get<Task>(`/api/tasks/${id}`) });
  const name = task.data?.title ?? (task.error ? t('timeline.unavailable') : '…');
  return (
    <Text span size="sm" data-testid="linked-record">
      {t('timeline.link.task', { name })}
    </Text>
  );
}

/**
 * Another record an interaction involves or is linked to, as a link to its page when it has one:
 * people and organisations by name, requests by subject, leads by interest, the phone system's call
 * to the call log.
 */
export function LinkedRecord({ type, id }: InteractionLink) {
  const { t } = useI18n();
  switch (type) {
    case 'person':
      return <PersonRef id={id} />;
    case 'organisation':
      return <OrganisationRef id={id} />;
    case 'request':
      return <RequestRef id={id} />;
    case 'lead':
      return <LeadRef id={id} />;
    case 'task':
      return <TaskRef id={id} />;
    case 'call':
      return (
        <Anchor component={Link} to="/calls" size="sm" data-testid="linked-record">
          {t('timeline.link.call')}
        </Anchor>
      );
    default:
      return (
        <Text span size="sm" data-testid="linked-record">
          {t('timeline.link.interaction')}
        </Text>
      );
  }
}
