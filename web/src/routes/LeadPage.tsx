import { Link, useParams } from 'react-router';
import { Anchor, Stack } from '@mantine/core';
import { useI18n } from '../i18n/useI18n.js';
import { LeadDetail } from '../features/leads/LeadDetail.js';

/** One lead on its own page (links from notifications). */
export function LeadPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  return (
    <Stack maw={800}>
      <Anchor component={Link} to="/leads/mine" size="sm">
        {t('leads.backToMine')}
      </Anchor>
      <LeadDetail leadId={id} headingOrder={1} />
    </Stack>
  );
}
