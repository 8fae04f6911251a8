import { Button, Group, type MantineColor } from '@mantine/core';
import { useI18n } from '../i18n/useI18n.js';

/**
 * The Cancel + submit row at the foot of a form or dialog, written once so that every form looks
 * and behaves alike (and a change to that row is made in one place). Put it inside the `<form>`:
 * the submit button is a real `type="submit"`, so Enter in a field submits too.
 * Rows with other buttons, or without Cancel, keep their own `<Group>`.
 */
export function FormActions({
  onCancel,
  submitLabel,
  pending,
  disabled,
  color,
  submitTestId,
}: {
  onCancel: () => void;
  submitLabel: string;
  /** The mutation is running: the submit button spins and cannot be pressed again. */
  pending: boolean;
  disabled?: boolean;
  /** Mantine's default (the theme's primary color) unless given, e.g. red for a rejection. */
  color?: MantineColor;
  /** `data-testid` of the submit button. */
  submitTestId: string;
}) {
  const { t } = useI18n();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" color={color} loading={pending} disabled={disabled} data-testid={submitTestId}>
        {submitLabel}
      </Button>
    </Group>
  );
}
