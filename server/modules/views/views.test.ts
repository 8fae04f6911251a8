import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';
import { listSorts, ORGANISATION, PERSON } from '../parties/party-kinds.js';

describe.each(DIALECTS)('saved list views on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
    for (const field of [
      { entityType: 'organisation', key: 'fleet_size', type: 'number', labelEn: 'Fleet', labelFr: 'Flotte' },
      { entityType: 'organisation', key: 'goods', type: 'choice', choices: ['chimie', 'frais'], labelEn: 'Goods', labelFr: 'Marchandises' },
    ]) {
      expect((await api(h, h.users.manager, 'POST', '/api/custom-fields', field)).status).toBe(201);
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  const save = (body: Record<string, unknown>, user = h.users.sales) => api(h, user, 'POST', '/api/views', body);
  const paths = (res: { body: { error: { details: { path: string }[] } } }) => res.body.error.details.map((d) => d.path).sort();

  it('keeps a view whose filters and sort the list takes, relationship and custom fields included', async () => {
    const definition = { filters: { relationship: 'carrier', city: 'Lyon', 'cf.fleet_size.min': '10', 'cf.goods': 'chimie' }, sort: '-cf.fleet_size', columns: ['name', 'city'] };
    const res = await save({ entityType: 'organisation', name: 'Transporteurs lyonnais', definition });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Transporteurs lyonnais', definition });
    // What it stores, the list answers without an error.
    const list = await api(h, h.users.sales, 'GET', `/api/organisations?${new URLSearchParams({ ...definition.filters, sort: definition.sort })}`);
    expect(list.status).toBe(200);
    const people = await save({ entityType: 'person', name: 'Chez un client', definition: { filters: { organisationId: 'some-organisation-id', relationship: 'contact-of' }, sort: 'organisation' } });
    expect(people.status).toBe(201);
  });

  it('keeps filters with several values and "no value" filters, which the list then answers', async () => {
    const definition = { filters: { tag: ['vip', 'export'], city: ['Lyon', 'Paris'], ownerId: [h.users.sales.id], relationship: 'carrier', missing: ['cf.goods', 'relationship'] }, sort: 'name', columns: [] };
    // (relationship and missing=relationship would list nothing: refused below; here without it.)
    const { relationship: _r, ...filters } = definition.filters;
    const res = await save({ entityType: 'organisation', name: 'Plusieurs valeurs', definition: { ...definition, filters } });
    expect(res.status).toBe(201);
    expect(res.body.definition.filters).toEqual(filters);
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filters)) for (const v of [value].flat()) query.append(key, v);
    expect((await api(h, h.users.sales, 'GET', `/api/organisations?${query}`)).status).toBe(200);
    const people = await save({ entityType: 'person', name: 'Sans organisation', definition: { filters: { missing: 'organisationId', tag: 'vip' } } });
    expect(people.status).toBe(201);

    // The list's own rules: at most 20 values, names the list knows, not "no value" and a value at once.
    const wrong = await save({
      entityType: 'organisation',
      name: 'Mauvais',
      definition: { filters: { tag: Array.from({ length: 21 }, (_, i) => `t${i}`), city: ['Lyon', 'x'.repeat(121)], 'cf.fleet_size.min': ['1', '2'], missing: ['organisationId', 'cf.nope', 'cf.goods'], 'cf.goods': 'chimie' } },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toEqual([
      { path: 'definition.filters.tag', message: 'at most 20 values' },
      { path: 'definition.filters.city', message: 'invalid value' },
      { path: 'definition.filters.cf.fleet_size.min', message: 'one value' },
      { path: 'definition.filters.missing', message: 'unknown field organisationId' },
      { path: 'definition.filters.missing', message: 'unknown custom field nope' },
      { path: 'definition.filters.missing', message: 'cf.goods is also filtered by value' },
    ]);
    const both = await save({ entityType: 'person', name: 'Contradictoire', definition: { filters: { ownerId: [h.users.sales.id], missing: ['ownerId'] } } });
    expect(both.body.error.details).toEqual([{ path: 'definition.filters.missing', message: 'ownerId is also filtered by value' }]);
  });

  it('still reads a view saved with one value per filter, as text, and lets it be updated', async () => {
    // As views were stored before filters took several values.
    const id = 'old-single-value-view';
    await h.handle.db
      .insertInto('saved_views')
      .values({ id, user_id: h.users.sales.id, entity_type: 'person', name: 'Ancienne vue', definition: JSON.stringify({ filters: { tag: 'vip', city: 'Lyon', ownerId: h.users.sales.id }, sort: 'lastName', columns: ['name'] }), created_at: '2026-01-01T00:00:00.000Z' })
      .execute();
    const listed = (await api(h, h.users.sales, 'GET', '/api/views?entityType=person')).body.items.find((v: { id: string }) => v.id === id);
    expect(listed.definition).toEqual({ filters: { tag: 'vip', city: 'Lyon', ownerId: h.users.sales.id }, sort: 'lastName', columns: ['name'] });
    expect((await api(h, h.users.sales, 'GET', `/api/people?${new URLSearchParams(listed.definition.filters)}`)).status).toBe(200);
    const updated = await api(h, h.users.sales, 'PATCH', `/api/views/${id}`, { definition: { ...listed.definition, filters: { ...listed.definition.filters, tag: ['vip', 'export'] } } });
    expect(updated.status).toBe(200);
    expect(updated.body.definition.filters).toEqual({ tag: ['vip', 'export'], city: 'Lyon', ownerId: h.users.sales.id });
  });

  it('refuses filters and sorts the list does not take, naming each in the definition', async () => {
    const res = await save({ entityType: 'person', name: 'Garbage', definition: { filters: { bogus: '1', 'cf.nope': 'x', tag: 'x'.repeat(61) }, sort: 'foo', columns: ['zzz'] } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(paths(res)).toEqual(['definition.filters.bogus', 'definition.filters.cf.nope', 'definition.filters.tag', 'definition.sort']);
    expect(res.body.error.details.find((d: { path: string }) => d.path === 'definition.sort').message).toBe('unknown sort');

    // A custom field of the other kind of record, an operator or a value its type refuses, a choice it lacks.
    const wrong = await save({ entityType: 'organisation', name: 'Wrong', definition: { filters: { 'cf.fleet_size.prefix': '1', 'cf.goods': 'bois', organisationId: 'x' }, sort: 'cf.since' } });
    expect(wrong.status).toBe(400);
    expect(paths(wrong)).toEqual(['definition.filters.cf.fleet_size.prefix', 'definition.filters.cf.goods', 'definition.filters.organisationId', 'definition.sort']);
    const numbers = await save({ entityType: 'organisation', name: 'Numbers', definition: { filters: { 'cf.fleet_size.min': 'ten' } } });
    expect(numbers.body.error.details).toEqual([{ path: 'definition.filters.cf.fleet_size.min', message: 'expected a number' }]);
    // Nothing was saved.
    const names = (await api(h, h.users.sales, 'GET', '/api/views')).body.items.map((v: { name: string }) => v.name);
    expect(names).not.toContain('Garbage');
    expect(names).not.toContain('Wrong');
  });

  it('the sorts it accepts are exactly those the list endpoints take', async () => {
    for (const [kind, resource] of [[PERSON, 'people'], [ORGANISATION, 'organisations']] as const) {
      // Every sort of the kind's list, both ways: the list applies it and a view keeps it.
      for (const sort of listSorts(kind).flatMap((s) => [s, `-${s}`])) {
        expect((await api(h, h.users.sales, 'GET', `/api/${resource}?sort=${sort}&limit=1`)).status, `${resource} ${sort}`).toBe(200);
        const view = await save({ entityType: kind.entityType, name: `${resource} by ${sort}`, definition: { sort } });
        expect(view.status, `view ${resource} ${sort}`).toBe(201);
      }
      // A sort the list refuses (one of the other kind's, one of nobody's) is refused by the view too.
      const others = ['nope', 'toString', ...[PERSON, ORGANISATION].flatMap(listSorts).filter((s) => !listSorts(kind).includes(s))];
      for (const sort of others) {
        const refused = await api(h, h.users.sales, 'GET', `/api/${resource}?sort=${sort}`);
        expect(refused.status, `${resource} ${sort}`).toBe(400);
        expect(refused.body.error.details).toEqual([{ path: 'sort', message: 'unknown sort' }]);
        const view = await save({ entityType: kind.entityType, name: `${resource} refused ${sort}`, definition: { sort } });
        expect(view.status, `view ${resource} ${sort}`).toBe(400);
        expect(paths(view)).toEqual(['definition.sort']);
      }
    }
  });

  it('one name per user and list, case and accents ignored: 409 naming the name', async () => {
    expect((await save({ entityType: 'person', name: 'Équipe Lyon', definition: { filters: { city: 'Lyon' } } })).status).toBe(201);
    const again = await save({ entityType: 'person', name: 'equipe lyon', definition: {} });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'ALREADY_EXISTS', details: [{ path: 'name', message: 'already used' }] });
    // Another list, another user: free.
    expect((await save({ entityType: 'organisation', name: 'Équipe Lyon', definition: {} })).status).toBe(201);
    expect((await save({ entityType: 'person', name: 'Équipe Lyon', definition: {} }, h.others.sales)).status).toBe(201);
  });

  it('PATCH renames a view or replaces what it shows, with the same checks; only its author reaches it', async () => {
    const view = (await save({ entityType: 'person', name: 'Paris', definition: { filters: { city: 'Paris' }, sort: 'lastName', columns: ['name'] } })).body;
    await save({ entityType: 'person', name: 'Marseille', definition: { filters: { city: 'Marseille' } } });

    const updated = await api(h, h.users.sales, 'PATCH', `/api/views/${view.id}`, { definition: { filters: { city: 'Paris', tag: 'vip' }, sort: '-updatedAt', columns: ['name', 'tags'] } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: view.id, name: 'Paris', definition: { filters: { city: 'Paris', tag: 'vip' }, sort: '-updatedAt', columns: ['name', 'tags'] } });
    const renamed = await api(h, h.users.sales, 'PATCH', `/api/views/${view.id}`, { name: 'Paris VIP' });
    expect(renamed.body).toMatchObject({ name: 'Paris VIP', definition: { filters: { city: 'Paris', tag: 'vip' } } });
    // Its own name with other capitals is still its own.
    expect((await api(h, h.users.sales, 'PATCH', `/api/views/${view.id}`, { name: 'PARIS vip' })).status).toBe(200);
    const listed = (await api(h, h.users.sales, 'GET', '/api/views?entityType=person')).body.items.find((v: { id: string }) => v.id === view.id);
    expect(listed).toMatchObject({ name: 'PARIS vip', definition: { sort: '-updatedAt' } });

    const taken = await api(h, h.users.sales, 'PATCH', `/api/views/${view.id}`, { name: 'marseille' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.details).toEqual([{ path: 'name', message: 'already used', messageFr: 'déjà utilisé' }]);
    const bad = await api(h, h.users.sales, 'PATCH', `/api/views/${view.id}`, { definition: { sort: 'shoeSize' } });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(['definition.sort']);
    expect((await api(h, h.users.sales, 'PATCH', `/api/views/${view.id}`, {})).status).toBe(400);
    expect((await api(h, h.users.sales, 'PATCH', `/api/views/${view.id}`, { entityType: 'organisation' })).status).toBe(400);

    // Private: another user gets "not found" and changes nothing.
    const other = await api(h, h.others.sales, 'PATCH', `/api/views/${view.id}`, { name: 'Mine now' });
    expect(other.status).toBe(404);
    expect((await api(h, h.users.sales, 'PATCH', '/api/views/no-such-view', { name: 'x' })).status).toBe(404);
    const still = (await api(h, h.users.sales, 'GET', '/api/views?entityType=person')).body.items.find((v: { id: string }) => v.id === view.id);
    expect(still.name).toBe('PARIS vip');
  });

  it("its audit trail is its owner's alone: a colleague with the audit trail, admin included, finds none, before and after it is deleted", async () => {
    const view = (await save({ entityType: 'organisation', name: 'Mes transporteurs', definition: { filters: { relationship: 'carrier' } } }, h.users.manager)).body;
    expect((await api(h, h.users.manager, 'PATCH', `/api/views/${view.id}`, { name: 'Mes transporteurs lyonnais' })).status).toBe(200);
    const trail = async (user: typeof h.users.manager) => {
      const res = await api(h, user, 'GET', `/api/audit?entityId=${view.id}`);
      expect(res.status).toBe(200);
      return res.body.items as { action: string; field: string; newValue: string | null; actorId: string }[];
    };
    for (const deleted of [false, true]) {
      const own = await trail(h.users.manager);
      expect(own.map((r) => r.action)).toEqual(expect.arrayContaining(deleted ? ['delete', 'update', 'create'] : ['update', 'create']));
      expect(own.every((r) => r.actorId === h.users.manager.id)).toBe(true);
      for (const colleague of [h.others.manager, h.users.admin]) expect(await trail(colleague), `${colleague.role}, deleted: ${deleted}`).toEqual([]);
      if (!deleted) expect((await api(h, h.users.manager, 'DELETE', `/api/views/${view.id}`)).status).toBe(204);
    }
    // Other records' trails are still everyone's with the right to read them.
    const person = (await api(h, h.users.manager, 'POST', '/api/people', { lastName: 'Audité' })).body.id;
    expect((await api(h, h.others.manager, 'GET', `/api/audit?entityId=${person}`)).body.items.length).toBeGreaterThan(0);
  });
});
