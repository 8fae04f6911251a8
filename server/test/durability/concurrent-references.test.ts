import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, TEST_PASSWORD, type Harness } from '../harness.js';

/**
 * Writes that raced on PostgreSQL (READ COMMITTED), where a check made before a write's
 * transaction, or a read not held until its commit, let another transaction slip in between;
 * SQLite's single writer hid them. Each race ends one way or the other, whichever side wins:
 * - a record written while something it names is deleted or narrowed (a custom field, one of its
 *   choices, a relationship type, the record a relationship or a membership points to, a request
 *   status): the write is refused naming the field, or the deletion sees what was written (409, or
 *   the link removed with the record). Never a value whose field is gone, a choice or a status no
 *   longer offered, a link to a deleted record, nor a 400 or 500 naming nothing;
 * - contacts made at once under a contact-pressure cap are counted one after the other;
 * - changes of one user, one consent pair, one catalogue entry made at once apply in turn, each
 *   audit row replacing what the one before it set (QUALITY 22);
 * - a lead's deadline job never escalates a lead its owner treated or that was reassigned meanwhile;
 * - a unique name or e-mail taken by a concurrent creation is a 409 naming the field.
 * Rounds make the interleaving likely; each round's outcome is checked whichever side won.
 */
describe.each(DIALECTS)('writes racing the deletion of what they name, on %s', (dialect) => {
  let h: Harness;
  const ROUNDS = 10;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  const newPerson = async (lastName: string, extra: Record<string, unknown> = {}) => {
    const res = await api(h, h.users.manager, 'POST', '/api/people', { lastName, ...extra });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const auditRows = (entityType: string, entityId: string) =>
    h.handle.db.selectFrom('audit_log').select(['action', 'field', 'new_value']).where('entity_type', '=', entityType).where('entity_id', '=', entityId).execute();

  it('a custom field deleted while a record writes a value of it: the value is refused, or the deletion; never a value without its field', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const key = `depot_${round}`;
      const field = await api(h, h.users.admin, 'POST', '/api/custom-fields', { entityType: 'person', key, labelEn: 'Depot', labelFr: 'Dépôt', type: 'text' });
      expect(field.status).toBe(201);
      const person = await newPerson(`Valeur ${round}`);
      const [write, removal] = await Promise.all([
        api(h, h.users.manager, 'PATCH', `/api/people/${person}`, { customFields: { [key]: 'Rungis' }, version: 1 }),
        api(h, h.users.admin, 'DELETE', `/api/custom-fields/${field.body.id}`),
      ]);
      const values = await h.handle.db.selectFrom('custom_field_values').select('value_text').where('field_key', '=', key).execute();
      const definitions = await h.handle.db.selectFrom('custom_field_definitions').select('id').where('key', '=', key).execute();
      if (write.status === 200) {
        expect(removal.status, `round ${round}`).toBe(409);
        expect(removal.body.error.code).toBe('CONFLICT');
        expect(values, `round ${round}`).toEqual([{ value_text: 'Rungis' }]);
        expect(definitions, `round ${round}`).toHaveLength(1);
        expect((await auditRows('person', person)).filter((a) => a.field === `customFields.${key}` || a.field === 'customFields'), `round ${round}`).not.toEqual([]);
      } else {
        expect(write.status, `round ${round}`).toBe(400);
        expect(write.body.error.details, `round ${round}`).toEqual([expect.objectContaining({ path: `customFields.${key}` })]);
        expect(removal.status, `round ${round}`).toBe(204);
        expect(values, `round ${round}`).toEqual([]);
        expect(definitions, `round ${round}`).toEqual([]);
        // The refused write changed nothing, audit included.
        expect((await auditRows('person', person)).filter((a) => a.action === 'update'), `round ${round}`).toEqual([]);
        expect((await api(h, h.users.manager, 'GET', `/api/people/${person}`)).body.version, `round ${round}`).toBe(1);
      }
    }
  });

  it('a choice removed while a record picks it: the pick is refused, or the removal; never a value outside the choices', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const key = `mode_${round}`;
      const field = await api(h, h.users.admin, 'POST', '/api/custom-fields', { entityType: 'person', key, labelEn: 'Mode', labelFr: 'Mode', type: 'choice', choices: ['road', 'rail'] });
      expect(field.status).toBe(201);
      const person = await newPerson(`Choix ${round}`);
      const [write, narrowing] = await Promise.all([
        api(h, h.users.manager, 'PATCH', `/api/people/${person}`, { customFields: { [key]: 'rail' }, version: 1 }),
        api(h, h.users.admin, 'PATCH', `/api/custom-fields/${field.body.id}`, { choices: ['road'] }),
      ]);
      const values = await h.handle.db.selectFrom('custom_field_values').select('value_text').where('field_key', '=', key).execute();
      const definition = await h.handle.db.selectFrom('custom_field_definitions').select('choices').where('key', '=', key).executeTakeFirstOrThrow();
      if (write.status === 200) {
        expect(narrowing.status, `round ${round}`).toBe(409);
        expect(narrowing.body.error.details, `round ${round}`).toEqual({ choicesInUse: { rail: 1 } });
        expect(JSON.parse(definition.choices!), `round ${round}`).toEqual(['road', 'rail']);
        expect(values, `round ${round}`).toEqual([{ value_text: 'rail' }]);
      } else {
        expect(write.status, `round ${round}`).toBe(400);
        expect(write.body.error.details, `round ${round}`).toEqual([expect.objectContaining({ path: `customFields.${key}` })]);
        expect(narrowing.status, `round ${round}`).toBe(200);
        expect(JSON.parse(definition.choices!), `round ${round}`).toEqual(['road']);
        expect(values, `round ${round}`).toEqual([]);
      }
    }
  });

  it('a relationship type deleted while a record names it: 409 for the deletion, or a 400 naming relationships.0.type', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const key = `tenant-${round}`;
      expect((await api(h, h.users.admin, 'POST', '/api/relationship-types', { key, labelEn: 'Tenant', labelFr: 'Locataire' })).status).toBe(201);
      const person = await newPerson(`Type ${round}`);
      const [write, removal] = await Promise.all([
        api(h, h.users.manager, 'PATCH', `/api/people/${person}`, { relationships: [{ type: key }], version: 1 }),
        api(h, h.users.admin, 'DELETE', `/api/relationship-types/${key}`),
      ]);
      const kept = await h.handle.db.selectFrom('relationships').select('id').where('type_key', '=', key).execute();
      if (write.status === 200) {
        expect(removal.status, `round ${round}`).toBe(409);
        expect(removal.body.error).toMatchObject({ code: 'CONFLICT', details: { relationships: 1 } });
        expect(kept, `round ${round}`).toHaveLength(1);
      } else {
        expect(write.status, `round ${round}`).toBe(400);
        expect(write.body.error.details, `round ${round}`).toEqual([expect.objectContaining({ path: 'relationships.0.type' })]);
        expect(removal.status, `round ${round}`).toBe(204);
        expect(kept, `round ${round}`).toEqual([]);
      }
    }
  });

  it('a catalogue entry renamed several times at once: each audit row replaces what the one before it set', async () => {
    expect((await api(h, h.users.admin, 'POST', '/api/relationship-types', { key: 'depositaire', labelEn: 'Label 0', labelFr: 'Libellé 0' })).status).toBe(201);
    const field = (await api(h, h.users.admin, 'POST', '/api/custom-fields', { entityType: 'organisation', key: 'quai', labelEn: 'Label 0', labelFr: 'Libellé 0', type: 'text' })).body.id as string;
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all([1, 2, 3, 4].flatMap((i) => [
        api(h, h.users.admin, 'PATCH', '/api/relationship-types/depositaire', { labelEn: `Label ${round}.${i}` }),
        api(h, h.users.admin, 'PATCH', `/api/custom-fields/${field}`, { labelEn: `Label ${round}.${i}` }),
      ]));
      expect(results.every((r) => r.status === 200), `round ${round}`).toBe(true);
    }
    const held = {
      relationship_type: (await h.handle.db.selectFrom('relationship_types').select('label_en').where('key', '=', 'depositaire').executeTakeFirstOrThrow()).label_en,
      custom_field: (await h.handle.db.selectFrom('custom_field_definitions').select('label_en').where('id', '=', field).executeTakeFirstOrThrow()).label_en,
    };
    for (const [entityType, entityId] of [['relationship_type', 'depositaire'], ['custom_field', field]] as const) {
      const rows = await h.handle.db.selectFrom('audit_log').select(['old_value', 'new_value']).where('entity_type', '=', entityType).where('entity_id', '=', entityId).where('action', '=', 'update').where('field', '=', 'labelEn').orderBy('id').execute();
      expect(rows[0].old_value, entityType).toBe('Label 0');
      for (let i = 1; i < rows.length; i++) expect(rows[i].old_value, `${entityType} row ${i}`).toBe(rows[i - 1].new_value);
      expect(rows.at(-1)!.new_value, entityType).toBe(held[entityType]);
    }
  });

  it('a record deleted while another links to it: the link is refused naming it, or goes with the record; never a link to a deleted record', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const organisation = (await api(h, h.users.manager, 'POST', '/api/organisations', { name: `Entrepôts Brun ${round}` })).body.id as string;
      const member = await newPerson(`Membre ${round}`);
      const client = await newPerson(`Client ${round}`);
      const [joined, related, deletion] = await Promise.all([
        api(h, h.users.manager, 'PATCH', `/api/people/${member}`, { organisationIds: [organisation], version: 1 }),
        api(h, h.users.manager, 'PATCH', `/api/people/${client}`, { relationships: [{ type: 'client', targetId: organisation }], version: 1 }),
        api(h, h.users.manager, 'DELETE', `/api/organisations/${organisation}`),
      ]);
      expect(deletion.status, `round ${round}`).toBe(204);
      for (const [res, path] of [[joined, 'organisationIds.0'], [related, 'relationships.0.targetId']] as const) {
        expect([200, 400], `round ${round}`).toContain(res.status);
        if (res.status === 400) expect(res.body.error.details, `round ${round}`).toEqual([expect.objectContaining({ path })]);
      }
      // The deletion drops other records' relationships to it (they could not be saved back).
      expect(await h.handle.db.selectFrom('relationships').select('id').where('object_id', '=', organisation).execute(), `round ${round}`).toEqual([]);
      // Its name leaves its members' search documents with it.
      const document = await h.handle.db.selectFrom('search_documents').select(['content', 'display_subtitle']).where('entity_id', '=', member).executeTakeFirstOrThrow();
      expect(document.display_subtitle, `round ${round}`).toBeNull();
      expect(document.content, `round ${round}`).not.toContain('brun');
      // What the client reads, it saves back.
      const read = (await api(h, h.users.manager, 'GET', `/api/people/${client}`)).body;
      const saved = await api(h, h.users.manager, 'PATCH', `/api/people/${client}`, { relationships: read.relationships.map((r: { type: string; targetType: string | null; targetId: string | null }) => ({ type: r.type, ...(r.targetId ? { targetType: r.targetType, targetId: r.targetId } : {}) })), lastName: `Client ${round} bis`, version: read.version });
      expect(saved.status, `round ${round}`).toBe(200);
    }
  });

  it('two records naming each other, saved at once: both saved (they wait for one another, no deadlock)', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const a = await newPerson(`Alpha ${round}`);
      const b = await newPerson(`Bravo ${round}`);
      const results = await Promise.all([
        api(h, h.users.manager, 'PATCH', `/api/people/${a}`, { relationships: [{ type: 'contact-of', targetType: 'person', targetId: b }], version: 1 }),
        api(h, h.users.manager, 'PATCH', `/api/people/${b}`, { relationships: [{ type: 'contact-of', targetType: 'person', targetId: a }], version: 1 }),
      ]);
      expect(results.map((r) => r.status), `round ${round}`).toEqual([200, 200]);
    }
  });
});

