import { ScrollArea, SegmentedControl, Stack, Title } from '@mantine/core';
import { useUrlParams } from '../lib/useUrlParams.js';
import { useI18n } from '../i18n/useI18n.js';
import { LeadList } from '../features/leads/LeadList.js';
import { LeadDrawer } from '../features/leads/LeadDetail.js';
import { useLeadList } from '../features/leads/useLeads.js';
import { LEAD_STATUSES } from '../features/leads/types.js';

const STATES = ['all', ...LEAD_STATUSES] as const;
type State = (typeof STATES)[number];

/** Leads the user passed on: who has them, what became of them, and why a rejected one was. Live. */
export function LeadsPassedPage() {
  const { t } = useI18n();
  const { params, set: setParams } = useUrlParams();
  const state: State = (STATES as readonly string[]).includes(params.get('state') ?? '') ? (params.get('state') as State) : 'all';
  const openId = params.get('lead');
  const set = (key: string, value: string | null) =>
    setParams({ [key]: value }, { replace: false });
  const list = useLeadList({ originator: 'me', ...(state !== 'all' && { status: state }) });
  return (
    <Stack maw={900}>
      <Title order={1} size="h2">{t('leads.passedTitle')}</Title>
      <ScrollArea type="never" style={{ alignSelf: 'flex-start', maxWidth: '100%' }}>
        <SegmentedControl
          value={state}
          onChange={(value) => set('state', value === 'all' ? null : value)}
          data={STATES.map((value) => ({ value, label: value === 'all' ? t('leads.filter.all') : t(`leads.status.${value}`) }))}
          data-testid="passed-leads-state"
        />
      </ScrollArea>
      <LeadList {...list} onOpen={(id) => set('lead', id)} emptyText={t('leads.passedEmpty')} testId="passed-leads" />
      <LeadDrawer leadId={openId} onClose={() => set('lead', null)} />
    </Stack>
  );
}
