import { Alert } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';

/** Says that the form holds what was typed before the session expired, not yet saved. */
export function DraftRestoredNotice({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Alert color="blue" variant="light" withCloseButton closeButtonLabel={t('common.close')} onClose={onClose} data-testid="form-draft-restored">
      {t('form.draftRestored')}
    </Alert>
  );
}
