import { useRef, useState, type FormEvent } from 'react';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Modal,
  NativeSelect,
  NumberInput,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { PasswordField } from '../components/PasswordField.js';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../lib/api.js';
import type { Page } from '../lib/types.js';
import { useI18n } from '../i18n/useI18n.js';
import { RefusedPage } from '../components/RefusedPage.js';
import { useAuth } from '../auth/useAuth.js';
import { useUsers } from '../features/users/useUsers.js';
import { ConfirmModal } from '../components/ConfirmModal.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { CopySecretButton } from '../components/CopySecretButton.js';
import { FormActions } from '../components/FormActions.js';
import { fieldErrorsIn } from '../features/admin/useAdmin.js';
import { useTags } from '../features/records/useTags.js';
import { TableOrCards, type DescribedRow } from '../features/lists/TableOrCards.js';
import { useOverload } from '../features/telephony/useOverload.js';
import { PriorityRuleCard } from '../features/telephony/PriorityRuleCard.js';
import { useScopeLabel } from '../features/telephony/PressureNotice.js';
import { useRelationshipLabel } from '../features/telephony/useRelationshipTypes.js';
import {
  INTEGRATION_KINDS,
  type CreatedIntegration,
  type Extension,
  type Integration,
  type IntegrationKind,
  type PressureRule,
  type RelationshipType,
} from '../features/telephony/types.js';

/**
 * Telephony settings: overload mode and contact-pressure caps (managers and admins), phone
 * systems with their secret and extensions mapped to users (admins).
 */
export function TelephonySettingsPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const isAdmin = user?.role === 'admin';
  const isManager = isAdmin || user?.role === 'manager';
  if (!isManager) {
    return <RefusedPage title={t('tset.title')}>{t('error.FORBIDDEN')}</RefusedPage>;
  }
  return (
    <Stack maw={960}>
      <Title order={1} size="h2">{t('tset.title')}</Title>
      <OverloadCard />
      <PriorityRuleCard />
      {isAdmin && <IntegrationsCard />}
      {isAdmin && <ExtensionsCard />}
      <PressureRulesCard />
    </Stack>
  );
}

function OverloadCard() {
  const { t } = useI18n();
  const { enabled, set } = useOverload();
  return (
    <Card withBorder>
      <Group justify="space-between" wrap="nowrap">
        <Stack gap={2}>
          <Title order={2} size="h4">{t('overload.label')}</Title>
          <Text size="sm" c="dimmed">
            {t('overload.hint')}
          </Text>
        </Stack>
        <Switch
          size="lg"
          color="red"
          checked={enabled}
          disabled={set.isPending}
          onChange={(event) => set.mutate(event.currentTarget.checked)}
          aria-label={t('overload.label')}
          data-testid="settings-overload-switch"
        />
      </Group>
    </Card>
  );
}

interface IntegrationForm {
  name: string;
  kind: IntegrationKind;
  twilioAuthToken: string;
  forwardTo: string;
  amiHost: string;
  amiPort: string;
  amiUsername: string;
  amiSecret: string;
  /** Click-to-call settings. */
  twilioAccountSid: string;
  twilioCallerId: string;
  amiChannelTechnology: string;
  amiContext: string;
  amiDialFormat: DialFormat;
  amiVoicemailContext: string;
}
const DIAL_FORMATS = ['national', 'e164', 'international'] as const;
type DialFormat = (typeof DIAL_FORMATS)[number];
const emptyIntegration = (): IntegrationForm => ({
  name: '',
  kind: 'generic',
  twilioAuthToken: '',
  forwardTo: '',
  amiHost: '',
  amiPort: '5038',
  amiUsername: '',
  amiSecret: '',
  twilioAccountSid: '',
  twilioCallerId: '',
  amiChannelTechnology: 'PJSIP',
  amiContext: 'from-internal',
  amiDialFormat: 'national',
  amiVoicemailContext: '',
});