describe.each(DIALECTS)('requests moved into a status while their type drops it, on %s', (dialect) => {
  let h: Harness;
  let teamId: string;
  const status = (key: string, terminal = false) => ({ key, labelEn: key, labelFr: key, terminal });
  beforeAll(async () => {
    h = await createHarness(dialect);
    teamId = (await api(h, h.users.admin, 'POST', '/api/teams', { name: 'SAV' })).body.id;
  });
  afterAll(async () => {
    await h?.close();
  });
  const newType = async (key: string, statuses: ReturnType<typeof status>[]) => {
    const type = await api(h, h.users.manager, 'POST', '/api/request-types', { key, labelEn: key, labelFr: key, teamId, definition: { statuses } });
    expect(type.status).toBe(201);
    return type.body.id as string;
  };
  const statusesOf = async (typeId: string) =>
    (JSON.parse((await h.handle.db.selectFrom('request_types').select('definition').where('id', '=', typeId).executeTakeFirstOrThrow()).definition) as { statuses: { key: string }[] }).statuses.map((s) => s.key);

  it('a transition and the removal of its status: one of them is refused; no request left in a status its workflow lacks', async () => {
    for (let round = 0; round < 8; round++) {
      const typeId = await newType(`panne_${round}`, [status('open'), status('waiting'), status('done', true)]);
      const request = await api(h, h.users.manager, 'POST', '/api/requests', { typeId, subject: `Panne ${round}` });
      expect(request.status).toBe(201);
      const [moved, edited] = await Promise.all([
        api(h, h.users.manager, 'POST', `/api/requests/${request.body.id}/transition`, { status: 'waiting' }),
        api(h, h.users.manager, 'PATCH', `/api/request-types/${typeId}`, { definition: { statuses: [status('open'), status('done', true)] } }),
      ]);
      const held = (await h.handle.db.selectFrom('requests').select('status').where('id', '=', request.body.id).executeTakeFirstOrThrow()).status;
      expect(await statusesOf(typeId), `round ${round}`).toContain(held);
      if (moved.status === 200) {
        expect(edited.status, `round ${round}`).toBe(409);
        expect(edited.body.error.details, `round ${round}`).toEqual([expect.objectContaining({ path: 'definition.statuses', status: 'waiting', openRequests: 1 })]);
      } else {
        expect(moved.status, `round ${round}`).toBe(400);
        expect(moved.body.error.details, `round ${round}`).toEqual([expect.objectContaining({ path: 'status' })]);
        expect(edited.status, `round ${round}`).toBe(200);
        expect(held, `round ${round}`).toBe('open');
      }
    }
  });

  it('a new request and the removal of the first status: the request is refused (409 naming typeId) or counted; never stranded', async () => {
    for (let round = 0; round < 8; round++) {
      const typeId = await newType(`devis_${round}`, [status('new'), status('open'), status('done', true)]);
      const [created, edited] = await Promise.all([
        api(h, h.users.manager, 'POST', '/api/requests', { typeId, subject: `Devis ${round}` }),
        api(h, h.users.manager, 'PATCH', `/api/request-types/${typeId}`, { definition: { statuses: [status('open'), status('done', true)] } }),
      ]);
      const requests = await h.handle.db.selectFrom('requests').select('status').where('type_id', '=', typeId).execute();
      const statuses = await statusesOf(typeId);
      for (const r of requests) expect(statuses, `round ${round}`).toContain(r.status);
      if (created.status === 201) expect(edited.status, `round ${round}`).toBe(409);
      else {
        expect(created.status, `round ${round}`).toBe(409);
        expect(created.body.error.details, `round ${round}`).toEqual([expect.objectContaining({ path: 'typeId' })]);
        expect(edited.status, `round ${round}`).toBe(200);
        expect(requests, `round ${round}`).toEqual([]);
      }
    }
  });
});

