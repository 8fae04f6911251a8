import { useState } from 'react';
import { Select, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import { useAuth } from '../../auth/useAuth.js';
import { ownerChoice, type RecordType } from '../../auth/permissions.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useUsers } from '../users/useUsers.js';
import { userOptions } from '../users/userOptions.js';
import { resourceOf } from './useMergeRecords.js';

interface ChangeOwnerModalProps {
  type: RecordType;
  record: { id: string; name: string; version: number; ownerId: string | null };
  onClose: () => void;
}

/** The "nobody" choice of the select (Mantine's values are strings). */
const NOBODY = 'nobody';

/**
 * Hands a record over: its owner becomes a colleague, or nobody (a manager or an admin), or the
 * user takes a record nobody owns or gives up their own (others who edit every record). Sent with
 * the version shown: a record changed meanwhile answers 409, and reloading shows what changed.
 */
export function ChangeOwnerModal({ type, record, onClose }: ChangeOwnerModalProps) {
  const { t } = useI18n();
  const { user } = useAuth();
  const { users, nameOf } = useUsers();
  const queryClient = useQueryClient();
  const resource = resourceOf(type);
  const [ownerId, setOwnerId] = useState<string | null>(record.ownerId);
  const choice = ownerChoice(user, type, record);
  // Managers: anyone (the owner now, even disabled); others: themselves only.
  const candidates = userOptions(choice === 'anyone' ? users : [], user, t, record.ownerId);
  const change = useMutation({
    mutationFn: () => api.patch<{ id: string; ownerId: string | null }>(`/api/${resource}/${record.id}`, { ownerId, version: record.version }),
    meta: { inlineErrors: true },
    onSuccess: (saved) => {
      queryClient.setQueryData([resource, 'one', record.id], saved);
      void queryClient.invalidateQueries({ queryKey: [resource, 'list'] });
      const message = saved.ownerId ? t('record.ownerChanged', { name: record.name, owner: nameOf(saved.ownerId) }) : t('record.ownerRemoved', { name: record.name });
      notifications.show({ color: 'teal', message, 'data-testid': 'record-owner-changed' });
      onClose();
    },
  });
  return (
    <ConfirmModal
      title={t('record.ownerTitle', { name: record.name })}
      confirmLabel={t('record.ownerSave')}
      color="blue"
      pending={change.isPending}
      confirmDisabled={ownerId === record.ownerId}
      onConfirm={() => change.mutate()}
      onClose={onClose}
      testId="record-owner"
    >
      <Text size="sm">{choice === 'anyone' ? t('record.ownerTextAnyone') : t('record.ownerTextSelf')}</Text>
      <Select
        label={t('record.ownerLabel')}
        data={[{ value: NOBODY, label: t('record.ownerNobody') }, ...candidates]}
        value={ownerId ?? NOBODY}
        onChange={(value) => setOwnerId(!value || value === NOBODY ? null : value)}
        allowDeselect={false}
        searchable
        comboboxProps={{ withinPortal: true }}
        data-testid="record-owner-select"
      />
      {change.error && <ErrorAlert error={change.error} onReload={() => void queryClient.invalidateQueries({ queryKey: [resource, 'one', record.id] }).then(onClose)} />}
    </ConfirmModal>
  );
}
