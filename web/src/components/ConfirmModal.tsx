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

/** A field one types in: not Mantine's hidden value inputs, nor one that is off. */
const FIELD_SELECTOR = 'input:not([type="hidden"]):not(:disabled), textarea:not(:disabled), select:not(:disabled)';

/**
 * The dialog's first field takes the keyboard as it appears, for the same reason as Cancel does;
 * marked data-autofocus too, so that Mantine's focus trap, a moment later, leaves it there.
 */
const focusFirstFieldOnMount = (body: HTMLDivElement | null) => {
  const field = body?.querySelector<HTMLElement>(FIELD_SELECTOR);
  if (!field) return;
  field.setAttribute('data-autofocus', '');
  field.focus({ preventScroll: true });
};

/**
 * "Are you sure?" before an action that cannot be taken back (disable, revoke, re-key, delete):
 * Cancel has the focus, so Enter never confirms by accident; a question that first needs an answer
 * typed (`initialFocus="firstField"`: which record to merge in) gives it to its first field
 * instead, where typing goes and Enter does not close it. `children` says what will happen and
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
  initialFocus = 'cancel',
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
  /** What has the keyboard as the dialog appears: Cancel (the safe default), or the first field of `children`. */
  initialFocus?: 'cancel' | 'firstField';
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Modal opened onClose={onClose} title={title} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="sm" data-testid={`${testId}-confirm`} ref={initialFocus === 'firstField' ? focusFirstFieldOnMount : undefined}>
        {children}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus={initialFocus === 'cancel' || undefined} ref={initialFocus === 'cancel' ? focusOnMount : undefined}>
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