describe.each(DIALECTS)('outbound contacts made at once under a contact-pressure cap, on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
    expect((await api(h, h.users.manager, 'POST', '/api/pressure/rules', { scopeType: 'tag', scopeValue: 'transporteur', maxContacts: 1, periodDays: 30 })).status).toBe(201);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('one goes through; the others are refused (409 naming the cap), or go over it with their reason recorded', async () => {
    for (let round = 0; round < 8; round++) {
      const person = (await api(h, h.users.manager, 'POST', '/api/people', { lastName: `Transports ${round}`, tags: ['transporteur'] })).body.id as string;
      const callers = [h.users.sales, h.others.sales, h.users.manager, h.users.frontdesk];
      const results = await Promise.all(
        callers.map((user, i) =>
          api(h, user, 'POST', '/api/interactions', { channel: 'email', direction: 'out', personId: person, summary: `Relance ${round}.${i}`, ...(i === 3 ? { pressureOverrideReason: 'il a rappelé' } : {}) }),
        ),
      );
      for (const [i, res] of results.entries()) {
        if (i < 3 && res.status !== 201) {
          expect(res.status, `round ${round}`).toBe(409);
          expect(res.body.error).toMatchObject({ code: 'PRESSURE_CAP_EXCEEDED', details: [{ entityId: person, max: 1 }] });
        } else expect(res.status, `round ${round}`).toBe(201);
      }
      const contacts = await h.handle.db
        .selectFrom('interactions')
        .select('id')
        .where('person_id', '=', person)
        .where('direction', '=', 'out')
        .execute();
      const overrides = await h.handle.db.selectFrom('pressure_overrides').select(['reason', 'user_id']).where('entity_id', '=', person).execute();
      // Every contact beyond the cap carries its reason: only the one sent with a reason may go over.
      expect(contacts.length, `round ${round}`).toBe(results.filter((r) => r.status === 201).length);
      expect(contacts.length - overrides.length, `round ${round}`).toBe(1);
      expect(overrides.every((o) => o.reason === 'il a rappelé' && o.user_id === h.users.frontdesk.id), `round ${round}`).toBe(true);
    }
  });
});

