import { useRef, useState, type FormEvent } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Code,
  Group,
  NumberInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../lib/api.js';
import { ConfirmModal } from '../components/ConfirmModal.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { CopySecretButton } from '../components/CopySecretButton.js';
import { useI18n } from '../i18n/useI18n.js';
import { fieldErrorsIn, useTokens, type ApiToken, type CreatedToken } from '../features/admin/useAdmin.js';
import { TableOrCards, type DescribedRow, type RowCell } from '../features/lists/TableOrCards.js';

const SCOPES = ['read', 'write'] as const;

/** The signed-in user's own API tokens: create (secret shown once), list, revoke. */
export function TokensPage() {
  const { t, formatDateTime } = useI18n();
  const tokens = useTokens();
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const secretRef = useRef<HTMLPreElement>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const now = Date.now();
  const statusOf = (token: ApiToken) =>
    token.revokedAt ? 'revoked' : token.expiresAt && Date.parse(token.expiresAt) <= now ? 'expired' : 'active';
  /** A token as a table row, or a card on a phone: its name, its columns, its revoke button. */
  const describe = (token: ApiToken): DescribedRow => {
    const status = statusOf(token);
    const cells: RowCell[] = [
      {
        id: 'scopes',
        label: t('tokens.scopes'),
        value: token.scopes.map((scope) => ((SCOPES as readonly string[]).includes(scope) ? t(`tokens.scope.${scope as (typeof SCOPES)[number]}`) : scope)).join(', '),
      },
      { id: 'createdAt', label: t('tokens.createdAt'), value: formatDateTime(token.createdAt) },
      { id: 'expiresAt', label: t('tokens.expiresAt'), value: token.expiresAt ? formatDateTime(token.expiresAt) : t('tokens.never') },
      {
        id: 'lastUsed',
        label: t('tokens.lastUsed'),
        value: (
          <span data-testid="token-last-used" data-used={token.lastUsedAt !== null}>
            {token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t('tokens.notUsed')}
          </span>
        ),
      },
      {
        id: 'status',
        label: t('tokens.status'),
        value: (
          <Badge variant="light" color={status === 'active' ? 'teal' : 'gray'} data-testid="token-status">
            {t(`tokens.${status}`)}
          </Badge>
        ),
      },
    ];
    const revoke = status === 'active' && (
      <Button size="compact-sm" variant="light" color="red" onClick={() => setRevoking(token)} data-testid="token-revoke" aria-label={`${t('tokens.revoke')} ${token.name}`}>
        {t('tokens.revoke')}
      </Button>
    );
    return { key: token.id, testId: 'token-row', attributes: { 'data-name': token.name, 'data-status': status }, title: token.name, cells, actions: revoke };
  };

  return (
    <Stack maw={960}>
      <Title order={1} size="h2">{t('tokens.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('tokens.intro')}
      </Text>

      {created && (
        <Alert
          color="green"
          variant="light"
          title={t('tokens.secretTitle', { name: created.name })}
          withCloseButton
          onClose={() => setCreated(null)}
          closeButtonLabel={t('common.close')}
          data-testid="token-created"
        >
          <Stack gap="xs">
            <Text size="sm" fw={500}>
              {t('tokens.secretOnce')}
            </Text>
            <Group gap="xs" wrap="wrap">
              <Code block style={{ flex: '1 1 16rem', minWidth: 0, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="token-secret" ref={secretRef}>
                {created.token}
              </Code>
              <CopySecretButton value={created.token} target={secretRef} testId="token-copy" />
            </Group>
          </Stack>
        </Alert>
      )}

      <Card withBorder>
        {tokens.error && <ErrorAlert error={tokens.error} />}
        {tokens.data && tokens.data.items.length === 0 && <Text c="dimmed">{t('tokens.empty')}</Text>}
        {tokens.data && <TableOrCards rows={tokens.data.items.map(describe)} testId="tokens-list" titleColumn={t('tokens.name')} minWidth={680} verticalSpacing="xs" />}
      </Card>

      <CreateTokenForm onCreated={setCreated} />
      {revoking && <RevokeTokenModal token={revoking} onClose={() => setRevoking(null)} />}
    </Stack>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (token: CreatedToken) => void }) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['read']);
  const [days, setDays] = useState<string | number>('');
  const create = useMutation({
    meta: { inlineErrors: true },
    mutationFn: () =>
      api.post<CreatedToken>('/api/tokens', { name: name.trim(), scopes, ...(typeof days === 'number' ? { expiresInDays: days } : {}) }),
    onSuccess: (token) => {
      onCreated(token);
      setName('');
      setDays('');
      void queryClient.invalidateQueries({ queryKey: ['tokens'] });
    },
  });
  const errors = fieldErrorsIn(create.error, lang);
  // Out of range is said beside the field, not clamped on blur: 0 days silently became 1.
  const daysOutOfRange = typeof days === 'number' && (days < 1 || days > 3650);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() && scopes.length > 0 && !daysOutOfRange) create.mutate();
  };
  return (
    <Card withBorder>
      <form onSubmit={submit} data-testid="token-form">
        <Stack gap="sm">
          <Group gap="md" align="flex-start" wrap="wrap">
            <TextInput label={t('tokens.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-testid="token-name" maxLength={200} />
            <Checkbox.Group
              label={t('tokens.scopes')}
              value={scopes}
              onChange={setScopes}
              error={scopes.length === 0 ? t('tokens.scopeRequired') : errors.scopes}
              withAsterisk
            >
              <Group gap="md" mt={8}>
                {SCOPES.map((scope) => (
                  <Checkbox key={scope} value={scope} label={t(`tokens.scope.${scope}`)} data-testid={`token-scope-${scope}`} />
                ))}
              </Group>
            </Checkbox.Group>
            <NumberInput
              label={t('tokens.expiresInDays')}
              description={t('tokens.expiresHint')}
              min={1}
              max={3650}
              clampBehavior="none"
              allowDecimal={false}
              allowNegative={false}
              value={days}
              onChange={setDays}
              error={daysOutOfRange ? t('tokens.expiresRange') : errors.expiresInDays}
              data-testid="token-expires"
              w={200}
            />
          </Group>
          {create.error && <ErrorAlert error={create.error} isShown={(path) => path in errors} />}
          <Button type="submit" w="fit-content" loading={create.isPending} disabled={!name.trim() || scopes.length === 0} data-testid="token-submit">
            {t('tokens.create')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

function RevokeTokenModal({ token, onClose }: { token: ApiToken; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const revoke = useMutation({
    meta: { inlineErrors: true },
    mutationFn: () => api.delete(`/api/tokens/${token.id}`),
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('tokens.revokedDone', { name: token.name }), 'data-testid': 'token-revoked' });
      void queryClient.invalidateQueries({ queryKey: ['tokens'] });
      onClose();
    },
  });
  return (
    <ConfirmModal
      title={t('tokens.revokeTitle', { name: token.name })}
      confirmLabel={t('tokens.revokeConfirm')}
      pending={revoke.isPending}
      onConfirm={() => revoke.mutate()}
      onClose={onClose}
      testId="token-revoke"
    >
      <Text size="sm">{t('tokens.revokeBody')}</Text>
      {revoke.error && <ErrorAlert error={revoke.error} />}
    </ConfirmModal>
  );
}
