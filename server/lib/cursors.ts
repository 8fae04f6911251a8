import { validation } from '../errors.js';

/** An instant as the database stores it (toISOString): what a time-ordered list's cursor starts with. */
const STORED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The "instant|id" cursor of a time-ordered list (timeline, tasks), as the list gave it out. Anything
 * else is a 400 naming the cursor: a made-up one must not quietly restart the list or end it.
 */
export function parseTimeCursor(cursor: string): [at: string, id: string] {
  const [at, id, ...rest] = cursor.split('|');
  if (!at || !id || rest.length > 0 || !STORED_INSTANT.test(at) || Number.isNaN(Date.parse(at))) throw validation('cursor', 'invalid cursor');
  return [at, id];
}
