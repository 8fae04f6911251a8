import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useI18n } from '../i18n/useI18n.js';

/**
 * Mantine's password input with its show/hide button named in the user's language (its own label
 * is English), and told invalid to screen readers when it shows an error (Mantine marks its inner
 * input with data-invalid only).
 */
export function PasswordField(props: PasswordInputProps) {
  const { t } = useI18n();
  return <PasswordInput visibilityToggleButtonProps={{ 'aria-label': t('common.showPassword') }} aria-invalid={props.error ? true : undefined} {...props} />;
}
