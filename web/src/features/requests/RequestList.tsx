import type { ReactNode } from 'react';
import { Card, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';
import { PagedCardList, type PagedItems } from '../../components/PagedCardList.js';
import { RecordLink } from '../tasks/RecordLink.js';
import { useUsers } from '../users/useUsers.js';
import { localLabel } from './labels.js';
import { DeadlineMarks, PriorityBadge, RequestStatusBadge } from './RequestBadges.js';
import type { HandOffRequest } from './types.js';
import { useRequestTypes, useTeams } from './useRequests.js';

interface RequestCardProps {
  request: HandOffRequest;
  onOpen: (id: string) => void;
  showRecord?: boolean;
  showTeam?: boolean;
  /** Extra actions (e.g. "take" in a team queue). */
  actions?: ReactNode;
}

/** One request: subject, type, status, priority, deadline marks, who has it, and how it ended. */
export function RequestCard({ request, onOpen, showRecord = true, showTeam = false, actions }: RequestCardProps) {
  const { t, lang } = useI18n();
  const { typeOf } = useRequestTypes();
  const { nameOf } = useUsers();
  const teams = useTeams();
  const type = typeOf(request.typeId);
  const team = teams.data?.find((item) => item.id === request.teamId);
  return (
    <Card withBorder padding="sm" data-testid="request-item" data-request-id={request.id}>
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <UnstyledButton onClick={() => onOpen(request.id)} style={{ minWidth: 0 }} data-testid="request-open">
            <Text fw={600} size="sm" data-testid="request-subject" style={{ overflowWrap: 'anywhere' }}>
              {request.subject}
            </Text>
          </UnstyledButton>
          <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
            <PriorityBadge priority={request.priority} />
            <RequestStatusBadge request={request} type={type} />
          </Group>
        </Group>
        <Group gap="xs" wrap="wrap">
          <Text size="xs" c="dimmed">
            {localLabel(type, lang, '…')}
            {showTeam && team ? ` · ${team.name}` : ''}
          </Text>
          {showRecord && (request.personId || request.organisationId) && (
            <RecordLink personId={request.personId} organisationId={request.organisationId} />
          )}
          <Text size="xs" c="dimmed" data-testid="request-assignee">
            {request.assigneeId ? t('requests.assignedTo', { name: nameOf(request.assigneeId) || '…' }) : t('requests.unassigned')}
          </Text>
        </Group>
        <DeadlineMarks request={request} />
        {!request.open && request.resolutionNote && (
          <Text size="sm" data-testid="request-resolution" style={{ whiteSpace: 'pre-wrap' }}>
            {t('requests.resolution', { note: request.resolutionNote })}
          </Text>
        )}
        {actions && (
          <Group gap="xs" justify="flex-end">
            {actions}
          </Group>
        )}
      </Stack>
    </Card>
  );
}

interface RequestListProps extends PagedItems<HandOffRequest> {
  onOpen: (id: string) => void;
  emptyText: string;
  testId: string;
  showRecord?: boolean;
  showTeam?: boolean;
  actions?: (request: HandOffRequest) => ReactNode;
}

export function RequestList({ onOpen, emptyText, testId, showRecord, showTeam, actions, ...list }: RequestListProps) {
  return <PagedCardList list={list} card={(request) => <RequestCard key={request.id} request={request} onOpen={onOpen} showRecord={showRecord} showTeam={showTeam} actions={actions?.(request)} />} emptyText={emptyText} emptyTestId="requests-empty" testId={testId} />;
}
