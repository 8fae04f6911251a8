import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

/**
 * Lists of people and organisations filtered and sorted by custom fields of every type. Each
 * record carries a tag of its own test so other records never get in the way; record D has no
 * custom values at all (it sorts last both ways, and matches no filter).
 */
const FIELDS = [
  { key: 'size', type: 'number' },
  { key: 'renewal', type: 'date' },
  { key: 'partner', type: 'boolean' },
  { key: 'segment', type: 'choice', choices: ['road', 'rail', 'sea'] },
  { key: 'note', type: 'text' },
] as const;

const RECORDS: [name: string, values: Record<string, string | number | boolean>][] = [
  ['A', { size: 2, renewal: '2026-01-15', partner: true, segment: 'road', note: 'Lyon nord' }],
  ['B', { size: 40, renewal: '2026-06-30', partner: false, segment: 'rail', note: 'Lyon sud' }],
  ['C', { size: 12, renewal: '2025-12-31', partner: true, segment: 'sea', note: 'Marseille Été' }],
  ['D', {}],
  ['E', { size: -3.5, renewal: '2026-03-01', partner: false, segment: 'road', note: 'lyon' }],
];

const KINDS = [
  { path: '/api/people', entityType: 'person', body: (name: string) => ({ lastName: name }), nameOf: (r: Item) => r.lastName },
  { path: '/api/organisations', entityType: 'organisation', body: (name: string) => ({ name }), nameOf: (r: Item) => r.name },
] as const;

interface Item {
  id: string;
  lastName?: string;
  name?: string;
  customFields: Record<string, unknown>;
}

