/** The interface languages. */
export type Language = 'fr' | 'en';
export type TranslateVars = Record<string, string | number>;

/** The locale of each interface language, for numbers, dates and plural rules. */
export const LOCALES: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB' };

const pluralRules = new Map<Language, Intl.PluralRules>();
const numberFormats = new Map<Language, Intl.NumberFormat>();

/**
 * Fills a message's placeholders: `{name}` with the value, and plural forms written as in ICU
 * messages, `{count, plural, one {# contact} other {# contacts}}`: the branch is chosen by the
 * language's plural rules (French "0 contact, 1 contact", English "0 contacts, 1 contact"), `=N`
 * for an exact number first, and `#` is the number written for the language ("12 500").
 */
export function interpolate(text: string, vars: TranslateVars, lang: Language): string {
  return substitutePlurals(text, vars, lang).replace(/\{(\w+)\}/g, (match, name: string) => {
    if (!(name in vars)) return match;
    const value = vars[name];
    // A number is written for the language ("12 500" in French), as `#` is; text stays as given.
    return typeof value === 'number' ? numberFormat(lang).format(value) : value;
  });
}

function numberFormat(lang: Language): Intl.NumberFormat {
  if (!numberFormats.has(lang)) numberFormats.set(lang, new Intl.NumberFormat(LOCALES[lang]));
  return numberFormats.get(lang)!;
}

/** The plural blocks of a message, with the branch each block starts and ends at. */
export function pluralBlocks(text: string): { name: string; start: number; end: number; branches: Record<string, string> }[] {
  const blocks: { name: string; start: number; end: number; branches: Record<string, string> }[] = [];
  const opening = /\{(\w+),\s*plural,/g;
  let match: RegExpExecArray | null;
  while ((match = opening.exec(text))) {
    const branches: Record<string, string> = {};
    let i = match.index + match[0].length;
    for (;;) {
      while (/\s/.test(text[i] ?? '')) i++;
      if (text[i] === '}' || i >= text.length) break;
      const selector = /^(=\d+|\w+)\s*\{/.exec(text.slice(i));
      if (!selector) break;
      i += selector[0].length;
      let depth = 1;
      const from = i;
      while (i < text.length && depth > 0) {
        if (text[i] === '{') depth++;
        else if (text[i] === '}') depth--;
        i++;
      }
      branches[selector[1].replace(/\s*\{$/, '')] = text.slice(from, i - 1);
    }
    blocks.push({ name: match[1], start: match.index, end: i + 1, branches });
    opening.lastIndex = i + 1;
  }
  return blocks;
}

function substitutePlurals(text: string, vars: TranslateVars, lang: Language): string {
  const blocks = pluralBlocks(text);
  if (!blocks.length) return text;
  if (!pluralRules.has(lang)) pluralRules.set(lang, new Intl.PluralRules(LOCALES[lang]));
  let result = '';
  let last = 0;
  for (const block of blocks) {
    const value = Number(vars[block.name]);
    const branch =
      (Number.isFinite(value) ? (block.branches[`=${value}`] ?? block.branches[pluralRules.get(lang)!.select(value)]) : undefined) ?? block.branches.other ?? '';
    result += text.slice(last, block.start) + branch.replace(/#/g, Number.isFinite(value) ? numberFormat(lang).format(value) : String(vars[block.name] ?? ''));
    last = block.end;
  }
  return result + text.slice(last);
}