/** The settings the API takes for the form's kind; blank fields are left out (a blank secret is kept on edit). */
function configOf(form: IntegrationForm): Record<string, unknown> {
  const text = (v: string) => v.trim() || undefined;
  if (form.kind === 'twilio') {
    return { twilioAuthToken: text(form.twilioAuthToken), forwardTo: text(form.forwardTo), twilioAccountSid: text(form.twilioAccountSid), twilioCallerId: text(form.twilioCallerId) };
  }
  if (form.kind === 'asterisk') {
    return {
      amiHost: text(form.amiHost),
      amiPort: form.amiPort ? Number(form.amiPort) : undefined,
      amiUsername: text(form.amiUsername),
      amiSecret: text(form.amiSecret),
      amiChannelTechnology: text(form.amiChannelTechnology),
      amiContext: text(form.amiContext),
      amiDialFormat: form.amiDialFormat,
      amiVoicemailContext: text(form.amiVoicemailContext),
    };
  }
  return {};
}

/** An integration's stored settings in the form; secrets stay blank (the API never shows them). */
function formOf(integration: Integration): IntegrationForm {
  const c = integration.config;
  const text = (key: string, fallback = '') => (typeof c[key] === 'string' || typeof c[key] === 'number' ? String(c[key]) : fallback);
  const empty = emptyIntegration();
  return {
    ...empty,
    name: integration.name,
    kind: integration.kind,
    forwardTo: text('forwardTo'),
    twilioAccountSid: text('twilioAccountSid'),
    twilioCallerId: text('twilioCallerId'),
    amiHost: text('amiHost'),
    amiPort: text('amiPort', empty.amiPort),
    amiUsername: text('amiUsername'),
    amiChannelTechnology: text('amiChannelTechnology', empty.amiChannelTechnology),
    amiContext: text('amiContext', empty.amiContext),
    amiDialFormat: (DIAL_FORMATS as readonly string[]).includes(text('amiDialFormat')) ? (text('amiDialFormat') as DialFormat) : empty.amiDialFormat,
    amiVoicemailContext: text('amiVoicemailContext'),
  };
}

