import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

/**
 * A record view gathers its contact points, tags, custom fields, relationships and memberships in
 * one query for a whole page of records (parties.repository.ts loadDetails): each collection must
 * keep its own order, and no record may receive another one's rows.
 */
describe.each(DIALECTS)('record views on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
    for (const [key, type] of [['fleet', 'number'], ['insured', 'boolean'], ['region', 'text']] as const) {
      const res = await api(h, h.users.manager, 'POST', '/api/custom-fields', { entityType: 'person', key, labelEn: key, labelFr: key, type });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows every collection of a record in its order, on the record and on a list page', async () => {
    const org = async (name: string) => (await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name, tags: ['views'] })).body as { id: string };
    const zola = await org('Zola Fret');
    const emile = await org('Émile Transports');
    const first = await api(h, h.users.frontdesk, 'POST', '/api/people', {
      firstName: 'Anaïs',
      lastName: 'Viewtest',
      phones: [{ number: '06 12 34 56 78', label: 'mobile' }, { number: '04 72 10 20 30', label: 'bureau' }],
      emails: [{ address: 'anais@exemple.fr' }],
      addresses: [{ street: '3 rue des Lilas', postalCode: '69003', city: 'Lyon', country: 'FR' }],
      tags: ['vip', 'contract'],
      customFields: { fleet: 12, insured: true, region: 'Rhône' },
      organisationIds: [zola.id, emile.id],
      relationships: [{ type: 'client' }, { type: 'contact-of', targetType: 'organisation', targetId: zola.id }],
    });
    expect(first.status).toBe(201);
    const second = await api(h, h.users.frontdesk, 'POST', '/api/people', {
      firstName: 'Bruno',
      lastName: 'Viewtest',
      phones: [{ number: '06 98 76 54 32' }],
      tags: ['prospect'],
      customFields: { insured: false },
      organisationIds: [zola.id],
    });
    expect(second.status).toBe(201);

    const expectedFirst = {
      phones: [
        { number: '06 12 34 56 78', e164: '+33612345678', label: 'mobile' },
        { number: '04 72 10 20 30', e164: '+33472102030', label: 'bureau' },
      ],
      emails: [{ address: 'anais@exemple.fr', label: null }],
      addresses: [{ label: null, street: '3 rue des Lilas', postalCode: '69003', city: 'Lyon', country: 'FR' }],
      tags: ['contract', 'vip'],
      customFields: { fleet: 12, insured: true, region: 'Rhône' },
      // Sorted as people read names: "Émile" before "Zola".
      organisations: [
        { id: emile.id, name: 'Émile Transports' },
        { id: zola.id, name: 'Zola Fret' },
      ],
      relationships: [
        { type: 'client', targetType: null, targetId: null },
        { type: 'contact-of', targetType: 'organisation', targetId: zola.id },
      ],
    };
    const expectedSecond = {
      phones: [{ number: '06 98 76 54 32', e164: '+33698765432', label: null }],
      emails: [],
      addresses: [],
      tags: ['prospect'],
      customFields: { insured: false },
      organisations: [{ id: zola.id, name: 'Zola Fret' }],
      relationships: [],
    };

    const record = await api(h, h.users.sales, 'GET', `/api/people/${first.body.id}`);
    expect(record.body).toMatchObject(expectedFirst);
    expect(record.body.organisationIds).toEqual([emile.id, zola.id]);

    const page = await api(h, h.users.sales, 'GET', '/api/people?q=viewtest&sort=firstName');
    expect(page.body.items.map((p: { firstName: string }) => p.firstName)).toEqual(['Anaïs', 'Bruno']);
    expect(page.body.items[0]).toMatchObject(expectedFirst);
    expect(page.body.items[1]).toMatchObject(expectedSecond);

    // An organisation's view lists its live members; a deleted member leaves it.
    expect((await api(h, h.users.sales, 'GET', `/api/organisations/${zola.id}`)).body.memberIds.sort()).toEqual([first.body.id, second.body.id].sort());
    expect((await api(h, h.users.manager, 'DELETE', `/api/people/${second.body.id}`)).status).toBe(204);
    expect((await api(h, h.users.sales, 'GET', `/api/organisations/${zola.id}`)).body.memberIds).toEqual([first.body.id]);
  });

  it('a relationship to a person named without its kind says the kind is missing; a record is no relation of itself', async () => {
    const colleague = (await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Collègue' })).body;
    const without = await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Sans type', relationships: [{ type: 'contact-of', targetId: colleague.id }] });
    expect(without.status).toBe(400);
    expect(without.body.error.details).toEqual([{ path: 'relationships.0.targetType', message: expect.stringContaining('required for a person') }]);
    const self = await api(h, h.users.sales, 'PATCH', `/api/people/${colleague.id}`, { relationships: [{ type: 'contact-of', targetType: 'person', targetId: colleague.id }] });
    expect(self.status).toBe(400);
    expect(self.body.error.details).toEqual([{ path: 'relationships.0.targetId', message: 'a record cannot be related to itself' }]);
    const missing = await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Nulle part', relationships: [{ type: 'contact-of', targetId: '01900000-0000-7000-8000-000000000000' }] });
    expect(missing.body.error.details).toEqual([{ path: 'relationships.0.targetId', message: 'not found' }]);
  });
});
