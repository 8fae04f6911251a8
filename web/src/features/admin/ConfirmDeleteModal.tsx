import type { ReactNode } from 'react';
import { Alert, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import { ApiError } from '../../lib/ApiError.js';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useI18n } from '../../i18n/useI18n.js';

/**
 * "Delete this?" for catalogue entries the server refuses to delete while in use: the DELETE
 * is sent on confirmation; a 409 is shown as what still uses the entry (`inUse(details)`, the
 * server's CONFLICT details) and the dialog then only offers to close.
 */
export function ConfirmDeleteModal({
  url,
  queryKey,
  title,
  body,
  deletedMessage,
  inUseTitle,
  inUse,
  testId,
  onClose,
}: {
  url: string;
  /** What to refresh once deleted. */
  queryKey: string[];
  title: string;
  body: string;
  deletedMessage: string;
  inUseTitle: string;
  inUse: (details: unknown) => ReactNode;
  /** Prefix of the dialog's test ids: `${testId}-delete-confirm`, `-delete-submit`, `-in-use`, `-deleted`. */
  testId: string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const remove = useMutation({
    meta: { inlineErrors: true },
    mutationFn: () => api.delete(url),
    onSuccess: () => {
      notifications.show({ color: 'teal', message: deletedMessage, 'data-testid': `${testId}-deleted` });
      void queryClient.invalidateQueries({ queryKey });
      onClose();
    },
  });
  const conflict = remove.error instanceof ApiError && remove.error.code === 'CONFLICT' ? remove.error : undefined;
  return (
    <ConfirmModal
      title={title}
      confirmLabel={t('common.delete')}
      pending={remove.isPending}
      onConfirm={conflict ? undefined : () => remove.mutate()}
      onClose={onClose}
      testId={`${testId}-delete`}
    >
      <Text size="sm">{body}</Text>
      {conflict ? (
        <Alert color="orange" variant="light" role="alert" data-testid={`${testId}-in-use`} title={inUseTitle}>
          {inUse(conflict.details)}
        </Alert>
      ) : (
        remove.error && <ErrorAlert error={remove.error} />
      )}
    </ConfirmModal>
  );
}
