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

  it('refuses a postal code that cannot be one of its country, naming it, on create and on change; leaves alone one the record already holds', async () => {
    const refused = await api(h, h.users.frontdesk, 'POST', '/api/people', {
      lastName: 'Postal',
      emails: [{ address: 'pas-un-email' }],
      addresses: [{ postalCode: '75012', city: 'Paris', country: 'FR' }, { postalCode: 'ABCDE', city: 'Quimper', country: 'fr' }, { postalCode: '7501', city: 'Berlin', country: 'DE' }],
    });
    expect(refused.status).toBe(400);
    // With the bad e-mail, in one answer.
    expect(refused.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['addresses.1.postalCode', 'addresses.2.postalCode', 'emails.0.address']);
    expect(refused.body.error.details).toContainEqual(expect.objectContaining({ path: 'addresses.1.postalCode', message: 'not a postal code of its country' }));

    // Right forms, a country whose form validator.js does not know (Gabon), no country: taken.
    const taken = await api(h, h.users.frontdesk, 'POST', '/api/organisations', {
      name: 'Codes justes',
      addresses: [{ postalCode: '29000', city: 'Quimper', country: 'FR' }, { postalCode: 'SW1A 1AA', city: 'London', country: 'GB' }, { postalCode: 'BP 1234', city: 'Libreville', country: 'GA' }, { postalCode: 'ABCDE', city: 'Nulle part' }],
    });
    expect(taken.status).toBe(201);
    expect(taken.body.addresses.map((a: { postalCode: string }) => a.postalCode)).toEqual(['29000', 'SW1A 1AA', 'BP 1234', 'ABCDE']);

    // An address stored before codes were checked (an import): kept as it is on later changes, a new bad one refused.
    const org = await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Ancienne adresse' });
    await h.handle.db.insertInto('contact_points').values({ id: crypto.randomUUID(), entity_type: 'organisation', entity_id: org.body.id, kind: 'address', value: '1 rue Haute', normalized: null, postal_code: 'XXXXX', city: 'Brest', country: 'FR', position: 0 }).execute();
    const kept = await api(h, h.users.frontdesk, 'PATCH', `/api/organisations/${org.body.id}`, { addresses: [{ street: '1 rue Haute', postalCode: 'XXXXX', city: 'Brest', country: 'FR' }], tags: ['ancien'] });
    expect(kept.status).toBe(200);
    const changed = await api(h, h.users.frontdesk, 'PATCH', `/api/organisations/${org.body.id}`, { addresses: [{ street: '1 rue Haute', postalCode: 'XXXXX', city: 'Brest', country: 'FR' }, { postalCode: '2900', city: 'Quimper', country: 'FR' }] });
    expect(changed.status).toBe(400);
    expect(changed.body.error.details).toEqual([expect.objectContaining({ path: 'addresses.1.postalCode', message: 'not a postal code of its country' })]);
    // With a bad e-mail (the schema's refusal), the postal code is named in the same answer.
    const both = await api(h, h.users.frontdesk, 'PATCH', `/api/organisations/${org.body.id}`, { emails: [{ address: 'pas-un-email' }], addresses: [{ postalCode: '2900', city: 'Quimper', country: 'fr' }] });
    expect(both.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['addresses.0.postalCode', 'emails.0.address']);
    expect((await api(h, h.users.frontdesk, 'GET', `/api/organisations/${org.body.id}`)).body.addresses.map((a: { postalCode: string }) => a.postalCode)).toEqual(['XXXXX']);
  });
});
