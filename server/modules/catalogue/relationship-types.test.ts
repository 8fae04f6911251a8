import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

describe.each(DIALECTS)('relationship types on %s', (dialect) => {
  let h: Harness;

  const auditOf = (key: string) =>
    h.app.relais.context.db
      .selectFrom('audit_log')
      .select(['action', 'field', 'old_value', 'new_value', 'actor_id'])
      .where('entity_type', '=', 'relationship_type')
      .where('entity_id', '=', key)
      .orderBy('id')
      .execute();
  const keys = async () => (await api(h, h.users.sales, 'GET', '/api/relationship-types')).body.items.map((t: { key: string }) => t.key);

  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('renames a type: new labels listed, the change audited old → new, the key kept', async () => {
    expect((await api(h, h.users.admin, 'POST', '/api/relationship-types', { key: 'broker', labelEn: 'Broker', labelFr: 'Courtier' })).status).toBe(201);
    const res = await api(h, h.users.admin, 'PATCH', '/api/relationship-types/broker', { labelEn: 'Freight broker', labelFr: 'Commissionnaire' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ key: 'broker', labelEn: 'Freight broker', labelFr: 'Commissionnaire' });
    const listed = (await api(h, h.users.sales, 'GET', '/api/relationship-types')).body.items;
    expect(listed).toContainEqual({ key: 'broker', labelEn: 'Freight broker', labelFr: 'Commissionnaire' });
    expect(await auditOf('broker')).toEqual(
      expect.arrayContaining([
        { action: 'update', field: 'labelEn', old_value: 'Broker', new_value: 'Freight broker', actor_id: h.users.admin.id },
        { action: 'update', field: 'labelFr', old_value: 'Courtier', new_value: 'Commissionnaire', actor_id: h.users.admin.id },
      ]),
    );

    // One label alone changes only that one; the same labels again audit nothing.
    expect((await api(h, h.users.admin, 'PATCH', '/api/relationship-types/broker', { labelFr: 'Courtier' })).body).toEqual({ key: 'broker', labelEn: 'Freight broker', labelFr: 'Courtier' });
    const before = (await auditOf('broker')).length;
    await api(h, h.users.admin, 'PATCH', '/api/relationship-types/broker', { labelFr: 'Courtier' });
    expect((await auditOf('broker')).length).toBe(before);
  });

  it('refuses bad input naming the field, an unknown key with 404, and non-admins with 403', async () => {
    const blank = await api(h, h.users.admin, 'PATCH', '/api/relationship-types/client', { labelEn: '  ' });
    expect(blank.status).toBe(400);
    expect(JSON.stringify(blank.body.error)).toContain('labelEn');
    const keyChange = await api(h, h.users.admin, 'PATCH', '/api/relationship-types/client', { key: 'customer' });
    expect(keyChange.status).toBe(400);
    expect(JSON.stringify(keyChange.body.error)).toContain('key');
    expect((await api(h, h.users.admin, 'PATCH', '/api/relationship-types/nothing-here', { labelEn: 'X' })).status).toBe(404);
    expect((await api(h, h.users.admin, 'DELETE', '/api/relationship-types/nothing-here')).status).toBe(404);
    expect((await api(h, h.users.manager, 'PATCH', '/api/relationship-types/client', { labelEn: 'X' })).status).toBe(403);
    expect((await api(h, h.users.manager, 'DELETE', '/api/relationship-types/client')).status).toBe(403);
  });

  it('deletes an unused type, audited in the same transaction', async () => {
    await api(h, h.users.admin, 'POST', '/api/relationship-types', { key: 'unused', labelEn: 'Unused', labelFr: 'Inutilisé' });
    const res = await api(h, h.users.admin, 'DELETE', '/api/relationship-types/unused');
    expect(res.status).toBe(204);
    expect(await keys()).not.toContain('unused');
    expect(await auditOf('unused')).toContainEqual({ action: 'delete', field: 'labelEn', old_value: 'Unused', new_value: null, actor_id: h.users.admin.id });
  });

  it('refuses to delete a type in use with 409 naming how many records, caps and rules use it', async () => {
    await api(h, h.users.admin, 'POST', '/api/relationship-types', { key: 'haulier', labelEn: 'Haulier', labelFr: 'Transporteur routier' });
    for (const name of ['Transports Martin', 'Transports Roux']) {
      const org = await api(h, h.users.sales, 'POST', '/api/organisations', { name, relationships: [{ type: 'haulier' }] });
      expect(org.status).toBe(201);
    }
    const refused = await api(h, h.users.admin, 'DELETE', '/api/relationship-types/haulier');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CONFLICT');
    expect(refused.body.error.message).toContain('relationship type haulier is in use: 2 relationships on records');
    expect(refused.body.error.details).toEqual({ relationships: 2, pressureRules: 0, priorityRule: false });
    expect(await keys()).toContain('haulier');
    expect((await auditOf('haulier')).map((a) => a.action)).not.toContain('delete');

    // A contact-pressure cap and the contract rule count too: they would silently stop applying.
    await api(h, h.users.admin, 'POST', '/api/relationship-types', { key: 'shipper-x', labelEn: 'Shipper', labelFr: 'Chargeur' });
    expect((await api(h, h.users.manager, 'POST', '/api/pressure/rules', { scopeType: 'relationship', scopeValue: 'shipper-x', maxContacts: 3, periodDays: 7 })).status).toBe(201);
    expect((await api(h, h.users.manager, 'PUT', '/api/telephony/priority-rule', { tags: [], relationshipTypes: ['shipper-x'] })).status).toBe(200);
    const rules = await api(h, h.users.admin, 'DELETE', '/api/relationship-types/shipper-x');
    expect(rules.status).toBe(409);
    expect(rules.body.error.message).toContain('relationship type shipper-x is in use: 1 contact-pressure cap, the contract rule');
    expect(rules.body.error.details).toEqual({ relationships: 0, pressureRules: 1, priorityRule: true });
  });

  it('keeps the same link sent twice in one request once', async () => {
    const firm = (await api(h, h.users.sales, 'POST', '/api/organisations', { name: 'Client Unique' })).body;
    const person = await api(h, h.users.sales, 'POST', '/api/people', {
      lastName: 'Doublon',
      relationships: [{ type: 'client' }, { type: 'client' }, { type: 'contact-of', targetType: 'organisation', targetId: firm.id }, { type: 'contact-of', targetType: 'organisation', targetId: firm.id }],
    });
    expect(person.status).toBe(201);
    expect(person.body.relationships.map((r: { type: string; targetId: string | null }) => [r.type, r.targetId])).toEqual([['client', null], ['contact-of', firm.id]]);
  });

  it('a key already taken is refused with 409 naming the key field', async () => {
    const first = await api(h, h.users.admin, 'POST', '/api/relationship-types', { key: 'forwarder', labelEn: 'Forwarder', labelFr: 'Transitaire' });
    expect(first.status).toBe(201);
    const again = await api(h, h.users.admin, 'POST', '/api/relationship-types', { key: 'forwarder', labelEn: 'Other', labelFr: 'Autre' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'ALREADY_EXISTS', details: [{ path: 'key', message: 'already used' }] });
    expect(again.body.error.message).toContain('forwarder');
    // A type seeded by the installation too.
    const seeded = await api(h, h.users.admin, 'POST', '/api/relationship-types', { key: 'client', labelEn: 'Client', labelFr: 'Client' });
    expect(seeded.body.error).toMatchObject({ code: 'ALREADY_EXISTS', details: [{ path: 'key' }] });
    expect((await api(h, h.users.sales, 'GET', '/api/relationship-types')).body.items.filter((t: { key: string }) => t.key === 'forwarder')).toEqual([
      { key: 'forwarder', labelEn: 'Forwarder', labelFr: 'Transitaire' },
    ]);
  });
});
