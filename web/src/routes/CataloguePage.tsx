import { useState, type FormEvent, type ReactNode } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  List,
  Modal,
  NativeSelect,
  Pill,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../lib/api.js';
import { ApiError } from '../lib/ApiError.js';
import type { CustomFieldDefinition, EntityType } from '../lib/types.js';
import { useAuth } from '../auth/useAuth.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { FormActions } from '../components/FormActions.js';
import { useI18n } from '../i18n/useI18n.js';
import { RefusedPage } from '../components/RefusedPage.js';
import { ConfirmDeleteModal } from '../features/admin/ConfirmDeleteModal.js';
import { TableOrCards, type DescribedRow, type RowCell } from '../features/lists/TableOrCards.js';
import { fieldErrorsIn, isTaken, useCustomFieldDefinitions, useRelationshipTypes, type RelationshipType } from '../features/admin/useAdmin.js';

const FIELD_TYPES: CustomFieldDefinition['type'][] = ['text', 'number', 'date', 'boolean', 'choice'];
const ENTITY_TYPES: EntityType[] = ['person', 'organisation'];

/**
 * Relationship types and custom-field definitions. Managers and admins see both; relationship
 * types are edited by admins, custom fields defined by managers and admins (docs/permissions.md).
 */
export function CataloguePage() {
  const { t } = useI18n();
  const { user } = useAuth();
  if (user?.role !== 'admin' && user?.role !== 'manager') return <RefusedPage title={t('catalogue.title')}>{t('error.FORBIDDEN')}</RefusedPage>;
  return (
    <Stack maw={1000}>
      <Title order={1} size="h2">{t('catalogue.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('catalogue.intro')}
      </Text>
      <RelationshipTypesCard canEdit={user.role === 'admin'} />
      <CustomFieldsCard />
    </Stack>
  );
}

/** The column of an entry's key, as the API and imports spell it. */
function keyCell(label: string, key: string): RowCell {
  return {
    id: 'key',
    label,
    value: (
      <Text span ff="monospace" size="sm">
        {key}
      </Text>
    ),
  };
}

/** A catalogue's card: its title and intro, its table (cards on a phone, or why there is none), then its forms. */
function CatalogueTableCard<T>({
  testId,
  title,
  intro,
  error,
  items,
  emptyText,
  minWidth,
  describe,
  children,
}: {
  testId: string;
  title: string;
  intro: string;
  error: unknown;
  items: T[] | undefined;
  emptyText: string;
  minWidth: number;
  describe: (item: T) => DescribedRow;
  children: ReactNode;
}) {
  return (
    <Card withBorder data-testid={testId}>
      <Title order={2} size="h4">
        {title}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {intro}
      </Text>
      {Boolean(error) && <ErrorAlert error={error} />}
      {items && items.length === 0 && <Text c="dimmed">{emptyText}</Text>}
      <TableOrCards rows={items?.map(describe) ?? []} minWidth={minWidth} />
      {children}
    </Card>
  );
}

function RelationshipTypesCard({ canEdit }: { canEdit: boolean }) {
  const { t, lang } = useI18n();
  const types = useRelationshipTypes();
  const [renaming, setRenaming] = useState<RelationshipType | null>(null);
  const [deleting, setDeleting] = useState<RelationshipType | null>(null);
  const label = (type: RelationshipType) => (lang === 'fr' ? type.labelFr : type.labelEn);
  return (
    <CatalogueTableCard
      testId="relationship-types-card"
      title={t('catalogue.types')}
      intro={t('catalogue.typesIntro')}
      error={types.error}
      items={types.data?.items}
      emptyText={t('catalogue.noTypes')}
      minWidth={520}
      describe={(type) => ({
        key: type.key,
        testId: 'relationship-type-row',
        attributes: { 'data-key': type.key },
        title: label(type),
        cells: [
          keyCell(t('catalogue.key'), type.key),
          { id: 'labelEn', label: t('catalogue.labelEn'), value: <span data-testid="relationship-type-label-en">{type.labelEn}</span> },
          { id: 'labelFr', label: t('catalogue.labelFr'), value: <span data-testid="relationship-type-label-fr">{type.labelFr}</span> },
        ],
        actions: canEdit && (
          <>
            <Button size="compact-sm" variant="light" onClick={() => setRenaming(type)} data-testid="relationship-type-rename" aria-label={`${t('catalogue.rename')} ${label(type)}`}>
              {t('catalogue.rename')}
            </Button>
            <Button size="compact-sm" variant="light" color="red" onClick={() => setDeleting(type)} data-testid="relationship-type-delete" aria-label={`${t('common.delete')} ${label(type)}`}>
              {t('common.delete')}
            </Button>
          </>
        ),
      })}
    >
      {canEdit && <CreateRelationshipTypeForm />}
      {renaming && <RenameTypeModal type={renaming} onClose={() => setRenaming(null)} />}
      {deleting && <DeleteTypeModal type={deleting} onClose={() => setDeleting(null)} />}
    </CatalogueTableCard>
  );
}

function CreateRelationshipTypeForm() {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const empty = { key: '', labelEn: '', labelFr: '' };
  const [form, setForm] = useState(empty);
  const create = useMutation({
    meta: { inlineErrors: true },
    mutationFn: () => api.create<RelationshipType>('/api/relationship-types', { key: form.key.trim(), labelEn: form.labelEn.trim(), labelFr: form.labelFr.trim() }),
    onSuccess: (type) => {
      notifications.show({ color: 'teal', message: t('catalogue.typeCreated', { label: lang === 'fr' ? type.labelFr : type.labelEn }), 'data-testid': 'relationship-type-created' });
      setForm(empty);
      void queryClient.invalidateQueries({ queryKey: ['relationship-types'] });
    },
  });
  // A key already taken is said so on the key; a refused format repeats the rule shown as the hint.
  const errors = fieldErrorsIn(create.error, lang, { key: 'catalogue.keyTaken' });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit} data-testid="relationship-type-form">
      <Group gap="sm" align="flex-start" wrap="wrap" mt="md">
        <TextInput label={t('catalogue.key')} description={t('catalogue.keyHint')} required value={form.key} onChange={(e) => setForm({ ...form, key: e.currentTarget.value })} error={errors.key && (isTaken(create.error) ? errors.key : t('catalogue.keyHint'))} data-testid="relationship-type-key" />
        <TextInput label={t('catalogue.labelEn')} required value={form.labelEn} onChange={(e) => setForm({ ...form, labelEn: e.currentTarget.value })} error={errors.labelEn} data-testid="relationship-type-new-label-en" />
        <TextInput label={t('catalogue.labelFr')} required value={form.labelFr} onChange={(e) => setForm({ ...form, labelFr: e.currentTarget.value })} error={errors.labelFr} data-testid="relationship-type-new-label-fr" />
      </Group>
      {create.error && <ErrorAlert error={create.error} isShown={(path) => path in errors} />}
      <Button type="submit" mt="sm" loading={create.isPending} data-testid="relationship-type-submit">
        {t('catalogue.addType')}
      </Button>
    </form>
  );
}

