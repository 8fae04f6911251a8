import { useState, type FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Alert, Button, Center, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { PasswordField } from '../components/PasswordField.js';
import { useAuth, useForgetSignedInData } from '../auth/useAuth.js';
import { useI18n } from '../i18n/useI18n.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { sessionExpiry } from '../auth/sessionExpiry.js';

/** Sign-in form; returns to the page that asked for a session. */
export function LoginPage() {
  const { t } = useI18n();
  const { user, login } = useAuth();
  useForgetSignedInData(Boolean(user));
  const location = useLocation();
  // Shown because the session expired: say so, and offer the same e-mail.
  const [expired] = useState(() => sessionExpiry.read());
  const [email, setEmail] = useState(expired?.email ?? '');
  const [password, setPassword] = useState('');
  const from = (location.state as { from?: string } | null)?.from ?? '/tasks';

  if (user) return <Navigate to={from} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ email: email.trim(), password });
  };

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={400}>
        <form onSubmit={submit} data-testid="login-form">
          <Stack>
            <Group justify="space-between" align="flex-start">
              <div>
                <Title order={1} size="h2">{t('login.title')}</Title>
                <Text size="sm" c="dimmed">
                  {t('login.subtitle')}
                </Text>
              </div>
              <LanguageSwitch />
            </Group>
            {expired && (
              <Alert color="yellow" variant="light" role="status" data-testid="session-expired">
                {t('login.sessionExpired')}
              </Alert>
            )}
            <TextInput
              label={t('login.email')}
              type="email"
              autoComplete="username"
              required
              autoFocus={!expired}
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              data-testid="login-email"
            />
            <PasswordField
              label={t('login.password')}
              autoComplete="current-password"
              required
              autoFocus={Boolean(expired)}
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              data-testid="login-password"
            />
            {login.error && <ErrorAlert error={login.error} />}
            <Button type="submit" loading={login.isPending} data-testid="login-submit">
              {t('login.submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
