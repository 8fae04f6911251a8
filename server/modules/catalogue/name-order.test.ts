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
    const views = (await api(h, h.users.sales, 'GET', '/api/views?entityType=person')).body.items.map((v: { name: string }) => v.name);
    expect(views).toEqual(EXPECTED);
    const tags = (await api(h, h.users.sales, 'GET', '/api/tags')).body.items.map((t: { tag: string }) => t.tag);
    expect(tags).toEqual(['alpha', 'été', 'ete2', 'zèbre']);
  });
});
