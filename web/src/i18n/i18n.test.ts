import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { fr } from './fr.js';
import { interpolate, pluralBlocks } from './interpolate.js';

// The Dictionary type already forces the same keys; this also checks placeholders and emptiness.
describe('dictionaries', () => {
  // Plain placeholders and the numbers plural forms depend on, each once.
  const placeholders = (text: string) => {
    const blocks = pluralBlocks(text);
    // Each plural block stands for its branches' text (its selectors' braces are no placeholders).
    let flat = text;
    for (const block of [...blocks].reverse()) flat = flat.slice(0, block.start) + Object.values(block.branches).join(' ') + flat.slice(block.end);
    return [...new Set([...[...flat.matchAll(/\{(\w+)\}/g)].map((m) => m[1]), ...blocks.map((block) => block.name)])].sort();
  };

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

describe('French typography', () => {
  it('writes the apostrophe as ’ (the typewriter one shows as a stray mark beside the others)', () => {
    const typewriter = Object.entries(fr).filter(([, text]) => /\p{L}'\p{L}/u.test(text)).map(([key]) => key);
    expect(typewriter).toEqual([]);
  });
});

describe('API error codes', () => {
  it('each code the server can answer has a message in the dictionaries', async () => {
    const { ERROR_STATUS } = await import('../../../common/errors.js');
    const missing = Object.keys(ERROR_STATUS).filter((code) => !(`error.${code}` in en));
    expect(missing).toEqual([]);
  });

  it('the server’s own French messages write the apostrophe as ’ too (API callers and the CLI read them)', async () => {
    const { ERROR_MESSAGES } = await import('../../../common/errors.js');
    const typewriter = Object.entries(ERROR_MESSAGES).filter(([, m]) => /\p{L}'\p{L}/u.test(m.fr)).map(([code]) => code);
    expect(typewriter).toEqual([]);
  });
});

describe('plural forms', () => {
  const rule = (lang: 'fr' | 'en', max: number, days: number) => interpolate(lang === 'fr' ? fr['tset.ruleText'] : en['tset.ruleText'], { max, days }, lang);

  it('follow each language: French singular for 0 and 1, English for 1 only', () => {
    expect(rule('fr', 1, 7)).toBe('au plus 1 contact en 7 jours');
    expect(rule('fr', 0, 1)).toBe('au plus 0 contact en 1 jour');
    expect(rule('fr', 3, 30)).toBe('au plus 3 contacts en 30 jours');
    expect(rule('en', 1, 1)).toBe('at most 1 contact in 1 day');
    expect(rule('en', 0, 7)).toBe('at most 0 contacts in 7 days');
  });

  it('write the number for the language, take =N first, and leave other placeholders to fill', () => {
    expect(interpolate('{n, plural, one {# appel} other {# appels}}', { n: 12500 }, 'fr')).toBe('12\u202f500 appels');
    expect(interpolate('{n, plural, one {# call} other {# calls}}', { n: 12500 }, 'en')).toBe('12,500 calls');
    expect(interpolate('{n, plural, =0 {none} one {one} other {#}} by {who}', { n: 0, who: 'Léa' }, 'en')).toBe('none by Léa');
    expect(interpolate('{n, plural, one {# try, last {date}} other {# tries, last {date}}}', { n: 2, date: 'today' }, 'en')).toBe('2 tries, last today');
  });

  it('write a number in a plain placeholder for the language too, and leave text as given', () => {
    expect(interpolate('Fiches : {count}.', { count: 12500 }, 'fr')).toBe('Fiches : 12\u202f500.');
    expect(interpolate('Records: {count}.', { count: 12500 }, 'en')).toBe('Records: 12,500.');
    expect(interpolate('{value} ({code})', { value: 0.5, code: '12500' }, 'fr')).toBe('0,5 (12500)');
  });

  it('every plural block of the dictionaries has an "other" branch', () => {
    for (const [key, text] of [...Object.entries(en), ...Object.entries(fr)]) {
      for (const block of pluralBlocks(text)) expect(Object.keys(block.branches), key).toContain('other');
    }
  });
});

describe('list totals', () => {
  it('write the number the French way, a capped count with a plus', () => {
    // Intl writes French thousands with a narrow no-break space.
    expect(interpolate(fr['list.total.person'], { count: 1234 }, 'fr')).toBe('1\u202f234 personnes');
    expect(interpolate(fr['list.total.person'], { count: 1 }, 'fr')).toBe('1 personne');
    expect(interpolate(fr['list.total.personAtLeast'], { count: 10000 }, 'fr')).toBe('10\u202f000+ personnes');
    expect(interpolate(en['list.total.organisationAtLeast'], { count: 10000 }, 'en')).toBe('10,000+ organisations');
    expect(interpolate(en['list.total.person'], { count: 1 }, 'en')).toBe('1 person');
  });
});

