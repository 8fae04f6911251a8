import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

interface Item { type: string; id: string; title: string; subtitle: string | null; score: number }

describe.each(DIALECTS)('search by name prefixes on %s', (dialect) => {
  let h: Harness;
  const search = async (q: string, extra = '') => {
    const res = await api(h, h.users.sales, 'GET', `/api/search?q=${encodeURIComponent(q)}&limit=50${extra}`);
    expect(res.status, q).toBe(200);
    return res.body.items as Item[];
  };
  const titles = async (q: string, extra = '') => (await search(q, extra)).map((i) => i.title);
  const person = async (body: Record<string, unknown>) => {
    const res = await api(h, h.users.frontdesk, 'POST', '/api/people', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string };
  };

  beforeAll(async () => {
    h = await createHarness(dialect);
    await person({ firstName: 'Maximilien', lastName: 'Östergaard-Lebrun', addresses: [{ city: 'Quimper' }] });
    await person({ firstName: 'Maximiliano', lastName: 'Quintard' });
    await person({ firstName: 'Max', lastName: 'Quimperlé' });
    await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Transports Quintard & Fils' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('finds a name by every beginning of each of its words, however long, accents and case folded', async () => {
    const word = 'maximilien';
    for (let n = 1; n <= word.length; n++) {
      const found = await search(word.slice(0, n).toUpperCase());
      // The whole word ranks above its beginnings (see WHOLE_NAME_SCORE).
      const score = n === word.length ? 3 : 2;
      expect(found.find((i) => i.title === 'Maximilien Östergaard-Lebrun'), word.slice(0, n)).toMatchObject({ type: 'person', score });
    }
    for (const q of ['oster', 'östergaard', 'lebrun', 'LEB', 'maximilien östergaard-lebrun']) {
      expect(await titles(q), q).toContain('Maximilien Östergaard-Lebrun');
    }
  });

  it('tells apart long words sharing their first characters, and never matches a word shorter than what was typed', async () => {
    // "maximilie…" and "maximilia…" share their first eight characters.
    expect(await titles('maximilien')).toEqual(['Maximilien Östergaard-Lebrun']);
    expect(await titles('maximiliano')).toEqual(['Maximiliano Quintard']);
    expect(await titles('maximilienne')).toEqual([]);
    expect(await titles('maxi')).toEqual(['Maximiliano Quintard', 'Maximilien Östergaard-Lebrun']);
    expect(await titles('maxx')).toEqual([]);
  });

  it('needs every word typed, in any order, each the beginning of a word of the name', async () => {
    expect(await titles('quin max')).toEqual(['Maximiliano Quintard']);
    expect(await titles('max quintard')).toEqual(['Maximiliano Quintard']);
    expect(await titles('maximiliano lebrun')).toEqual([]);
    expect(await titles('quintard', '&type=organisation')).toEqual(['Transports Quintard & Fils']);
  });

  it('lists names first, then records matching elsewhere, alphabetically within each', async () => {
    const found = await search('quimper');
    expect(found.map((i) => [i.title, i.score])).toEqual([
      ['Max Quimperlé', 2],
      ['Maximilien Östergaard-Lebrun', 1],
    ]);
  });

  it('ranks names holding the typed words whole above names where they only begin a word', async () => {
    await person({ firstName: 'Léa', lastName: 'Maxence' });
    await person({ firstName: 'Anne', lastName: 'Max' });
    const found = await search('max');
    expect(found.map((i) => [i.title, i.score])).toEqual([
      ['Anne Max', 3],
      ['Max Quimperlé', 3],
      ['Léa Maxence', 2],
      ['Maximiliano Quintard', 2],
      ['Maximilien Östergaard-Lebrun', 2],
    ]);
    // Every typed word must be whole for the first tier; the limit cuts across tiers.
    expect((await search('anne max')).map((i) => [i.title, i.score])).toEqual([['Anne Max', 3]]);
    const three = await api(h, h.users.sales, 'GET', '/api/search?q=max&limit=3');
    expect(three.body.items.map((i: Item) => i.title)).toEqual(['Anne Max', 'Max Quimperlé', 'Léa Maxence']);
  });

  it('finds numbers by any beginning in any written form, those from abroad in their own format too', async () => {
    await person({ firstName: 'Noémie', lastName: 'Fabreguettes', phones: [{ number: '06 47 11 22 33' }], addresses: [{ city: 'Albi', postalCode: '81000' }] });
    await person({ firstName: 'Wout', lastName: 'Vanderkerckhove', phones: [{ number: '+32 470 99 88 77' }] });
    await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Transports Fabreguettes', phones: [{ number: '05 63 47 11 22' }] });
    for (const q of ['06 47 11', '0647', '+33 6 47 11 22 33', '0033 647', '33 6 47', '647 11 22', '(0)6.47.11']) {
      expect(await titles(q), q).toEqual(['Noémie Fabreguettes']);
    }
    for (const q of ['+32 470 99', '0032 470', '0470 99 88', '470 99 88 77']) {
      expect(await titles(q), q).toEqual(['Wout Vanderkerckhove']);
    }
    // Postal codes and a firm's own number; the type filter holds for numbers too.
    expect(await titles('81000')).toEqual(['Noémie Fabreguettes']);
    expect(await titles('05 63 47')).toEqual(['Transports Fabreguettes']);
    expect(await titles('05 63 47', '&type=person')).toEqual([]);
    expect((await search('06 47 11'))[0]).toMatchObject({ type: 'person', score: 1 });
    // The number that matched comes first in the detail line, as the record page shows it: French
    // numbers in their national form whatever way they were saved, others as written.
    expect((await search('+33 6 47 11'))[0].subtitle).toMatch(/^06 47 11 22 33 · Albi$/);
    await person({ firstName: 'Basile', lastName: 'Entremont', phones: [{ number: '+33 6 98 12 34 56' }] });
    expect((await search('0698 12'))[0]).toMatchObject({ title: 'Basile Entremont', subtitle: '06 98 12 34 56' });
    expect((await search('0032 470'))[0].subtitle).toMatch(/^\+32 470 99 88 77( · |$)/);
    // Only beginnings: digits inside a number do not match.
    expect(await titles('47 11 22 33')).toEqual([]);
  });

  it('finds names written with letters such as Ł or Ø by their plain Latin form, and names in other scripts as written', async () => {
    await person({ firstName: 'Łukasz', lastName: 'Wałęsa' });
    await person({ firstName: 'Søren', lastName: 'Ørsted' });
    await person({ firstName: 'Дмитрий', lastName: 'Иванов' });
    await person({ lastName: '王小明' });
    await person({ firstName: 'Σοφία', lastName: 'Παπαδοπούλου' });
    expect(await titles('lukasz walesa')).toEqual(['Łukasz Wałęsa']);
    expect(await titles('Łukasz')).toEqual(['Łukasz Wałęsa']);
    expect(await titles('orsted')).toEqual(['Søren Ørsted']);
    expect(await titles('soren')).toEqual(['Søren Ørsted']);
    expect(await titles('дмит')).toEqual(['Дмитрий Иванов']);
    expect(await titles('ИВАНОВ')).toEqual(['Дмитрий Иванов']);
    expect(await titles('王小')).toEqual(['王小明']);
    expect(await titles('σοφια')).toEqual(['Σοφία Παπαδοπούλου']);
  });

  it('orders results within a tier as people read names, accents and case folded', async () => {
    await person({ firstName: 'Zoé', lastName: 'Tricot' });
    await person({ firstName: 'émile', lastName: 'Tricot' });
    await person({ firstName: 'Adèle', lastName: 'Tricot' });
    expect(await titles('tricot')).toEqual(['Adèle Tricot', 'émile Tricot', 'Zoé Tricot']);
  });

  it('follows renames and deletions', async () => {
    const renamed = await person({ firstName: 'Albertine', lastName: 'Zabrowski' });
    expect(await titles('zabrow')).toEqual(['Albertine Zabrowski']);
    const patch = await api(h, h.users.frontdesk, 'PATCH', `/api/people/${renamed.id}`, { lastName: 'Yvonnec', version: 1 });
    expect(patch.status).toBe(200);
    expect(await titles('zabrow')).toEqual([]);
    expect(await titles('albertine yvon')).toEqual(['Albertine Yvonnec']);
    expect((await api(h, h.users.manager, 'DELETE', `/api/people/${renamed.id}`)).status).toBe(204);
    expect(await titles('albertine')).toEqual([]);
  });

  it("follows an organisation's rename, merge and deletion on its members, and lists no member of a deleted one", async () => {
    const org = async (name: string) => (await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name })).body as { id: string; version: number };
    const ancien = await org('Ancien Nom Logistique');
    const member = await person({ lastName: 'Salarié', organisationIds: [ancien.id] });
    const found = async (q: string) => (await search(q)).filter((i) => i.id === member.id).length;
    expect(await found('ancien nom')).toBe(1);

    expect((await api(h, h.users.frontdesk, 'PATCH', `/api/organisations/${ancien.id}`, { name: 'Nouveau Transit' })).status).toBe(200);
    expect(await found('ancien nom')).toBe(0);
    expect(await found('nouveau transit')).toBe(1);

    // Merged into another organisation: the member is found by the kept one's name.
    const kept = await org('Groupe Horizon Fret');
    expect((await api(h, h.users.manager, 'POST', `/api/organisations/${kept.id}/merge`, { sourceId: ancien.id })).status).toBe(200);
    expect(await found('nouveau transit')).toBe(0);
    expect(await found('horizon fret')).toBe(1);

    const members = async (id: string) => (await api(h, h.users.sales, 'GET', `/api/people?organisationId=${id}`)).body.items.map((p: { id: string }) => p.id);
    expect(await members(kept.id)).toEqual([member.id]);
    expect((await api(h, h.users.manager, 'DELETE', `/api/organisations/${kept.id}`)).status).toBe(204);
    expect(await found('horizon fret')).toBe(0);
    expect(await found('salarie')).toBe(1);
    expect(await members(kept.id)).toEqual([]);
  });
});
