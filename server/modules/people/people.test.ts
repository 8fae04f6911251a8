import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

describe.each(DIALECTS)('people API on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates a person with a French phone, stores E.164 and keeps the text as written', async () => {
    const res = await api(h, h.users.frontdesk, 'POST', '/api/people', {
      firstName: 'Hélène',
      lastName: 'Dupont',
      phones: [{ number: '06 12 34 56 78', label: 'mobile' }],
      emails: [{ address: 'Helene.Dupont@Exemple.fr' }],
      addresses: [{ street: '3 rue des Lilas', postalCode: '69003', city: 'Lyon', country: 'fr' }],
      tags: ['Contract', 'contract'],
    });
    expect(res.status).toBe(201);
    expect(res.body.phones).toEqual([{ number: '06 12 34 56 78', e164: '+33612345678', label: 'mobile' }]);
    expect(res.body.emails[0].address).toBe('helene.dupont@exemple.fr');
    expect(res.body.addresses[0]).toMatchObject({ city: 'Lyon', country: 'FR' });
    expect(res.body.tags).toEqual(['contract']);
    expect(res.body.version).toBe(1);
    expect(res.body.createdBy).toBe(h.users.frontdesk.id);
    expect(res.body.possibleDuplicates).toEqual([]);
    expect(res.headers.etag).toBe('W/"1"');
  });

  it('finds the person by search with accents and case folded, and by any phone form', async () => {
    for (const q of ['helene', 'HÉLÈ', 'dup hel', '06 12 34', '+33 6 12 34 56 78', '0033612345678', '+33 (0)6 12 34 56 78', '+33 06 12 34', 'lyon', 'exemple']) {
      const res = await api(h, h.users.sales, 'GET', `/api/search?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
      expect(res.body.items.map((i: { title: string }) => i.title), q).toContain('Hélène Dupont');
    }
    const none = await api(h, h.users.sales, 'GET', '/api/search?q=zzzqqq');
    expect(none.body.items).toEqual([]);
  });

  it('reports likely duplicates on create: same phone, same e-mail, close name', async () => {
    const byPhone = await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'H', lastName: 'D', phones: [{ number: '+33 6 12 34 56 78' }] });
    expect(byPhone.status).toBe(201);
    expect(byPhone.body.possibleDuplicates).toEqual([expect.objectContaining({ displayName: 'Hélène Dupont', reason: 'phone' })]);
    const byName = await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Helene', lastName: 'Dupond' });
    expect(byName.body.possibleDuplicates).toEqual(expect.arrayContaining([expect.objectContaining({ displayName: 'Hélène Dupont', reason: 'name' })]));
    // First and last name typed the other way round.
    const swapped = await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Dupont', lastName: 'Hélène' });
    expect(swapped.body.possibleDuplicates).toEqual(expect.arrayContaining([expect.objectContaining({ displayName: 'Hélène Dupont', reason: 'name' })]));
  });

  it('tells the likely duplicates of a person being typed, by the same rule, creating nothing', async () => {
    const check = (body: object) => api(h, h.users.frontdesk, 'POST', '/api/people/duplicates', body);
    const before = (await api(h, h.users.admin, 'GET', '/api/people?total=1&limit=1')).body.total;
    // (The record created with her number in the test above is one too.)
    expect((await check({ phones: [{ number: '06.12.34.56.78' }] })).body.items).toEqual(expect.arrayContaining([expect.objectContaining({ displayName: 'Hélène Dupont', type: 'person', reason: 'phone' })]));
    expect((await check({ emails: [{ address: ' HELENE.DUPONT@exemple.fr' }] })).body.items).toEqual([expect.objectContaining({ displayName: 'Hélène Dupont', reason: 'email' })]);
    expect((await check({ firstName: 'Helene', lastName: 'Dupond' })).body.items).toEqual(expect.arrayContaining([expect.objectContaining({ displayName: 'Hélène Dupont', reason: 'name' })]));
    // Half typed: nothing found yet, and no error either.
    const partial = await check({ firstName: 'Zé', phones: [{ number: '06 12' }], emails: [{ address: 'hel' }] });
    expect(partial.status).toBe(200);
    expect(partial.body.items).toEqual([]);
    const unknownField = await check({ lastName: 'Dupont', ownerId: h.users.admin.id });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.details[0].path).toBe('ownerId');
    expect((await api(h, h.users.admin, 'GET', '/api/people?total=1&limit=1')).body.total).toBe(before);
  });

  it('compares names in other scripts letter by letter: a close name is a duplicate, another name is not', async () => {
    expect((await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Дмитрий', lastName: 'Иванов' })).body.possibleDuplicates).toEqual([]);
    const close = await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Дмитрий', lastName: 'Иванова' });
    expect(close.body.possibleDuplicates).toEqual([expect.objectContaining({ displayName: 'Дмитрий Иванов', reason: 'name' })]);
    const other = await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Дмитрий', lastName: 'Ивасюкевич' });
    expect(other.body.possibleDuplicates).toEqual([]);
  });

  it('refuses bad input with a 400 naming the field, and unknown fields', async () => {
    const badPhone = await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'X', phones: [{ number: 'not a number' }] });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(badPhone.body.error.details)).toContain('phones.0.number');
    const unknown = await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'X', createdBy: 'someone' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'createdBy', message: 'unknown field' }] });
    const noName = await api(h, h.users.frontdesk, 'POST', '/api/people', {});
    expect(noName.status).toBe(400);
    const badEmail = await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'X', emails: [{ address: 'nope' }] });
    expect(badEmail.status).toBe(400);
    expect(JSON.stringify(badEmail.body.error.details)).toContain('emails');
  });

  it('refuses a phone number that is no real number of its country, but keeps one saved before', async () => {
    const short = await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Court', phones: [{ number: '06 55 44 33 1' }] });
    expect(short.status).toBe(400);
    expect(short.body.error.details).toEqual([expect.objectContaining({ path: 'phones.0.number' })]);
    for (const number of ['06 12 34 56 78', '01 40 00 00 00', '+32 470 12 34 56', '+44 20 7946 0958', '0800 00 00 00']) {
      expect((await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Valide', phones: [{ number }] })).status, number).toBe(201);
    }
    // A number saved before this check (an import, an older version) does not block other edits.
    const person = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Ancien', phones: [{ number: '06 12 34 56 79' }] })).body;
    await h.app.relais.context.db.updateTable('contact_points').set({ value: '06 55 44 33 1', normalized: '+33065544331' }).where('entity_id', '=', person.id).execute();
    const edited = await api(h, h.users.frontdesk, 'PATCH', `/api/people/${person.id}`, { firstName: 'Paul', phones: [{ number: '06 55 44 33 1' }] });
    expect(edited.status).toBe(200);
  });

  it('refuses a change that would leave a person with no name at all', async () => {
    const person = (await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Inès', lastName: 'Blanc' })).body;
    const blank = await api(h, h.users.frontdesk, 'PATCH', `/api/people/${person.id}`, { firstName: '', lastName: '  ' });
    expect(blank.status).toBe(400);
    expect(blank.body.error.details).toEqual([expect.objectContaining({ path: 'lastName' })]);
    const oneLeft = await api(h, h.users.frontdesk, 'PATCH', `/api/people/${person.id}`, { lastName: '' });
    expect(oneLeft.status).toBe(200);
    const none = await api(h, h.users.frontdesk, 'PATCH', `/api/people/${person.id}`, { firstName: '' });
    expect(none.status).toBe(400);
    expect((await api(h, h.users.frontdesk, 'GET', `/api/people/${person.id}`)).body).toMatchObject({ firstName: 'Inès', lastName: '' });
  });

  it('a sales user keeps what they create: sent without an owner it is theirs, and they cannot hand it to nobody', async () => {
    const created = await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Prospect', ownerId: null });
    expect(created.status).toBe(201);
    expect(created.body.ownerId).toBe(h.users.sales.id);
    const unowned = await api(h, h.users.sales, 'PATCH', `/api/people/${created.body.id}`, { ownerId: null });
    expect(unowned.status).toBe(403);
    expect((await api(h, h.users.sales, 'PATCH', `/api/people/${created.body.id}`, { firstName: 'Julie' })).status).toBe(200);
    // Front desk edits every record: it may leave one without owner.
    const desk = await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Accueil', ownerId: null });
    expect(desk.body.ownerId).toBeNull();
  });

  it('a record is given to an active user only; an owner disabled since stays through its next change', async () => {
    const leaving = (await api(h, h.users.admin, 'POST', '/api/users', { email: 'partant@test.local', name: 'Paul Partant', role: 'sales', password: 'Une-phrase-de-depart-2026' })).body;
    const owned = (await api(h, h.users.manager, 'POST', '/api/people', { lastName: 'Client de Paul', ownerId: leaving.id })).body;
    expect(owned.ownerId).toBe(leaving.id);
    expect((await api(h, h.users.admin, 'PATCH', `/api/users/${leaving.id}`, { disabled: true })).status).toBe(200);
    for (const [method, url] of [['POST', '/api/people'], ['PATCH', `/api/people/${(await api(h, h.users.manager, 'POST', '/api/people', { lastName: 'Autre' })).body.id}`]] as const) {
      const refused = await api(h, h.users.manager, method, url, { lastName: 'Client', ownerId: leaving.id });
      expect(refused.status, method).toBe(400);
      expect(refused.body.error.details, method).toEqual([{ path: 'ownerId', message: 'unknown or disabled user' }]);
    }
    // The customer Paul still owns can be changed; a manager hands it over when ready.
    expect((await api(h, h.users.manager, 'PATCH', `/api/people/${owned.id}`, { firstName: 'Jeanne', ownerId: leaving.id })).status).toBe(200);
  });

  it('answers 405 with the methods an address takes when it exists with others, 404 when it does not', async () => {
    const wrongMethod = await api(h, h.users.sales, 'PUT', '/api/people');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET, HEAD, POST');
    expect(wrongMethod.body.error).toMatchObject({ code: 'METHOD_NOT_ALLOWED', message: expect.stringContaining('this address takes GET, HEAD, POST') });
    const one = await api(h, h.users.sales, 'POST', '/api/people/0190c5a0-0000-7000-8000-000000000000');
    expect(one.status).toBe(405);
    expect(one.headers.allow).toBe('GET, HEAD, PATCH, DELETE');
    expect((await api(h, h.users.sales, 'GET', '/api/peoples')).status).toBe(404);
  });

  it('an empty change writes nothing: same version, no audit row', async () => {
    const person = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Immobile' })).body;
    const same = await api(h, h.users.frontdesk, 'PATCH', `/api/people/${person.id}`, {});
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(1);
    const audit = await h.app.relais.context.db.selectFrom('audit_log').select('action').where('entity_id', '=', person.id).execute();
    expect(new Set(audit.map((a) => a.action))).toEqual(new Set(['create']));
  });

  it('answers 413 to an oversized body', async () => {
    const res = await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'X', notes: 'a'.repeat(2_000_000) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('takes an empty body sent as JSON for no body, and still refuses bad JSON', async () => {
    const raw = (method: 'POST' | 'DELETE', url: string, payload: string) =>
      h.app.inject({ method, url, payload, headers: { authorization: `Bearer ${h.users.admin.token}`, 'content-type': 'application/json' } });
    const person = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Sans-Corps' })).body;
    // Many HTTP clients set the JSON content type on every request, a DELETE without a body included.
    const deleted = await raw('DELETE', `/api/people/${person.id}`, '');
    expect(deleted.statusCode).toBe(204);
    expect((await api(h, h.users.admin, 'GET', `/api/people/${person.id}`)).status).toBe(404);
    // A route that needs a body names it.
    const empty = await raw('POST', '/api/people', '');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'body' }] });
    expect((await raw('POST', '/api/people', '{"lastName": ')).json().error.code).toBe('BAD_REQUEST');
    // Prototype poisoning is still refused, as by Fastify's own parser, and named as such.
    for (const body of ['{"lastName": "X", "__proto__": {"role": "admin"}}', '{"lastName": "X", "constructor": {"prototype": {"role": "admin"}}}']) {
      const poisoned = await raw('POST', '/api/people', body);
      expect(poisoned.statusCode).toBe(400);
      expect(poisoned.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'body', message: 'forbidden key __proto__ or constructor.prototype' }] });
    }
    expect((await api(h, h.users.admin, 'GET', '/api/people?q=X')).body.items).toEqual([]);
  });

  it('detects concurrent edits: a stale version gets 409, never a silent lost update', async () => {
    const created = await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Jean', lastName: 'Martin' });
    const id = created.body.id;
    const first = await api(h, h.users.frontdesk, 'PATCH', `/api/people/${id}`, { firstName: 'Jean-Paul', version: 1 });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(2);
    const stale = await api(h, h.users.backoffice, 'PATCH', `/api/people/${id}`, { firstName: 'Jeannot', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    const viaEtag = await api(h, h.users.backoffice, 'PATCH', `/api/people/${id}`, { lastName: 'Martins' }, { 'if-match': 'W/"1"' });
    expect(viaEtag.status).toBe(409);
    const current = await api(h, h.users.frontdesk, 'GET', `/api/people/${id}`);
    expect(current.body.firstName).toBe('Jean-Paul');
    expect(current.body.lastName).toBe('Martin');
  });

  it('writes who changed which field, old and new, to the audit trail', async () => {
    const created = await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Audit', lastName: 'Trail', tags: ['a'] });
    await api(h, h.users.backoffice, 'PATCH', `/api/people/${created.body.id}`, { lastName: 'Trace', tags: ['a', 'b'] });
    const audit = await api(h, h.users.manager, 'GET', `/api/audit?entityId=${created.body.id}`);
    expect(audit.status).toBe(200);
    const update = audit.body.items.filter((r: { action: string }) => r.action === 'update');
    expect(update).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'lastName', oldValue: 'Trail', newValue: 'Trace', actorId: h.users.backoffice.id }),
        expect.objectContaining({ field: 'tags', oldValue: '["a"]', newValue: '["a","b"]' }),
      ]),
    );
  });

  it('ranks records named after the words typed before records matching elsewhere, alphabetically within each', async () => {
    await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Aline', lastName: 'Rangeard', addresses: [{ city: 'Valbonne' }] });
    await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Zoé', lastName: 'Valbonnet' });
    await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Bruno', lastName: 'Valbonne' });
    const res = await api(h, h.users.sales, 'GET', '/api/search?q=valbon');
    expect(res.body.items.map((i: { title: string }) => i.title)).toEqual(['Bruno Valbonne', 'Zoé Valbonnet', 'Aline Rangeard']);
    expect(res.body.items.map((i: { score: number }) => i.score)).toEqual([2, 2, 1]);
  });

  it('lists with filters, sorts and cursor pagination', async () => {
    for (const [first, last, city] of [['Anne', 'Zola', 'Nantes'], ['Bruno', 'Abel', 'Nantes'], ['Chloé', 'Moreau', 'Brest']]) {
      await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: first, lastName: last, addresses: [{ city }], tags: ['listtest'] });
    }
    const page1 = await api(h, h.users.sales, 'GET', '/api/people?tag=listtest&sort=lastName&limit=2');
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((p: { lastName: string }) => p.lastName)).toEqual(['Abel', 'Moreau']);
    const page2 = await api(h, h.users.sales, 'GET', `/api/people?tag=listtest&sort=lastName&limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((p: { lastName: string }) => p.lastName)).toEqual(['Zola']);
    expect(page2.body.nextCursor).toBeNull();
    const desc = await api(h, h.users.sales, 'GET', '/api/people?tag=listtest&sort=-lastName');
    expect(desc.body.items.map((p: { lastName: string }) => p.lastName)).toEqual(['Zola', 'Moreau', 'Abel']);
    const nantes = await api(h, h.users.sales, 'GET', '/api/people?tag=listtest&city=Nantes');
    expect(nantes.body.items).toHaveLength(2);
    // The city as anyone types it: case, accents and hyphens do not matter.
    await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Forez', addresses: [{ city: 'Saint-Étienne' }], tags: ['listtest'] });
    for (const typed of ['nantes', ' NANTES ', 'saint etienne', 'SAINT-ETIENNE', 'Saint-Étienne']) {
      const found = await api(h, h.users.sales, 'GET', `/api/people?tag=listtest&city=${encodeURIComponent(typed)}`);
      expect(found.body.items.length, typed).toBe(typed.toLowerCase().includes('nantes') ? 2 : 1);
    }
    expect((await api(h, h.users.sales, 'GET', '/api/people?tag=listtest&city=--')).body.items).toEqual([]);
    const badSort = await api(h, h.users.sales, 'GET', '/api/people?sort=password_hash');
    expect(badSort.status).toBe(400);
    const badCursor = await api(h, h.users.sales, 'GET', '/api/people?cursor=%27%3Bdrop');
    expect(badCursor.status).toBe(400);
  });

  it('sorts by the city, organisation and owner the list shows, both ways and on every page', async () => {
    const admin = h.users.admin;
    const org = async (name: string) => (await api(h, admin, 'POST', '/api/organisations', { name })).body.id as string;
    const [zebre, alpha, eclair] = [await org('Zèbre Fret'), await org('alpha logistique'), await org('Éclair Transports')];
    // Owners' names as people read them: "Émile" between "Bertrand" and "Zoé" whatever the database's collation.
    const owners = [h.users.manager, h.users.sales, h.others.sales];
    const names = ['Émile Owner', 'Zoé Owner', 'bertrand Owner'];
    for (const [i, u] of owners.entries()) await h.handle.db.updateTable('users').set({ name: names[i] }).where('id', '=', u.id).execute();
    const people = [
      { lastName: 'Un', addresses: [{ city: 'Évreux' }, { city: 'Albi' }], organisationIds: [zebre], ownerId: owners[0].id },
      { lastName: 'Deux', addresses: [{ city: 'brest' }], organisationIds: [zebre, eclair], ownerId: owners[1].id },
      { lastName: 'Trois', addresses: [{ city: 'Zurich' }], organisationIds: [alpha], ownerId: owners[2].id },
      { lastName: 'Quatre' },
    ];
    for (const p of people) expect((await api(h, admin, 'POST', '/api/people', { ...p, tags: ['sorttest'] })).status).toBe(201);
    const order = async (sort: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await api(h, h.users.sales, 'GET', `/api/people?tag=sorttest&sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status, sort).toBe(200);
        seen.push(...res.body.items.map((p: { lastName: string }) => p.lastName));
        cursor = res.body.nextCursor;
      } while (cursor);
      return seen;
    };
    // No value sorts last both ways, as with custom fields; the first address's city, not the other one.
    expect(await order('city')).toEqual(['Deux', 'Un', 'Trois', 'Quatre']);
    expect(await order('-city')).toEqual(['Trois', 'Un', 'Deux', 'Quatre']);
    expect(await order('organisation')).toEqual(['Trois', 'Deux', 'Un', 'Quatre']);
    expect(await order('owner')).toEqual(['Trois', 'Un', 'Deux', 'Quatre']);
    expect(await order('-owner')).toEqual(['Deux', 'Un', 'Trois', 'Quatre']);
    // A deleted organisation no longer counts: Trois, without one now, goes last with Quatre, by name.
    expect((await api(h, admin, 'DELETE', `/api/organisations/${alpha}`)).status).toBe(204);
    expect(await order('organisation')).toEqual(['Deux', 'Un', 'Quatre', 'Trois']);
    expect(await order('-organisation')).toEqual(['Un', 'Deux', 'Trois', 'Quatre']);
    const orgs = await api(h, h.users.sales, 'GET', '/api/organisations?sort=organisation');
    expect(orgs.status).toBe(400);
    expect(orgs.body.error.message).toContain('city, owner');
  });

  it('sorts names as people read them: case, accents and letters such as Ł or Ø folded, on every page', async () => {
    const names = [['', 'Zola'], ['', 'Émery'], ['Luc', 'de la Fontaine'], ['', 'Łukasiewicz'], ['Anne', 'emery'], ['', 'Ørsted'], ['', 'Dupont'], ['Élodie', 'Zola']];
    for (const [firstName, lastName] of names) {
      expect((await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName, lastName, tags: ['ordre-alpha'] })).status).toBe(201);
    }
    const walk = async (sort: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { firstName: string; lastName: string }[]; nextCursor: string | null } = (
          await api(h, h.users.frontdesk, 'GET', `/api/people?tag=ordre-alpha&sort=${sort}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
        ).body;
        seen.push(...page.items.map((p) => `${p.firstName} ${p.lastName}`.trim()));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    const byLastName = ['Luc de la Fontaine', 'Dupont', 'Émery', 'Anne emery', 'Łukasiewicz', 'Ørsted', 'Zola', 'Élodie Zola'];
    expect(await walk('lastName')).toEqual(byLastName);
    expect(await walk('-lastName')).toEqual([...byLastName].reverse());
    expect((await walk('firstName')).slice(-3)).toEqual(['Anne emery', 'Élodie Zola', 'Luc de la Fontaine']);

    for (const name of ['Zinc Transports', 'Éts Martin', 'atelier Durand', 'Øresund Logistique']) {
      expect((await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name, tags: ['ordre-alpha'] })).status).toBe(201);
    }
    const orgs = (await api(h, h.users.frontdesk, 'GET', '/api/organisations?tag=ordre-alpha&sort=name')).body.items.map((o: { name: string }) => o.name);
    expect(orgs).toEqual(['atelier Durand', 'Éts Martin', 'Øresund Logistique', 'Zinc Transports']);
  });

  it('lists the same pages when a filter value is shared by thousands of records (sort order walked, not sorted)', async () => {
    // Past the walk threshold (200 matching rows for a table this small, 4,000 at 1M) the list walks the sort index and checks each record; below, it
    // sorts the matches. Rows for records that are not people (here: ghosts) count for the choice
    // but must never appear.
    const ghosts = Array.from({ length: 4200 }, (_, i) => ({ entity_type: 'person', entity_id: `ghost-${String(i).padStart(5, '0')}`, tag: 'common' }));
    for (let i = 0; i < ghosts.length; i += 500) await h.handle.db.insertInto('tags').values(ghosts.slice(i, i + 500)).execute();
    const created: string[] = [];
    for (const [first, last, city] of [['Yves', 'Roux', 'Nantes'], ['Zoé', 'Bernard', 'Brest'], ['Paul', 'Dubois', 'Nantes']]) {
      const res = await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: first, lastName: last, addresses: [{ city }], tags: ['common'] });
      created.push(res.body.id);
    }
    const page1 = await api(h, h.users.sales, 'GET', '/api/people?tag=common&sort=lastName&limit=2');
    expect(page1.body.items.map((p: { lastName: string }) => p.lastName)).toEqual(['Bernard', 'Dubois']);
    const page2 = await api(h, h.users.sales, 'GET', `/api/people?tag=common&sort=lastName&limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((p: { lastName: string }) => p.lastName)).toEqual(['Roux']);
    expect(page2.body.nextCursor).toBeNull();
    const newest = await api(h, h.users.sales, 'GET', '/api/people?tag=common&city=Nantes&sort=-createdAt');
    expect(newest.body.items.map((p: { id: string }) => p.id)).toEqual([created[2], created[0]]);
  });

  it('filters and sorts on custom fields', async () => {
    const field = await api(h, h.users.manager, 'POST', '/api/custom-fields', { entityType: 'person', key: 'fleet_size', labelEn: 'Fleet size', labelFr: 'Taille de flotte', type: 'number' });
    expect(field.status).toBe(201);
    for (const [name, size] of [['Petit', 2], ['Grand', 40], ['Moyen', 12]] as const) {
      const r = await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: name, customFields: { fleet_size: size }, tags: ['cftest'] });
      expect(r.status).toBe(201);
    }
    const sorted = await api(h, h.users.sales, 'GET', '/api/people?tag=cftest&sort=-cf.fleet_size');
    expect(sorted.body.items.map((p: { lastName: string }) => p.lastName)).toEqual(['Grand', 'Moyen', 'Petit']);
    const filtered = await api(h, h.users.sales, 'GET', '/api/people?cf.fleet_size=12');
    expect(filtered.body.items.map((p: { lastName: string }) => p.lastName)).toEqual(['Moyen']);
    const wrongType = await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'X', customFields: { fleet_size: 'many' } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.details[0].path).toBe('customFields.fleet_size');
    const unknownField = await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'X', customFields: { nope: 'x' } });
    expect(unknownField.status).toBe(400);
  });

  it('keeps long custom texts the same way on both databases: up to 500 characters in any script, then a 400 naming the field', async () => {
    expect((await api(h, h.users.manager, 'POST', '/api/custom-fields', { entityType: 'person', key: 'motto', labelEn: 'Motto', labelFr: 'Devise', type: 'text' })).status).toBe(201);
    // Ligatures fold to three letters each; CJK letters take three bytes, a rare one four.
    for (const text of ['ﬃ'.repeat(500), '漢'.repeat(499) + '𠀀', 'x'.repeat(500)]) {
      const created = await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Long', customFields: { motto: text }, tags: ['longtext'] });
      expect(created.status, text.slice(0, 3)).toBe(201);
      expect(created.body.customFields.motto).toBe(text);
      const found = await api(h, h.users.sales, 'GET', `/api/people?tag=longtext&cf.motto.prefix=${encodeURIComponent(text.slice(0, 100))}`);
      expect(found.body.items?.map((p: { id: string }) => p.id), JSON.stringify(found.body).slice(0, 300)).toEqual([created.body.id]);
      await api(h, h.users.manager, 'DELETE', `/api/people/${created.body.id}`);
    }
    const tooLong = await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Long', customFields: { motto: 'x'.repeat(501) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details[0].path).toBe('customFields.motto');
  });

  it('merges a duplicate: timeline, tasks and contact points move; the merge is audited', async () => {
    const keep = (await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Paul', lastName: 'Keep', phones: [{ number: '0140000001' }] })).body;
    const dup = (await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Paul', lastName: 'Kep', phones: [{ number: '0140000002' }], tags: ['vip'] })).body;
    const call = await api(h, h.users.frontdesk, 'POST', '/api/interactions', { channel: 'call', direction: 'in', personId: dup.id, summary: 'asked for a quote' });
    const task = await api(h, h.users.frontdesk, 'POST', '/api/tasks', { title: 'Call back', personId: dup.id });
    const merged = await api(h, h.users.manager, 'POST', `/api/people/${keep.id}/merge`, { sourceId: dup.id });
    expect(merged.status).toBe(200);
    expect(merged.body.phones.map((p: { e164: string }) => p.e164)).toEqual(['+33140000001', '+33140000002']);
    expect(merged.body.tags).toEqual(['vip']);
    const timeline = await api(h, h.users.frontdesk, 'GET', `/api/interactions?personId=${keep.id}`);
    expect(timeline.body.items.map((i: { id: string }) => i.id)).toContain(call.body.id);
    expect((await api(h, h.users.frontdesk, 'GET', `/api/tasks/${task.body.id}`)).body.personId).toBe(keep.id);
    const gone = await api(h, h.users.frontdesk, 'GET', `/api/people/${dup.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.details.mergedIntoId).toBe(keep.id);
    const lookup = await api(h, h.users.frontdesk, 'GET', '/api/lookup/phone/01%2040%2000%2000%2002');
    expect(lookup.body.matches.map((m: { id: string }) => m.id)).toEqual([keep.id]);
    const audit = await api(h, h.users.admin, 'GET', `/api/audit?entityId=${dup.id}`);
    expect(audit.body.items[0]).toMatchObject({ action: 'merge', field: 'mergedInto', newValue: keep.id });
    // The kept record's audit says what the merge changed on it, old -> new.
    const keptAudit = (await api(h, h.users.admin, 'GET', `/api/audit?entityId=${keep.id}`)).body.items.filter((r: { action: string }) => r.action === 'merge');
    const parse = (v: string | null) => (v === null || v === dup.id ? v : JSON.parse(v));
    const byField = Object.fromEntries(keptAudit.map((r: { field: string; oldValue: string | null; newValue: string | null }) => [r.field, [parse(r.oldValue), parse(r.newValue)]]));
    expect(byField.mergedFrom).toEqual([null, dup.id]);
    expect(byField.tags).toEqual([[], ['vip']]);
    expect((byField.phones[0] as { number: string }[]).map((p) => p.number)).toEqual(['0140000001']);
    expect((byField.phones[1] as { number: string }[]).map((p) => p.number)).toEqual(['0140000001', '0140000002']);
    const forbidden = await api(h, h.users.sales, 'POST', `/api/people/${keep.id}/merge`, { sourceId: dup.id });
    expect(forbidden.status).toBe(403);
  });
});
