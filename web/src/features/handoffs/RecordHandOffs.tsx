import { useState } from 'react';
import { Button, Card, Group, Kbd, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useShortcuts } from '../../lib/useShortcuts.js';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { Interaction, Page } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import { useAuth } from '../../auth/useAuth.js';
import { RequestList } from '../requests/RequestList.js';
import { RequestDrawer } from '../requests/RequestDetail.js';
import { useRequestList } from '../requests/useRequests.js';
import { LeadList } from '../leads/LeadList.js';
import { LeadDrawer } from '../leads/LeadDetail.js';
import { useLeadList } from '../leads/useLeads.js';
import { useLiveEvent } from '../events/liveBus.js';
import { PassItOnModal, type HandOffInteraction } from './PassItOnForm.js';

/** A conversation this recent, logged by the user, counts as "the current one" to pass on. */
const CURRENT_CONVERSATION_MS = 4 * 60 * 60 * 1000;

/** Data of the server's `record.changed` event (server/modules/live/record-changed.ts): identifiers only. */
interface RecordChanged {
  entity: 'request' | 'lead';
  id: string;
  personId: string | null;
  organisationId: string | null;
}

interface RecordHandOffsProps {
  personId?: string;
  organisationId?: string;
  recordName: string;
}

/**
 * The record's requests and leads with their status (live), and "Pass it on" (button or `p`),
 * pre-filled with the customer and the conversation the user just logged.
 */
export function RecordHandOffs({ personId, organisationId, recordName }: RecordHandOffsProps) {
  const { t } = useI18n();
  const { user } = useAuth();
  const [opened, passItOn] = useDisclosure(false);
  const [requestId, setRequestId] = useState<string | null>(null);
  const [leadId, setLeadId] = useState<string | null>(null);
  useShortcuts([['p', passItOn.open]]);

  const filter = personId ? { personId } : { organisationId };
  const requests = useRequestList(filter);
  const leads = useLeadList(filter);
  // Anyone looking at the record sees a request or lead about it change: the event names it, the
  // lists and any open detail are read again through the API (which applies this user's rights).
  const queryClient = useQueryClient();
  useLiveEvent<RecordChanged>('record.changed', (change) => {
    if (!change || (personId ? change.personId !== personId : change.organisationId !== organisationId)) return;
    void queryClient.invalidateQueries({ queryKey: [change.entity === 'request' ? 'requests' : 'leads'] });
  });
  // The last conversation logged on this record (the call just taken, typically).
  const latest = useQuery({
    queryKey: ['interactions', 'latest', filter],
    queryFn: () => api.get<Page<Interaction>>('/api/interactions', { ...filter, limit: 1 }),
    enabled: opened,
  });
  const last = latest.data?.items[0];
  const current: HandOffInteraction | null =
    last && last.authorId === user?.id && Date.now() - new Date(last.occurredAt).getTime() < CURRENT_CONVERSATION_MS
      ? { id: last.id, channel: last.channel, occurredAt: last.occurredAt, summary: last.summary }
      : null;

  return (
    <Card withBorder data-testid="record-handoffs">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={2} size="h4">{t('handoffs.title')}</Title>
        <Button size="xs" onClick={passItOn.open} title={t('passItOn.shortcut')} rightSection={<Kbd size="xs" visibleFrom="sm">P</Kbd>} data-testid="pass-it-on-open">
          {t('passItOn.open')}
        </Button>
      </Group>
      <Stack gap="md">
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t('handoffs.requests')}
          </Text>
          <RequestList
            {...requests}
            onOpen={setRequestId}
            showRecord={false}
            showTeam
            emptyText={t('handoffs.noRequests')}
            testId="record-requests"
          />
        </Stack>
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t('handoffs.leads')}
          </Text>
          <LeadList {...leads} onOpen={setLeadId} showRecord={false} emptyText={t('handoffs.noLeads')} testId="record-leads" />
        </Stack>
      </Stack>
      <PassItOnModal
        opened={opened && !latest.isPending}
        onClose={passItOn.close}
        personId={personId}
        organisationId={organisationId}
        recordName={recordName}
        interaction={current}
      />
      <RequestDrawer requestId={requestId} onClose={() => setRequestId(null)} />
      <LeadDrawer leadId={leadId} onClose={() => setLeadId(null)} />
    </Card>
  );
}
