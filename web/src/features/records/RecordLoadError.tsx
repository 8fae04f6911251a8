import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { Center, Loader, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ApiError } from '../../lib/ApiError.js';
import type { RecordType } from '../../auth/permissions.js';
import { recordPath } from '../../lib/paths.js';

/** The record another was merged into, from the API's 404 (`details.mergedIntoId`). */
function mergedInto(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'NOT_FOUND') return null;
  const id = (error.details as { mergedIntoId?: unknown } | null | undefined)?.mergedIntoId;
  return typeof id === 'string' ? id : null;
}

/**
 * A record page that could not load its record. One merged into another opens the kept one
 * instead, with a word saying so: links to it live on in bookmarks, open tabs, e-mails and
 * colleagues' notes. Any other error is shown, with a reload.
 */
export function RecordLoadError({ error, type, onReload }: { error: unknown; type: RecordType; onReload: () => unknown }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const kept = mergedInto(error);
  const target = kept ? recordPath(type, kept) : null;
  useEffect(() => {
    if (!target) return;
    notifications.show({ color: 'blue', message: t('record.mergedRedirect'), 'data-testid': 'record-merged-redirect' });
    navigate(target, { replace: true });
  }, [target, navigate, t]);
  if (target) {
    return (
      <Center>
        <Loader />
      </Center>
    );
  }
  // The page's one h1 names what failed; the alert says why.
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('record.unavailable')}
      </Title>
      <ErrorAlert error={error} onReload={onReload} />
    </Stack>
  );
}
