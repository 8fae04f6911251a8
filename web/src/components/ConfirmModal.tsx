import type { ReactNode } from 'react';
import { Button, Group, Modal, Stack } from '@mantine/core';
import { useI18n } from '../i18n/useI18n.js';

/**
 * Cancel takes the keyboard as the dialog appears. Mantine's focus trap moves it only in a timeout
 * after the dialog is on screen: a key pressed meanwhile went to what is beneath, and Enter in the
 * call panel's field logged the call the question was about (the panel then closed and Mantine gave
 * the focus back to the page). Stable, so it runs once, not on every render.
 */
const focusOnMount = (button: HTMLButtonElement | null) => {
  button?.focus({ preventScroll: true });
};

/**
 * "Are you sure?" before an action that cannot be taken back (disable, revoke, re-key, delete):
 * Cancel has the focus, so Enter never confirms by accident. `children` says what will happen and
 * shows the action's error. Without `onConfirm` (the action was refused for good) only Close is left.
 * Test ids: `${testId}-confirm` on the dialog's body, `${testId}-submit` on the confirm button.
 */
export function ConfirmModal({
  title,
  confirmLabel,
  cancelLabel,
  color = 'red',
  pending,
  confirmDisabled,
  onConfirm,
  onClose,
  testId,
  children,
}: {
  title: string;
  confirmLabel: string;
  /** What Cancel says when "Cancel" would be unclear (e.g. "Keep editing"). */
  cancelLabel?: string;
  color?: string;
  pending: boolean;
  /** The question is not complete yet (e.g. nothing chosen): the confirm button waits. */
  confirmDisabled?: boolean;
  onConfirm?: () => void;
  onClose: () => void;
  testId: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Modal opened onClose={onClose} title={title} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="sm" data-testid={`${testId}-confirm`}>
        {children}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus ref={focusOnMount}>
            {onConfirm ? (cancelLabel ?? t('common.cancel')) : t('common.close')}
          </Button>
          {onConfirm && (
            <Button color={color} onClick={onConfirm} loading={pending} disabled={confirmDisabled} data-testid={`${testId}-submit`}>
              {confirmLabel}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
