/**
 * QUALITY 13: list filters, sorts and cursors fuzzed with fast-check never give a 500, on either
 * database. Values are arbitrary Unicode, raw bytes (invalid UTF-8 included), SQL-looking text and
 * well-formed cursors carrying values of the wrong type.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, type Harness } from '../harness.js';
import { send } from './support.js';

const RUNS = Number(process.env.RELAIS_FUZZ_RUNS ?? 120);

/** Percent-encodes every byte, so any string (or byte sequence) reaches the server as sent. */
const encodeBytes = (bytes: Uint8Array) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
const encodeText = (text: string) => encodeBytes(Buffer.from(text, 'utf8'));

const NASTY = [
  "'", '"', '\\', '%', '_', '*', ';', '--', "' OR '1'='1", "'); DROP TABLE people; --", '\u0000', 'a\u0000b', '\uFFFD', '\uD800', '😀',
  'NaN', 'Infinity', '-Infinity', '1e309', '-0', '0x10', '[]', '{}', 'null', 'true', '-', '--lastName', 'cf.', 'cf.fleet', '-cf.fleet', 'cf.fleet_size',
  '-cf.fleet_size', 'cf.contract_end', 'cf.is_partner', 'cf.segment', 'cf.fleet_size.min', 'cf.note.prefix', '..', '1..5', '2026-01-01..2026-12-31', 'ownerId', 'organisationId', 'relationship', 'city', 'lastName', '-lastName', 'name', 'createdAt', '-updatedAt', 'password_hash',
  't.id', 'id desc', '2026-03-02T08:00:00.000Z|x', '|', '||', 'a|b|c', ' ', '\t\r\n', 'é'.repeat(300), 'x'.repeat(5000),
];

/** Well-formed list cursors (base64url JSON arrays) holding values of any type and count. */
const cursorArb = fc
  .array(fc.oneof(fc.string({ unit: fc.constantFrom(...'\u0000\'"|a1é'.split('')), maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null)), { maxLength: 5 })
  .map((values) => Buffer.from(JSON.stringify(values)).toString('base64url'));

/** Characters that break naive SQL, encodings, cursors and PostgreSQL text ('\u0000'). */
const NASTY_CHARS = ['\u0000', '\u0001', '\u001f', "'", '"', '\\', '%', '_', '|', ',', '.', '-', ' ', 'a', 'Z', '0', '9', 'é', '\uD800', '\uFFFF', '😀', '\n'];

/** A value, percent-encoded as it goes on the wire. */
const valueArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY).map(encodeText) },
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...NASTY_CHARS), maxLength: 24 }).map(encodeText) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map(encodeText) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 24 }).map(encodeBytes) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 30 }), fc.string({ unit: fc.constantFrom(...NASTY_CHARS), maxLength: 30 })).map(([a, b]) => encodeText(`${a}|${b}`)) },
);

/**
 * A query string: mostly one or two known keys (so the fuzzed value gets past validation of the
 * others and reaches the database), sometimes more, repeated or unknown keys.
 */
function queryArb(keys: string[]): fc.Arbitrary<string> {
  const keyArb = fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom(...keys) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }).map(encodeText) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map((k) => `cf.${encodeText(k)}`) },
  );
  const pairs = fc.oneof(
    { weight: 3, arbitrary: fc.array(fc.tuple(fc.constantFrom(...keys), valueArb), { minLength: 1, maxLength: 2 }) },
    { weight: 1, arbitrary: fc.array(fc.tuple(keyArb, valueArb), { maxLength: 6 }) },
  );
  return pairs.map((list) => list.map(([k, v]) => `${k}=${v}`).join('&'));
}

