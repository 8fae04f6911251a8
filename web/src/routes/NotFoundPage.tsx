import { Link } from 'react-router';
import { Button, Stack, Title } from '@mantine/core';
import { useI18n } from '../i18n/useI18n.js';

/** Shown for an unknown address inside the app. */
export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Stack align="flex-start">
      <Title order={1} size="h2">{t('common.notFound')}</Title>
      <Button component={Link} to="/tasks" variant="light">
        {t('common.goHome')}
      </Button>
    </Stack>
  );
}
