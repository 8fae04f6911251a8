import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

/**
 * Names and cities are sorted and filtered by their folded form, which can be longer than what was
 * written ("ß" → "ss", "ﬃ" → "ffi"): a name or city at its longest must still be saved, sorted and
 * found, on PostgreSQL (whose key columns have a length and whose index entries a size) as on SQLite.
 */
const longest = (start: string, length: number) => (start + ' Nordrhein Westfalen'.repeat(20)).slice(0, length).trimEnd().padEnd(length, 'x');

describe.each(DIALECTS)('names and cities that fold longer than written on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('saves, sorts and finds an organisation whose name at its longest (300) folds longer', async () => {
    const name = longest('Straßenbau Œuvre', 300);
    expect(name).toHaveLength(300);
    const created = await api(h, h.users.sales, 'POST', '/api/organisations', { name, tags: ['folded'] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const other = await api(h, h.users.sales, 'POST', '/api/organisations', { name: 'Strasse', tags: ['folded'] });
    expect(other.status).toBe(201);
    const sorted = await api(h, h.users.sales, 'GET', '/api/organisations?tag=folded&sort=-name');
    expect(sorted.body.items.map((o: { name: string }) => o.name)).toEqual([name, 'Strasse']);
    const found = await api(h, h.users.sales, 'GET', '/api/search?q=strassenbau');
    expect(found.body.items.map((i: { id: string }) => i.id)).toEqual([created.body.id]);
  });

  it('saves a person whose names at their longest (200) fold to more than 300 characters', async () => {
    const created = await api(h, h.users.sales, 'POST', '/api/people', { firstName: 'ß'.repeat(200), lastName: 'ﬃ'.repeat(200), tags: ['folded'] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const other = await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Fa', tags: ['folded'] });
    expect(other.status).toBe(201);
    const sorted = await api(h, h.users.sales, 'GET', '/api/people?tag=folded&sort=lastName');
    expect(sorted.body.items.map((p: { id: string }) => p.id)).toEqual([other.body.id, created.body.id]);
  });

  it('saves a city at its longest (120) that folds longer, and filters and sorts by it', async () => {
    const city = longest('Straßburg Cœur', 120);
    const created = await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Citadin', tags: ['city'], addresses: [{ city }] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const other = await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Autre', tags: ['city'], addresses: [{ city: 'Strasbourg' }] });
    expect(other.status).toBe(201);
    const filtered = await api(h, h.users.sales, 'GET', `/api/people?city=${encodeURIComponent(city.toLowerCase())}`);
    expect(filtered.status).toBe(200);
    expect(filtered.body.items.map((p: { id: string }) => p.id)).toEqual([created.body.id]);
    const sorted = await api(h, h.users.sales, 'GET', '/api/people?tag=city&sort=-city');
    expect(sorted.body.items.map((p: { id: string }) => p.id)).toEqual([created.body.id, other.body.id]);
  });
});
