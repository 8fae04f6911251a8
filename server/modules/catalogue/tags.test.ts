import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

describe.each(DIALECTS)('tags in use on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
    const person = (tags: string[]) => api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Tagué', tags });
    const organisation = (tags: string[]) => api(h, h.users.sales, 'POST', '/api/organisations', { name: 'Tagués SA', tags });
    for (const res of await Promise.all([person(['decideur', 'vip']), person(['decideur']), organisation(['vip', 'transporteur']), organisation(['transporteur'])])) {
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  const tags = async (query = '') => {
    const res = await api(h, h.users.frontdesk, 'GET', `/api/tags${query}`);
    expect(res.status).toBe(200);
    return res.body.items as { tag: string; count: number }[];
  };

  it('entityType keeps the tags of that kind of record, counted on them; without it, every tag', async () => {
    expect(await tags('?entityType=organisation')).toEqual([
      { tag: 'transporteur', count: 2 },
      { tag: 'vip', count: 1 },
    ]);
    expect(await tags('?entityType=person')).toEqual([
      { tag: 'decideur', count: 2 },
      { tag: 'vip', count: 1 },
    ]);
    expect(await tags()).toEqual([
      { tag: 'decideur', count: 2 },
      { tag: 'transporteur', count: 2 },
      { tag: 'vip', count: 2 },
    ]);
    // Pages follow the kind too.
    const first = await api(h, h.users.frontdesk, 'GET', '/api/tags?entityType=organisation&limit=1');
    expect(first.body).toEqual({ items: [{ tag: 'transporteur', count: 2 }], nextCursor: 'transporteur' });
    const next = await api(h, h.users.frontdesk, 'GET', '/api/tags?entityType=organisation&limit=1&cursor=transporteur');
    expect(next.body).toEqual({ items: [{ tag: 'vip', count: 1 }], nextCursor: null });
  });

  it('keeps one tag whatever way its accents were typed (combining or precomposed), and finds it both ways', async () => {
    const composed = 'été';
    const combining = 'e\u0301te\u0301';
    const res = await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Saison', tags: [composed, combining] });
    expect(res.status).toBe(201);
    expect(res.body.tags).toEqual([composed]);
    for (const typed of [composed, combining]) {
      const listed = await api(h, h.users.frontdesk, 'GET', `/api/people?tag=${encodeURIComponent(typed)}`);
      expect(listed.body.items.map((p: { id: string }) => p.id)).toEqual([res.body.id]);
    }
  });

  it('refuses an unknown kind, naming the parameter', async () => {
    const res = await api(h, h.users.frontdesk, 'GET', '/api/tags?entityType=team');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error)).toContain('entityType');
  });
});
