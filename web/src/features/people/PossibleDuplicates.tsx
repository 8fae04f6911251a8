import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, Anchor, Badge, Button, Group, List, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { PossibleDuplicate } from '../../lib/types.js';
import { useAuth } from '../../auth/useAuth.js';
import { canMergeRecords, type RecordType } from '../../auth/permissions.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';

interface PossibleDuplicatesProps {
  /** The record just created. */
  created: { id: string; type: RecordType; name: string };
  duplicates: PossibleDuplicate[];
  onContinue: () => void;
}

const pathOf = (type: RecordType, id: string) => (type === 'person' ? `/people/${id}` : `/organisations/${id}`);

/**
 * After a create, the existing records the server found similar: open one to check it, or (for
 * those allowed to merge) merge the new record into it.
 */
export function PossibleDuplicates({ created, duplicates, onContinue }: PossibleDuplicatesProps) {
  const { t } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [merging, setMerging] = useState<PossibleDuplicate | null>(null);
  const mayMerge = canMergeRecords(user, created.type);
  const resource = created.type === 'person' ? 'people' : 'organisations';

  // The existing record is kept: it has the history; the one just created only repeats it.
  const merge = useMutation({
    mutationFn: (kept: PossibleDuplicate) => api.post(`/api/${resource}/${kept.id}/merge`, { sourceId: created.id }),
    meta: { inlineErrors: true },
    onSuccess: (_result, kept) => {
      queryClient.removeQueries({ queryKey: [resource, 'one', created.id] });
      void queryClient.invalidateQueries({ queryKey: [resource] });
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      notifications.show({ color: 'teal', message: t('duplicates.merged', { kept: kept.displayName }) });
      navigate(pathOf(created.type, kept.id));
    },
  });

  return (
    <Alert color="yellow" title={t('duplicates.title')} data-testid="possible-duplicates">
      <Stack gap="sm">
        <Text size="sm">{t('duplicates.intro', { name: created.name })}</Text>
        <List size="sm" spacing="xs">
          {duplicates.map((d) => (
            <List.Item key={`${d.type}-${d.id}`} data-testid="duplicate-item">
              <Group gap="xs">
                <Anchor component={Link} to={pathOf(d.type, d.id)}>
                  {d.displayName}
                </Anchor>
                <Badge size="xs" variant="light" color="yellow">
                  {t(`duplicates.reason.${d.reason}`)}
                </Badge>
                <Button component={Link} to={pathOf(d.type, d.id)} size="compact-xs" variant="default" data-testid="duplicate-open">
                  {t('duplicates.open')}
                </Button>
                {/* Merging is for managers and admins (people.merge / organisations.merge). */}
                {mayMerge && d.type === created.type && (
                  <Button
                    size="compact-xs"
                    variant="light"
                    color="orange"
                    onClick={() => {
                      merge.reset();
                      setMerging(d);
                    }}
                    data-testid="duplicate-merge"
                  >
                    {t('duplicates.merge')}
                  </Button>
                )}
              </Group>
            </List.Item>
          ))}
        </List>
        <Button w="fit-content" onClick={onContinue} data-testid="duplicates-continue">
          {t('duplicates.continue')}
        </Button>
      </Stack>
      {merging && (
        <ConfirmModal
          title={t('duplicates.mergeTitle')}
          confirmLabel={t('duplicates.mergeConfirm')}
          color="orange"
          pending={merge.isPending}
          onConfirm={() => merge.mutate(merging)}
          onClose={() => setMerging(null)}
          testId="merge"
        >
          <Text size="sm" data-testid="merge-kept">
            {t('duplicates.mergeText', { kept: merging.displayName, removed: created.name })}
          </Text>
          {merge.error && <ErrorAlert error={merge.error} onReload={() => setMerging(null)} />}
        </ConfirmModal>
      )}
    </Alert>
  );
}