function IntegrationsCard() {
  const { t, lang, formatDateTime } = useI18n();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<IntegrationForm>(emptyIntegration);
  // The secret of a new integration, or a new secret of an existing one: shown once.
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const secretRef = useRef<HTMLPreElement>(null);
  const [editing, setEditing] = useState<Integration | null>(null);
  const [rotating, setRotating] = useState<Integration | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['telephony', 'integrations'] });
  const toggle = useMutation({
    mutationFn: (i: Integration) => api.patch<Integration>(`/api/telephony/integrations/${i.id}`, { disabled: !i.disabled }),
    onSettled: refresh,
  });
  const rotate = useMutation({
    mutationFn: (i: Integration) => api.post<{ secret: string }>(`/api/telephony/integrations/${i.id}/secret`, {}),
    onSuccess: (answer, i) => {
      setCreated({ name: i.name, secret: answer.secret });
      setRotating(null);
    },
  });
  const list = useQuery({ queryKey: ['telephony', 'integrations'], queryFn: () => api.get<Page<Integration>>('/api/telephony/integrations') });
  /** An integration as a table row, or a card on a phone: its name, kind and date, its buttons. */
  const describe = (i: Integration): DescribedRow => ({
    key: i.id,
    testId: 'integration-row',
    attributes: { 'data-name': i.name, 'data-disabled': String(i.disabled) },
    title: (
      <>
        {i.name}{' '}
        {i.disabled && (
          <Badge size="xs" color="gray">
            {t('tset.disabled')}
          </Badge>
        )}
      </>
    ),
    cells: [
      { id: 'kind', label: t('tset.kind'), value: t(`tset.kind.${i.kind}`) },
      { id: 'createdAt', label: t('col.createdAt'), value: formatDateTime(i.createdAt) },
    ],
    actions: (
      <>
        <Button size="compact-sm" variant="light" onClick={() => setEditing(i)} data-testid="integration-edit" aria-label={`${t('common.edit')} ${i.name}`}>
          {t('common.edit')}
        </Button>
        <Button size="compact-sm" variant="light" color={i.disabled ? 'teal' : 'gray'} loading={toggle.isPending && toggle.variables?.id === i.id} onClick={() => toggle.mutate(i)} data-testid="integration-toggle">
          {i.disabled ? t('tset.enable') : t('tset.disable')}
        </Button>
        <Button size="compact-sm" variant="light" color="orange" onClick={() => setRotating(i)} data-testid="integration-rotate">
          {t('tset.newSecret')}
        </Button>
      </>
    ),
  });
  const set = <K extends keyof IntegrationForm>(key: K, value: IntegrationForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const webhook = `${window.location.origin}/api/telephony/events`;

  const create = useMutation({
    meta: { inlineErrors: true },
    mutationFn: () => api.post<CreatedIntegration>('/api/telephony/integrations', { name: form.name.trim(), kind: form.kind, config: configOf(form) }),
    onSuccess: (integration) => {
      setCreated(integration);
      setForm(emptyIntegration());
      void queryClient.invalidateQueries({ queryKey: ['telephony', 'integrations'] });
    },
  });
  const errors = fieldErrorsIn(create.error, lang);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form.name.trim()) create.mutate();
  };

  return (
    <Card withBorder data-testid="integrations-card">
      <Title order={2} size="h4">{t('tset.integrations')}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('tset.integrationsIntro')} <Code>{webhook}</Code>
      </Text>

      {created && (
        <Alert color="green" variant="light" mb="sm" title={t('tset.secretTitle', { name: created.name })} withCloseButton onClose={() => setCreated(null)} data-testid="integration-created" closeButtonLabel={t('common.close')}>
          <Stack gap="xs">
            <Text size="sm">{t('tset.secretOnce')}</Text>
            <Group gap="xs" wrap="wrap">
              <Code block style={{ flex: '1 1 16rem', minWidth: 0, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="integration-secret" ref={secretRef}>
                {created.secret}
              </Code>
              <CopySecretButton value={created.secret} target={secretRef} testId="integration-copy" />
            </Group>
          </Stack>
        </Alert>
      )}

      {list.error && <ErrorAlert error={list.error} />}
      {list.data && list.data.items.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('tset.noIntegrations')}
        </Text>
      )}
      {list.data && (
        <TableOrCards
          rows={list.data.items.map(describe)}
          testId="integrations-table"
          titleColumn={t('tset.name')}
          minWidth={420}
        />
      )}

      <form onSubmit={submit} data-testid="integration-form">
        <Stack gap="xs" mt="md">
          <Group gap="sm" align="flex-end" wrap="wrap">
            <TextInput label={t('tset.name')} value={form.name} onChange={(e) => set('name', e.currentTarget.value)} required data-testid="integration-name" />
            <NativeSelect
              label={t('tset.kind')}
              value={form.kind}
              onChange={(e) => set('kind', e.currentTarget.value as IntegrationKind)}
              data={INTEGRATION_KINDS.map((k) => ({ value: k, label: t(`tset.kind.${k}`) }))}
              data-testid="integration-kind"
            />
          </Group>
          <IntegrationSettingsFields form={form} set={set} errors={errors} />
          {create.error && <ErrorAlert error={create.error} isShown={(path) => path.startsWith('config.') && path in errors} />}
          {toggle.error && <ErrorAlert error={toggle.error} />}
          <Button type="submit" w="fit-content" loading={create.isPending} disabled={!form.name.trim()} data-testid="integration-submit">
            {t('tset.create')}
          </Button>
        </Stack>
      </form>
      {editing && <EditIntegrationModal integration={editing} onClose={() => setEditing(null)} />}
      {rotating && (
        <ConfirmModal
          title={t('tset.newSecretTitle', { name: rotating.name })}
          confirmLabel={t('tset.newSecret')}
          color="orange"
          pending={rotate.isPending}
          onConfirm={() => rotate.mutate(rotating)}
          onClose={() => setRotating(null)}
          testId="integration-rotate"
        >
          <Text size="sm">{t('tset.newSecretBody')}</Text>
          {rotate.error && <ErrorAlert error={rotate.error} />}
        </ConfirmModal>
      )}
    </Card>
  );
}

