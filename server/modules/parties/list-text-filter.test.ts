import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';
import { generateDemoData } from '../demo/generator.js';

/**
 * The lists' text filter keeps every match, however many, the same on both databases; the search
 * box's type filter is applied before its candidates are cut, so the other type cannot crowd them out.
 */
describe.each(DIALECTS)('text filter of the lists on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
    // About a fifth of the demo's people carry the tag "newsletter": well over a thousand here.
    await generateDemoData(h.handle, { size: 6000, seed: 3, now: h.clock.now(), worker: false });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  const all = async (path: string) => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api(h, h.users.sales, 'GET', `${path}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status, path).toBe(200);
      ids.push(...res.body.items.map((p: { id: string }) => p.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    return ids;
  };

  it('lists every record the words find, not the best thousand', async () => {
    const tagged = await all('/api/people?tag=newsletter');
    expect(tagged.length).toBeGreaterThan(1000);
    const found = await all('/api/people?q=newslet');
    expect(found.sort()).toEqual(tagged.sort());
    // Words combine: both must begin a word of the record.
    const both = await all('/api/people?q=newsletter%20vip');
    const vip = new Set(await all('/api/people?tag=vip'));
    expect(both.sort()).toEqual(tagged.filter((id) => vip.has(id)).sort());
  });

  it('finds by number in the text filter too, every record with a number beginning so', async () => {
    const person = (await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Numéro', phones: [{ number: '+33 9 70 00 00 01' }] })).body;
    expect(await all(`/api/people?q=${encodeURIComponent('09 70 00 00 01')}`)).toEqual([person.id]);
    expect(await all(`/api/people?q=${encodeURIComponent('+33 (0)9 70 00 00 01')}`)).toEqual([person.id]);
  });

  it('finds an organisation by a word that thousands of people share, when asked for organisations', async () => {
    const org = (await api(h, h.users.sales, 'POST', '/api/organisations', { name: 'Zyx Logistique', tags: ['newsletter'] })).body;
    const res = await api(h, h.users.sales, 'GET', '/api/search?q=newsletter&type=organisation&limit=50');
    expect(res.body.items.map((i: { id: string }) => i.id)).toContain(org.id);
    expect(await all('/api/organisations?q=newsletter')).toContain(org.id);
  });
});
