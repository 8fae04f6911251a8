/** Folding, words and sort keys: what search and lists rely on, property-tested (QUALITY 17). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold, sortKey, tokens, tokenText, wordBeginnings } from './text.js';

const RUNS = Number(process.env.RELAIS_FUZZ_RUNS ?? 300);
const anyText = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: fc.constantFrom(...'ÉéèÈœŒæßłŁøØđĐþİıЙйΣσς王 -\'’'.split('')), maxLength: 20 }));

describe('text folding (property-based)', () => {
  it('folds the way people search: accents, case, ligatures and letters such as ł or ø', () => {
    expect(fold('Hélène ŒUVRE Straße')).toBe('helene oeuvre strasse');
    expect(fold('Łukasz Ørsted Đorđević Þór')).toBe('lukasz orsted dordevic thor');
    expect(tokens("Jean-Pierre d'Artagnan, Дмитрий 王小明")).toEqual(['jean', 'pierre', 'd', 'artagnan', 'дмитрии', '王小明']);
    expect(sortKey('  Émery ')).toBe('emery');
  });

  it('is idempotent, and words are made of letters and digits only, already folded', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(fold(fold(text))).toBe(fold(text));
        expect(sortKey(sortKey(text))).toBe(sortKey(text));
        for (const word of tokens(text)) {
          expect(word).toMatch(/^[\p{L}\p{N}]+$/u);
          expect(fold(word)).toBe(word);
        }
        // A document's words are found again by searching them.
        const words = tokenText(text).split(' ').filter(Boolean);
        expect(tokenText(words.join(' '))).toBe(words.join(' '));
      }),
      { numRuns: RUNS },
    );
  });

  it('indexes every beginning of each word up to the limit', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,12}$/), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 8 }), (words, max) => {
        const beginnings = new Set(wordBeginnings(words.join(' '), max).split(' '));
        for (const word of words) for (let n = 1; n <= Math.min(word.length, max); n++) expect(beginnings.has(word.slice(0, n))).toBe(true);
        for (const b of beginnings) expect(b.length).toBeLessThanOrEqual(max);
      }),
      { numRuns: RUNS },
    );
  });
});
