import { useRef } from 'react';
import { useNavigate } from 'react-router';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import { recordPath } from '../../lib/paths.js';
import type { RecordType } from '../../auth/permissions.js';
import { useI18n } from '../../i18n/useI18n.js';

/** A person or organisation as the merge names it. */
export interface RecordRef {
  id: string;
  name: string;
}

/** The API collection of a record type. */
export const resourceOf = (type: RecordType) => (type === 'person' ? 'people' : 'organisations');

/**
 * Merges `removed` into `kept` (the server moves its contact points, tags, tasks, links and
 * timeline, then retires it), then opens the record kept. Errors are left to the dialog to show.
 */
export function useMergeRecords(type: RecordType) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const resource = resourceOf(type);
  // isPending only updates on the next render: a second click before it would merge again, and the
  // server's 404 for the record already merged away showed in the dialog beside "merged".
  const running = useRef(false);
  const mutation = useMutation({
    mutationFn: ({ kept, removed }: { kept: RecordRef; removed: RecordRef }) => api.post(`/api/${resource}/${kept.id}/merge`, { sourceId: removed.id }),
    meta: { inlineErrors: true },
    onSuccess: (_result, { kept, removed }) => {
      notifications.show({ color: 'teal', message: t('record.merged', { kept: kept.name }), 'data-testid': 'record-merged' });
      navigate(recordPath(type, kept.id));
      // Not refreshed: it now answers 404 (merged away), and its page, still shown while the kept
      // one loads, would ask for it again (removing it from the cache made that page fetch it anew).
      // Opened again later, it is read again and its page moves to the kept record.
      void queryClient.invalidateQueries({ queryKey: [resource], predicate: (query) => !query.queryKey.includes(removed.id) });
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      void queryClient.invalidateQueries({ queryKey: ['interactions'] });
    },
    onSettled: () => {
      running.current = false;
    },
  });
  const mutate: typeof mutation.mutate = (variables, options) => {
    if (running.current) return;
    running.current = true;
    mutation.mutate(variables, options);
  };
  return { ...mutation, mutate };
}