/** Rename an integration or change its settings; its kind stays, secrets left blank are kept. */
function EditIntegrationModal({ integration, onClose }: { integration: Integration; onClose: () => void }) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<IntegrationForm>(() => formOf(integration));
  const set = <K extends keyof IntegrationForm>(key: K, value: IntegrationForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const save = useMutation({
    meta: { inlineErrors: true },
    mutationFn: () =>
      api.patch<Integration>(`/api/telephony/integrations/${integration.id}`, {
        name: form.name.trim(),
        ...(integration.kind === 'generic' ? {} : { config: configOf(form) }),
      }),
    onSuccess: (saved) => {
      notifications.show({ color: 'teal', message: t('tset.integrationSaved', { name: saved.name }), 'data-testid': 'integration-saved' });
      void queryClient.invalidateQueries({ queryKey: ['telephony', 'integrations'] });
      onClose();
    },
  });
  const errors = fieldErrorsIn(save.error, lang);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form.name.trim()) save.mutate();
  };
  return (
    <Modal opened onClose={onClose} size="lg" title={t('tset.editTitle', { name: integration.name })} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} data-testid="integration-edit-form">
        <Stack gap="sm">
          <Group gap="sm" align="flex-end" wrap="wrap">
            <TextInput label={t('tset.name')} value={form.name} onChange={(e) => set('name', e.currentTarget.value)} required data-testid="integration-edit-name" data-autofocus />
            <Text size="sm" c="dimmed">
              {t(`tset.kind.${integration.kind}`)}
            </Text>
          </Group>
          <IntegrationSettingsFields form={form} set={set} editing errors={errors} />
          {save.error && <ErrorAlert error={save.error} isShown={(path) => path.startsWith('config.') && path in errors} />}
          <FormActions onCancel={onClose} submitLabel={t('common.save')} pending={save.isPending} disabled={!form.name.trim()} submitTestId="integration-edit-submit" />
        </Stack>
      </form>
    </Modal>
  );
}

/** The settings of a Twilio or Asterisk integration (a generic webhook has none). */
function IntegrationSettingsFields({
  form,
  set,
  editing = false,
  errors = {},
}: {
  form: IntegrationForm;
  set: <K extends keyof IntegrationForm>(key: K, value: IntegrationForm[K]) => void;
  editing?: boolean;
  /** Field errors of the last save, by the answer's path (`config.amiHost`). */
  errors?: Record<string, string>;
}) {
  const { t } = useI18n();
  const error = (key: Exclude<keyof IntegrationForm, 'name' | 'kind'>) => errors[`config.${key}`];
  // On edit a blank secret keeps the stored one, which is never shown.
  const secretHint = editing ? t('tset.secretKept') : undefined;
  return (
    <>
          {form.kind === 'twilio' && (
            <Group gap="sm" wrap="wrap">
              <PasswordField description={secretHint} label={t('tset.twilioToken')} value={form.twilioAuthToken} error={error('twilioAuthToken')} onChange={(e) => set('twilioAuthToken', e.currentTarget.value)} />
              <TextInput label={t('tset.forwardTo')} value={form.forwardTo} error={error('forwardTo')} onChange={(e) => set('forwardTo', e.currentTarget.value)} placeholder="+33…" />
              {/* Click-to-call through Twilio's REST API. */}
              <TextInput label={t('tset.twilioAccountSid')} value={form.twilioAccountSid} error={error('twilioAccountSid')} onChange={(e) => set('twilioAccountSid', e.currentTarget.value)} placeholder="AC…" />
              <TextInput label={t('tset.twilioCallerId')} value={form.twilioCallerId} error={error('twilioCallerId')} onChange={(e) => set('twilioCallerId', e.currentTarget.value)} placeholder="+33…" />
            </Group>
          )}
          {form.kind === 'asterisk' && (
            <Group gap="sm" wrap="wrap">
              <TextInput label={t('tset.amiHost')} value={form.amiHost} error={error('amiHost')} onChange={(e) => set('amiHost', e.currentTarget.value)} data-testid="integration-ami-host" />
              <TextInput label={t('tset.amiPort')} value={form.amiPort} error={error('amiPort')} onChange={(e) => set('amiPort', e.currentTarget.value.replace(/\D/g, ''))} w={90} />
              <TextInput label={t('tset.amiUsername')} value={form.amiUsername} error={error('amiUsername')} onChange={(e) => set('amiUsername', e.currentTarget.value)} />
              <PasswordField description={secretHint} label={t('tset.amiSecret')} value={form.amiSecret} error={error('amiSecret')} onChange={(e) => set('amiSecret', e.currentTarget.value)} />
              {/* Click-to-call: how Asterisk reaches the user's extension and dials out. */}
              <TextInput label={t('tset.amiChannelTechnology')} value={form.amiChannelTechnology} error={error('amiChannelTechnology')} onChange={(e) => set('amiChannelTechnology', e.currentTarget.value)} w={120} data-testid="integration-ami-channel" />
              <TextInput label={t('tset.amiContext')} value={form.amiContext} error={error('amiContext')} onChange={(e) => set('amiContext', e.currentTarget.value)} data-testid="integration-ami-context" />
              <NativeSelect
                label={t('tset.amiDialFormat')}
                value={form.amiDialFormat} error={error('amiDialFormat')}
                onChange={(e) => set('amiDialFormat', e.currentTarget.value as DialFormat)}
                data={DIAL_FORMATS.map((f) => ({ value: f, label: t(`tset.dialFormat.${f}`) }))}
                data-testid="integration-ami-dial-format"
              />
              <TextInput
                label={t('tset.amiVoicemailContext')}
                description={t('tset.amiVoicemailContextHint')}
                value={form.amiVoicemailContext} error={error('amiVoicemailContext')}
                onChange={(e) => set('amiVoicemailContext', e.currentTarget.value)}
                data-testid="integration-ami-voicemail-context"
              />
            </Group>
          )}
    </>
  );
}

