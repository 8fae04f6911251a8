import { Link } from 'react-router';
import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';
import { GenericSection, registerCardSection, type CardSectionProps } from '../telephony/cardSections.js';
import { localLabel } from '../requests/labels.js';
import { LeadStatusBadge } from '../leads/LeadList.js';
import { LEAD_STATUSES, type LeadStatus } from '../leads/types.js';

// The screen pop's `openRequests` and `openLeads` sections (server: cardSection in
// requests.service.ts and leads.service.ts): at most three of each, nearest deadline first.

interface RequestCardItem {
  id: string;
  subject: string;
  status: string;
  statusLabelEn: string;
  statusLabelFr: string;
  teamName: string;
  dueAt: string | null;
  overdue: boolean;
}

interface LeadCardItem {
  id: string;
  interest: string;
  status: string;
  ownerId: string | null;
  ownerName: string | null;
  dueAt: string | null;
  overdue: boolean;
}

interface ItemsSection<T> {
  total: number;
  items: T[];
}

const isItemsSection = <T,>(value: unknown): value is ItemsSection<T> =>
  typeof value === 'object' && value !== null && Array.isArray((value as { items?: unknown }).items);

const recordPath = (match: CardSectionProps['match']) => (match.type === 'person' ? `/people/${match.id}` : `/organisations/${match.id}`);

/** "+ N more on the record" when the card lists only the first ones. */
function More({ section, match }: { section: ItemsSection<unknown>; match: CardSectionProps['match'] }) {
  const { t } = useI18n();
  const more = section.total - section.items.length;
  if (more <= 0) return null;
  return (
    <Anchor component={Link} to={recordPath(match)} size="xs" data-testid="pop-section-more">
      {t('pop.sectionMore', { count: more })}
    </Anchor>
  );
}

function OpenRequests(props: CardSectionProps) {
  const { t, lang, formatDateTime } = useI18n();
  const { value, match } = props;
  if (!isItemsSection<RequestCardItem>(value)) return <GenericSection {...props} />;
  return (
    <Stack gap={4}>
      {value.items.map((r) => (
        <Stack key={r.id} gap={0} data-testid="pop-request" data-request-id={r.id}>
          <Anchor component={Link} to={`/requests/${r.id}`} size="sm" fw={500} lineClamp={2} style={{ overflowWrap: 'anywhere' }} data-testid="pop-request-open">
            {r.subject}
          </Anchor>
          <Group gap={6} wrap="wrap" align="center">
            <Badge size="xs" variant="outline" color="blue" data-testid="pop-request-status" data-status={r.status}>
              {localLabel({ labelEn: r.statusLabelEn, labelFr: r.statusLabelFr }, lang, r.status)}
            </Badge>
            <Text size="xs" c="dimmed" data-testid="pop-request-team">
              {t('pop.requestTeam', { team: r.teamName })}
            </Text>
            {r.dueAt && (
              <Text size="xs" c={r.overdue ? 'red' : 'dimmed'} fw={r.overdue ? 600 : undefined} data-testid="pop-request-due">
                {t('requests.due', { date: formatDateTime(r.dueAt) })}
              </Text>
            )}
            {r.overdue && (
              <Badge size="xs" color="red" data-testid="pop-request-overdue">
                {t('requests.overdue')}
              </Badge>
            )}
          </Group>
        </Stack>
      ))}
      <More section={value} match={match} />
    </Stack>
  );
}

function OpenLeads(props: CardSectionProps) {
  const { t, formatDateTime } = useI18n();
  const { value, match } = props;
  if (!isItemsSection<LeadCardItem>(value)) return <GenericSection {...props} />;
  return (
    <Stack gap={4}>
      {value.items.map((l) => (
        <Stack key={l.id} gap={0} data-testid="pop-lead" data-lead-id={l.id}>
          <Anchor component={Link} to={`/leads/${l.id}`} size="sm" fw={500} lineClamp={2} style={{ overflowWrap: 'anywhere' }} data-testid="pop-lead-open">
            {l.interest}
          </Anchor>
          <Group gap={6} wrap="wrap" align="center">
            {(LEAD_STATUSES as readonly string[]).includes(l.status) ? (
              <LeadStatusBadge status={l.status as LeadStatus} />
            ) : (
              <Badge size="xs" variant="outline">
                {l.status}
              </Badge>
            )}
            <Text size="xs" c="dimmed" data-testid="pop-lead-owner">
              {l.ownerName ? t('leads.ownerIs', { name: l.ownerName }) : t('pop.leadNoOwner')}
            </Text>
            {l.dueAt && (
              <Text size="xs" c={l.overdue ? 'red' : 'dimmed'} fw={l.overdue ? 600 : undefined} data-testid="pop-lead-due">
                {t('leads.treatBy', { date: formatDateTime(l.dueAt) })}
              </Text>
            )}
            {l.overdue && (
              <Badge size="xs" color="red" data-testid="pop-lead-overdue">
                {t('requests.overdue')}
              </Badge>
            )}
          </Group>
        </Stack>
      ))}
      <More section={value} match={match} />
    </Stack>
  );
}

registerCardSection('openRequests', OpenRequests);
registerCardSection('openLeads', OpenLeads);