function RenameTypeModal({ type, onClose }: { type: RelationshipType; onClose: () => void }) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ labelEn: type.labelEn, labelFr: type.labelFr });
  const rename = useMutation({
    meta: { inlineErrors: true },
    mutationFn: () => api.patch<RelationshipType>(`/api/relationship-types/${encodeURIComponent(type.key)}`, { labelEn: form.labelEn.trim(), labelFr: form.labelFr.trim() }),
    onSuccess: (saved) => {
      notifications.show({ color: 'teal', message: t('catalogue.renamed', { label: lang === 'fr' ? saved.labelFr : saved.labelEn }), 'data-testid': 'relationship-type-renamed' });
      void queryClient.invalidateQueries({ queryKey: ['relationship-types'] });
      onClose();
    },
  });
  const errors = fieldErrorsIn(rename.error, lang);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    rename.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={t('catalogue.renameTitle', { key: type.key })} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} data-testid="relationship-type-rename-form">
        <Stack gap="sm">
          <TextInput label={t('catalogue.labelEn')} required value={form.labelEn} onChange={(e) => setForm({ ...form, labelEn: e.currentTarget.value })} error={errors.labelEn} data-testid="relationship-type-edit-label-en" data-autofocus />
          <TextInput label={t('catalogue.labelFr')} required value={form.labelFr} onChange={(e) => setForm({ ...form, labelFr: e.currentTarget.value })} error={errors.labelFr} data-testid="relationship-type-edit-label-fr" />
          {rename.error && <ErrorAlert error={rename.error} isShown={(path) => path in errors} />}
          <FormActions onCancel={onClose} submitLabel={t('common.save')} pending={rename.isPending} submitTestId="relationship-type-rename-submit" />
        </Stack>
      </form>
    </Modal>
  );
}