describe.each(DIALECTS)('consents recorded at once for one record, on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('all apply, one after the other: no 409 for a PUT, one row per pair, each audit row replacing what the one before it set', async () => {
    for (let round = 0; round < 8; round++) {
      const person = (await api(h, h.users.manager, 'POST', '/api/people', { lastName: `Consentement ${round}` })).body.id as string;
      const said = [['granted', h.users.manager], ['refused', h.users.sales], ['granted', h.others.manager], ['refused', h.others.sales]] as const;
      const results = await Promise.all(
        said.map(([status, user], i) => api(h, user, 'PUT', `/api/people/${person}/consents`, [{ channel: 'email', purpose: 'marketing', status, source: `appel ${i}` }])),
      );
      expect(results.map((r) => r.status), `round ${round}`).toEqual([200, 200, 200, 200]);
      const rows = await h.handle.db.selectFrom('consents').select(['status', 'source']).where('entity_id', '=', person).execute();
      expect(rows, `round ${round}`).toHaveLength(1);
      for (const field of ['email.marketing', 'email.marketing.source']) {
        const audit = await h.handle.db
          .selectFrom('audit_log')
          .select(['old_value', 'new_value'])
          .where('entity_id', '=', person)
          .where('action', '=', 'consent')
          .where('field', '=', field)
          .orderBy('id')
          .execute();
        expect(audit[0].old_value, `round ${round}, ${field}`).toBeNull();
        for (let i = 1; i < audit.length; i++) expect(audit[i].old_value, `round ${round}, ${field} row ${i}`).toBe(audit[i - 1].new_value);
        expect(audit.at(-1)!.new_value, `round ${round}, ${field}`).toBe(field.endsWith('source') ? rows[0].source : rows[0].status);
      }
    }
  });
});

