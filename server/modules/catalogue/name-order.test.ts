import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

/** Names in the order a French reader expects: case and accents folded, not bytes ("Zoé" after "équipe"). */
const NAMES = ['Zoé', 'atelier', 'Équipe B', 'équipe a', 'Bureau'];
const EXPECTED = ['atelier', 'Bureau', 'équipe a', 'Équipe B', 'Zoé'];

describe.each(DIALECTS)('short lists sorted by name on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lists teams, saved views and tags with case and accents folded, on both databases alike', async () => {
    for (const name of NAMES) {
      expect((await api(h, h.users.admin, 'POST', '/api/teams', { name })).status).toBe(201);
      expect((await api(h, h.users.sales, 'POST', '/api/views', { entityType: 'person', name, definition: {} })).status).toBe(201);
    }
    expect((await api(h, h.users.sales, 'POST', '/api/people', { firstName: 'Ana', lastName: 'Tags', tags: ['zèbre', 'Été', 'alpha', 'ete2'] })).status).toBe(201);

    const teams = (await api(h, h.users.admin, 'GET', '/api/teams')).body.items.map((t: { name: string }) => t.name);
    expect(teams).toEqual(EXPECTED);
    // A name already taken is named, as a user's e-mail is.
    const again = await api(h, h.users.admin, 'POST', '/api/teams', { name: 'Bureau' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'ALREADY_EXISTS', details: [{ path: 'name', message: 'already used' }] });
    const views = (await api(h, h.users.sales, 'GET', '/api/views?entityType=person')).body.items.map((v: { name: string }) => v.name);
    expect(views).toEqual(EXPECTED);
    const tags = (await api(h, h.users.sales, 'GET', '/api/tags')).body.items.map((t: { tag: string }) => t.tag);
    expect(tags).toEqual(['alpha', 'été', 'ete2', 'zèbre']);
  });

  it('pages through the tags in use by name, leaving out those of deleted records', async () => {
    const person = (await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Pages', tags: ['page-a', 'page-b', 'page-c', 'seulement-efface'] })).body;
    const gone = (await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Effacé', tags: ['seulement-efface', 'page-a'] })).body;
    expect((await api(h, h.users.manager, 'DELETE', `/api/people/${gone.id}`)).status).toBe(204);
    const all: { tag: string; count: number }[] = [];
    for (let cursor: string | null = null, pages = 0; pages === 0 || cursor; pages++) {
      const res = await api(h, h.users.sales, 'GET', `/api/tags?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      all.push(...res.body.items);
      cursor = res.body.nextCursor;
      expect(pages).toBeLessThan(20);
    }
    const everything = (await api(h, h.users.sales, 'GET', '/api/tags')).body.items;
    expect(all).toEqual(everything);
    expect(all.find((t) => t.tag === 'seulement-efface')).toEqual({ tag: 'seulement-efface', count: 1 });
    expect(all.find((t) => t.tag === 'page-a')).toEqual({ tag: 'page-a', count: 1 });
    expect((await api(h, h.users.sales, 'GET', '/api/tags?cursor=no-such-tag')).status).toBe(400);

    // The audit trail pages too, newest first, each row once.
    for (let i = 0; i < 3; i++) await api(h, h.users.sales, 'PATCH', `/api/people/${person.id}`, { firstName: `Essai ${i}` });
    const whole = (await api(h, h.users.manager, 'GET', `/api/audit?entityId=${person.id}&limit=500`)).body.items.map((r: { id: number }) => r.id);
    const paged: number[] = [];
    for (let cursor: string | null = null, pages = 0; pages === 0 || cursor; pages++) {
      const res = await api(h, h.users.manager, 'GET', `/api/audit?entityId=${person.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...res.body.items.map((r: { id: number }) => r.id));
      cursor = res.body.nextCursor;
    }
    expect(paged).toEqual(whole);
    expect(whole.length).toBeGreaterThan(4);
  });
});