/** How a 409 says what still uses the type (`details` of the server's CONFLICT). */
interface TypeInUse {
  relationships: number;
  pressureRules: number;
  priorityRule: boolean;
}

function DeleteTypeModal({ type, onClose }: { type: RelationshipType; onClose: () => void }) {
  const { t, lang } = useI18n();
  const label = lang === 'fr' ? type.labelFr : type.labelEn;
  return (
    <ConfirmDeleteModal
      url={`/api/relationship-types/${encodeURIComponent(type.key)}`}
      queryKey={['relationship-types']}
      title={t('catalogue.deleteTitle', { label })}
      body={t('catalogue.deleteBody')}
      deletedMessage={t('catalogue.deleted', { label })}
      inUseTitle={t('catalogue.inUse', { label })}
      inUse={(details) => {
        const uses = details as TypeInUse;
        return (
          <List size="sm">
            {uses.relationships > 0 && <List.Item>{t('catalogue.inUseRelationships', { count: uses.relationships })}</List.Item>}
            {uses.pressureRules > 0 && <List.Item>{t('catalogue.inUsePressure', { count: uses.pressureRules })}</List.Item>}
            {uses.priorityRule && <List.Item>{t('catalogue.inUsePriority')}</List.Item>}
          </List>
        );
      }}
      testId="relationship-type"
      onClose={onClose}
    />
  );
}

function CustomFieldsCard() {
  const { t, lang } = useI18n();
  const fields = useCustomFieldDefinitions();
  const [editing, setEditing] = useState<CustomFieldDefinition | null>(null);
  const [deleting, setDeleting] = useState<CustomFieldDefinition | null>(null);
  const label = (field: CustomFieldDefinition) => (lang === 'fr' ? field.labelFr : field.labelEn);
  return (
    <CatalogueTableCard
      testId="custom-fields-card"
      title={t('catalogue.fields')}
      intro={t('catalogue.fieldsIntro')}
      error={fields.error}
      items={fields.data?.items}
      emptyText={t('catalogue.noFields')}
      minWidth={640}
      describe={(field) => ({
        key: field.id,
        testId: 'custom-field-row',
        attributes: { 'data-key': field.key },
        title: label(field),
        cells: [
          { id: 'entity', label: t('catalogue.entity'), value: t(`catalogue.entity.${field.entityType}`) },
          keyCell(t('catalogue.key'), field.key),
          { id: 'type', label: t('catalogue.type'), value: t(`catalogue.type.${field.type}`) },
          { id: 'labelEn', label: t('catalogue.labelEn'), value: <span data-testid="custom-field-label-en-cell">{field.labelEn}</span> },
          { id: 'labelFr', label: t('catalogue.labelFr'), value: <span data-testid="custom-field-label-fr-cell">{field.labelFr}</span> },
          {
            id: 'choices',
            label: t('catalogue.choices'),
            value: field.choices?.length ? (
              <Group gap={4}>
                {field.choices.map((choice) => (
                  <Badge key={choice} variant="light" size="sm" tt="none">
                    {choice}
                  </Badge>
                ))}
              </Group>
            ) : null,
          },
        ],
        actions: (
          <>
            <Button size="compact-sm" variant="light" onClick={() => setEditing(field)} data-testid="custom-field-edit" aria-label={`${t('common.edit')} ${label(field)}`}>
              {t('common.edit')}
            </Button>
            <Button size="compact-sm" variant="light" color="red" onClick={() => setDeleting(field)} data-testid="custom-field-delete" aria-label={`${t('common.delete')} ${label(field)}`}>
              {t('common.delete')}
            </Button>
          </>
        ),
      })}
    >
      <CreateFieldForm />
      {editing && <EditFieldModal field={editing} onClose={() => setEditing(null)} />}
      {deleting && (
        <ConfirmDeleteModal
          url={`/api/custom-fields/${encodeURIComponent(deleting.id)}`}
          queryKey={['custom-fields']}
          title={t('catalogue.deleteFieldTitle', { label: label(deleting) })}
          body={t('catalogue.deleteFieldBody')}
          deletedMessage={t('catalogue.fieldDeleted', { label: label(deleting) })}
          inUseTitle={t('catalogue.inUse', { label: label(deleting) })}
          inUse={(details) => <Text size="sm">{t('catalogue.fieldInUse', { count: (details as { records: number }).records })}</Text>}
          testId="custom-field"
          onClose={() => setDeleting(null)}
        />
      )}
    </CatalogueTableCard>
  );
}