describe.each(DIALECTS)('a lead treated or reassigned while its deadline job runs, on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is escalated before it was treated, or not at all: never after', async () => {
    for (let round = 0; round < 20; round++) {
      const person = (await api(h, h.users.manager, 'POST', '/api/people', { lastName: `Piste ${round}` })).body.id as string;
      const lead = (await api(h, h.users.frontdesk, 'POST', '/api/leads', { source: 'front_desk', personId: person, interest: `Devis ${round}`, suggestedOwnerId: h.users.sales.id })).body;
      h.clock.set(new Date(lead.dueAt));
      const treat = round % 2
        ? api(h, h.users.sales, 'POST', `/api/leads/${lead.id}/transition`, { status: 'accepted' })
        : api(h, h.users.manager, 'PATCH', `/api/leads/${lead.id}`, { ownerId: h.others.sales.id });
      const [, treated] = await Promise.all([h.app.relais.context.jobs.runDue(), treat]);
      expect(treated.status, `round ${round}`).toBe(200);
      const after = (await api(h, h.users.manager, 'GET', `/api/leads/${lead.id}`)).body;
      const kinds: string[] = after.history.map((e: { kind: string }) => e.kind);
      const treatedAt = kinds.findIndex((k) => k === 'status' || k === 'reassigned');
      expect(treatedAt, `round ${round}: ${kinds.join(', ')}`).toBeGreaterThan(0);
      // An escalation recorded after the owner treated the lead told the manager about a lead no longer waiting.
      expect(kinds.slice(treatedAt), `round ${round}: ${kinds.join(', ')}`).not.toContain('escalated');
      if (round % 2) expect(after.escalatedAt === null, `round ${round}`).toBe(!kinds.includes('escalated'));
      else expect(after.escalatedAt, `round ${round}`).toBeNull();
    }
  });
});

