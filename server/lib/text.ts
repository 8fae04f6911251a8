/**
 * Latin letters that Unicode does not decompose into a base letter and a mark, so NFKD leaves
 * them whole ("Łukasz", "Ørsted", "Đorđević"): folded by hand, as a reader of Latin script would.
 */
const WHOLE_LATIN_LETTERS: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ħ: 'h', ı: 'i', ŧ: 't', ĸ: 'k', þ: 'th', ð: 'd', œ: 'oe', æ: 'ae', ß: 'ss' };
const WHOLE_LATIN_PATTERN = new RegExp(`[${Object.keys(WHOLE_LATIN_LETTERS).join('')}]`, 'g');

/**
 * Folding for search and sorting: lower case, accents removed ("Hélène" -> "helene"), ligatures
 * and letters such as ł or ø turned into their plain Latin equivalents. Both databases index and
 * sort the folded text, so they behave alike.
 */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(WHOLE_LATIN_PATTERN, (letter) => WHOLE_LATIN_LETTERS[letter]);
}

/**
 * Longest sort key kept, in characters. Folding can lengthen a name ("ß" → "ss", "ﬃ" → "ffi"),
 * and PostgreSQL keeps the keys of names in varchar(300) columns and b-tree entries of about 2,700
 * bytes (a person's two keys in one entry, 4 bytes a character at most): a name at its longest
 * must still fit. Past this many characters the order no longer looks further.
 */
export const SORT_KEY_MAX = 300;

/** What lists sort names by: folded, so "Émery" and "de la Fontaine" come among the E and D. */
export function sortKey(name: string): string {
  return [...fold(name).trim()].slice(0, SORT_KEY_MAX).join('');
}

/**
 * Sorts short lists by name as lists of people are sorted (sortKey), the exact text breaking
 * ties: for lists the database would otherwise order byte by byte ("Zoé" before "atelier").
 */
export function byName<T>(items: T[], nameOf: (item: T) => string): T[] {
  const keyed = items.map((item) => ({ item, name: nameOf(item), key: sortKey(nameOf(item)) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return keyed.map((k) => k.item);
}

/** The folded words of a text: letters of any script and digits ("Дмитрий" stays a word). */
export function tokens(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

/**
 * How long a custom text value is kept in its folded form (what filters and sorts compare):
 * folding can lengthen a text ("ﬃ" → "ffi"), and PostgreSQL's b-tree keys hold at most about
 * 2,700 bytes, so the folded form stops here (600 characters, 2,400 bytes at most).
 */
export const FOLDED_VALUE_MAX = 600;

/** A custom text value's folded form, as stored and as compared (see FOLDED_VALUE_MAX). */
export function foldedValue(text: string): string {
  return [...fold(text)].slice(0, FOLDED_VALUE_MAX).join('');
}

/** Longest city key kept, in characters: contact_points.city_key is a varchar(120) (see SORT_KEY_MAX). */
export const CITY_KEY_MAX = 120;

/**
 * A city as filters compare it: its folded words, space-joined ("Saint-Étienne", "saint etienne"
 * and "SAINT ETIENNE" are one city); null when it has no letter or digit.
 */
export function cityKey(city: string | null | undefined): string | null {
  return (city && [...tokens(city).join(' ')].slice(0, CITY_KEY_MAX).join('').trimEnd()) || null;
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

/**
 * Every beginning of 1 to `max` characters of each word of a folded, space-separated text:
 * "jean dupont" -> "j je jea jean d du dup dupo dupon dupont". What PostgreSQL indexes for name
 * search (search_documents.name_beginnings): computed here, where it costs a fraction of a
 * microsecond, rather than by regular expressions in the database (measured: 34 µs a name).
 */
export function wordBeginnings(text: string, max: number): string {
  const beginnings: string[] = [];
  for (const word of text.split(' ')) {
    for (let n = 1; n <= Math.min(word.length, max); n++) beginnings.push(word.slice(0, n));
  }
  return beginnings.join(' ');
}
