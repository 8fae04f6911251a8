import { useState } from 'react';
import { Badge, Button, Card, Group, Select, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { Interaction, Organisation, Page, Person } from '../../lib/types.js';
import type { RecordType } from '../../auth/permissions.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatPhone } from '../../../../common/phone-display.js';
import { resourceOf, useMergeRecords, type RecordRef } from './useMergeRecords.js';
import { useSearchField } from './useRecordSearch.js';

interface MergeRecordModalProps {
  type: RecordType;
  /** The record whose page this is: kept unless the user swaps. */
  current: RecordRef;
  onClose: () => void;
}

/** A record as the merge shows it: its name, and what the search says beside it (e-mail, phone, city). */
type MergeCandidate = RecordRef & { detail?: string | null };

/** Timeline entries counted for each side: one page of the timeline, "30+" beyond. */
const ENTRIES_COUNTED = 30;

/**
 * What tells a record from a namesake: its city, main phone and e-mail, when it was created and
 * how many timeline entries it holds. The record is read as its page reads it (this page's side is
 * already loaded), the entries from one page of its timeline. Once the merge is sent (`frozen`)
 * neither is asked again: the record that disappears would answer 404.
 */
function useRecordFacts(type: RecordType, id: string, frozen: boolean) {
  const { t, formatDateTime } = useI18n();
  const resource = resourceOf(type);
  const { data: record } = useQuery({
    queryKey: [resource, 'one', id],
    queryFn: ({ signal }) => api.get<Person | Organisation>(`/api/${resource}/${id}`, undefined, signal),
    enabled: !frozen,
  });
  const entries = useQuery({
    queryKey: ['interactions', 'merge-count', type, id],
    queryFn: ({ signal }) =>
      api.get<Page<Interaction>>('/api/interactions', { [type === 'person' ? 'personId' : 'organisationId']: id, limit: ENTRIES_COUNTED }, signal),
    enabled: !frozen,
  });
  if (!record) return null;
  const phone = record.phones[0];
  const contact = [record.addresses.find((a) => a.city)?.city, phone && formatPhone(phone.number, phone.e164), record.emails[0]?.address].filter(Boolean).join(' · ');
  const history = [t('record.mergeCreated', { date: formatDateTime(record.createdAt) })];
  if (entries.data) {
    const count = entries.data.items.length;
    history.push(entries.data.nextCursor ? t('record.mergeEntriesAtLeast', { count }) : t('record.mergeEntries', { count }));
  }
  return { contact, history: history.join(' · ') };
}

/**
 * One side of the merge: the record kept, or the one that disappears into it. Both described
 * alike, with what tells them apart: two records of the same name are told apart by it.
 */
function MergeSide(props: { type: RecordType; label: string; color: string; record: MergeCandidate; frozen: boolean; testId: string }) {
  const { label, color, record, testId } = props;
  const facts = useRecordFacts(props.type, record.id, props.frozen);
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Badge color={color} variant="light" style={{ flexShrink: 0 }}>
        {label}
      </Badge>
      <div style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
        <Text size="sm" fw={500} data-testid={testId}>
          {record.name}
        </Text>
        <div data-testid={`${testId}-detail`}>
          {facts?.contact && (
            <Text size="xs" c="dimmed" data-testid={`${testId}-contact`}>
              {facts.contact}
            </Text>
          )}
          {facts && (
            <Text size="xs" c="dimmed" data-testid={`${testId}-history`}>
              {facts.history}
            </Text>
          )}
        </div>
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
  // The same name on both sides tells nothing: the sides are then named by their badges, which sit beside what tells them apart.
  const frozen = merge.isPending || merge.isSuccess;
  const namesakes = Boolean(kept && removed && kept.name.trim().toLowerCase() === removed.name.trim().toLowerCase());

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
      // Its one field is the question: the letters typed as it opens search for the other record.
      initialFocus="firstField"
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
            <MergeSide type={type} label={t('record.mergeKept')} color="teal" record={kept} frozen={frozen} testId="merge-kept-name" />
            <MergeSide type={type} label={t('record.mergeRemoved')} color="red" record={removed} frozen={frozen} testId="merge-removed-name" />
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
              {namesakes ? t('record.mergeSwapNamesake') : t('record.mergeSwap', { name: removed.name })}
            </Button>
            <Text size="sm" data-testid="merge-statement">
              {namesakes ? t('record.mergeTextNamesakes', { name: kept.name }) : t('record.mergeText', { kept: kept.name, removed: removed.name })}
            </Text>
          </Stack>
        </Card>
      )}
      {merge.error && <ErrorAlert error={merge.error} onReload={() => merge.reset()} />}
    </ConfirmModal>
  );
}