describe.each(DIALECTS)('custom field filters and sorts on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
    for (const kind of KINDS) {
      for (const f of FIELDS) {
        const res = await api(h, h.users.manager, 'POST', '/api/custom-fields', { entityType: kind.entityType, labelEn: f.key, labelFr: f.key, choices: [], ...f });
        expect(res.status).toBe(201);
      }
      for (const [name, customFields] of RECORDS) {
        const res = await api(h, h.users.frontdesk, 'POST', kind.path, { ...kind.body(name), tags: ['cfl'], customFields });
        expect(res.status).toBe(201);
      }
      // Someone else's record with values, outside the tag: the tag keeps each check to our five.
      await api(h, h.users.frontdesk, 'POST', kind.path, { ...kind.body('Other'), customFields: { size: 12, note: 'Lyon' } });
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  describe.each(KINDS)('$path', (kind) => {
    const list = async (query: string) => {
      const res = await api(h, h.users.sales, 'GET', `${kind.path}?tag=cfl&${query}`);
      expect(res.status, `${query}: ${JSON.stringify(res.body)}`).toBe(200);
      return res.body.items as Item[];
    };
    const names = async (query: string) => (await list(query)).map(kind.nameOf);
    /** Names in list order; the filter tests read them sorted by size so the order is fixed. */
    const filtered = (query: string) => names(`${query}&sort=cf.size`);

    it('sorts by each type, records without a value last both ways', async () => {
      const expected: Record<string, unknown[]> = {
        size: [-3.5, 2, 12, 40],
        renewal: ['2025-12-31', '2026-01-15', '2026-03-01', '2026-06-30'],
        partner: [false, false, true, true],
        segment: ['rail', 'road', 'road', 'sea'],
        note: ['lyon', 'Lyon nord', 'Lyon sud', 'Marseille Été'],
      };
      for (const [key, values] of Object.entries(expected)) {
        const asc = await list(`sort=cf.${key}`);
        expect(asc.map((r) => r.customFields[key]), key).toEqual([...values, undefined]);
        const desc = await list(`sort=-cf.${key}`);
        expect(desc.map((r) => r.customFields[key]), `-${key}`).toEqual([...[...values].reverse(), undefined]);
      }
      expect(await names('sort=cf.size')).toEqual(['E', 'A', 'C', 'B', 'D']);
    });

    it('pages through a custom-field sort with ties by cursor, each record once, in order', async () => {
      for (const sort of ['cf.partner', '-cf.segment', 'cf.renewal']) {
        const whole = await names(`sort=${sort}`);
        const paged: string[] = [];
        let cursor: string | null = null;
        do {
          const res = await api(h, h.users.sales, 'GET', `${kind.path}?tag=cfl&sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
          expect(res.status).toBe(200);
          paged.push(...res.body.items.map(kind.nameOf));
          cursor = res.body.nextCursor;
        } while (cursor);
        expect(paged, sort).toEqual(whole);
      }
    });

    it('sorts numbers at the limits of a double before the records without a value, both ways, page after page', async () => {
      // Any finite double is a value (1e308 is accepted): none may sort among the records without one.
      const edges: [string, number][] = [['Max', 1.7976931348623157e308], ['Big', 1e301], ['Tiny', 5e-324], ['Low', -1e308]];
      for (const [name, size] of edges) {
        const res = await api(h, h.users.frontdesk, 'POST', kind.path, { ...kind.body(name), tags: ['cfedge'], customFields: { size } });
        expect(res.status).toBe(201);
      }
      expect((await api(h, h.users.frontdesk, 'POST', kind.path, { ...kind.body('Empty'), tags: ['cfedge'] })).status).toBe(201);
      for (const [sort, expected] of [
        ['cf.size', ['Low', 'Tiny', 'Big', 'Max', 'Empty']],
        ['-cf.size', ['Max', 'Big', 'Tiny', 'Low', 'Empty']],
      ] as const) {
        const whole = await api(h, h.users.sales, 'GET', `${kind.path}?tag=cfedge&sort=${sort}`);
        expect(whole.status).toBe(200);
        expect(whole.body.items.map(kind.nameOf), sort).toEqual(expected);
        const paged: string[] = [];
        let cursor: string | null = null;
        do {
          const res = await api(h, h.users.sales, 'GET', `${kind.path}?tag=cfedge&sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
          expect(res.status).toBe(200);
          paged.push(...res.body.items.map(kind.nameOf));
          cursor = res.body.nextCursor;
        } while (cursor);
        expect(paged, `${sort} by cursor`).toEqual(expected);
      }
    });

    it('filters numbers by value and inclusive range', async () => {
      expect(await filtered('cf.size=12')).toEqual(['C']);
      expect(await filtered('cf.size=-3.5')).toEqual(['E']);
      expect(await filtered('cf.size.min=2')).toEqual(['A', 'C', 'B']);
      expect(await filtered('cf.size.max=12')).toEqual(['E', 'A', 'C']);
      expect(await filtered('cf.size.min=0&cf.size.max=12')).toEqual(['A', 'C']);
      expect(await filtered('cf.size.min=1e1&cf.size.max=1e2')).toEqual(['C', 'B']);
      expect(await filtered('cf.size.min=50')).toEqual([]);
    });

    it('filters dates by day and inclusive range', async () => {
      expect(await filtered('cf.renewal=2026-01-15')).toEqual(['A']);
      expect(await filtered('cf.renewal.min=2026-01-01')).toEqual(['E', 'A', 'B']);
      expect(await filtered('cf.renewal.min=2026-01-15&cf.renewal.max=2026-03-01')).toEqual(['E', 'A']);
      expect(await filtered('cf.renewal.max=2025-12-31')).toEqual(['C']);
    });

    it('filters booleans and choices by value', async () => {
      expect(await filtered('cf.partner=true')).toEqual(['A', 'C']);
      expect(await filtered('cf.partner=false')).toEqual(['E', 'B']);
      expect(await filtered('cf.segment=road')).toEqual(['E', 'A']);
      expect(await filtered('cf.segment=sea')).toEqual(['C']);
    });

    it('filters text by value and by prefix, ignoring case and accents', async () => {
      expect(await filtered(`cf.note=${encodeURIComponent('Marseille Été')}`)).toEqual(['C']);
      expect(await filtered(`cf.note=${encodeURIComponent('MARSEILLE ete')}`)).toEqual(['C']);
      expect(await filtered('cf.note=Marseille')).toEqual([]);
      expect(await filtered('cf.note=LYON')).toEqual(['E']);
      expect(await filtered('cf.note.prefix=Lyon')).toEqual(['E', 'A', 'B']);
      expect(await filtered(`cf.note.prefix=${encodeURIComponent('lyon S')}`)).toEqual(['B']);
      expect(await filtered(`cf.note.prefix=${encodeURIComponent('marseille é')}`)).toEqual(['C']);
      expect(await filtered('cf.note.prefix=Z')).toEqual([]);
    });

    it('combines filters on several fields with the other filters and a custom-field sort', async () => {
      expect(await filtered('cf.partner=true&cf.size.min=10')).toEqual(['C']);
      expect(await names('cf.segment=road&sort=-cf.size')).toEqual(['A', 'E']);
      expect(await names('cf.note.prefix=Lyon&sort=-cf.renewal')).toEqual(['B', 'E', 'A']);
      // Without the tag the other record matches too.
      const all = await api(h, h.users.sales, 'GET', `${kind.path}?cf.note.prefix=Lyon&sort=cf.note`);
      // "lyon" (E) and "Lyon" (Other) sort alike, case folded: the older record first.
      expect(all.body.items.map(kind.nameOf)).toEqual(['E', 'Other', 'A', 'B']);
    });

    it('refuses a filter that does not fit the field with a 400 naming the parameter', async () => {
      const cases: [query: string, message: string][] = [
        ['cf.size=abc', 'expected a number'],
        ['cf.size.min=12abc', 'expected a number'],
        ['cf.size.max=Infinity', 'expected a number'],
        ['cf.renewal.max=2026-13-45', 'expected a date YYYY-MM-DD'],
        ['cf.renewal=tomorrow', 'expected a date YYYY-MM-DD'],
        // A day that does not exist, which Date.parse would roll over to 3 March.
        ['cf.renewal=2021-02-31', 'expected a date YYYY-MM-DD'],
        ['cf.renewal.min=2023-02-29', 'expected a date YYYY-MM-DD'],
        ['cf.partner=yes', 'expected true or false'],
        ['cf.segment=boat', 'expected one of: road, rail, sea'],
        ['cf.note.min=a', 'not available for a text field; use cf.note, cf.note.prefix'],
        ['cf.size.prefix=1', 'not available for a number field; use cf.size, cf.size.min, cf.size.max'],
        ['cf.segment.prefix=r', 'not available for a choice field; use cf.segment'],
        ['cf.size.between=1', 'unknown filter; use cf.KEY, cf.KEY.min, cf.KEY.max or cf.KEY.prefix'],
        ['cf.nope=1', 'unknown custom field'],
        ['cf.nope.min=1', 'unknown custom field'],
      ];
      for (const [query, message] of cases) {
        const res = await api(h, h.users.sales, 'GET', `${kind.path}?${query}`);
        expect(res.status, query).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_FAILED');
        expect(res.body.error.details, query).toEqual([{ path: query.split('=')[0], message }]);
      }
    });
  });

  it('refuses a filter of the other kind rather than ignoring it (organisationId lists people, not organisations)', async () => {
    const res = await api(h, h.users.sales, 'GET', '/api/organisations?organisationId=anything');
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'organisationId', message: 'unknown filter' }]);
    expect((await api(h, h.users.sales, 'GET', '/api/people?organisationId=anything')).status).toBe(200);
  });
});
