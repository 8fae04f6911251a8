import { Badge, Switch, Tooltip } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useAuth } from '../../auth/useAuth.js';
import { useI18n } from '../../i18n/useI18n.js';
import { useOverload } from './useOverload.js';

export const canSwitchOverload = (role: string | undefined) => role === 'admin' || role === 'manager';

/**
 * Overload mode in the header: managers and admins switch it (one switch); everyone sees a red
 * badge while it is on, updated live.
 */
export function OverloadControl() {
  const { user } = useAuth();
  const { t } = useI18n();
  const { enabled, set } = useOverload();
  const narrow = useMediaQuery('(max-width: 48em)');
  const badge = enabled ? (
    <Badge color="red" variant="filled" size={narrow ? 'xs' : 'sm'} data-testid="overload-badge" style={{ flexShrink: 0 }}>
      {narrow ? t('overload.short') : t('overload.on')}
    </Badge>
  ) : null;
  if (!canSwitchOverload(user?.role)) return badge;
  return (
    <Tooltip label={t('overload.hint')} multiline w={260} withinPortal>
      <Switch
        checked={enabled}
        disabled={set.isPending}
        onChange={(event) => set.mutate(event.currentTarget.checked)}
        color="red"
        size="sm"
        label={narrow ? undefined : t('overload.label')}
        aria-label={t('overload.label')}
        data-testid="overload-switch"
        styles={{ root: { flexShrink: 0 } }}
      />
    </Tooltip>
  );
}
