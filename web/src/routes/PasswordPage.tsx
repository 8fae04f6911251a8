import { useState, type FormEvent } from 'react';
import { Button, Card, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { api } from '../lib/api.js';
import { useI18n } from '../i18n/useI18n.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { PasswordField } from '../components/PasswordField.js';
import { fieldErrorsIn } from '../features/admin/useAdmin.js';

/**
 * Changing one's own password: the current one (checked, and throttled like a login), the new one
 * twice. Other sessions end; this one stays. The server's rules (length, common passwords, one's
 * own name) are said beside the field.
 */
export function PasswordPage() {
  const { t, lang } = useI18n();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [repeatChecked, setRepeatChecked] = useState(false);
  const change = useMutation({
    meta: { inlineErrors: true },
    mutationFn: () => api.post('/api/auth/password', { currentPassword, newPassword }),
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('password.changed'), 'data-testid': 'password-changed' });
      setCurrentPassword('');
      setNewPassword('');
      setRepeated('');
      setRepeatChecked(false);
    },
  });
  const errors = fieldErrorsIn(change.error, lang);
  const mismatch = repeatChecked && repeated !== newPassword;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setRepeatChecked(true);
    if (!currentPassword || !newPassword || repeated !== newPassword) return;
    change.mutate();
  };

  return (
    <Stack maw={560}>
      <Title order={1} size="h2">
        {t('password.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('password.intro')}
      </Text>
      <Card withBorder>
        <form onSubmit={submit} data-testid="password-form">
          <Stack gap="sm">
            <PasswordField
              label={t('password.current')}
              required
              autoComplete="current-password"
              value={currentPassword}
              onChange={(event) => setCurrentPassword(event.currentTarget.value)}
              error={errors.currentPassword}
              data-testid="password-current"
            />
            <PasswordField
              label={t('password.new')}
              description={t('password.newHint')}
              required
              autoComplete="new-password"
              value={newPassword}
              onChange={(event) => setNewPassword(event.currentTarget.value)}
              error={errors.newPassword}
              data-testid="password-new"
            />
            <PasswordField
              label={t('password.repeat')}
              required
              autoComplete="new-password"
              value={repeated}
              onChange={(event) => setRepeated(event.currentTarget.value)}
              onBlur={() => setRepeatChecked(repeated.length > 0)}
              error={mismatch ? t('password.mismatch') : undefined}
              data-testid="password-repeat"
            />
            {change.error && <ErrorAlert error={change.error} isShown={(path) => path in errors} />}
            <Button type="submit" w="fit-content" loading={change.isPending} data-testid="password-submit">
              {t('password.submit')}
            </Button>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}
