import { useState, type FormEvent } from 'react';
import { ActionIcon, Badge, Button, Card, Checkbox, Group, MultiSelect, NativeSelect, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link } from 'react-router';
import { useI18n } from '../i18n/useI18n.js';
import { useAuth } from '../auth/useAuth.js';
import { localiseIssue } from '../features/forms/validationMessages.js';
import { DurationInput } from '../features/forms/DurationInput.js';
import { durationInWords } from '../features/forms/isoDuration.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { FormActions } from '../components/FormActions.js';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../lib/api.js';
import { ApiError } from '../lib/ApiError.js';
import { localLabel } from '../features/requests/labels.js';
import { CORE_REQUIRABLE, PRIORITIES, type Priority, type RequestFieldDef, type RequestStatusDef, type RequestType } from '../features/requests/types.js';
import { useRequestTypes, useTeams } from '../features/requests/useRequests.js';

interface Draft {
  key: string;
  labelFr: string;
  labelEn: string;
  teamId: string;
  statuses: RequestStatusDef[];
  fields: RequestFieldDef[];
  sla: Record<Priority, string>;
  warnBefore: string;
}

/** The form's draft of an existing type, to edit it. */
const draftOf = (type: RequestType): Draft => ({
  key: type.key,
  labelFr: type.labelFr,
  labelEn: type.labelEn,
  teamId: type.teamId ?? '',
  statuses: type.definition.statuses.map((status) => ({ ...status, required: [...status.required] })),
  fields: type.definition.fields.map((field) => ({ ...field })),
  sla: { low: '', normal: '', high: '', urgent: '', ...type.definition.sla.byPriority },
  warnBefore: type.definition.sla.warnBefore ?? '',
});

const emptyDraft = (): Draft => ({
  key: '',
  labelFr: '',
  labelEn: '',
  teamId: '',
  statuses: [
    { key: 'new', labelFr: 'Nouvelle', labelEn: 'New', terminal: false, required: [] },
    { key: 'in_progress', labelFr: 'En cours', labelEn: 'In progress', terminal: false, required: ['assigneeId'] },
    { key: 'resolved', labelFr: 'Résolue', labelEn: 'Resolved', terminal: true, required: ['resolutionNote'] },
  ],
  fields: [],
  sla: { low: '', normal: '', high: '', urgent: '' },
  warnBefore: '',
});

/** Managers: the request types (workflow, required fields per status, own fields, deadlines per priority). */
export function RequestTypesPage() {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const { types } = useRequestTypes();
  const teams = useTeams();
  const [creating, setCreating] = useState(false);
  const [editingId, setEditingId] = useState<string | null>(null);
  const isManager = user?.role === 'manager' || user?.role === 'admin';
  const teamName = (id: string | null) => teams.data?.find((team) => team.id === id)?.name ?? t('common.none');
  const requiredLabel = (type: RequestType, path: string) =>
    path.startsWith('fields.') ? localLabel(type.definition.fields.find((f) => `fields.${f.key}` === path), lang, path.slice(7)) : t(`requestTypes.core.${path as (typeof CORE_REQUIRABLE)[number]}`);

  return (
    <Stack maw={1000}>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">{t('requestTypes.title')}</Title>
        <Group gap="xs">
          {isManager && (
            <Button component={Link} to="/settings/teams" variant="default" data-testid="teams-settings-link">
              {t('teams.open')}
            </Button>
          )}
          {isManager && !creating && (
            <Button onClick={() => setCreating(true)} data-testid="request-type-new">
              {t('requestTypes.new')}
            </Button>
          )}
        </Group>
      </Group>
      {creating && <RequestTypeForm onDone={() => setCreating(false)} />}
      {types.length === 0 && <Text c="dimmed">{t('requestTypes.empty')}</Text>}
      {types.map((type) =>
        editingId === type.id ? (
          <RequestTypeForm key={type.id} editing={type} onDone={() => setEditingId(null)} />
        ) : (
        <Card key={type.id} withBorder data-testid="request-type-item">
          <Stack gap="xs">
            <Group justify="space-between" wrap="wrap">
              <Title order={2} size="h4">{localLabel(type, lang, type.key)}</Title>
              <Group gap="xs">
                <Text size="sm" c="dimmed">
                  {type.key} · {t('requestTypes.teamIs', { team: teamName(type.teamId) })}
                </Text>
                {isManager && (
                  <Button size="xs" variant="default" onClick={() => setEditingId(type.id)} data-testid="request-type-edit">
                    {t('requestTypes.edit')}
                  </Button>
                )}
              </Group>
            </Group>
            <Group gap={6} wrap="wrap">
              {type.definition.statuses.map((status, index) => (
                <Group key={status.key} gap={4} wrap="nowrap">
                  {index > 0 && <Text c="dimmed">→</Text>}
                  <Badge tt="none" variant={status.terminal ? 'filled' : 'outline'} color={status.terminal ? 'teal' : 'blue'} title={status.required.map((path) => requiredLabel(type, path)).join(', ')}>
                    {localLabel(status, lang, status.key)}
                    {status.required.length > 0 ? ` (${status.required.map((path) => requiredLabel(type, path)).join(', ')})` : ''}
                    {status.next ? ` → ${status.next.map((key) => localLabel(type.definition.statuses.find((s) => s.key === key), lang, key)).join(', ') || '∅'}` : ''}
                  </Badge>
                </Group>
              ))}
            </Group>
            {type.definition.fields.length > 0 && (
              <Text size="sm">
                {t('requestTypes.fieldsAre', { fields: type.definition.fields.map((field) => localLabel(field, lang, field.key)).join(', ') })}
              </Text>
            )}
            <Text size="sm" c="dimmed">
              {PRIORITIES.filter((priority) => type.definition.sla.byPriority[priority])
                .map((priority) => `${t(`requests.priority.${priority}`)} ${durationInWords(type.definition.sla.byPriority[priority]!, lang)}`)
                .join(' · ') || t('requestTypes.noSla')}
              {type.definition.sla.warnBefore ? ` · ${t('requestTypes.warnBeforeIs', { duration: durationInWords(type.definition.sla.warnBefore, lang) })}` : ''}
            </Text>
          </Stack>
        </Card>
        ),
      )}
    </Stack>
  );
}

