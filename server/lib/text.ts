/**
 * Folding for search: lower case, accents removed ("Hélène" -> "helene"), ligatures expanded,
 * then split into [a-z0-9] tokens. Both databases index the folded tokens, so they behave alike.
 */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/Æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .toLowerCase();
}

export function tokens(text: string): string[] {
  return fold(text)
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

/** Space-joined unique tokens of several texts. */
export function tokenText(...texts: (string | null | undefined)[]): string {
  const all = new Set<string>();
  for (const t of texts) if (t) for (const tok of tokens(t)) all.add(tok);
  return [...all].join(' ');
}

/** Text cut to at most `max` characters, an ellipsis marking the cut (screen-pop cards stay small). */
export function clip(text: string, max: number): string;
export function clip(text: string | null, max: number): string | null;
export function clip(text: string | null, max: number): string | null {
  return text && text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