describe.each(DIALECTS)('a name or e-mail taken by a concurrent creation, on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('one team of a name; the others 409 naming the field', async () => {
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all(Array.from({ length: 4 }, () => api(h, h.users.admin, 'POST', '/api/teams', { name: `Quai ${round}` })));
      expect(results.filter((r) => r.status === 201), `round ${round}`).toHaveLength(1);
      for (const res of results.filter((r) => r.status !== 201)) {
        expect(res.status, `round ${round}`).toBe(409);
        expect(res.body.error).toMatchObject({ code: 'ALREADY_EXISTS', details: [{ path: 'name', message: 'already used', messageFr: 'déjà utilisé' }] });
      }
      expect(await h.handle.db.selectFrom('teams').select('id').where('name', '=', `Quai ${round}`).execute()).toHaveLength(1);
    }
  });

  it('one user of an e-mail address; the others 409 naming the field', async () => {
    for (let round = 0; round < 5; round++) {
      const email = `double${round}@test.local`;
      const results = await Promise.all(Array.from({ length: 3 }, () => api(h, h.users.admin, 'POST', '/api/users', { email, name: 'Double', role: 'sales', password: TEST_PASSWORD })));
      expect(results.filter((r) => r.status === 201), `round ${round}`).toHaveLength(1);
      for (const res of results.filter((r) => r.status !== 201)) {
        expect(res.status, `round ${round}`).toBe(409);
        expect(res.body.error).toMatchObject({ code: 'ALREADY_EXISTS', details: [{ path: 'email', message: 'already used', messageFr: 'déjà utilisé' }] });
      }
      const created = await h.handle.db.selectFrom('users').select('id').where('email', '=', email).execute();
      expect(created).toHaveLength(1);
      expect(await h.handle.db.selectFrom('audit_log').select('id').where('entity_type', '=', 'user').where('entity_id', '=', created[0].id).where('action', '=', 'create').where('field', '=', 'email').execute()).toHaveLength(1);
    }
  });

  it('changes of one user made at once: each audit row replaces what the one before it set, the last one what the user holds', async () => {
    const user = (await api(h, h.users.admin, 'POST', '/api/users', { email: 'renamed@test.local', name: 'Nom 0', role: 'sales', password: TEST_PASSWORD })).body.id as string;
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all(
        [1, 2, 3, 4].map((i) => api(h, i % 2 ? h.users.admin : h.others.admin, 'PATCH', `/api/users/${user}`, { name: `Nom ${round}.${i}`, role: i % 2 ? 'manager' : 'sales' })),
      );
      expect(results.map((r) => r.status), `round ${round}`).toEqual([200, 200, 200, 200]);
      const held = await h.handle.db.selectFrom('users').select(['name', 'role']).where('id', '=', user).executeTakeFirstOrThrow();
      for (const [field, column] of [['name', 'name'], ['role', 'role']] as const) {
        const rows = await h.handle.db
          .selectFrom('audit_log')
          .select(['old_value', 'new_value'])
          .where('entity_type', '=', 'user')
          .where('entity_id', '=', user)
          .where('field', '=', field)
          .orderBy('id')
          .execute();
        for (let i = 1; i < rows.length; i++) expect(rows[i].old_value, `round ${round}, ${field} row ${i}`).toBe(rows[i - 1].new_value);
        expect(rows.at(-1)!.new_value, `round ${round}, ${field}`).toBe(held[column]);
      }
    }
  });
});

