import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../access/permissions.js';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

/**
 * Lists of people and organisations: several values per filter (any of them), "has no value"
 * filters (missing=) and the total. The database holds only this file's records, so every answer
 * is checked whole. The total is counted up to a cap made small here (4) to see "4+" without
 * thousands of records.
 */
const CAP = 4;

interface Item {
  id: string;
  lastName?: string;
  name?: string;
}

describe.each(DIALECTS)('list filters with several values, no value, and the total on %s', (dialect) => {
  let h: Harness;
  const ids: Record<string, string> = {};
  let lyonCarriers: string;
  let gone: string;

  beforeAll(async () => {
    h = await createHarness(dialect, {}, { listTotalCap: CAP });
    const manager = h.users.manager;
    const field = await api(h, manager, 'POST', '/api/custom-fields', { entityType: 'person', key: 'job_title', type: 'text', labelEn: 'Job', labelFr: 'Poste' });
    expect(field.status).toBe(201);
    const org = async (name: string, body: object = {}) => {
      const res = await api(h, manager, 'POST', '/api/organisations', { name, ...body });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    lyonCarriers = await org('Transports Lyonnais', { tags: ['export'], addresses: [{ city: 'Lyon' }], ownerId: h.users.sales.id, relationships: [{ type: 'carrier' }] });
    gone = await org('Fret Disparu');
    await org('Sans Rien');
    const person = async (lastName: string, body: object) => {
      const res = await api(h, manager, 'POST', '/api/people', { lastName, ...body });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids[lastName] = res.body.id;
    };
    const sales = h.users.sales.id;
    const otherSales = h.others.sales.id;
    await person('Alpha', { tags: ['vip', 'export'], addresses: [{ city: 'Lyon' }, { city: 'LYON' }], ownerId: sales, relationships: [{ type: 'client' }], organisationIds: [lyonCarriers], customFields: { job_title: 'Chef' } });
    await person('Bravo', { tags: ['vip'], addresses: [{ city: 'Paris' }], ownerId: otherSales, relationships: [{ type: 'carrier' }], customFields: { job_title: '' } });
    await person('Charlie', { tags: ['export'], addresses: [{ city: 'Lille' }], relationships: [], organisationIds: [gone] });
    // Addresses, none with a city: a street only, and a "city" without a letter.
    await person('Delta', { addresses: [{ street: '1 rue Haute' }, { city: '--' }], ownerId: sales, relationships: [{ type: 'client' }], organisationIds: [lyonCarriers] });
    await person('Echo', { tags: ['newsletter'], addresses: [{ city: 'Saint-Étienne' }], relationships: [{ type: 'client' }, { type: 'carrier' }] });
    // Deleted and merged records are in no list and no total.
    await person('Fantôme', { tags: ['vip'], addresses: [{ city: 'Lyon' }] });
    expect((await api(h, manager, 'DELETE', `/api/people/${ids['Fantôme']}`)).status).toBe(204);
    await person('Doublon', { tags: ['vip'], addresses: [{ city: 'Paris' }], ownerId: otherSales });
    expect((await api(h, manager, 'POST', `/api/people/${ids.Bravo}/merge`, { sourceId: ids.Doublon })).status).toBe(200);
    // Charlie's only organisation goes: Charlie belongs to none now.
    expect((await api(h, manager, 'DELETE', `/api/organisations/${gone}`)).status).toBe(204);
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Every page of a list (2 records a page), as names; checks no record comes twice. */
  const names = async (query: string, path = '/api/people', user = h.users.sales) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api(h, user, 'GET', `${path}?${query}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status, `${query}: ${JSON.stringify(res.body)}`).toBe(200);
      seen.push(...res.body.items.map((r: Item) => r.lastName ?? r.name));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size, query).toBe(seen.length);
    return seen;
  };
  const first = async (query: string, path = '/api/people', user = h.users.sales) => {
    const res = await api(h, user, 'GET', `${path}?${query}`);
    expect(res.status, `${query}: ${JSON.stringify(res.body)}`).toBe(200);
    return res.body as { items: Item[]; nextCursor: string | null; total?: number; totalIsLowerBound?: boolean };
  };
  const refused = async (query: string, path = '/api/people') => {
    const res = await api(h, h.users.sales, 'GET', `${path}?${query}`);
    expect(res.status, query).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    return res.body.error.details as { path: string; message: string }[];
  };

  /** The filters of the multi-value tests and the people each lists, by name. */
  const MULTI: [query: string, expected: string[]][] = [
    ['tag=vip', ['Alpha', 'Bravo']],
    ['tag=vip&tag=export', ['Alpha', 'Bravo', 'Charlie']],
    ['tag=VIP&tag=newsletter&tag=nobody', ['Alpha', 'Bravo', 'Echo']],
    ['city=lyon&city=saint%20etienne', ['Alpha', 'Echo']],
    ['city=Paris', ['Bravo']],
    ['relationship=client&relationship=carrier', ['Alpha', 'Bravo', 'Delta', 'Echo']],
    ['tag=vip&tag=export&city=Lyon&city=Paris', ['Alpha', 'Bravo']],
    ['tag=vip&tag=export&relationship=client', ['Alpha']],
  ];

  it('lists the records having any of several values of a filter, each once, all filters combined', async () => {
    for (const [query, expected] of MULTI) expect(await names(`${query}&sort=lastName`), query).toEqual(expected);
    // Owners are user ids, any of them; the same value twice is one value.
    expect(await names(`ownerId=${h.users.sales.id}&ownerId=${h.others.sales.id}&sort=lastName`)).toEqual(['Alpha', 'Bravo', 'Delta']);
    expect(await names(`ownerId=${h.others.sales.id}&ownerId=${h.others.sales.id}`)).toEqual(['Bravo']);
    // Sorted from other tables too (every record of the filters read, no sort index walked).
    expect(await names('tag=vip&tag=export&sort=-city')).toEqual(['Bravo', 'Alpha', 'Charlie']);
    // Organisations take the same filters.
    expect(await names('tag=export&tag=vip&city=lyon&relationship=carrier&relationship=client', '/api/organisations')).toEqual(['Transports Lyonnais']);
  });

  it('lists the same records when a value is shared by many rows, so that the list walks its sort order', async () => {
    // Rows past the walk threshold (4,000 matching rows at most, see people.test.ts) for records
    // that are no people: the list then checks each record in sort order instead of fetching the
    // matches; none may appear, nor count.
    const ghosts = (tag: string) => Array.from({ length: 4200 }, (_, i) => ({ entity_type: 'person', entity_id: `ghost-${tag}-${i}`, tag }));
    for (const tag of ['vip', 'export']) {
      const rows = ghosts(tag);
      for (let i = 0; i < rows.length; i += 500) await h.handle.db.insertInto('tags').values(rows.slice(i, i + 500)).execute();
    }
    // The owner filter counts on the people table itself: deleted people owned by Bravo's owner, or by nobody.
    const deletedPeople = (owner: string | null, prefix: string) =>
      Array.from({ length: 4200 }, (_, i) => ({
        id: `${prefix}-${i}`, first_name: '', last_name: 'Ghost', first_name_key: '', last_name_key: 'ghost', owner_id: owner, team_id: null,
        created_at: '2026-01-01T00:00:00.000Z', created_by: null, updated_at: '2026-01-01T00:00:00.000Z', updated_by: null, version: 1,
        deleted_at: '2026-01-02T00:00:00.000Z', merged_into_id: null,
      }));
    for (const rows of [deletedPeople(h.others.sales.id, 'ghost-owned'), deletedPeople(null, 'ghost-unowned')]) {
      for (let i = 0; i < rows.length; i += 500) await h.handle.db.insertInto('people').values(rows.slice(i, i + 500)).execute();
    }
    const owners: [string, string[]][] = [
      [`ownerId=${h.others.sales.id}`, ['Bravo']],
      [`ownerId=${h.others.sales.id}&ownerId=${h.users.sales.id}`, ['Alpha', 'Bravo', 'Delta']],
      ['missing=ownerId', ['Charlie', 'Echo']],
      ['missing=ownerId&tag=vip&tag=export', ['Charlie']],
    ];
    try {
      for (const [query, expected] of [...MULTI, ...owners]) {
        expect(await names(`${query}&sort=lastName`), query).toEqual(expected);
        expect((await names(`${query}&sort=-createdAt`)).sort(), query).toEqual(expected);
        const page = await first(`${query}&total=true&limit=1`);
        expect(page.total, query).toBe(Math.min(expected.length, CAP));
      }
    } finally {
      await h.handle.db.deleteFrom('tags').where('entity_id', 'like', 'ghost-%').execute();
      await h.handle.db.deleteFrom('people').where('id', 'like', 'ghost-%').execute();
    }
  });

  it('lists the records with no value for a filter: missing=ownerId, tag, city, relationship, organisationId, cf.KEY', async () => {
    const expected: Record<string, string[]> = {
      ownerId: ['Charlie', 'Echo'],
      tag: ['Delta'],
      city: ['Delta'],
      relationship: ['Charlie'],
      organisationId: ['Bravo', 'Charlie', 'Echo'],
      // No value, or an empty text.
      'cf.job_title': ['Bravo', 'Charlie', 'Delta', 'Echo'],
    };
    for (const [field, people] of Object.entries(expected)) expect(await names(`missing=${field}&sort=lastName`), field).toEqual(people);
    // Several: none of them (all conditions hold); with value filters on other fields.
    expect(await names('missing=ownerId&missing=organisationId&sort=lastName')).toEqual(['Charlie', 'Echo']);
    expect(await names('missing=ownerId&missing=organisationId&tag=export')).toEqual(['Charlie']);
    expect(await names('missing=city&relationship=client')).toEqual(['Delta']);
    expect(await names('missing=cf.job_title&missing=cf.job_title&city=Paris&city=Lille&sort=-lastName')).toEqual(['Charlie', 'Bravo']);
    // The same walking the sort order, and sorted from other tables.
    expect((await names('missing=ownerId&sort=-createdAt')).sort()).toEqual(['Charlie', 'Echo']);
    expect(await names('missing=tag&sort=organisation')).toEqual(['Delta']);
    // Organisations: no tag, no city, no owner, no relationship.
    expect(await names('missing=tag&missing=city&missing=ownerId&missing=relationship&sort=name', '/api/organisations')).toEqual(['Sans Rien']);
  });

  it('answers the total only when asked, counted up to the cap, on the first page', async () => {
    const plain = await first('tag=vip&tag=export&limit=2');
    expect(Object.keys(plain).sort()).toEqual(['items', 'nextCursor']);
    expect(Object.keys(await first('tag=vip&total=false&limit=1')).sort()).toEqual(['items', 'nextCursor']);

    const three = await first('tag=vip&tag=export&total=true&limit=2');
    expect(three).toMatchObject({ total: 3, totalIsLowerBound: false });
    expect(three.items).toHaveLength(2);
    // A first page holding the whole list, a filter nothing matches, a text without a word.
    expect(await first('tag=vip&total=true')).toMatchObject({ total: 2, totalIsLowerBound: false });
    expect(await first('tag=nobody&total=true')).toMatchObject({ items: [], total: 0, totalIsLowerBound: false });
    expect(await first('q=%2B%2B&total=true')).toMatchObject({ items: [], total: 0, totalIsLowerBound: false });
    // Beyond the cap (4 here, 10,000 in use): the cap, as a lower bound. Five live people.
    expect(await first('total=true&limit=1')).toMatchObject({ total: CAP, totalIsLowerBound: true });
    expect(await first('relationship=client&relationship=carrier&total=true&limit=1')).toMatchObject({ total: 4, totalIsLowerBound: false });
    expect(await first('missing=cf.job_title&total=true&limit=1')).toMatchObject({ total: 4, totalIsLowerBound: false });
    expect(await first('missing=ownerId&total=true&limit=1')).toMatchObject({ total: 2, totalIsLowerBound: false });
    expect(await first(`q=alpha&total=true&limit=1`)).toMatchObject({ total: 1, totalIsLowerBound: false });
    expect(await first('total=true&limit=1', '/api/organisations')).toMatchObject({ total: 2, totalIsLowerBound: false });
    // The next pages carry none: the list keeps the first page's.
    const next = await first(`tag=vip&tag=export&total=true&limit=2&cursor=${encodeURIComponent(three.nextCursor!)}`);
    expect(Object.keys(next).sort()).toEqual(['items', 'nextCursor']);
    expect(next.items).toHaveLength(1);
  });

  it('counts what the list shows each role, deleted and merged records for nobody', async () => {
    // Every role reads every person (docs/permissions.md: people.read is "any"), so each counts
    // all five; the items of every page are those the total counts.
    for (const role of ROLES) {
      for (const user of [h.users[role], h.others[role]]) {
        for (const filter of ['', 'tag=vip&tag=export', 'city=Lyon&city=Paris']) {
          const page = await first(`${filter}&total=true&limit=1`, '/api/people', user);
          const all = await names(`${filter}&sort=lastName`, '/api/people', user);
          expect(page.total, `${role} ${filter}`).toBe(Math.min(all.length, CAP));
          expect(page.totalIsLowerBound, `${role} ${filter}`).toBe(all.length > CAP);
          expect(all, role).not.toContain('Fantôme');
          expect(all, role).not.toContain('Doublon');
        }
      }
    }
    // Without a session or token: no list, no total.
    expect((await api(h, null, 'GET', '/api/people?total=true')).status).toBe(401);
  });

  it('refuses bad values, too many values and unknown fields with a 400 naming the parameter', async () => {
    const many = Array.from({ length: 21 }, (_, i) => `tag=t${i}`).join('&');
    expect(await refused(many)).toEqual([{ path: 'tag', message: 'at most 20 values' }]);
    expect((await first(Array.from({ length: 20 }, (_, i) => `city=c${i}`).join('&'))).items).toEqual([]);
    expect((await refused(`tag=vip&tag=${'x'.repeat(61)}`))[0].path).toBe('tag.1');
    expect((await refused(`ownerId=${h.users.sales.id}&ownerId=`))[0].path).toBe('ownerId.1');
    expect((await refused('missing=bogus'))[0]).toEqual({ path: 'missing', message: 'unknown field bogus; use tag, ownerId, city, relationship, organisationId or cf.KEY' });
    expect((await refused('missing=q'))[0].path).toBe('missing');
    expect((await refused('missing=cf.nope'))[0]).toEqual({ path: 'missing', message: 'unknown custom field nope' });
    expect((await refused('missing=organisationId', '/api/organisations'))[0].message).toContain('unknown field organisationId');
    expect((await refused('missing=tag&tag=vip'))[0]).toEqual({ path: 'missing', message: 'tag is also filtered by value' });
    expect((await refused('missing=cf.job_title&cf.job_title.prefix=ch'))[0]).toEqual({ path: 'missing', message: 'cf.job_title is also filtered by value' });
    expect((await refused('total=yes'))[0].path).toBe('total');
    // Custom-field filters and the text filter take one value.
    expect((await refused('cf.job_title.prefix=a&cf.job_title.prefix=b'))[0].path).toBe('cf.job_title.prefix');
    expect((await refused('q=a&q=b'))[0].path).toBe('q');
    // Empty values are no filter, as before.
    expect(await names('tag=&city=&sort=lastName')).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo']);
  });

  // Last: its records would change what the other tests list.
  it('filtered by city, names the city each record matched on (not always its first address) and sorts by it', async () => {
    const manager = h.users.manager;
    const created = async (path: string, body: object) => {
      const res = await api(h, manager, 'POST', path, body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const coaches = await created('/api/organisations', { name: 'Autocars Simon', addresses: [{ city: 'Saint-Nazaire' }, { city: 'Saint-Étienne' }] });
    await created('/api/people', { lastName: 'Golf', addresses: [{ city: 'Annecy' }, { city: 'SAINT ETIENNE' }, { city: 'Saint-Étienne' }] });
    const matched = async (query: string, path = '/api/people') =>
      (await first(query, path)).items.map((r) => [r.lastName ?? r.name, (r as { matchedCity?: string }).matchedCity]);

    expect(await matched('city=saint-etienne', '/api/organisations')).toEqual([['Autocars Simon', 'Saint-Étienne']]);
    // The first address in any of the cities asked for, written as on the record.
    expect(await matched('city=Lille&city=saint%20etienne&sort=lastName')).toEqual([['Charlie', 'Lille'], ['Echo', 'Saint-Étienne'], ['Golf', 'SAINT ETIENNE']]);
    // Sorted by the city shown: Golf's first address (Annecy) no longer puts it first.
    expect(await names('city=Lille&city=saint%20etienne&sort=city')).toEqual(['Charlie', 'Echo', 'Golf']);
    expect(await names('city=Lille&city=saint%20etienne&sort=-city')).toEqual(['Golf', 'Echo', 'Charlie']);
    // Without a city filter, nothing more than the record.
    const unfiltered = (await first(`q=autocars`, '/api/organisations')).items;
    expect(unfiltered.map((r) => r.id)).toEqual([coaches]);
    expect(unfiltered[0]).not.toHaveProperty('matchedCity');
  });
});
