import { useState, type FormEvent } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { PasswordField } from '../components/PasswordField.js';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useAuth } from '../auth/useAuth.js';
import { ConfirmModal } from '../components/ConfirmModal.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { FormActions } from '../components/FormActions.js';
import { ApiError } from '../lib/ApiError.js';
import { useI18n } from '../i18n/useI18n.js';
import { RefusedPage } from '../components/RefusedPage.js';
import { useTeams } from '../features/requests/useRequests.js';
import {
  fieldErrorsIn,
  ROLES,
  useAdminUsers,
  useCreateUser,
  useUpdateUser,
  type AdminUser,
  type NewUser,
} from '../features/admin/useAdmin.js';
import type { Role } from '../lib/types.js';

/** Users of the installation (admins): create, change role / team / language, disable, reset a password. */
export function UsersPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const users = useAdminUsers();
  const teams = useTeams();
  const [creating, setCreating] = useState(false);
  // Below the `sm` breakpoint a table would scroll sideways: users become cards.
  const isPhone = useMediaQuery('(max-width: 48em)');
  if (user?.role !== 'admin') return <RefusedPage title={t('users.title')}>{t('error.FORBIDDEN')}</RefusedPage>;

  const all = users.data?.pages.flatMap((page) => page.items) ?? [];
  const teamName = (id: string | null) => (id ? (teams.data?.find((team) => team.id === id)?.name ?? '') : '');

  return (
    <Stack maw={1100}>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">{t('users.title')}</Title>
        <Button onClick={() => setCreating(true)} data-testid="user-new">
          {t('users.new')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('users.intro')}
      </Text>
      {users.error && <ErrorAlert error={users.error} />}
      {users.data && all.length === 0 && <Text c="dimmed">{t('users.empty')}</Text>}

      {isPhone ? (
        <Stack gap="sm" data-testid="users-list">
          {all.map((u) => (
            <Card key={u.id} withBorder padding="sm" data-testid="user-row" data-email={u.email} data-disabled={u.disabled}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Text fw={500}>{u.name}</Text>
                  <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {u.email}
                  </Text>
                </Stack>
                <StatusBadge user={u} />
              </Group>
              <Text size="sm" mt={4}>
                {t(`admin.role.${u.role}`)}
                {u.teamId ? ` · ${teamName(u.teamId)}` : ''} · {t(`admin.lang.${u.locale}`)}
              </Text>
              <UserActions user={u} isSelf={u.id === user.id} />
            </Card>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" data-testid="users-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.name')}</Table.Th>
                <Table.Th>{t('users.email')}</Table.Th>
                <Table.Th>{t('users.role')}</Table.Th>
                <Table.Th>{t('users.team')}</Table.Th>
                <Table.Th>{t('users.language')}</Table.Th>
                <Table.Th>{t('users.status')}</Table.Th>
                <Table.Th>{t('users.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {all.map((u) => (
                <Table.Tr key={u.id} data-testid="user-row" data-email={u.email} data-disabled={u.disabled}>
                  <Table.Td>
                    {u.name}
                    {u.id === user.id && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        ({t('users.you')})
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{u.email}</Table.Td>
                  <Table.Td data-testid="user-role">{t(`admin.role.${u.role}`)}</Table.Td>
                  <Table.Td data-testid="user-team">{teamName(u.teamId)}</Table.Td>
                  <Table.Td>{t(`admin.lang.${u.locale}`)}</Table.Td>
                  <Table.Td>
                    <StatusBadge user={u} />
                  </Table.Td>
                  <Table.Td>
                    <UserActions user={u} isSelf={u.id === user.id} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {users.hasNextPage && (
        <Button variant="light" w="fit-content" onClick={() => void users.fetchNextPage()} loading={users.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
      <CreateUserModal opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}

/** The server's refusal to demote or disable the last active admin, in the user's language. */
function UserError({ error, isShown }: { error: unknown; isShown?: (path: string) => boolean }) {
  const { t } = useI18n();
  const details = error instanceof ApiError ? (error.details as { reason?: string } | undefined) : undefined;
  if (details?.reason === 'LAST_ADMIN') {
    return (
      <Alert color="red" variant="light" role="alert" data-testid="user-last-admin">
        {t('users.lastAdmin')}
      </Alert>
    );
  }
  return <ErrorAlert error={error} isShown={isShown} />;
}

function StatusBadge({ user }: { user: AdminUser }) {
  const { t } = useI18n();
  return (
    <Badge color={user.disabled ? 'gray' : 'teal'} variant="light" data-testid="user-status">
      {user.disabled ? t('users.disabled') : t('users.active')}
    </Badge>
  );
}

/** Edit, reset password, disable / re-enable; nobody disables themselves from here. */
function UserActions({ user, isSelf }: { user: AdminUser; isSelf: boolean }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<'edit' | 'password' | 'disable' | null>(null);
  const update = useUpdateUser();
  const enable = () =>
    update.mutate(
      { id: user.id, patch: { disabled: false } },
      { onSuccess: () => notifications.show({ color: 'teal', message: t('users.enabledDone', { name: user.name }) }) },
    );
  return (
    <Group gap={6} mt={4} wrap="wrap" role="group" aria-label={t('users.actionsFor', { name: user.name })}>
      <Button size="compact-sm" variant="light" onClick={() => setOpen('edit')} data-testid="user-edit">
        {t('users.edit')}
      </Button>
      <Button size="compact-sm" variant="light" onClick={() => setOpen('password')} data-testid="user-reset-password">
        {t('users.resetPassword')}
      </Button>
      {!isSelf &&
        (user.disabled ? (
          <Button size="compact-sm" variant="light" color="teal" onClick={enable} loading={update.isPending} data-testid="user-enable">
            {t('users.enable')}
          </Button>
        ) : (
          <Button size="compact-sm" variant="light" color="red" onClick={() => setOpen('disable')} data-testid="user-disable">
            {t('users.disable')}
          </Button>
        ))}
      {update.error && open === null && <UserError error={update.error} />}
      {open === 'edit' && <EditUserModal user={user} onClose={() => setOpen(null)} />}
      {open === 'password' && <ResetPasswordModal user={user} onClose={() => setOpen(null)} />}
      {open === 'disable' && <DisableUserModal user={user} onClose={() => setOpen(null)} />}
    </Group>
  );
}

function RoleSelect({ value, onChange, error }: { value: Role; onChange: (role: Role) => void; error?: string }) {
  const { t } = useI18n();
  return (
    <NativeSelect
      label={t('users.role')}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value as Role)}
      data={ROLES.map((role) => ({ value: role, label: t(`admin.role.${role}`) }))}
      error={error}
      data-testid="user-form-role"
    />
  );
}

function TeamSelect({ value, onChange, error }: { value: string | null; onChange: (teamId: string | null) => void; error?: string }) {
  const { t } = useI18n();
  const teams = useTeams();
  return (
    <NativeSelect
      label={t('users.team')}
      value={value ?? ''}
      onChange={(e) => onChange(e.currentTarget.value || null)}
      data={[{ value: '', label: t('users.noTeam') }, ...(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))]}
      error={error}
      data-testid="user-form-team"
    />
  );
}

function LanguageSelect({ value, onChange }: { value: 'fr' | 'en'; onChange: (locale: 'fr' | 'en') => void }) {
  const { t } = useI18n();
  return (
    <NativeSelect
      label={t('users.language')}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value as 'fr' | 'en')}
      data={[
        { value: 'fr', label: t('admin.lang.fr') },
        { value: 'en', label: t('admin.lang.en') },
      ]}
      data-testid="user-form-language"
    />
  );
}

const emptyUser = (lang: string): NewUser => ({ email: '', name: '', role: 'frontdesk', locale: lang === 'en' ? 'en' : 'fr', teamId: null, password: '' });

function CreateUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t, lang } = useI18n();
  const [form, setForm] = useState<NewUser>(() => emptyUser(lang));
  const create = useCreateUser();
  const errors = fieldErrorsIn(create.error, lang, { email: 'users.emailTaken' });
  const set = <K extends keyof NewUser>(key: K, value: NewUser[K]) => setForm((f) => ({ ...f, [key]: value }));
  const close = () => {
    create.reset();
    setForm(emptyUser(lang));
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { ...form, email: form.email.trim(), name: form.name.trim() },
      {
        onSuccess: (user) => {
          notifications.show({ color: 'teal', message: t('users.created', { name: user.name }), 'data-testid': 'user-created' });
          close();
        },
      },
    );
  };
  return (
    <Modal opened={opened} onClose={close} title={t('users.new')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} data-testid="user-form">
        <Stack gap="sm">
          <TextInput label={t('users.email')} type="email" required value={form.email} onChange={(e) => set('email', e.currentTarget.value)} error={errors.email} data-testid="user-form-email" data-autofocus />
          <TextInput label={t('users.name')} required value={form.name} onChange={(e) => set('name', e.currentTarget.value)} error={errors.name} data-testid="user-form-name" />
          <RoleSelect value={form.role} onChange={(role) => set('role', role)} error={errors.role} />
          <TeamSelect value={form.teamId} onChange={(teamId) => set('teamId', teamId)} error={errors.teamId} />
          <LanguageSelect value={form.locale} onChange={(locale) => set('locale', locale)} />
          <PasswordField
            label={t('users.password')}
            description={t('users.passwordHint')}
            required
            autoComplete="new-password"
            value={form.password}
            onChange={(e) => set('password', e.currentTarget.value)}
            error={errors.password}
            data-testid="user-form-password"
          />
          {create.error && <ErrorAlert error={create.error} isShown={(path) => path in errors} />}
          <FormActions onCancel={close} submitLabel={t('users.create')} pending={create.isPending} submitTestId="user-form-submit" />
        </Stack>
      </form>
    </Modal>
  );
}

function EditUserModal({ user, onClose }: { user: AdminUser; onClose: () => void }) {
  const { t, lang } = useI18n();
  const [form, setForm] = useState({ name: user.name, role: user.role, teamId: user.teamId, locale: user.locale });
  const update = useUpdateUser();
  const errors = fieldErrorsIn(update.error, lang);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Only what changed: the audit trail then shows exactly what the admin did.
    const patch: Record<string, unknown> = {};
    if (form.name.trim() !== user.name) patch.name = form.name.trim();
    if (form.role !== user.role) patch.role = form.role;
    if (form.teamId !== user.teamId) patch.teamId = form.teamId;
    if (form.locale !== user.locale) patch.locale = form.locale;
    if (Object.keys(patch).length === 0) return onClose();
    update.mutate(
      { id: user.id, patch },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', message: t('users.saved', { name: saved.name }), 'data-testid': 'user-saved' });
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={t('users.editTitle', { name: user.name })} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} data-testid="user-edit-form">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {user.email}
          </Text>
          <TextInput label={t('users.name')} required value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} error={errors.name} data-testid="user-form-name" />
          <RoleSelect value={form.role} onChange={(role) => setForm({ ...form, role })} error={errors.role} />
          <TeamSelect value={form.teamId} onChange={(teamId) => setForm({ ...form, teamId })} error={errors.teamId} />
          <LanguageSelect value={form.locale} onChange={(locale) => setForm({ ...form, locale })} />
          {update.error && <UserError error={update.error} isShown={(path) => path in errors} />}
          <FormActions onCancel={onClose} submitLabel={t('common.save')} pending={update.isPending} submitTestId="user-edit-submit" />
        </Stack>
      </form>
    </Modal>
  );
}

function ResetPasswordModal({ user, onClose }: { user: AdminUser; onClose: () => void }) {
  const { t, lang } = useI18n();
  const [password, setPassword] = useState('');
  const update = useUpdateUser();
  const errors = fieldErrorsIn(update.error, lang);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { id: user.id, patch: { password } },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('users.passwordReset', { name: user.name }), 'data-testid': 'user-password-reset' });
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={t('users.resetTitle', { name: user.name })} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} data-testid="user-password-form">
        <Stack gap="sm">
          <Text size="sm">{t('users.resetBody')}</Text>
          <PasswordField
            label={t('users.newPassword')}
            description={t('users.passwordHint')}
            required
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.password}
            data-testid="user-new-password"
            data-autofocus
          />
          {update.error && <UserError error={update.error} isShown={(path) => path in errors} />}
          <FormActions onCancel={onClose} submitLabel={t('users.resetPassword')} pending={update.isPending} submitTestId="user-password-submit" />
        </Stack>
      </form>
    </Modal>
  );
}

function DisableUserModal({ user, onClose }: { user: AdminUser; onClose: () => void }) {
  const { t } = useI18n();
  const update = useUpdateUser();
  const confirm = () =>
    update.mutate(
      { id: user.id, patch: { disabled: true } },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('users.disabledDone', { name: user.name }), 'data-testid': 'user-disabled' });
          onClose();
        },
      },
    );
  return (
    <ConfirmModal
      title={t('users.disableTitle', { name: user.name })}
      confirmLabel={t('users.disableConfirm', { name: user.name })}
      pending={update.isPending}
      onConfirm={confirm}
      onClose={onClose}
      testId="user-disable"
    >
      <Text size="sm">{t('users.disableBody', { name: user.name })}</Text>
      {update.error && <UserError error={update.error} />}
    </ConfirmModal>
  );
}
