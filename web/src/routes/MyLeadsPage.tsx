import { Button, Group, ScrollArea, SegmentedControl, Stack, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useUrlParams } from '../lib/useUrlParams.js';
import { useI18n } from '../i18n/useI18n.js';
import { useAuth } from '../auth/useAuth.js';
import { LeadList } from '../features/leads/LeadList.js';
import { LeadDrawer } from '../features/leads/LeadDetail.js';
import { LeadDecision } from '../features/leads/LeadActions.js';
import { useLeadList } from '../features/leads/useLeads.js';

const STATES = ['new', 'accepted', 'all'] as const;
type State = (typeof STATES)[number];

/** Leads the user owns: accept, convert, or reject with a reason, before the deadline. */
export function MyLeadsPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const { params, set: setParams } = useUrlParams();
  const state: State = (STATES as readonly string[]).includes(params.get('state') ?? '') ? (params.get('state') as State) : 'new';
  const openId = params.get('lead');
  const set = (key: string, value: string | null) =>
    setParams({ [key]: value }, { replace: false });
  const list = useLeadList({ owner: 'me', ...(state !== 'all' && { status: state }) });
  const isManager = user?.role === 'manager' || user?.role === 'admin';
  return (
    <Stack maw={900}>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">{t('leads.mineTitle')}</Title>
        {isManager && (
          <Button component={Link} to="/leads/oversight" variant="default" size="xs" data-testid="leads-oversight-link">
            {t('leads.oversightTitle')}
          </Button>
        )}
      </Group>
      <ScrollArea type="never" style={{ alignSelf: 'flex-start', maxWidth: '100%' }}>
        <SegmentedControl
          value={state}
          onChange={(value) => set('state', value === 'new' ? null : value)}
          data={STATES.map((value) => ({ value, label: t(`leads.filter.${value}`) }))}
          data-testid="my-leads-state"
        />
      </ScrollArea>
      <LeadList {...list} onOpen={(id) => set('lead', id)} emptyText={t('leads.mineEmpty')} testId="my-leads" actions={(lead) => <LeadDecision lead={lead} />} />
      <LeadDrawer leadId={openId} onClose={() => set('lead', null)} />
    </Stack>
  );
}
