import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { fr } from './fr.js';

// The Dictionary type already forces the same keys; this also checks placeholders and emptiness.
describe('dictionaries', () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('have exactly the same keys', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it('use the same placeholders and no empty text', () => {
    for (const [key, text] of Object.entries(en)) {
      const french = fr[key as keyof typeof en];
      expect(text, key).not.toBe('');
      expect(french, key).not.toBe('');
      expect(placeholders(french), key).toEqual(placeholders(text));
    }
  });
});

describe('API error codes', () => {
  it('each code the server can answer has a message in the dictionaries', async () => {
    const { ERROR_STATUS } = await import('../../../common/errors.js');
    const missing = Object.keys(ERROR_STATUS).filter((code) => !(`error.${code}` in en));
    expect(missing).toEqual([]);
  });
});
