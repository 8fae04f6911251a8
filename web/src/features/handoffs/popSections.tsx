import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { pathOf } from '../../lib/paths.js';
import { useI18n } from '../../i18n/useI18n.js';
import { GenericSection, registerCardSection, type CardSectionProps } from '../telephony/cardSections.js';
import { localLabel } from '../requests/labels.js';
import { LeadStatusBadge } from '../leads/LeadList.js';
import { LEAD_STATUSES, type LeadStatus } from '../leads/types.js';
import { LEADS_CARD_SECTION, REQUESTS_CARD_SECTION, type CardItemsSection, type LeadCardItem, type RequestCardItem } from '../../../../common/api/handoffs.js';

// The screen pop's `openRequests` and `openLeads` sections (server: cardSection in
// requests.service.ts and leads.service.ts; shapes in common/api/handoffs.ts): at most three of
// each, nearest deadline first.

const isItemsSection = <T,>(value: unknown): value is CardItemsSection<T> =>
  typeof value === 'object' && value !== null && Array.isArray((value as { items?: unknown }).items);

/** "+ N more on the record" when the card lists only the first ones. */
function More({ section, match }: { section: CardItemsSection<unknown>; match: CardSectionProps['match'] }) {
  const { t } = useI18n();
  const more = section.total - section.items.length;
  if (more <= 0) return null;
  return (
    <Anchor component={Link} to={pathOf(match)} size="xs" data-testid="pop-section-more">
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
        <PopItem key={r.id} kind="request" id={r.id} title={r.subject} dueText={r.dueAt && t('requests.due', { date: formatDateTime(r.dueAt) })} overdue={r.overdue}>
          <Badge size="xs" variant="outline" color="blue" data-testid="pop-request-status" data-status={r.status}>
            {localLabel({ labelEn: r.statusLabelEn, labelFr: r.statusLabelFr }, lang, r.status)}
          </Badge>
          <Text size="xs" c="dimmed" data-testid="pop-request-team">
            {t('pop.requestTeam', { team: r.teamName })}
          </Text>
        </PopItem>
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
        <PopItem key={l.id} kind="lead" id={l.id} title={l.interest} dueText={l.dueAt && t('leads.treatBy', { date: formatDateTime(l.dueAt) })} overdue={l.overdue}>
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
        </PopItem>
      ))}
      <More section={value} match={match} />
    </Stack>
  );
}

/** One open request or lead on the card: its title as a link, its marks, when it is due and whether that is past. */
function PopItem({ kind, id, title, dueText, overdue, children }: { kind: 'request' | 'lead'; id: string; title: string; dueText: string | null; overdue: boolean; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <Stack gap={0} data-testid={`pop-${kind}`} {...{ [`data-${kind}-id`]: id }}>
      <Anchor component={Link} to={`/${kind}s/${id}`} size="sm" fw={500} lineClamp={2} style={{ overflowWrap: 'anywhere' }} data-testid={`pop-${kind}-open`}>
        {title}
      </Anchor>
      <Group gap={6} wrap="wrap" align="center">
        {children}
        {dueText && (
          <Text size="xs" c={overdue ? 'red' : 'dimmed'} fw={overdue ? 600 : undefined} data-testid={`pop-${kind}-due`}>
            {dueText}
          </Text>
        )}
        {overdue && (
          <Badge size="xs" color="red" data-testid={`pop-${kind}-overdue`}>
            {t('requests.overdue')}
          </Badge>
        )}
      </Group>
    </Stack>
  );
}

registerCardSection(REQUESTS_CARD_SECTION, OpenRequests);
registerCardSection(LEADS_CARD_SECTION, OpenLeads);
