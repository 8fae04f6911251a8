/**
 * Words of a firm's name that say its legal form, not which firm it is: "Transports Durand SARL",
 * "TRANSPORTS DURAND S.A.R.L." and "Transports Durand" are one firm to whoever compares them.
 * French forms first, then those of neighbouring countries a French firm deals with.
 */
const LEGAL_FORMS = new Set([
  'sarl', 'sas', 'sasu', 'sa', 'eurl', 'sci', 'snc', 'scs', 'sca', 'scop', 'scic', 'scp', 'selarl', 'selas', 'gie', 'earl', 'gaec', 'eirl', 'ei',
  'gmbh', 'ag', 'kg', 'ltd', 'llc', 'llp', 'plc', 'inc', 'bv', 'nv', 'sprl', 'srl', 'spa', 'sl',
]);

/**
 * The words of a firm's name (tokens(), folded) without its legal form. An abbreviation written
 * with dots ("S.A.R.L.") arrives letter by letter and is read as one word first. A name that is
 * nothing but legal forms keeps its words.
 */
export function firmNameWords(words: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < words.length; ) {
    let j = i;
    while (j < words.length && words[j].length === 1) j++;
    if (j - i >= 2) {
      joined.push(words.slice(i, j).join(''));
      i = j;
    } else {
      joined.push(words[i]);
      i++;
    }
  }
  const kept = joined.filter((w) => !LEGAL_FORMS.has(w));
  return kept.length ? kept : joined;
}
