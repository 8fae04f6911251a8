import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import { ApiError } from '../../lib/ApiError.js';
import type { EntityType, SavedView, ViewDefinition } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FormActions } from '../../components/FormActions.js';
import { valuesOf } from './useListState.js';

interface SavedViewsProps {
  entityType: EntityType;
  /** The list's current filters, sort and columns: what "save view" stores. */
  current: ViewDefinition;
  /** The list's sort and columns when a view names none. */
  defaults: { sort: string; columns: string[] };
  selectedId: string | null;
  onApply: (id: string | null, definition?: ViewDefinition) => void;
  /** A filter's name on this page (`definition.filters.city` → "Ville"), for the server's refusals. */
  fieldLabel: (path: string) => string | undefined;
}

/** Whether the list shows something else than the view: a filter, the sort or the columns changed since. */
function differs(view: ViewDefinition, current: ViewDefinition, defaults: SavedViewsProps['defaults']): boolean {
  // One value as text or as a list of one, values in any order: the same filter.
  const filters = (f: Record<string, string | string[]> | undefined) =>
    JSON.stringify(
      Object.entries(f ?? {})
        .map(([key, value]) => [key, valuesOf(value).sort()] as const)
        .filter(([, values]) => values.length)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  const columns = (c: string[] | undefined) => (c?.length ? c : defaults.columns).join(',');
  return filters(view.filters) !== filters(current.filters) || (view.sort || defaults.sort) !== (current.sort || defaults.sort) || columns(view.columns) !== columns(current.columns);
}

/** Pick, save, update and delete named list views (filters + sort + columns). */
export function SavedViews({ entityType, current, defaults, selectedId, onApply, fieldLabel }: SavedViewsProps) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [deleting, setDeleting] = useState<SavedView | null>(null);
  const queryKey = ['views', entityType];

  const views = useQuery({
    queryKey,
    queryFn: () => api.get<{ items: SavedView[] }>('/api/views', { entityType }),
  });
  const save = useMutation({
    mutationFn: (viewName: string) => api.create<SavedView>('/api/views', { entityType, name: viewName, definition: current }),
    meta: { inlineErrors: true },
    onSuccess: (view) => {
      void queryClient.invalidateQueries({ queryKey });
      notifications.show({ color: 'teal', message: t('list.viewSaved', { name: view.name }) });
      closeNaming();
      onApply(view.id, view.definition ?? current);
    },
  });
  const update = useMutation({
    mutationFn: (view: SavedView) => api.patch<SavedView>(`/api/views/${view.id}`, { definition: current }),
    onSuccess: (view) => {
      queryClient.setQueryData<{ items: SavedView[] }>(queryKey, (data) => data && { ...data, items: data.items.map((v) => (v.id === view.id ? view : v)) });
      void queryClient.invalidateQueries({ queryKey });
      notifications.show({ color: 'teal', message: t('list.viewUpdated', { name: view.name }), 'data-testid': 'view-updated' });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.delete(`/api/views/${id}`),
    meta: { inlineErrors: true },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey });
      notifications.show({ message: t('list.viewDeleted') });
      setDeleting(null);
      onApply(null);
    },
  });

  const items = views.data?.items ?? [];
  const selected = items.find((v) => v.id === selectedId) ?? null;
  const changed = selected !== null && differs(selected.definition, current, defaults);
  const nameTaken = save.error instanceof ApiError && save.error.code === 'ALREADY_EXISTS';
  function closeNaming() {
    setNaming(false);
    setName('');
    save.reset();
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) save.mutate(name.trim());
  };

  // A variable, not a literal: Mantine's type lists no data-* attribute, which it passes on all the same.
  const clearButton = { tabIndex: 0, 'aria-hidden': false, 'aria-label': t('list.leaveView'), 'data-testid': 'saved-views-clear' };
  return (
    <Group gap="xs">
      <Select
        size="sm"
        w={200}
        aria-label={t('list.views')}
        placeholder={t('list.viewsPlaceholder')}
        data={items.map((v) => ({ value: v.id, label: v.name }))}
        value={selected?.id ?? null}
        onChange={(id) => onApply(id, items.find((v) => v.id === id)?.definition)}
        // Picking the view shown again (after changing or clearing its filters) restores it, rather
        // than deselecting it and leaving the list unfiltered; the clear button deselects.
        allowDeselect={false}
        onOptionSubmit={(id) => {
          if (selected && id === selected.id) onApply(id, selected.definition);
        }}
        clearable
        // Mantine keeps its clear button out of the Tab order and hidden from screen readers: a
        // keyboard user could not leave a view. Reachable and named here.
        clearButtonProps={clearButton}
        data-testid="saved-views"
      />
      {changed && (
        <>
          <Text size="xs" c="dimmed" data-testid="view-changed">
            {t('list.viewChanged')}
          </Text>
          <Button size="sm" variant="light" onClick={() => update.mutate(selected)} loading={update.isPending} data-testid="update-view">
            {t('list.updateView', { name: selected.name })}
          </Button>
        </>
      )}
      <Button size="sm" variant="default" onClick={() => setNaming(true)} data-testid="save-view">
        {changed ? t('list.saveAsNewView') : t('list.saveView')}
      </Button>
      {selected && (
        <Button size="sm" variant="subtle" color="red" onClick={() => setDeleting(selected)} data-testid="delete-view">
          {t('list.deleteView')}
        </Button>
      )}
      <Modal opened={naming} onClose={closeNaming} title={t('list.saveView')} closeButtonProps={{ 'aria-label': t('common.close') }}>
        <form onSubmit={submit}>
          <Stack>
            <TextInput
              label={t('list.viewName')}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              error={nameTaken ? t('list.viewNameTaken') : undefined}
              required
              data-autofocus
              data-testid="view-name"
            />
            {save.error && !nameTaken && <ErrorAlert error={save.error} fieldLabel={fieldLabel} />}
            <FormActions onCancel={closeNaming} submitLabel={t('common.save')} pending={save.isPending} submitTestId="view-save-submit" />
          </Stack>
        </form>
      </Modal>
      {deleting && (
        <ConfirmModal
          title={t('list.deleteViewTitle', { name: deleting.name })}
          confirmLabel={t('list.deleteView')}
          pending={remove.isPending}
          onConfirm={() => remove.mutate(deleting.id)}
          onClose={() => {
            setDeleting(null);
            remove.reset();
          }}
          testId="delete-view"
        >
          <Text size="sm">{t('list.deleteViewBody')}</Text>
          {remove.error && <ErrorAlert error={remove.error} />}
        </ConfirmModal>
      )}
    </Group>
  );
}
