import { Card, Center, Group, Loader, Stack, Text, Timeline, Title } from '@mantine/core';
import { DetailDrawer } from '../../components/DetailDrawer.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useAuth } from '../../auth/useAuth.js';
import { RecordLink, RecordPhones } from '../tasks/RecordLink.js';
import { useUsers } from '../users/useUsers.js';
import { LeadDecision, LeadReassign } from './LeadActions.js';
import { LeadStatusBadge, useRejectReasonLabel } from './LeadList.js';
import type { LeadHistoryEntry, LeadStatus } from './types.js';
import { LEAD_STATUSES } from './types.js';
import { useLead } from './useLeads.js';

const isStatus = (value: string | null): value is LeadStatus => value !== null && (LEAD_STATUSES as readonly string[]).includes(value);

/**
 * A lead with its whole chain: who spotted it, how it was routed, every decision and escalation.
 * Its interest is the page’s title (h1) on the lead’s own page, a heading under the drawer’s title in a drawer.
 */
export function LeadDetail({ leadId, headingOrder = 3 }: { leadId: string; headingOrder?: 1 | 3 }) {
  const { t, formatDateTime, formatAmount } = useI18n();
  const { user } = useAuth();
  const { nameOf } = useUsers();
  const reasonLabel = useRejectReasonLabel();
  const lead = useLead(leadId);
  if (lead.isPending) {
    return (
      <Center>
        <Loader size="sm" />
      </Center>
    );
  }
  if (lead.error) return <ErrorAlert error={lead.error} onReload={() => lead.refetch()} />;
  const l = lead.data;
  const isManager = user?.role === 'manager' || user?.role === 'admin';
  const canDecide = l.ownerId === user?.id || isManager;
  const statusName = (value: string | null) => (isStatus(value) ? t(`leads.status.${value}`) : (value ?? ''));
  const describe = (entry: LeadHistoryEntry) => {
    const name = entry.actorId ? nameOf(entry.actorId) || '…' : t('requests.system');
    if (entry.kind === 'created') return t('leads.history.created', { name, rule: t(`leads.rule.${ruleKey(entry.body)}`) });
    if (entry.kind === 'status') return t('leads.history.status', { name, from: statusName(entry.fromStatus), to: statusName(entry.toStatus) });
    if (entry.kind === 'reassigned') return t('leads.history.reassigned', { name, to: nameOf(entry.body) || '…' });
    if (entry.kind === 'escalated') return t('leads.history.escalated');
    if (entry.kind === 'warning') return t('leads.history.warning');
    return entry.kind;
  };

  return (
    <Stack gap="md" data-testid="lead-detail" data-lead-id={l.id}>
      <Stack gap={4}>
        <Title order={headingOrder} size="h3" style={{ overflowWrap: 'anywhere' }} data-testid="lead-detail-title">
          {l.interest}
        </Title>
        <Group gap={6}>
          <LeadStatusBadge status={l.status} />
          <Text size="sm" c="dimmed">
            {t(`leads.source.${l.source}`)}
            {l.potential !== null ? ` · ${t('leads.potentialValue', { value: formatAmount(l.potential) })}` : ''}
          </Text>
        </Group>
        {(l.personId || l.organisationId) && <RecordLink personId={l.personId} organisationId={l.organisationId} />}
        {/* The rep's next move is a call: the number is here, as on a request, not one page further. */}
        <RecordPhones personId={l.personId} organisationId={l.organisationId} />
        <Text size="sm">{t('leads.passedOnBy', { name: nameOf(l.originatorId) || '…', date: formatDateTime(l.createdAt) })}</Text>
        <Text size="sm">{t('leads.ownerIs', { name: nameOf(l.ownerId) || '…' })}</Text>
        {l.status === 'new' && l.dueAt && <Text size="sm" c="dimmed">{t('leads.treatBy', { date: formatDateTime(l.dueAt) })}</Text>}
      </Stack>
      {l.status === 'rejected' && (
        <Card withBorder padding="sm" data-testid="lead-detail-reason">
          <Text size="sm" fw={600}>
            {t('leads.rejectedBecause', { reason: reasonLabel(l.rejectReason) })}
          </Text>
          {l.decisionNote && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {l.decisionNote}
            </Text>
          )}
        </Card>
      )}
      {l.note && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="lead-detail-note">
          {l.note}
        </Text>
      )}
      {l.status !== 'rejected' && l.decisionNote && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="lead-detail-decision-note">
          {l.decisionNote}
        </Text>
      )}
      {canDecide && (
        <Group gap="xs" wrap="wrap">
          <LeadDecision lead={l} />
        </Group>
      )}
      {isManager && l.status === 'new' && (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('leads.reassign')}
          </Text>
          <LeadReassign lead={l} />
        </Stack>
      )}
      <Title order={headingOrder === 1 ? 2 : 4} size="h5">{t('requests.history')}</Title>
      <Timeline bulletSize={12} lineWidth={2} data-testid="lead-history">
        {l.history.map((entry) => (
          <Timeline.Item key={entry.id} title={<Text size="sm">{describe(entry)}</Text>} data-testid="lead-history-item" data-kind={entry.kind}>
            {entry.kind === 'status' && entry.body && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {entry.toStatus === 'rejected' ? describeRejection(entry.body, reasonLabel) : entry.body}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {formatDateTime(entry.at)}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </Stack>
  );
}

const RULES = ['suggested', 'account_owner', 'territory', 'product', 'round_robin'] as const;
function ruleKey(body: string | null): (typeof RULES)[number] | 'other' {
  return (RULES as readonly string[]).includes(body ?? '') ? (body as (typeof RULES)[number]) : 'other';
}

/** History bodies of rejections read "reason_key: note"; show the reason's label. */
function describeRejection(body: string, reasonLabel: (key: string | null) => string): string {
  const at = body.indexOf(': ');
  return at < 0 ? reasonLabel(body) : `${reasonLabel(body.slice(0, at))} — ${body.slice(at + 2)}`;
}

export function LeadDrawer({ leadId, onClose }: { leadId: string | null; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <DetailDrawer opened={leadId !== null} onClose={onClose} title={t('leads.detailTitle')} testId="lead-drawer">
      {leadId && <LeadDetail leadId={leadId} />}
    </DetailDrawer>
  );
}
