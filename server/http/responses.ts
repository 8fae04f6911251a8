/**
 * Pieces of the answers the OpenAPI document describes (`config.documentedResponse`, see ./openapi.ts),
 * shared by several modules: pages, ids, dates, contact points. For the document only: answers are
 * neither validated nor serialised through these. Objects are strict (z.strictObject): the test of
 * real answers against the document (server/test/openapi-responses.test.ts) then fails on a field
 * the server sends that the document does not name.
 */
import { z } from 'zod';

/** A record's id (UUID v7 for records the app creates). */
export const id = z.string();
/** The id of a record, or null when there is none. */
export const nullableId = z.string().nullable();
/** A date-time as the API writes it: ISO 8601 in UTC ("2026-03-02T08:00:00.000Z"). */
export const timestamp = z.string().meta({ format: 'date-time' });
export const nullableTimestamp = timestamp.nullable();
/** A whole number (counts, versions, seconds). */
export const count = z.int().min(0);

/** Optimistic concurrency: send it back (or If-Match) with a change; also the ETag. */
export const version = z.int().min(1).describe('Increases with each change; send it back (or If-Match) with a change to detect concurrent edits');

/**
 * A page of a list: the items and the cursor of the next page. `extra` adds fields some lists
 * carry beside them (a count, say).
 */
export function page<Item extends z.ZodType, Extra extends z.ZodRawShape = Record<never, never>>(item: Item, extra?: Extra) {
  return z.strictObject({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last'),
    ...(extra as Extra),
  });
}

/** A list's count, with total=true (first page only): `page(item, listTotal)`. */
export const listTotal = {
  total: z.int().min(0).optional().describe('With total=true: how many records match, counted up to 10,000'),
  totalIsLowerBound: z.boolean().optional().describe('With total=true: true when there are more than `total`'),
};

/** A list that is never paged (a short list, a search's best matches): `nextCursor` is always null. */
export function wholeList<Item extends z.ZodType>(item: Item) {
  return z.strictObject({ items: z.array(item), nextCursor: z.null().describe('Always null: the whole list') });
}

export const phoneView = z.strictObject({
  number: z.string().describe('As written'),
  e164: z.string().nullable().describe('E.164 form ("+33472000001"), how caller identification matches it; null if not a valid number'),
  label: z.string().nullable().describe('mobile, work, switchboard…'),
});

export const emailView = z.strictObject({
  address: z.string(),
  label: z.string().nullable(),
});

export const addressView = z.strictObject({
  label: z.string().nullable(),
  street: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  country: z.string().nullable().describe('ISO 3166 alpha-2 code, e.g. FR'),
});

/** Custom field values by key, as the record's type defines them. */
export const customFieldValues = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean()]).nullable())
  .describe('Values of the custom fields defined for this type, by key (text, number, boolean or null)');

/** A reference to another record: its type and id. */
export const recordRef = (types: readonly [string, ...string[]]) => z.strictObject({ type: z.enum(types), id });

/** GET /api/health (registered in app.ts): the same shape answers 503 when the database or live events fail. */
export const healthResponse = z.strictObject({
  status: z.enum(['ok', 'degraded', 'unavailable']).describe('ok (200); unavailable: no database, degraded: no live events (both 503)'),
  database: z.enum(['sqlite', 'postgres']),
  liveEvents: z.enum(['in-process', 'listening', 'connecting', 'reconnecting', 'closed']).describe('in-process on SQLite; listening when PostgreSQL notifications arrive'),
});