/** Creates a type, or edits `editing` (same form; its key stays, its version guards against lost edits). */
function RequestTypeForm({ onDone, editing }: { onDone: () => void; editing?: RequestType }) {
  const { t, lang } = useI18n();
  const teams = useTeams();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => (editing ? draftOf(editing) : emptyDraft()));
  const create = useMutation({
    meta: { inlineErrors: true },
    mutationFn: (body: Record<string, unknown>) => {
      if (!editing) return api.create<RequestType>('/api/request-types', body);
      const { key: _key, ...changes } = body;
      return api.patch<RequestType>(`/api/request-types/${editing.id}`, { ...changes, version: editing.version });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['requestTypes'] });
      notifications.show({ color: 'teal', message: t(editing ? 'requestTypes.saved' : 'requestTypes.created'), 'data-testid': 'request-type-created' });
      onDone();
    },
  });
  const issues = create.error instanceof ApiError ? create.error.issues : [];
  // The paths this form shows beside their field: the alert below leaves them out (it would repeat
  // them under the API's names, "definition.sla.byPriority.normal").
  const shownBeside = new Set<string>();
  const errorOf = (path: string) => {
    shownBeside.add(path);
    const issue = issues.find((i) => i.path === path);
    return issue && localiseIssue(issue, t, lang);
  };
  const setStatus = (index: number, patch: Partial<RequestStatusDef>) =>
    setDraft((d) => ({ ...d, statuses: d.statuses.map((status, i) => (i === index ? { ...status, ...patch } : status)) }));
  const setField = (index: number, patch: Partial<RequestFieldDef>) =>
    setDraft((d) => ({ ...d, fields: d.fields.map((field, i) => (i === index ? { ...field, ...patch } : field)) }));
  const requirable = [
    ...CORE_REQUIRABLE.map((path) => ({ value: path, label: t(`requestTypes.core.${path}`) })),
    ...draft.fields.filter((field) => field.key.trim()).map((field) => ({ value: `fields.${field.key.trim()}`, label: field.labelFr || field.labelEn || field.key })),
  ];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const fieldKeys = new Set(draft.fields.map((field) => `fields.${field.key.trim()}`));
    const statusKeys = new Set(draft.statuses.map((status) => status.key.trim()));
    const byPriority = Object.fromEntries(PRIORITIES.filter((p) => draft.sla[p].trim()).map((p) => [p, draft.sla[p].trim().toUpperCase()]));
    create.mutate({
      key: draft.key.trim(),
      labelFr: draft.labelFr.trim(),
      labelEn: draft.labelEn.trim() || draft.labelFr.trim(),
      teamId: draft.teamId || null,
      definition: {
        statuses: draft.statuses.map((status) => ({
          key: status.key.trim(),
          labelFr: status.labelFr.trim(),
          labelEn: status.labelEn.trim() || status.labelFr.trim(),
          terminal: status.terminal,
          // A field removed since it was chosen is no longer required.
          required: status.required.filter((path) => !path.startsWith('fields.') || fieldKeys.has(path)),
          // A status removed since is no longer a next step; none chosen means any.
          ...(status.next?.length && { next: status.next.filter((key) => statusKeys.has(key)) }),
        })),
        fields: draft.fields.map((field) => ({ key: field.key.trim(), labelFr: field.labelFr.trim(), labelEn: field.labelEn.trim() || field.labelFr.trim(), type: field.type })),
        sla: { byPriority, ...(draft.warnBefore.trim() && { warnBefore: draft.warnBefore.trim().toUpperCase() }) },
      },
    });
  };

  return (
    <Card withBorder>
      <form onSubmit={submit} data-testid="request-type-form">
        <Stack gap="sm">
          <Title order={2} size="h4">{editing ? t('requestTypes.editTitle', { name: editing.labelFr || editing.key }) : t('requestTypes.new')}</Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label={t('requestTypes.labelFr')} withAsterisk value={draft.labelFr} onChange={(e) => { const v = e.currentTarget.value; setDraft((d) => ({ ...d, labelFr: v })); }} error={errorOf('labelFr')} data-autofocus data-testid="request-type-label-fr" />
            <TextInput label={t('requestTypes.labelEn')} value={draft.labelEn} onChange={(e) => { const v = e.currentTarget.value; setDraft((d) => ({ ...d, labelEn: v })); }} error={errorOf('labelEn')} data-testid="request-type-label-en" />
            <TextInput label={t('requestTypes.key')} description={t('requestTypes.keyHint')} withAsterisk value={draft.key} disabled={Boolean(editing)} onChange={(e) => { const v = e.currentTarget.value; setDraft((d) => ({ ...d, key: v })); }} error={errorOf('key')} data-testid="request-type-key" />
            <NativeSelect
              label={t('requestTypes.team')}
              description={t('requestTypes.teamHint')}
              value={draft.teamId}
              onChange={(e) => { const v = e.currentTarget.value; setDraft((d) => ({ ...d, teamId: v })); }}
              data={[{ value: '', label: t('common.none') }, ...(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))]}
              data-testid="request-type-team"
            />
          </SimpleGrid>

          <Text fw={600} size="sm">
            {t('requestTypes.fields')}
          </Text>
          {draft.fields.map((field, index) => (
            <Group key={index} gap="xs" align="flex-start" wrap="wrap" data-testid="request-type-field">
              <TextInput aria-label={t('requestTypes.key')} placeholder={t('requestTypes.key')} value={field.key} onChange={(e) => setField(index, { key: e.currentTarget.value })} error={errorOf(`definition.fields.${index}.key`)} w={160} />
              <TextInput aria-label={t('requestTypes.labelFr')} placeholder={t('requestTypes.labelFr')} value={field.labelFr} onChange={(e) => setField(index, { labelFr: e.currentTarget.value })} style={{ flex: 1, minWidth: 140 }} />
              <TextInput aria-label={t('requestTypes.labelEn')} placeholder={t('requestTypes.labelEn')} value={field.labelEn} onChange={(e) => setField(index, { labelEn: e.currentTarget.value })} style={{ flex: 1, minWidth: 140 }} />
              <NativeSelect
                aria-label={t('requestTypes.fieldType')}
                value={field.type}
                onChange={(e) => setField(index, { type: e.currentTarget.value as RequestFieldDef['type'] })}
                data={(['text', 'number', 'date'] as const).map((type) => ({ value: type, label: t(`requestTypes.fieldType.${type}`) }))}
              />
              <ActionIcon variant="subtle" color="red" size="lg" aria-label={t('common.remove')} onClick={() => setDraft((d) => ({ ...d, fields: d.fields.filter((_, i) => i !== index) }))}>
                ×
              </ActionIcon>
            </Group>
          ))}
          <Button variant="default" size="xs" w="fit-content" onClick={() => setDraft((d) => ({ ...d, fields: [...d.fields, { key: '', labelFr: '', labelEn: '', type: 'text' }] }))} data-testid="request-type-add-field">
            {t('requestTypes.addField')}
          </Button>

          <Text fw={600} size="sm">
            {t('requestTypes.statuses')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('requestTypes.statusesHint')}
          </Text>
          {draft.statuses.map((status, index) => (
            <Group key={index} gap="xs" align="flex-start" wrap="wrap" data-testid="request-type-status">
              <TextInput aria-label={t('requestTypes.key')} placeholder={t('requestTypes.key')} value={status.key} onChange={(e) => setStatus(index, { key: e.currentTarget.value })} error={errorOf(`definition.statuses.${index}.key`)} w={130} />
              <TextInput aria-label={t('requestTypes.labelFr')} placeholder={t('requestTypes.labelFr')} value={status.labelFr} onChange={(e) => setStatus(index, { labelFr: e.currentTarget.value })} w={150} />
              <TextInput aria-label={t('requestTypes.labelEn')} placeholder={t('requestTypes.labelEn')} value={status.labelEn} onChange={(e) => setStatus(index, { labelEn: e.currentTarget.value })} w={150} />
              <MultiSelect
                aria-label={t('requestTypes.required')}
                placeholder={status.required.length ? undefined : t('requestTypes.required')}
                data={requirable}
                value={status.required.filter((path) => requirable.some((option) => option.value === path))}
                onChange={(required) => setStatus(index, { required })}
                style={{ flex: 1, minWidth: 200 }}
                comboboxProps={{ withinPortal: true }}
                data-testid="request-type-status-required"
              />
              <MultiSelect
                aria-label={t('requestTypes.next')}
                placeholder={status.next?.length ? undefined : t('requestTypes.nextAny')}
                data={draft.statuses.filter((other, i) => i !== index && other.key.trim()).map((other) => ({ value: other.key.trim(), label: other.labelFr || other.labelEn || other.key }))}
                value={(status.next ?? []).filter((key) => draft.statuses.some((other) => other.key.trim() === key))}
                onChange={(next) => setStatus(index, { next })}
                w={200}
                comboboxProps={{ withinPortal: true }}
                data-testid="request-type-status-next"
              />
              <Checkbox mt={8} label={t('requestTypes.terminal')} checked={status.terminal} onChange={(e) => setStatus(index, { terminal: e.currentTarget.checked })} />
              <ActionIcon variant="subtle" color="red" size="lg" aria-label={t('common.remove')} disabled={draft.statuses.length <= 2} onClick={() => setDraft((d) => ({ ...d, statuses: d.statuses.filter((_, i) => i !== index) }))}>
                ×
              </ActionIcon>
            </Group>
          ))}
          <Button variant="default" size="xs" w="fit-content" onClick={() => setDraft((d) => ({ ...d, statuses: [...d.statuses, { key: '', labelFr: '', labelEn: '', terminal: false, required: [] }] }))} data-testid="request-type-add-status">
            {t('requestTypes.addStatus')}
          </Button>

          <Text fw={600} size="sm">
            {t('requestTypes.sla')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('requestTypes.slaHint')}
          </Text>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
            {PRIORITIES.map((priority) => (
              <DurationInput
                key={priority}
                label={t(`requests.priority.${priority}`)}
                value={draft.sla[priority]}
                onChange={(v) => setDraft((d) => ({ ...d, sla: { ...d.sla, [priority]: v } }))}
                error={errorOf(`definition.sla.byPriority.${priority}`)}
                testId={`request-type-sla-${priority}`}
              />
            ))}
            <DurationInput
              label={t('requestTypes.warnBefore')}
              value={draft.warnBefore}
              onChange={(v) => setDraft((d) => ({ ...d, warnBefore: v }))}
              error={errorOf('definition.sla.warnBefore')}
              testId="request-type-warn-before"
            />
          </SimpleGrid>

          {create.error && <ErrorAlert error={create.error} isShown={(path) => shownBeside.has(path)} />}
          <FormActions onCancel={onDone} submitLabel={editing ? t('requestTypes.save') : t('requestTypes.create')} pending={create.isPending} submitTestId="request-type-submit" />
        </Stack>
      </form>
    </Card>
  );
}
