import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

describe.each(DIALECTS)('custom field definitions on %s', (dialect) => {
  let h: Harness;

  const auditOf = (id: string) =>
    h.app.relais.context.db
      .selectFrom('audit_log')
      .select(['action', 'field', 'old_value', 'new_value'])
      .where('entity_type', '=', 'custom_field')
      .where('entity_id', '=', id)
      .orderBy('id')
      .execute();
  const define = async (body: Record<string, unknown>) => {
    const res = await api(h, h.users.manager, 'POST', '/api/custom-fields', { entityType: 'organisation', labelEn: 'Field', labelFr: 'Champ', ...body });
    expect(res.status).toBe(201);
    return res.body as { id: string; key: string };
  };
  const listed = async (key: string) =>
    (await api(h, h.users.sales, 'GET', '/api/custom-fields?entityType=organisation')).body.items.find((f: { key: string }) => f.key === key);

  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('relabels a field: listed with its new labels, audited old → new, key and type kept', async () => {
    const field = await define({ key: 'depot', type: 'text' });
    const res = await api(h, h.users.manager, 'PATCH', `/api/custom-fields/${field.id}`, { labelEn: 'Main depot', labelFr: 'Dépôt principal' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ key: 'depot', type: 'text', labelEn: 'Main depot', labelFr: 'Dépôt principal' });
    expect(await listed('depot')).toMatchObject({ labelEn: 'Main depot', labelFr: 'Dépôt principal' });
    const audit = await auditOf(field.id);
    expect(audit.filter((a) => a.action === 'update').map((a) => [a.field, a.old_value, a.new_value])).toEqual(
      expect.arrayContaining([
        ['labelEn', 'Field', 'Main depot'],
        ['labelFr', 'Champ', 'Dépôt principal'],
      ]),
    );
    // Key and type are not editable: an unknown field in the body is refused, naming it.
    const retype = await api(h, h.users.manager, 'PATCH', `/api/custom-fields/${field.id}`, { type: 'number' });
    expect(retype.status).toBe(400);
    expect(JSON.stringify(retype.body.error)).toContain('type');
    // Choices belong to choice fields only.
    const choices = await api(h, h.users.manager, 'PATCH', `/api/custom-fields/${field.id}`, { choices: ['a'] });
    expect(choices.status).toBe(400);
    expect(choices.body.error.details[0].path).toBe('choices');
  });

  it('adds choices freely, removes only those no record holds', async () => {
    const field = await define({ key: 'mode', type: 'choice', choices: ['road', 'rail'] });
    const org = await api(h, h.users.sales, 'POST', '/api/organisations', { name: 'Fret Rail Lorrain', customFields: { mode: 'rail' } });
    expect(org.status).toBe(201);

    const added = await api(h, h.users.manager, 'PATCH', `/api/custom-fields/${field.id}`, { choices: ['road', 'rail', 'sea'] });
    expect(added.status).toBe(200);
    expect((await listed('mode')).choices).toEqual(['road', 'rail', 'sea']);
    // The new choice is accepted on records at once (the type cache is refreshed).
    expect((await api(h, h.users.sales, 'POST', '/api/organisations', { name: 'Armement Breton', customFields: { mode: 'sea' } })).status).toBe(201);

    const refused = await api(h, h.users.manager, 'PATCH', `/api/custom-fields/${field.id}`, { choices: ['road'] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('rail (1 record)');
    expect(refused.body.error.message).toContain('sea (1 record)');
    expect((await listed('mode')).choices).toEqual(['road', 'rail', 'sea']);

    // Unused choices go; duplicates and an empty list are refused.
    const duplicate = await api(h, h.users.manager, 'PATCH', `/api/custom-fields/${field.id}`, { choices: ['rail', 'rail', 'sea'] });
    expect(duplicate.status).toBe(400);
    const empty = await api(h, h.users.manager, 'PATCH', `/api/custom-fields/${field.id}`, { choices: [] });
    expect(empty.status).toBe(400);
    expect((await api(h, h.users.manager, 'PATCH', `/api/custom-fields/${field.id}`, { choices: ['rail', 'sea'] })).status).toBe(200);
    expect((await listed('mode')).choices).toEqual(['rail', 'sea']);
  });

  it('deletes a field only once no record holds a value for it', async () => {
    const field = await define({ key: 'hub', type: 'text' });
    const org = await api(h, h.users.sales, 'POST', '/api/organisations', { name: 'Plateforme Nord', customFields: { hub: 'Lille' } });
    expect(org.status).toBe(201);

    const refused = await api(h, h.users.manager, 'DELETE', `/api/custom-fields/${field.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('1 record');
    expect(await listed('hub')).toBeDefined();

    const cleared = await api(h, h.users.sales, 'PATCH', `/api/organisations/${org.body.id}`, { customFields: { hub: null } }, { 'If-Match': `"${org.body.version}"` });
    expect(cleared.status).toBe(200);
    expect((await api(h, h.users.manager, 'DELETE', `/api/custom-fields/${field.id}`)).status).toBe(204);
    expect(await listed('hub')).toBeUndefined();
    expect((await auditOf(field.id)).map((a) => a.action)).toEqual(expect.arrayContaining(['create', 'delete']));
    // Gone: a record can no longer be given a value for it, and a second delete is a 404.
    const stale = await api(h, h.users.sales, 'POST', '/api/organisations', { name: 'Trop tard', customFields: { hub: 'Arras' } });
    expect(stale.status).toBe(400);
    expect((await api(h, h.users.manager, 'DELETE', `/api/custom-fields/${field.id}`)).status).toBe(404);
  });

  it('refuses a date that is not on the calendar, naming the field', async () => {
    const field = await define({ key: 'contract_end', type: 'date' });
    const org = await api(h, h.users.sales, 'POST', '/api/organisations', { name: 'Frigo Transports', customFields: { [field.key]: '2026-02-28' } });
    expect(org.status).toBe(201);
    for (const impossible of ['2026-02-30', '2026-13-01', '2025-02-29', '2026-04-31', '0000-01-01']) {
      const res = await api(h, h.users.sales, 'PATCH', `/api/organisations/${org.body.id}`, { customFields: { [field.key]: impossible } });
      expect(res.status, impossible).toBe(400);
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: `customFields.${field.key}` })]);
    }
    expect((await api(h, h.users.sales, 'PATCH', `/api/organisations/${org.body.id}`, { customFields: { [field.key]: '2028-02-29' } })).status).toBe(200);
  });

  it('lets only managers and admins change definitions', async () => {
    const field = await define({ key: 'bay', type: 'number' });
    expect((await api(h, h.users.sales, 'PATCH', `/api/custom-fields/${field.id}`, { labelEn: 'Dock' })).status).toBe(403);
    expect((await api(h, h.users.frontdesk, 'DELETE', `/api/custom-fields/${field.id}`)).status).toBe(403);
    expect((await api(h, h.users.admin, 'PATCH', `/api/custom-fields/${field.id}`, { labelEn: 'Dock' })).status).toBe(200);
  });

  it('a key already used for the type is refused with 409 naming the key; the other type may use it', async () => {
    await define({ key: 'fleet', type: 'number' });
    const again = await api(h, h.users.manager, 'POST', '/api/custom-fields', { entityType: 'organisation', key: 'fleet', labelEn: 'Fleet', labelFr: 'Flotte', type: 'text' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'ALREADY_EXISTS', details: [{ path: 'key', message: 'already used' }] });
    expect(again.body.error.message).toContain('fleet');
    const person = await api(h, h.users.manager, 'POST', '/api/custom-fields', { entityType: 'person', key: 'fleet', labelEn: 'Fleet', labelFr: 'Flotte', type: 'text' });
    expect(person.status).toBe(201);
  });

  it('choices are refused for a field that is not a choice field, naming them; nothing is created', async () => {
    const res = await api(h, h.users.manager, 'POST', '/api/custom-fields', { entityType: 'person', key: 'abc', labelEn: 'Abc', labelFr: 'Abc', type: 'text', choices: ['a'] });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'choices', message: 'not for a text field' }] });
    expect((await api(h, h.users.sales, 'GET', '/api/custom-fields?entityType=person')).body.items.map((f: { key: string }) => f.key)).not.toContain('abc');
    // Without choices (or an empty list) it is created.
    expect((await api(h, h.users.manager, 'POST', '/api/custom-fields', { entityType: 'person', key: 'abc', labelEn: 'Abc', labelFr: 'Abc', type: 'text', choices: [] })).status).toBe(201);
  });
});
