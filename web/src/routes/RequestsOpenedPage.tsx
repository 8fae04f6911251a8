import { ScrollArea, SegmentedControl, Stack, Title } from '@mantine/core';
import { useUrlParams } from '../lib/useUrlParams.js';
import { useI18n } from '../i18n/useI18n.js';
import { RequestList } from '../features/requests/RequestList.js';
import { RequestDrawer } from '../features/requests/RequestDetail.js';
import { useRequestList } from '../features/requests/useRequests.js';

const STATES = ['all', 'open', 'closed'] as const;
type State = (typeof STATES)[number];

/** Requests the user passed on, with their status and how they ended; live. */
export function RequestsOpenedPage() {
  const { t } = useI18n();
  const { params, set: setParams } = useUrlParams();
  const state: State = (STATES as readonly string[]).includes(params.get('state') ?? '') ? (params.get('state') as State) : 'all';
  const openId = params.get('request');
  const set = (key: string, value: string | null) =>
    setParams({ [key]: value }, { replace: false });
  const list = useRequestList({ openedBy: 'me', ...(state !== 'all' && { open: state === 'open' ? 'true' : 'false' }) });
  return (
    <Stack maw={900}>
      <Title order={1} size="h2">{t('requests.openedTitle')}</Title>
      <ScrollArea type="never" style={{ alignSelf: 'flex-start', maxWidth: '100%' }}>
        <SegmentedControl
          value={state}
          onChange={(value) => set('state', value === 'all' ? null : value)}
          data={STATES.map((value) => ({ value, label: t(`requests.state.${value}`) }))}
          data-testid="opened-state"
        />
      </ScrollArea>
      <RequestList {...list} onOpen={(id) => set('request', id)} showTeam emptyText={t('requests.openedEmpty')} testId="requests-opened" />
      <RequestDrawer requestId={openId} onClose={() => set('request', null)} />
    </Stack>
  );
}