/** Labels and, for a choice field, its choices; the key and type stay (values and filters use them). */
function EditFieldModal({ field, onClose }: { field: CustomFieldDefinition; onClose: () => void }) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ labelEn: field.labelEn, labelFr: field.labelFr, choices: field.choices ?? [] });
  const save = useMutation({
    meta: { inlineErrors: true },
    mutationFn: () =>
      api.patch<CustomFieldDefinition>(`/api/custom-fields/${encodeURIComponent(field.id)}`, {
        labelEn: form.labelEn.trim(),
        labelFr: form.labelFr.trim(),
        ...(field.type === 'choice' ? { choices: form.choices } : {}),
      }),
    onSuccess: (saved) => {
      notifications.show({ color: 'teal', message: t('catalogue.fieldSaved', { label: lang === 'fr' ? saved.labelFr : saved.labelEn }), 'data-testid': 'custom-field-saved' });
      void queryClient.invalidateQueries({ queryKey: ['custom-fields'] });
      onClose();
    },
  });
  const errors = fieldErrorsIn(save.error, lang);
  const choicesInUse =
    save.error instanceof ApiError && save.error.code === 'CONFLICT' ? ((save.error.details as { choicesInUse?: Record<string, number> } | undefined)?.choicesInUse ?? {}) : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={t('catalogue.editFieldTitle', { key: field.key })} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} data-testid="custom-field-edit-form">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('catalogue.fieldKeyTypeFixed')}
          </Text>
          <TextInput label={t('catalogue.labelEn')} required value={form.labelEn} onChange={(e) => setForm({ ...form, labelEn: e.currentTarget.value })} error={errors.labelEn} data-testid="custom-field-edit-label-en" data-autofocus />
          <TextInput label={t('catalogue.labelFr')} required value={form.labelFr} onChange={(e) => setForm({ ...form, labelFr: e.currentTarget.value })} error={errors.labelFr} data-testid="custom-field-edit-label-fr" />
          {field.type === 'choice' && (
            <TagsInput
              label={t('catalogue.choices')}
              description={t('catalogue.choicesHint')}
              required
              value={form.choices}
              onChange={(choices) => setForm({ ...form, choices })}
              error={errors.choices}
              // A remove button screen readers can name (Mantine's own is hidden from them).
              renderPill={({ option, onRemove }) => (
                <Pill withRemoveButton onRemove={onRemove} removeButtonProps={{ 'aria-hidden': false, 'aria-label': t('catalogue.removeChoice', { choice: String(option.value) }) }}>
                  {String(option.value)}
                </Pill>
              )}
              data-testid="custom-field-edit-choices"
            />
          )}
          {choicesInUse ? (
            <Alert color="orange" variant="light" role="alert" data-testid="custom-field-choices-in-use" title={t('catalogue.choicesInUse')}>
              <List size="sm">
                {Object.entries(choicesInUse).map(([choice, count]) => (
                  <List.Item key={choice}>{t('catalogue.choiceInUse', { choice, count })}</List.Item>
                ))}
              </List>
            </Alert>
          ) : (
            save.error && <ErrorAlert error={save.error} isShown={(path) => path in errors} />
          )}
          <FormActions onCancel={onClose} submitLabel={t('common.save')} pending={save.isPending} submitTestId="custom-field-edit-submit" />
        </Stack>
      </form>
    </Modal>
  );
}

