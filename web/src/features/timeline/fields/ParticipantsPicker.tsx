import { MultiSelect } from '@mantine/core';
import { useI18n } from '../../../i18n/useI18n.js';
import { useSearchField } from '../../records/useRecordSearch.js';

/** A person or organisation taking part, with the name it was chosen by. */
export interface ChosenParticipant {
  type: 'person' | 'organisation';
  id: string;
  name: string;
}

interface ParticipantsPickerProps {
  value: ChosenParticipant[];
  onChange: (value: ChosenParticipant[]) => void;
  /** The record the entry is about: already part of it, not offered. */
  excludeId?: string;
}

const keyOf = (p: { type: string; id: string }) => `${p.type}:${p.id}`;

/** Other people and organisations involved in an entry, found by typing (the global search). */
export function ParticipantsPicker({ value, onChange, excludeId }: ParticipantsPickerProps) {
  const { t } = useI18n();
  const { hits, fieldProps } = useSearchField();

  // The options always include those chosen, even when the latest search does not find them.
  const known = new Map<string, ChosenParticipant>(value.map((p) => [keyOf(p), p]));
  for (const hit of hits) {
    if (hit.id !== excludeId) known.set(keyOf(hit), { type: hit.type, id: hit.id, name: hit.title });
  }
  const typeLabel = (type: ChosenParticipant['type']) => t(type === 'person' ? 'search.type.person' : 'search.type.organisation');

  return (
    <MultiSelect
      label={t('entry.participants')}
      placeholder={value.length ? undefined : t('entry.participantsPlaceholder')}
      data={[...known.entries()].map(([key, p]) => ({ value: key, label: `${p.name} (${typeLabel(p.type)})` }))}
      value={value.map(keyOf)}
      onChange={(keys) => onChange(keys.map((key) => known.get(key)).filter((p): p is ChosenParticipant => Boolean(p)))}
      {...fieldProps}
      clearable
      data-testid="entry-participants"
    />
  );
}