const LIST_ENDPOINTS: [string, string[]][] = [
  ['/api/people', [
    'q', 'tag', 'city', 'ownerId', 'relationship', 'organisationId', 'missing', 'total', 'sort', 'limit', 'cursor', 'cf.fleet_size', 'cf.contract_end', 'cf.is_partner', 'cf.segment', 'cf.note',
    'cf.fleet_size.min', 'cf.fleet_size.max', 'cf.contract_end.min', 'cf.contract_end.max', 'cf.note.prefix', 'cf.note.min', 'cf.segment.prefix', 'cf.fleet_size.', 'cf.note.prefix.x',
  ]],
  ['/api/organisations', ['q', 'tag', 'city', 'ownerId', 'relationship', 'missing', 'total', 'sort', 'limit', 'cursor', 'cf.fleet_size', 'cf.segment', 'cf.fleet_size.min', 'cf.fleet_size.max', 'cf.segment.prefix']],
  ['/api/interactions', ['personId', 'organisationId', 'channel', 'from', 'to', 'limit', 'cursor']],
  ['/api/tasks', ['assignee', 'status', 'personId', 'organisationId', 'dueBefore', 'sort', 'limit', 'cursor']],
  ['/api/search', ['q', 'type', 'limit']],
  ['/api/notifications', ['unread', 'limit', 'cursor']],
  ['/api/users', ['limit', 'cursor']],
  ['/api/audit', ['entityId', 'limit']],
  ['/api/views', ['entityType']],
  ['/api/custom-fields', ['entityType']],
  ['/api/tags', ['entityType', 'limit', 'cursor']],
  ['/api/calls', ['state', 'agentId', 'personId', 'organisationId', 'number', 'from', 'to', 'limit', 'cursor']],
  ['/api/calls/per-contact', ['from', 'to', 'limit']],
  ['/api/callbacks', ['status', 'assignee', 'reason', 'limit', 'cursor']],
  ['/api/reports/calls', ['from', 'to', 'direction']],
  ['/api/pressure', ['entityId']],
  ['/api/requests', ['teamId', 'assignee', 'openedBy', 'status', 'open', 'typeId', 'personId', 'organisationId', 'escalated', 'limit', 'cursor']],
  ['/api/leads', ['owner', 'originator', 'status', 'personId', 'organisationId', 'escalated', 'limit', 'cursor']],
  ['/api/reports/leads', ['from', 'to']],
];

