import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { EntityType, SavedView, ViewDefinition } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FormActions } from '../../components/FormActions.js';

interface SavedViewsProps {
  entityType: EntityType;
  /** The list's current filters, sort and columns: what "save view" stores. */
  current: ViewDefinition;
  selectedId: string | null;
  onApply: (id: string | null, definition?: ViewDefinition) => void;
}

/** Pick, save and delete named list views (filters + sort + columns). */
export function SavedViews({ entityType, current, selectedId, onApply }: SavedViewsProps) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const queryKey = ['views', entityType];

  const views = useQuery({
    queryKey,
    queryFn: () => api.get<{ items: SavedView[] }>('/api/views', { entityType }),
  });
  const save = useMutation({
    mutationFn: (viewName: string) =>
      api.create<SavedView>('/api/views', { entityType, name: viewName, definition: current }),
    meta: { inlineErrors: true },
    onSuccess: (view) => {
      void queryClient.invalidateQueries({ queryKey });
      notifications.show({ color: 'teal', message: t('list.viewSaved', { name: view.name }) });
      setNaming(false);
      setName('');
      onApply(view.id, view.definition ?? current);
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.delete(`/api/views/${id}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey });
      notifications.show({ message: t('list.viewDeleted') });
      onApply(null);
    },
  });

  const items = views.data?.items ?? [];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) save.mutate(name.trim());
  };

  return (
    <Group gap="xs">
      <Select
        size="sm"
        w={200}
        aria-label={t('list.views')}
        placeholder={t('list.viewsPlaceholder')}
        data={items.map((v) => ({ value: v.id, label: v.name }))}
        value={selectedId && items.some((v) => v.id === selectedId) ? selectedId : null}
        onChange={(id) => onApply(id, items.find((v) => v.id === id)?.definition)}
        clearable
        data-testid="saved-views"
      />
      <Button size="sm" variant="default" onClick={() => setNaming(true)} data-testid="save-view">
        {t('list.saveView')}
      </Button>
      {selectedId && items.some((v) => v.id === selectedId) && (
        <Button
          size="sm"
          variant="subtle"
          color="red"
          onClick={() => remove.mutate(selectedId)}
          loading={remove.isPending}
          data-testid="delete-view"
        >
          {t('list.deleteView')}
        </Button>
      )}
      <Modal
        opened={naming}
        onClose={() => setNaming(false)}
        title={t('list.saveView')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <form onSubmit={submit}>
          <Stack>
            <TextInput
              label={t('list.viewName')}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              required
              data-autofocus
              data-testid="view-name"
            />
            {save.error && <ErrorAlert error={save.error} />}
            <FormActions onCancel={() => setNaming(false)} submitLabel={t('common.save')} pending={save.isPending} submitTestId="view-save-submit" />
          </Stack>
        </form>
      </Modal>
    </Group>
  );
}