function CreateFieldForm() {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const empty = { entityType: 'person' as EntityType, key: '', type: 'text' as CustomFieldDefinition['type'], labelEn: '', labelFr: '', choices: [] as string[] };
  const [form, setForm] = useState(empty);
  const create = useMutation({
    meta: { inlineErrors: true },
    mutationFn: () =>
      api.create<CustomFieldDefinition>('/api/custom-fields', {
        entityType: form.entityType,
        key: form.key.trim(),
        type: form.type,
        labelEn: form.labelEn.trim(),
        labelFr: form.labelFr.trim(),
        // Choices only mean something for a choice field; the others would keep stale ones.
        choices: form.type === 'choice' ? form.choices : [],
      }),
    onSuccess: (field) => {
      notifications.show({ color: 'teal', message: t('catalogue.fieldCreated', { label: lang === 'fr' ? field.labelFr : field.labelEn }), 'data-testid': 'custom-field-created' });
      setForm(empty);
      void queryClient.invalidateQueries({ queryKey: ['custom-fields'] });
    },
  });
  const errors = fieldErrorsIn(create.error, lang, { key: 'catalogue.fieldKeyTaken' });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit} data-testid="custom-field-form">
      <Group gap="sm" align="flex-start" wrap="wrap" mt="md">
        <NativeSelect
          label={t('catalogue.entity')}
          value={form.entityType}
          onChange={(e) => setForm({ ...form, entityType: e.currentTarget.value as EntityType })}
          data={ENTITY_TYPES.map((entity) => ({ value: entity, label: t(`catalogue.entity.${entity}`) }))}
          data-testid="custom-field-entity"
        />
        <TextInput label={t('catalogue.key')} description={t('catalogue.fieldKeyHint')} required value={form.key} onChange={(e) => setForm({ ...form, key: e.currentTarget.value })} error={errors.key && (isTaken(create.error) ? errors.key : t('catalogue.fieldKeyHint'))} data-testid="custom-field-key" />
        <NativeSelect
          label={t('catalogue.type')}
          value={form.type}
          onChange={(e) => setForm({ ...form, type: e.currentTarget.value as CustomFieldDefinition['type'] })}
          data={FIELD_TYPES.map((type) => ({ value: type, label: t(`catalogue.type.${type}`) }))}
          error={errors.type}
          data-testid="custom-field-type"
        />
      </Group>
      <Group gap="sm" align="flex-start" wrap="wrap" mt="xs">
        <TextInput label={t('catalogue.labelEn')} required value={form.labelEn} onChange={(e) => setForm({ ...form, labelEn: e.currentTarget.value })} error={errors.labelEn} data-testid="custom-field-label-en" />
        <TextInput label={t('catalogue.labelFr')} required value={form.labelFr} onChange={(e) => setForm({ ...form, labelFr: e.currentTarget.value })} error={errors.labelFr} data-testid="custom-field-label-fr" />
      </Group>
      {form.type === 'choice' && (
        <TagsInput
          mt="xs"
          maw={520}
          label={t('catalogue.choices')}
          description={t('catalogue.choicesHint')}
          required
          value={form.choices}
          onChange={(choices) => setForm({ ...form, choices })}
          error={errors.choices ?? Object.entries(errors).find(([path]) => path.startsWith('choices.'))?.[1]}
          data-testid="custom-field-choices"
        />
      )}
      {create.error && <ErrorAlert error={create.error} isShown={(path) => path in errors && !path.startsWith('choices.')} />}
      <Button type="submit" mt="sm" loading={create.isPending} data-testid="custom-field-submit">
        {t('catalogue.addField')}
      </Button>
    </form>
  );
}