describe.each(DIALECTS)('fuzzed filters, sorts and cursors on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
    const fields = [
      { key: 'fleet_size', type: 'number' },
      { key: 'contract_end', type: 'date' },
      { key: 'is_partner', type: 'boolean' },
      { key: 'segment', type: 'choice', choices: ['road', 'rail'] },
      { key: 'note', type: 'text' },
    ];
    for (const entityType of ['person', 'organisation']) {
      for (const f of fields) {
        const res = await api(h, h.users.admin, 'POST', '/api/custom-fields', { entityType, labelEn: f.key, labelFr: f.key, choices: [], ...f });
        expect(res.status).toBe(201);
      }
    }
    // Enough rows for sorts and cursors to matter.
    for (let i = 0; i < 12; i++) {
      const customFields = { fleet_size: i, contract_end: `2026-0${1 + (i % 9)}-1${i % 10}`, is_partner: i % 2 === 0, segment: i % 3 ? 'road' : 'rail', note: `note ${i}` };
      await api(h, h.users.sales, 'POST', '/api/people', { firstName: `Prénom${i}`, lastName: `Nom${i}`, addresses: [{ city: i % 2 ? 'Lyon' : 'Brest' }], tags: ['fuzz'], customFields });
      await api(h, h.users.sales, 'POST', '/api/organisations', { name: `Société ${i}`, customFields: { fleet_size: i * 3, segment: 'rail' } });
      await api(h, h.users.sales, 'POST', '/api/tasks', { title: `Tâche ${i}`, dueAt: `2026-03-${10 + i}T09:00:00Z` });
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses sorts named like Object.prototype members (found by this fuzzer)', async () => {
    for (const path of ['/api/people', '/api/organisations']) {
      for (const sort of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
        const res = await send(h.app, { method: 'GET', url: `${path}?sort=${sort}`, headers: { authorization: `Bearer ${h.users.manager.token}` } });
        expect(res.status, `${path}?sort=${sort}: ${res.text}`).toBe(400);
      }
    }
  });

  it.each(LIST_ENDPOINTS)('%s never answers 5xx', async (path, keys) => {
    await fc.assert(
      fc.asyncProperty(queryArb(keys), async (query) => {
        const res = await send(h.app, { method: 'GET', url: `${path}?${query}`, headers: { authorization: `Bearer ${h.users.manager.token}` } });
        if (res.status >= 500) throw new Error(`${res.status} for ${path}?${query}: ${res.text}`);
        // The pressure status is of one record: an id that names none is 404.
        expect(path === '/api/pressure' ? [200, 400, 404] : [200, 400]).toContain(res.status);
      }),
      { numRuns: RUNS },
    );
  });

  it('/api/lookup/phone/:number never answers 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(valueArb.filter((v) => v.length > 0), async (number) => {
        const res = await send(h.app, { method: 'GET', url: `/api/lookup/phone/${number}`, headers: { authorization: `Bearer ${h.users.frontdesk.token}` } });
        if (res.status >= 500) throw new Error(`${res.status} for ${number}: ${res.text}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('every sort a list offers, with every cursor it hands out, pages through without error', async () => {
    for (const [path, sorts] of [
      ['/api/people', ['lastName', 'firstName', 'createdAt', 'updatedAt', 'cf.fleet_size', 'cf.contract_end', 'cf.is_partner', 'cf.segment', 'cf.note']],
      ['/api/organisations', ['name', 'createdAt', 'updatedAt', 'cf.fleet_size', 'cf.segment']],
    ] as const) {
      for (const sort of sorts.flatMap((s) => [s, `-${s}`])) {
        let cursor: string | null = null;
        let seen = 0;
        do {
          const res = await api(h, h.users.sales, 'GET', `${path}?sort=${sort}&limit=5${cursor ? `&cursor=${cursor}` : ''}`);
          expect(res.status, `${path} ${sort}`).toBe(200);
          seen += res.body.items.length;
          cursor = res.body.nextCursor;
        } while (cursor && seen < 100);
        expect(seen, `${path} ${sort}`).toBeGreaterThanOrEqual(12);
      }
    }
  });

  /** The prefix filter is a range on the index plus an exact check: it must find exactly the values starting with the text. */
  it('cf.KEY.prefix finds exactly the values starting with any text', async () => {
    const notes = Array.from({ length: 12 }, (_, i) => `note ${i}`);
    const prefixArb = fc.oneof(
      fc.constantFrom(...notes).chain((n) => fc.nat({ max: n.length }).map((len) => n.slice(0, len))),
      fc.string({ unit: fc.constantFrom(...NASTY_CHARS, 'n', 'o', 't', 'e', '1'), maxLength: 8 }),
      fc.constantFrom('note 1\uFFFF', 'note \u{10FFFF}', 'note 1\u{10FFFF}', 'nou', 'notd'),
    );
    await fc.assert(
      fc.asyncProperty(prefixArb, async (prefix) => {
        const res = await api(h, h.users.sales, 'GET', `/api/people?tag=fuzz&limit=50&cf.note.prefix=${encodeText(prefix)}`);
        if (res.status >= 500) throw new Error(`${res.status} for prefix ${JSON.stringify(prefix)}`);
        if (res.status !== 200) return;
        const found = res.body.items.map((p: { customFields: { note: string } }) => p.customFields.note).sort();
        expect(found, JSON.stringify(prefix)).toEqual(notes.filter((n) => n.startsWith(prefix)).sort());
      }),
      { numRuns: RUNS },
    );
  });

  /**
   * A well-formed cursor whose values do not fit the sort columns (text for a number) reaches the
   * database; PostgreSQL's data exception is translated into a 400 by the dialect.
   */
  it('/api/people and /api/organisations with well-formed cursors of any content never answer 5xx', async () => {
    const sorts = ['lastName', '-createdAt', 'cf.fleet_size', '-cf.fleet_size', 'cf.contract_end', 'cf.is_partner', 'cf.note'];
    const known = ['cf.fleet_size', Buffer.from(JSON.stringify(['not a number', 'x'])).toString('base64url')] as [string, string];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...sorts), cursorArb, async (sort, cursor) => {
        for (const path of ['/api/people', '/api/organisations']) {
          const listSort = path === '/api/organisations' ? sort.replace('lastName', 'name').replace(/cf\.(contract_end|is_partner|note)/, 'cf.segment') : sort;
          const res = await api(h, h.users.sales, 'GET', `${path}?sort=${listSort}&cursor=${cursor}`);
          if (res.status >= 500) throw new Error(`${res.status} for ${path}?sort=${listSort}&cursor=${cursor}`);
        }
      }),
      { numRuns: RUNS, examples: [known] },
    );
  });

  it('refuses NUL characters in bodies and paths with a 400, on both databases alike', async () => {
    const person = await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Nul\u0000Part' });
    expect(person.status).toBe(400);
    expect(person.body.error.details).toEqual([{ path: 'lastName', message: 'NUL character not allowed' }]);
    const nested = await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Ok', addresses: [{ city: 'Ly\u0000on' }] });
    expect(nested.body.error.details[0].path).toBe('addresses.0.city');
    const viaPath = await api(h, h.users.sales, 'GET', '/api/people/abc%00def');
    expect(viaPath.status).toBe(400);
    const viaKey = await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Ok', customFields: { 'no\u0000te': 'x' } });
    expect(viaKey.status).toBe(400);
    const deep = await h.app.inject({
      method: 'POST',
      url: '/api/people',
      payload: `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.users.sales.token}` },
    });
    expect(deep.statusCode).toBe(400);
  });

  it('stores text as sent or refuses it: half a character, bytes that are not UTF-8, another charset', async () => {
    const half = await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'a\ud800b' });
    expect(half.status).toBe(400);
    expect(half.body.error.details).toEqual([{ path: 'lastName', message: 'lone UTF-16 surrogate (half of a character) not allowed' }]);
    // A whole pair (an emoji) is text like any other.
    const emoji = await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Brasserie 🍺' });
    expect(emoji.status).toBe(201);
    expect(emoji.body.lastName).toBe('Brasserie 🍺');
    const send = (payload: Buffer, contentType: string) =>
      h.app.inject({ method: 'POST', url: '/api/people', payload, headers: { 'content-type': contentType, authorization: `Bearer ${h.users.sales.token}` } });
    const latin1 = Buffer.from('{"lastName":"H\u00e9lne"}', 'latin1');
    const notUtf8 = await send(latin1, 'application/json');
    expect(notUtf8.statusCode).toBe(400);
    expect(notUtf8.json().error.message).toMatch(/not valid UTF-8/);
    expect((await send(latin1, 'application/json; charset=iso-8859-1')).statusCode).toBe(415);
    const utf8 = await send(Buffer.from('\ufeff{"lastName":"Hélène"}', 'utf8'), 'application/json; charset=UTF-8');
    expect(utf8.statusCode).toBe(201);
    expect(utf8.json().lastName).toBe('Hélène');
    const gzipped = await h.app.inject({
      method: 'POST',
      url: '/api/people',
      payload: gzipSync('{"lastName":"Zip"}'),
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', authorization: `Bearer ${h.users.sales.token}` },
    });
    expect(gzipped.statusCode).toBe(415);
    expect(gzipped.json().error.message).toContain('Content-Encoding gzip is not supported');
    // Plain text is a type the API does not take, like any other: 415, not a schema's 400.
    const text = await send(Buffer.from('lastName=Dupont'), 'text/plain');
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a mistyped API path (doubled slashes) with the JSON 404, not the web app', async () => {
    const res = await h.app.inject({ method: 'GET', url: '//api//people', headers: { authorization: `Bearer ${h.users.sales.token}` } });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });
});
