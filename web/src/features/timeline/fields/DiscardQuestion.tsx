import { Text } from '@mantine/core';
import { ConfirmModal } from '../../../components/ConfirmModal.js';
import type { MessageKey } from '../../../i18n/Dictionary.js';
import { useI18n } from '../../../i18n/useI18n.js';

/** The words of the question, per form: a call note, a timeline entry, any other dialog. */
const TEXTS = {
  call: { title: 'call.discardTitle', text: 'call.discardText', discard: 'call.discard', keepEditing: 'call.keepEditing', testId: 'discard-call' },
  entry: { title: 'entry.discardTitle', text: 'entry.discardText', discard: 'entry.discard', keepEditing: 'entry.keepEditing', testId: 'discard-entry' },
  // Any other dialog with typed text: a new task, a hand-off.
  typed: { title: 'form.discardTitle', text: 'form.discardText', discard: 'form.discard', keepEditing: 'form.keepEditing', testId: 'discard-typed' },
} as const satisfies Record<string, { title: MessageKey; text: MessageKey; discard: MessageKey; keepEditing: MessageKey; testId: string }>;

/** "Discard what you typed?" with "Keep editing" focused (Enter never discards by accident); see useDiscardQuestion. */
export function DiscardQuestion({ kind, onDiscard, onKeepEditing }: { kind: keyof typeof TEXTS; onDiscard: () => void; onKeepEditing: () => void }) {
  const { t } = useI18n();
  const texts = TEXTS[kind];
  return (
    <ConfirmModal
      title={t(texts.title)}
      confirmLabel={t(texts.discard)}
      cancelLabel={t(texts.keepEditing)}
      pending={false}
      onConfirm={onDiscard}
      onClose={onKeepEditing}
      testId={texts.testId}
    >
      <Text size="sm">{t(texts.text)}</Text>
    </ConfirmModal>
  );
}
