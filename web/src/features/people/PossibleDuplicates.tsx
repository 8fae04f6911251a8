import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Anchor, Button, Group, List, Stack, Text } from '@mantine/core';
import type { PossibleDuplicate } from '../../lib/types.js';
import { useAuth } from '../../auth/useAuth.js';
import { canMergeRecords, type RecordType } from '../../auth/permissions.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { pathOf } from '../../lib/paths.js';
import { useMergeRecords } from '../records/useMergeRecords.js';
import { DuplicateReasons } from '../forms/LikelyDuplicates.js';

interface PossibleDuplicatesProps {
  /** The record just created. */
  created: { id: string; type: RecordType; name: string };
  duplicates: PossibleDuplicate[];
  onContinue: () => void;
}

/**
 * After a create, the existing records the server found similar: open one to check it, or (for
 * those allowed to merge) merge the new record into it.
 */
export function PossibleDuplicates({ created, duplicates, onContinue }: PossibleDuplicatesProps) {
  const { t } = useI18n();
  const { user } = useAuth();
  const [merging, setMerging] = useState<PossibleDuplicate | null>(null);
  const mayMerge = canMergeRecords(user, created.type);
  const merge = useMergeRecords(created.type);

  return (
    <Alert color="yellow" title={t('duplicates.title')} data-testid="possible-duplicates">
      <Stack gap="sm">
        <Text size="sm">{t('duplicates.intro', { name: created.name })}</Text>
        <List size="sm" spacing="xs">
          {duplicates.map((d) => (
            <List.Item key={`${d.type}-${d.id}`} data-testid="duplicate-item">
              <Group gap="xs">
                <Anchor component={Link} to={pathOf(d)}>
                  {d.displayName}
                </Anchor>
                <DuplicateReasons duplicate={d} />
                <Button component={Link} to={pathOf(d)} size="compact-xs" variant="default" data-testid="duplicate-open">
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
          // The existing record is kept: it has the history; the one just created only repeats it.
          onConfirm={() => merge.mutate({ kept: { id: merging.id, name: merging.displayName }, removed: created })}
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
