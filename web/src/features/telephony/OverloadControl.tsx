import { useState } from 'react';
import { Badge, Box, Switch, Text, Tooltip } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useAuth } from '../../auth/useAuth.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { useOverload } from './useOverload.js';

export const canSwitchOverload = (role: string | undefined) => role === 'admin' || role === 'manager';

const PHONE = '(max-width: 48em)';

/**
 * Overload mode in the header: managers and admins switch it (one switch); everyone sees a red
 * badge while it is on, updated live. On a phone the header has no room for a labelled switch:
 * it shows the badge, and the switch is in the navigation (OverloadNavSwitch).
 */
export function OverloadControl() {
  const { user } = useAuth();
  const { t } = useI18n();
  const { enabled } = useOverload();
  const narrow = useMediaQuery(PHONE);
  if (canSwitchOverload(user?.role) && !narrow) return <OverloadSwitch />;
  return enabled ? (
    <Badge color="red" variant="filled" size={narrow ? 'xs' : 'sm'} data-testid="overload-badge" style={{ flexShrink: 0 }}>
      {narrow ? t('overload.short') : t('overload.on')}
    </Badge>
  ) : null;
}

/** The managers' switch, labelled, at the top of the navigation on a phone. */
export function OverloadNavSwitch() {
  const { user } = useAuth();
  const narrow = useMediaQuery(PHONE);
  if (!canSwitchOverload(user?.role) || !narrow) return null;
  return (
    <Box px="sm" py="xs">
      <OverloadSwitch />
    </Box>
  );
}

/**
 * Turning overload on sends every caller not under contract to voicemail, so it is asked first
 * (one stray tap on a phone did it). Turning it off is the safe way and happens at once.
 */
function OverloadSwitch() {
  const { t } = useI18n();
  const { enabled, set } = useOverload();
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <Tooltip label={t('overload.hint')} multiline w={260} withinPortal>
        <Switch
          checked={enabled}
          disabled={set.isPending}
          onChange={(event) => (event.currentTarget.checked ? setConfirming(true) : set.mutate(false))}
          color="red"
          size="sm"
          label={t('overload.label')}
          data-testid="overload-switch"
          styles={{ root: { flexShrink: 0 } }}
        />
      </Tooltip>
      {confirming && (
        <ConfirmModal
          title={t('overload.confirmTitle')}
          confirmLabel={t('overload.confirm')}
          pending={set.isPending}
          onConfirm={() => {
            set.mutate(true);
            setConfirming(false);
          }}
          onClose={() => setConfirming(false)}
          testId="overload"
        >
          <Text size="sm">{t('overload.hint')}</Text>
        </ConfirmModal>
      )}
    </>
  );
}
