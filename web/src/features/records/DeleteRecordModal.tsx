import { useNavigate } from 'react-router';
import { Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { RecordType } from '../../auth/permissions.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { resourceOf } from './useMergeRecords.js';

interface DeleteRecordModalProps {
  type: RecordType;
  record: { id: string; name: string; version: number };
  onClose: () => void;
}

/**
 * "Delete this person / organisation?" naming it; on confirmation the record (as the version shown:
 * changed meanwhile, the server answers 409) is deleted and its list opens.
 */
export function DeleteRecordModal({ type, record, onClose }: DeleteRecordModalProps) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const resource = resourceOf(type);
  const remove = useMutation({
    mutationFn: () => api.delete(`/api/${resource}/${record.id}`, record.version),
    meta: { inlineErrors: true },
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('record.deleted', { name: record.name }), 'data-testid': 'record-deleted' });
      navigate(`/${resource}`);
      // Dropped rather than refreshed: it now answers 404.
      queryClient.removeQueries({ queryKey: [resource, 'one', record.id] });
      void queryClient.invalidateQueries({ queryKey: [resource] });
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
  return (
    <ConfirmModal
      title={t('record.deleteTitle', { name: record.name })}
      confirmLabel={t('common.delete')}
      pending={remove.isPending}
      onConfirm={() => remove.mutate()}
      onClose={onClose}
      testId="record-delete"
    >
      <Text size="sm">{t('record.deleteText', { name: record.name })}</Text>
      {/* A conflict: the record changed since it was shown; reloading it shows what changed. */}
      {remove.error && <ErrorAlert error={remove.error} onReload={() => void queryClient.invalidateQueries({ queryKey: [resource, 'one', record.id] }).then(onClose)} />}
    </ConfirmModal>
  );
}
