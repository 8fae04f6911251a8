import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

/** POST …/duplicates: what creating the record would report, asked while it is typed, for organisations too. */
describe.each(DIALECTS)('the duplicates check of organisations on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('finds an organisation by number, e-mail or close name, only among organisations, and creates nothing', async () => {
    const firm = (await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Transports Garnier', phones: [{ number: '04 78 12 34 56' }], emails: [{ address: 'contact@garnier-tp.fr' }] })).body;
    // A person with the same number is not an organisation's duplicate.
    await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Garnier', phones: [{ number: '04 78 12 34 56' }] });
    const check = (body: object) => api(h, h.users.sales, 'POST', '/api/organisations/duplicates', body);
    expect((await check({ phones: [{ number: '+33 4 78 12 34 56' }] })).body).toEqual({ items: [{ id: firm.id, type: 'organisation', displayName: 'Transports Garnier', reason: 'phone', reasons: ['phone'] }], nextCursor: null });
    expect((await check({ emails: [{ address: 'Contact@Garnier-TP.fr' }] })).body.items).toEqual([expect.objectContaining({ id: firm.id, reason: 'email' })]);
    expect((await check({ name: 'Transport Garnier' })).body.items).toEqual([expect.objectContaining({ id: firm.id, reason: 'name' })]);
    expect((await check({ name: 'Boulangerie Vidal' })).body.items).toEqual([]);
    // Everything shared is named, strongest first; `reason` stays the strongest.
    expect((await check({ name: 'Transports Garnier', emails: [{ address: 'contact@garnier-tp.fr' }], phones: [{ number: '04 78 12 34 56' }] })).body.items).toEqual([
      expect.objectContaining({ id: firm.id, reason: 'phone', reasons: ['phone', 'email', 'name'] }),
    ]);
    expect((await check({ name: 'Transports Garnier', emails: [{ address: 'contact@garnier-tp.fr' }] })).body.items).toEqual([
      expect.objectContaining({ id: firm.id, reason: 'email', reasons: ['email', 'name'] }),
    ]);
    // A person's name fields are not an organisation's.
    const wrongField = await check({ lastName: 'Garnier' });
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.error.details[0].path).toBe('lastName');
    const list = await api(h, h.users.sales, 'GET', '/api/organisations?limit=50');
    expect(list.body.items).toHaveLength(1);
  });

  it('compares firm names without their legal form, written any way, either side', async () => {
    const durand = (await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Transports Durand SARL' })).body;
    const abc = (await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'A.B.C. Fret' })).body;
    const check = async (name: string) => ((await api(h, h.users.sales, 'POST', '/api/organisations/duplicates', { name })).body.items as { id: string; reason: string }[]).map((d) => d.id);
    for (const name of ['Transports Durand', 'Transports Durand SAS', 'TRANSPORTS DURAND S.A.R.L.', 'SARL Transport Durand']) expect(await check(name), name).toEqual([durand.id]);
    expect(await check('ABC Fret SAS')).toEqual([abc.id]);
    // The legal form alone is no likeness.
    expect(await check('Transports Martin SARL')).toEqual([]);
    // Creating reports it too.
    const created = await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Transports Durand' });
    expect(created.body.possibleDuplicates).toEqual([expect.objectContaining({ id: durand.id, reason: 'name' })]);
  });
});
