import { useState } from 'react';
import { Badge, Button, Card, Group, Select, Stack, Text } from '@mantine/core';
import type { RecordType } from '../../auth/permissions.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useMergeRecords, type RecordRef } from './useMergeRecords.js';
import { useSearchField } from './useRecordSearch.js';

interface MergeRecordModalProps {
  type: RecordType;
  /** The record whose page this is: kept unless the user swaps. */
  current: RecordRef;
  onClose: () => void;
}

/** A record as the merge shows it: its name, and what the search says beside it (e-mail, phone, city). */
type MergeCandidate = RecordRef & { detail?: string | null };

/**
 * One side of the merge: the record kept, or the one that disappears into it. The other record
 * comes with its detail: two records of the same name are told apart by it.
 */
function MergeSide({ label, color, record, testId }: { label: string; color: string; record: MergeCandidate; testId: string }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Badge color={color} variant="light" style={{ flexShrink: 0 }}>
        {label}
      </Badge>
      <div style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
        <Text size="sm" fw={500} data-testid={testId}>
          {record.name}
        </Text>
        {record.detail && (
          <Text size="xs" c="dimmed" data-testid={`${testId}-detail`}>
            {record.detail}
          </Text>
        )}
      </div>
    </Group>
  );
}

/**
 * Merge the record of this page with another of the same kind: pick it (the global search, this
 * record left out), see which one is kept and which disappears into it (swappable), confirm.
 */
export function MergeRecordModal({ type, current, onClose }: MergeRecordModalProps) {
  const { t } = useI18n();
  const [other, setOther] = useState<MergeCandidate | null>(null);
  const [currentKept, setCurrentKept] = useState(true);
  const { hits, fieldProps } = useSearchField(type);
  const merge = useMergeRecords(type);

  // The options always include the one chosen, even when the latest search does not find it.
  const known = new Map<string, MergeCandidate>(other ? [[other.id, other]] : []);
  for (const hit of hits) {
    if (hit.id !== current.id) known.set(hit.id, { id: hit.id, name: hit.title, detail: hit.subtitle });
  }
  const kept = other && (currentKept ? current : other);
  const removed = other && (currentKept ? other : current);

  return (
    <ConfirmModal
      title={t('record.mergeTitle', { name: current.name })}
      confirmLabel={t('record.mergeConfirm')}
      color="orange"
      pending={merge.isPending}
      confirmDisabled={!kept || !removed}
      // Closed once done: the page stays mounted when the record kept is another one.
      onConfirm={() => kept && removed && merge.mutate({ kept, removed }, { onSuccess: onClose })}
      onClose={onClose}
      testId="record-merge"
    >
      <Select
        label={t(`record.mergeOther.${type}`)}
        placeholder={t('record.mergeOtherPlaceholder')}
        data={[...known.values()].map((r) => ({ value: r.id, label: r.name }))}
        renderOption={({ option }) => {
          const detail = known.get(option.value)?.detail;
          return (
            <div>
              <Text size="sm">{option.label}</Text>
              {detail && (
                <Text size="xs" c="dimmed">
                  {detail}
                </Text>
              )}
            </div>
          );
        }}
        value={other?.id ?? null}
        onChange={(id) => {
          merge.reset();
          setOther(id ? (known.get(id) ?? null) : null);
        }}
        {...fieldProps}
        clearable
        data-testid="merge-other"
      />
      {kept && removed && (
        <Card withBorder padding="sm" data-testid="merge-direction">
          <Stack gap="xs">
            <MergeSide label={t('record.mergeKept')} color="teal" record={kept} testId="merge-kept-name" />
            <MergeSide label={t('record.mergeRemoved')} color="red" record={removed} testId="merge-removed-name" />
            <Button
              size="compact-sm"
              variant="default"
              // A long name wraps inside the button instead of running out of a phone's dialog.
              maw="100%"
              h="auto"
              py={4}
              styles={{ label: { whiteSpace: 'normal', textAlign: 'left', lineHeight: 1.3 } }}
              style={{ alignSelf: 'flex-start' }}
              onClick={() => {
                merge.reset();
                setCurrentKept(!currentKept);
              }}
              data-testid="merge-swap"
            >
              {t('record.mergeSwap', { name: removed.name })}
            </Button>
            <Text size="sm" data-testid="merge-statement">
              {t('record.mergeText', { kept: kept.name, removed: removed.name })}
            </Text>
          </Stack>
        </Card>
      )}
      {merge.error && <ErrorAlert error={merge.error} onReload={() => merge.reset()} />}
    </ConfirmModal>
  );
}
