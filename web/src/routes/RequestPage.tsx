import { Link, useParams } from 'react-router';
import { Anchor, Stack } from '@mantine/core';
import { useI18n } from '../i18n/useI18n.js';
import { RequestDetail } from '../features/requests/RequestDetail.js';

/** One request on its own page (links from notifications). */
export function RequestPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  return (
    <Stack maw={800}>
      <Anchor component={Link} to="/requests/queue" size="sm">
        {t('requests.backToQueue')}
      </Anchor>
      <RequestDetail requestId={id} headingOrder={1} />
    </Stack>
  );
}