function ExtensionsCard() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const { users, nameOf } = useUsers();
  const [extension, setExtension] = useState('');
  const [userId, setUserId] = useState('');
  const list = useQuery({ queryKey: ['telephony', 'extensions'], queryFn: () => api.get<Page<Extension>>('/api/telephony/extensions') });
  const save = useMutation({
    meta: { inlineErrors: true },
    mutationFn: (body: Extension) => api.put<Extension>('/api/telephony/extensions', body),
    onSuccess: (result) => {
      notifications.show({ color: 'teal', message: t('tset.extensionSaved', { extension: result.extension, name: nameOf(result.userId) }), 'data-testid': 'extension-saved' });
      setExtension('');
      setUserId('');
      void queryClient.invalidateQueries({ queryKey: ['telephony', 'extensions'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (extension.trim() && userId) save.mutate({ extension: extension.trim(), userId });
  };

  return (
    <Card withBorder data-testid="extensions-card">
      <Title order={2} size="h4">{t('tset.extensions')}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('tset.extensionsIntro')}
      </Text>
      {list.error && <ErrorAlert error={list.error} />}
      {list.data && list.data.items.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('tset.noExtensions')}
        </Text>
      )}
      {list.data && list.data.items.length > 0 && (
        <Table verticalSpacing={4} data-testid="extensions-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('tset.extension')}</Table.Th>
              <Table.Th>{t('tset.user')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.items.map((e) => (
              <Table.Tr key={e.extension} data-testid="extension-row">
                <Table.Td>{e.extension}</Table.Td>
                <Table.Td>{nameOf(e.userId) || e.userId}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <form onSubmit={submit} data-testid="extension-form">
        <Group gap="sm" align="flex-end" mt="md" wrap="wrap">
          <TextInput label={t('tset.extension')} value={extension} onChange={(e) => setExtension(e.currentTarget.value)} w={120} required data-testid="extension-number" />
          <NativeSelect
            label={t('tset.user')}
            value={userId}
            onChange={(e) => setUserId(e.currentTarget.value)}
            data={[{ value: '', label: t('tset.chooseUser') }, ...users.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))]}
            data-testid="extension-user"
          />
          <Button type="submit" loading={save.isPending} disabled={!extension.trim() || !userId} data-testid="extension-submit">
            {t('tset.mapExtension')}
          </Button>
        </Group>
        {save.error && <ErrorAlert error={save.error} />}
      </form>
    </Card>
  );
}

function PressureRulesCard() {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const scopeLabel = useScopeLabel();
  const relationshipLabel = useRelationshipLabel();
  const types = useQuery({ queryKey: ['relationship-types'], queryFn: () => api.get<Page<RelationshipType>>('/api/relationship-types'), staleTime: 10 * 60_000 });
  const [scopeType, setScopeType] = useState<'relationship' | 'tag'>('relationship');
  const [scopeValue, setScopeValue] = useState('');
  const [max, setMax] = useState<number | string>(3);
  const [days, setDays] = useState<number | string>(7);
  const rules = useQuery({ queryKey: ['pressure', 'rules'], queryFn: () => api.get<Page<PressureRule>>('/api/pressure/rules') });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['pressure'] });
  const add = useMutation({
    meta: { inlineErrors: true },
    mutationFn: () => api.create<PressureRule>('/api/pressure/rules', { scopeType, scopeValue: scopeValue.trim(), maxContacts: Number(max), periodDays: Number(days) }),
    onSuccess: () => {
      setScopeValue('');
      void refresh();
    },
  });
  const remove = useMutation({ mutationFn: (id: string) => api.delete(`/api/pressure/rules/${id}`), onSettled: refresh });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (scopeValue.trim()) add.mutate();
  };
  const relationshipOptions = (types.data?.items ?? []).map((r) => ({ value: r.key, label: relationshipLabel(r.key) }));
  const tagOptions = [...useTags()].sort((a, b) => a.localeCompare(b, lang));

  return (
    <Card withBorder data-testid="pressure-rules-card">
      <Title order={2} size="h4">{t('tset.pressure')}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('tset.pressureIntro')}
      </Text>
      {rules.error && <ErrorAlert error={rules.error} />}
      {rules.data && rules.data.items.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('tset.noRules')}
        </Text>
      )}
      <Stack gap={4}>
        {(rules.data?.items ?? []).map((rule) => (
          <Group key={rule.id} justify="space-between" wrap="nowrap" data-testid="pressure-rule">
            <Text size="sm">
              <Text span fw={600}>
                {scopeLabel(rule.scopeType, rule.scopeValue)}
              </Text>
              {' — '}
              {t('tset.ruleText', { max: rule.maxContacts, days: rule.periodDays })}
            </Text>
            <Tooltip label={t('common.delete')}>
              <ActionIcon variant="subtle" color="red" aria-label={t('common.delete')} onClick={() => remove.mutate(rule.id)} data-testid="pressure-rule-delete">
                ×
              </ActionIcon>
            </Tooltip>
          </Group>
        ))}
      </Stack>
      <form onSubmit={submit} data-testid="pressure-rule-form">
        <Group gap="sm" align="flex-end" mt="md" wrap="wrap">
          <NativeSelect
            label={t('tset.scopeType')}
            value={scopeType}
            onChange={(e) => {
              setScopeType(e.currentTarget.value as 'relationship' | 'tag');
              setScopeValue('');
            }}
            data={[
              { value: 'relationship', label: t('tset.scope.relationship') },
              { value: 'tag', label: t('tset.scope.tag') },
            ]}
            data-testid="pressure-rule-scope-type"
          />
          {scopeType === 'relationship' && relationshipOptions.length > 0 ? (
            <NativeSelect
              label={t('tset.scopeValue')}
              value={scopeValue}
              onChange={(e) => setScopeValue(e.currentTarget.value)}
              data={[{ value: '', label: '—' }, ...relationshipOptions]}
              data-testid="pressure-rule-scope-value"
            />
          ) : scopeType === 'tag' && tagOptions.length > 0 ? (
            // Picked from the tags records carry (stored in lower case): a cap typed "VIP" would
            // otherwise look right and match nobody.
            <Select
              label={t('tset.scopeValue')}
              placeholder={t('tset.pickTag')}
              data={tagOptions}
              value={scopeValue || null}
              onChange={(value) => setScopeValue(value ?? '')}
              searchable
              nothingFoundMessage={t('tset.noSuchTag')}
              w={200}
              data-testid="pressure-rule-scope-value"
            />
          ) : (
            <TextInput
              label={t('tset.scopeValue')}
              value={scopeValue}
              onChange={(e) => setScopeValue(scopeType === 'tag' ? e.currentTarget.value.toLowerCase() : e.currentTarget.value)}
              data-testid="pressure-rule-scope-value"
            />
          )}
          <NumberInput label={t('tset.maxContacts')} value={max} onChange={setMax} min={0} max={1000} w={120} data-testid="pressure-rule-max" />
          <NumberInput label={t('tset.periodDays')} value={days} onChange={setDays} min={1} max={366} w={120} data-testid="pressure-rule-days" />
          <Button type="submit" loading={add.isPending} disabled={!scopeValue.trim()} data-testid="pressure-rule-submit">
            {t('tset.addRule')}
          </Button>
        </Group>
        {add.error && <ErrorAlert error={add.error} />}
      </form>
    </Card>
  );
}
