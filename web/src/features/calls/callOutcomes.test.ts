import { describe, expect, it } from 'vitest';
import type { MessageKey } from '../../i18n/Dictionary.js';
import { en } from '../../i18n/en.js';
import { fr } from '../../i18n/fr.js';
import { CALL_OUTCOMES, KNOWN_OUTCOMES, outcomeLabel } from './callOutcomes.js';

const translator = (dictionary: Record<MessageKey, string>) => (key: MessageKey) => dictionary[key];

describe('call outcomes', () => {
  it('labels the codes the server, the demo and telephony store, in both languages', () => {
    // server/modules/demo/french-data.ts, the API's examples, and telephony's unanswered calls.
    for (const code of ['reached', 'no_answer', 'voicemail', 'callback_requested', 'missed']) {
      expect(KNOWN_OUTCOMES, code).toContain(code);
    }
    for (const code of KNOWN_OUTCOMES) {
      expect(outcomeLabel(code, translator(en)), code).not.toBe(code);
      expect(outcomeLabel(code, translator(fr)), code).not.toBe(code);
    }
    expect(outcomeLabel('reached', translator(fr))).toBe('Joint');
    expect(outcomeLabel('missed', translator(en))).toBe('Missed');
  });

  it('offers the server’s "reached", and still labels the "answered" older forms stored', () => {
    expect(CALL_OUTCOMES).toContain('reached');
    expect(CALL_OUTCOMES).not.toContain('answered');
    expect(outcomeLabel('answered', translator(fr))).toBe('Répondu');
  });

  it('shows an unknown code as written, made readable', () => {
    expect(outcomeLabel('left_message', translator(en))).toBe('Left message');
    expect(outcomeLabel('Rappel client OK', translator(en))).toBe('Rappel client OK');
  });
});
