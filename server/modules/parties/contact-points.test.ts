import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

/** A record's phones and e-mails hold each number or address once; an address says something. */
describe.each(DIALECTS)('contact points of a record on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('keeps a number or an address given twice in another written form once, as first written, on create and on change', async () => {
    const created = await api(h, h.users.frontdesk, 'POST', '/api/people', {
      lastName: 'Deuxfois',
      phones: [{ number: '06 22 33 44 55', label: 'mobile' }, { number: '+33622334455', label: 'autre' }, { number: '01 42 00 00 01' }],
      emails: [{ address: 'a.b@exemple.fr' }, { address: 'A.B@EXEMPLE.FR', label: 'pro' }],
    });
    expect(created.status).toBe(201);
    expect(created.body.phones.map((p: { number: string; label: string | null }) => [p.number, p.label])).toEqual([['06 22 33 44 55', 'mobile'], ['01 42 00 00 01', null]]);
    expect(created.body.emails.map((e: { address: string }) => e.address)).toEqual(['a.b@exemple.fr']);
    const changed = await api(h, h.users.frontdesk, 'PATCH', `/api/people/${created.body.id}`, { phones: [{ number: '0033 1 42 00 00 01' }, { number: '01.42.00.00.01' }] });
    expect(changed.body.phones.map((p: { number: string }) => p.number)).toEqual(['0033 1 42 00 00 01']);
  });

  it('refuses an address with nothing in it, naming it', async () => {
    const res = await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Vide', addresses: [{ city: 'Lyon' }, {}] });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'addresses.1', message: 'an address needs a street, a postal code, a city or a country' })]);
    expect((await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Vide', addresses: [{ label: 'siège' }] })).status).toBe(400);
  });

  it('refuses a country that is no ISO 3166 code, naming it; takes one in lower case', async () => {
    for (const country of ['ZZ', 'UK', 'QQ']) {
      const res = await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: `Pays ${country}`, addresses: [{ city: 'Londres', country }] });
      expect(res.status, country).toBe(400);
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'addresses.0.country', message: expect.stringContaining('ISO 3166') })]);
    }
    // Not two letters: that one message, not a second about the code.
    const shape = await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Pays F1', addresses: [{ city: 'Paris', country: 'F1' }] });
    expect(shape.body.error.details).toEqual([expect.objectContaining({ path: 'addresses.0.country', message: 'ISO 3166 alpha-2 code, e.g. FR' })]);
    const gb = await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Pays GB', addresses: [{ city: 'Londres', country: 'gb' }] });
    expect(gb.status).toBe(201);
    expect(gb.body.addresses[0].country).toBe('GB');
  });

  it('names every bad contact point in one answer: a bad e-mail and a bad number together', async () => {
    for (const path of ['/api/people', '/api/organisations']) {
      const res = await api(h, h.users.frontdesk, 'POST', path, { ...(path === '/api/people' ? { lastName: 'Mauvais' } : { name: 'Mauvais' }), phones: [{ number: '06 12 3' }], emails: [{ address: 'pas-un-email' }] });
      expect(res.status, path).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path).sort(), path).toEqual(['emails.0.address', 'phones.0.number']);
    }
  });

  it('names them together on a change too, leaving alone a number the record already holds', async () => {
    const created = await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Changement' });
    // A number stored before numbers were checked (an import): kept as it is on later changes.
    await h.handle.db.insertInto('contact_points').values({ id: crypto.randomUUID(), entity_type: 'organisation', entity_id: created.body.id, kind: 'phone', value: '12', normalized: null, position: 0 }).execute();
    const res = await api(h, h.users.frontdesk, 'PATCH', `/api/organisations/${created.body.id}`, { phones: [{ number: '12' }, { number: '06 12 3' }], emails: [{ address: 'pas-un-email' }] });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['emails.0.address', 'phones.1.number']);
    expect(res.body.error.message).toContain('phones.1.number');
    // Nothing written.
    expect((await api(h, h.users.frontdesk, 'GET', `/api/organisations/${created.body.id}`)).body.version).toBe(1);
  });
});
