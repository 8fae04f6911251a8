import { Alert, Button, Stack, Text } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';
import type { DraftReason } from './formDraft.js';

/**
 * Says that the form holds what was typed earlier and not saved: before the session expired, or
 * before the form was left. `onDiscard` offers to drop it and start again from the saved record.
 */
export function DraftRestoredNotice({ reason = 'expired', onClose, onDiscard }: { reason?: DraftReason; onClose: () => void; onDiscard?: () => void }) {
  const { t } = useI18n();
  return (
    <Alert color="blue" variant="light" withCloseButton closeButtonLabel={t('common.close')} onClose={onClose} data-testid="form-draft-restored">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{t(reason === 'left' ? 'form.draftKept' : 'form.draftRestored')}</Text>
        {onDiscard && (
          <Button size="xs" variant="default" onClick={onDiscard} data-testid="form-draft-discard">
            {t('form.draftDiscard')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
