import type { ReactNode } from 'react';
import { Badge, Box, Card, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';
import { PagedCardList, type PagedItems } from '../../components/PagedCardList.js';
import { RecordLink } from '../tasks/RecordLink.js';
import { useUsers } from '../users/useUsers.js';
import { localLabel } from '../requests/labels.js';
import type { Lead, LeadStatus } from './types.js';
import { useLeadSettings } from './useLeads.js';

const STATUS_COLOR: Record<LeadStatus, string> = { new: 'blue', accepted: 'cyan', converted: 'teal', rejected: 'gray' };

export function LeadStatusBadge({ status }: { status: LeadStatus }) {
  const { t } = useI18n();
  return (
    <Badge size="sm" color={STATUS_COLOR[status]} variant={status === 'new' ? 'outline' : 'filled'} data-testid="lead-status" data-status={status}>
      {t(`leads.status.${status}`)}
    </Badge>
  );
}

/** The configured label of a reject reason, in the user's language. */
export function useRejectReasonLabel() {
  const { lang } = useI18n();
  const settings = useLeadSettings();
  return (key: string | null) => (key ? localLabel(settings.data?.rejectReasons.find((reason) => reason.key === key), lang, key) : '');
}

interface LeadCardProps {
  lead: Lead;
  onOpen: (id: string) => void;
  showRecord?: boolean;
  actions?: ReactNode;
}

/** One lead: interest, customer, status with the reason of a rejection, who passed it on and who owns it. */
export function LeadCard({ lead, onOpen, showRecord = true, actions }: LeadCardProps) {
  const { t, formatDateTime, formatAmount } = useI18n();
  const { nameOf } = useUsers();
  const reasonLabel = useRejectReasonLabel();
  const overdue = lead.status === 'new' && lead.dueAt !== null && new Date(lead.dueAt).getTime() < Date.now();
  return (
    <Card withBorder padding="sm" data-testid="lead-item" data-lead-id={lead.id}>
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <UnstyledButton onClick={() => onOpen(lead.id)} style={{ minWidth: 0 }} data-testid="lead-open">
            <Text fw={600} size="sm" data-testid="lead-interest" style={{ overflowWrap: 'anywhere' }}>
              {lead.interest}
            </Text>
          </UnstyledButton>
          <Box style={{ flexShrink: 0 }}>
            <LeadStatusBadge status={lead.status} />
          </Box>
        </Group>
        <Group gap="xs" wrap="wrap">
          {showRecord && (lead.personId || lead.organisationId) && <RecordLink personId={lead.personId} organisationId={lead.organisationId} />}
          <Text size="xs" c="dimmed">
            {t(`leads.source.${lead.source}`)}
            {lead.potential !== null ? ` · ${t('leads.potentialValue', { value: formatAmount(lead.potential) })}` : ''}
          </Text>
          <Text size="xs" c="dimmed" data-testid="lead-owner">
            {t('leads.ownerIs', { name: nameOf(lead.ownerId) || '…' })}
          </Text>
          <Text size="xs" c="dimmed">
            {t('leads.passedOnBy', { name: nameOf(lead.originatorId) || '…', date: formatDateTime(lead.createdAt) })}
          </Text>
        </Group>
        {lead.status === 'new' && (
          <Group gap={6}>
            {lead.dueAt && (
              <Text size="xs" c={overdue ? 'red' : 'dimmed'} data-testid="lead-due">
                {t('leads.treatBy', { date: formatDateTime(lead.dueAt) })}
              </Text>
            )}
            {lead.escalatedAt && (
              <Badge size="xs" color="red" variant="filled" data-testid="lead-escalated">
                {t('leads.escalated')}
              </Badge>
            )}
          </Group>
        )}
        {lead.status === 'rejected' && (
          <Text size="sm" data-testid="lead-reason">
            {t('leads.rejectedBecause', { reason: reasonLabel(lead.rejectReason) })}
            {lead.decisionNote ? ` — ${lead.decisionNote}` : ''}
          </Text>
        )}
        {actions && (
          <Group gap="xs" justify="flex-end" wrap="wrap">
            {actions}
          </Group>
        )}
      </Stack>
    </Card>
  );
}

interface LeadListProps extends PagedItems<Lead> {
  onOpen: (id: string) => void;
  emptyText: string;
  testId: string;
  showRecord?: boolean;
  actions?: (lead: Lead) => ReactNode;
}

export function LeadList({ onOpen, emptyText, testId, showRecord, actions, ...list }: LeadListProps) {
  return <PagedCardList list={list} card={(lead) => <LeadCard key={lead.id} lead={lead} onOpen={onOpen} showRecord={showRecord} actions={actions?.(lead)} />} emptyText={emptyText} emptyTestId="leads-empty" testId={testId} />;
}