/**
 * The same race, made certain: a timeline entry's links were checked before its transaction, so a
 * merge committed between that check and the entry's write left a link to the record merged
 * away. Here the entry is held inside its transaction (another session locks the record it is
 * filed under) while the merge runs, then let go.
 */
describe.runIf(DIALECTS.includes('postgres'))('a timeline entry and a merge of a record it links to, on postgres', () => {
  let h: Harness;
  let locker: pg.Client;
  beforeAll(async () => {
    h = await createHarness('postgres');
    locker = new pg.Client({ connectionString: h.handle.postgresUrl });
    await locker.connect();
  });
  afterAll(async () => {
    await locker?.end();
    await h?.close();
  });

  /** Sessions of this database waiting for a lock (the entry, then maybe the merge); read afresh (a transaction sees one snapshot of these statistics). */
  const waiting = async () => {
    await locker.query('SELECT pg_stat_clear_snapshot()');
    return Number((await locker.query("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")).rows[0].n);
  };
  const until = async (condition: () => Promise<boolean>) => {
    for (let i = 0; i < 500 && !(await condition()); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await condition()).toBe(true);
  };

  it('the link follows the record merged away into the one kept', async () => {
    const person = async (lastName: string) => (await api(h, h.users.manager, 'POST', '/api/people', { lastName })).body.id as string;
    const [kept, merged, about] = [await person('Gardé'), await person('Fusionné'), await person('Dossier')];
    await locker.query('BEGIN');
    await locker.query('SELECT id FROM people WHERE id = $1 FOR UPDATE', [about]);
    const entry = api(h, h.users.manager, 'POST', '/api/interactions', { channel: 'note', direction: 'internal', personId: about, summary: 'Voir aussi', links: [{ type: 'person', id: merged }] });
    await until(async () => (await waiting()) === 1);
    let merging = true;
    const merge = api(h, h.users.manager, 'POST', `/api/people/${kept}/merge`, { sourceId: merged }).finally(() => (merging = false));
    // The merge either ends, or waits for the entry, which holds the record it links to.
    await until(async () => !merging || (await waiting()) === 2);
    await locker.query('COMMIT');
    const [written, merged_] = await Promise.all([entry, merge]);
    expect(merged_.status).toBe(200);
    expect(written.status).toBe(201);
    const links = await h.handle.db.selectFrom('record_links').select('to_id').where('from_id', '=', written.body.id).execute();
    expect(links).toEqual([{ to_id: kept }]);
  });
  it('a saved view renamed while it is deleted (another tab) is not found, and its trail says nothing of the rename', async () => {
    const created = await api(h, h.users.sales, 'POST', '/api/views', { entityType: 'person', name: 'Lyon', definition: { filters: { city: ['Lyon'] } } });
    expect(created.status).toBe(201);
    await locker.query('BEGIN');
    await locker.query('SELECT id FROM saved_views WHERE id = $1 FOR UPDATE', [created.body.id]);
    const rename = api(h, h.users.sales, 'PATCH', `/api/views/${created.body.id}`, { name: 'Lyon et environs' });
    await until(async () => (await waiting()) === 1);
    // The other tab's deletion commits while the rename waits.
    await locker.query('DELETE FROM saved_views WHERE id = $1', [created.body.id]);
    await locker.query('COMMIT');
    const renamed = await rename;
    expect(renamed.status).toBe(404);
    const trail = await h.handle.db.selectFrom('audit_log').select('action').where('entity_id', '=', created.body.id).execute();
    expect(trail.length).toBeGreaterThan(0);
    expect(new Set(trail.map((row) => row.action))).toEqual(new Set(['create']));
  });
});
