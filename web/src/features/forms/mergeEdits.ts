/**
 * A three-way merge of a form's values, for a save refused because a colleague changed the record
 * meanwhile: `base` is the record as the form was filled, `mine` what the user has typed since,
 * `theirs` the record as it is now. What only the colleague changed comes in, what only the user
 * changed stays, and where both changed a field differently the user's value stays and the field
 * is reported, so that they look at it before saving again. Nothing typed is lost.
 *
 * Plain objects (a record's custom fields, its contact points by kind) are merged key by key;
 * lists and other values as a whole. Written here because it is a few lines over the form's own
 * value shapes; a general JSON merge library would bring patch formats the form has no use for.
 */
export interface MergedEdits<V> {
  values: V;
  /** Paths changed on both sides to different values ("lastName", "customFields.job_title"). */
  bothChanged: string[];
}

type Plain = Record<string, unknown>;

const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** `base` null: the state the user started from is unknown (a draft restored after signing in again), so every difference is reported. */
export function mergeEdits<V extends object>(base: V | null, mine: V, theirs: V): MergedEdits<V> {
  const bothChanged: string[] = [];
  const known = base !== null;
  const merge = (b: unknown, m: unknown, t: unknown, path: string): unknown => {
    if (isPlain(m) && isPlain(t) && (!known || b === undefined || isPlain(b))) {
      const out: Plain = {};
      for (const key of new Set([...Object.keys(t), ...Object.keys(m)])) {
        const value = merge(isPlain(b) ? b[key] : undefined, m[key], t[key], path ? `${path}.${key}` : key);
        if (value !== undefined) out[key] = value;
      }
      return out;
    }
    if (same(m, t)) return t;
    if (known && same(m, b)) return t;
    if (known && same(t, b)) return m;
    bothChanged.push(path);
    return m;
  };
  return { values: merge(base, mine, theirs, '') as V, bothChanged };
}
