/**
 * QUALITY 22: every change writes who, when (UTC), field, old and new value in the same
 * transaction; a rolled-back change leaves no audit row; audit rows cannot be changed or deleted,
 * not even with raw SQL.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, TEST_PASSWORD, type Harness } from '../harness.js';

interface AuditRow {
  at: string;
  actorId: string;
  action: string;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
}

describe.each(DIALECTS)('audit trail on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  const db = () => h.app.relais.context.db;
  /** As a manager unless told: an integration's rows are for administrators only (audit-scope.test.ts). */
  const auditOf = async (entityId: string, user = h.users.manager): Promise<AuditRow[]> => (await api(h, user, 'GET', `/api/audit?entityId=${entityId}&limit=500`)).body.items;
  const countAudit = async () => Number((await db().selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  /**
   * Makes the database refuse one particular audit row, so a change fails after its own writes
   * (and earlier audit rows) went into the transaction. Returns the function that removes it.
   */
  async function failAuditRow(field: string, newValue: string): Promise<() => Promise<void>> {
    const when = sql`NEW.field = ${sql.lit(field)} AND NEW.new_value = ${sql.lit(newValue)}`;
    if (dialect === 'sqlite') {
      await sql`CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_log WHEN ${when} BEGIN SELECT RAISE(ABORT, 'forced failure in test'); END`.execute(db());
      return async () => void (await sql`DROP TRIGGER test_refuse_audit`.execute(db()));
    }
    await sql`CREATE FUNCTION test_refuse_audit() RETURNS trigger AS $$ BEGIN IF ${when} THEN RAISE EXCEPTION 'forced failure in test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`.execute(db());
    await sql`CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION test_refuse_audit()`.execute(db());
    return async () => {
      await sql`DROP TRIGGER test_refuse_audit ON audit_log`.execute(db());
      await sql`DROP FUNCTION test_refuse_audit()`.execute(db());
    };
  }

  /**
   * Freezes the next outbound contact inside its transaction, at its first statement (is the
   * person still live?), as a process killed at that instant, and answers the override reasons a
   * crash there would leave: what is committed. On PostgreSQL read on another connection; on
   * SQLite's one connection, before the frozen transaction wrote anything. Then the transaction
   * fails, as the crash would have ended it.
   */
  async function reasonsLeftByCrash(contact: () => Promise<{ status: number }>, entityId: string): Promise<string[]> {
    const features = h.handle.dialect;
    const forShare = features.forShare;
    let frozen!: () => void;
    const reached = new Promise<void>((resolve) => (frozen = resolve));
    let crash!: (error: Error) => void;
    const crashed = new Promise<never>((_resolve, reject) => (crash = reject));
    features.forShare = (() => {
      features.forShare = forShare;
      return { executeTakeFirst: () => (frozen(), crashed) };
    }) as unknown as typeof forShare;
    const answer = contact();
    try {
      await reached;
      return h.handle.sqlite
        ? (h.handle.sqlite.prepare('SELECT reason FROM pressure_overrides WHERE entity_id = ?').all(entityId) as { reason: string }[]).map((r) => r.reason)
        : (await db().selectFrom('pressure_overrides').select('reason').where('entity_id', '=', entityId).execute()).map((r) => r.reason);
    } finally {
      features.forShare = forShare;
      crash(new Error('process killed'));
      expect((await answer).status).toBe(500);
    }
  }

  describe('who, when, field, old and new', () => {
    const at = '2026-04-01T10:15:00.000Z';
    beforeAll(() => h.clock.set(at));

    it.each([
      ['person', '/api/people', { lastName: 'Avant' }, { lastName: 'Après' }, 'lastName', 'Avant', 'Après'],
      ['organisation', '/api/organisations', { name: 'Ancien Nom' }, { name: 'Nouveau Nom' }, 'name', 'Ancien Nom', 'Nouveau Nom'],
      ['task', '/api/tasks', { title: 'Relancer' }, { title: 'Relancer lundi' }, 'title', 'Relancer', 'Relancer lundi'],
    ] as const)('%s: one row per changed field, by the caller, at the time of the change in UTC', async (_kind, url, create, patch, field, oldValue, newValue) => {
      const created = (await api(h, h.users.frontdesk, 'POST', url, create)).body;
      const res = await api(h, h.users.manager, 'PATCH', `${url}/${created.id}`, patch);
      expect(res.status).toBe(200);
      const rows = await auditOf(created.id);
      expect(rows.find((r) => r.action === 'create')).toMatchObject({ actorId: h.users.frontdesk.id, at });
      const updates = rows.filter((r) => r.action === 'update');
      expect(updates).toContainEqual(expect.objectContaining({ field, oldValue, newValue }));
      for (const row of updates) expect(row).toMatchObject({ at, actorId: h.users.manager.id });
    });

    it('interaction edits, deletions and user changes are audited; a password change never shows the password', async () => {
      const personId = (await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Tracé' })).body.id;
      const call = (await api(h, h.users.sales, 'POST', '/api/interactions', { channel: 'call', direction: 'out', personId, summary: 'devis', body: 'Tarif au palier', durationSeconds: 95, occurredAt: '2026-03-02T07:30:00.000Z' })).body;
      // Its creation records what it said, not only what it is.
      const created = await auditOf(call.id);
      for (const [field, newValue] of [['body', 'Tarif au palier'], ['durationSeconds', '95'], ['occurredAt', '2026-03-02T07:30:00.000Z']]) {
        expect(created, field).toContainEqual(expect.objectContaining({ action: 'create', field, newValue }));
      }
      expect(created).toContainEqual(expect.objectContaining({ action: 'create', field: 'participants', newValue: expect.stringContaining(personId) }));
      await api(h, h.users.sales, 'PATCH', `/api/interactions/${call.id}`, { summary: 'devis envoyé' });
      expect(await auditOf(call.id)).toContainEqual(expect.objectContaining({ action: 'update', field: 'summary', oldValue: 'devis', newValue: 'devis envoyé', actorId: h.users.sales.id }));

      await api(h, h.users.manager, 'DELETE', `/api/people/${personId}`);
      // A soft delete names the field it changed: the record's values stay in its row.
      expect(await auditOf(personId)).toContainEqual(expect.objectContaining({ action: 'delete', actorId: h.users.manager.id, at, field: 'deletedAt', oldValue: null, newValue: at }));

      const secret = 'une phrase secrète que personne ne doit lire';
      await api(h, h.users.admin, 'PATCH', `/api/users/${h.others.backoffice.id}`, { role: 'frontdesk', password: secret });
      const userRows = await auditOf(h.others.backoffice.id);
      expect(userRows).toContainEqual(expect.objectContaining({ field: 'role', oldValue: 'backoffice', newValue: 'frontdesk', actorId: h.users.admin.id }));
      expect(JSON.stringify(userRows)).not.toContain(secret);
      await api(h, h.users.admin, 'PATCH', `/api/users/${h.others.backoffice.id}`, { role: 'backoffice', password: TEST_PASSWORD });
    });

    it('creating a team, a relationship type or a custom field is audited with who and when', async () => {
      const at = h.clock.now().toISOString();
      const team = (await api(h, h.users.admin, 'POST', '/api/teams', { name: 'Audited team' })).body;
      expect(await auditOf(team.id)).toContainEqual(expect.objectContaining({ action: 'create', field: 'name', newValue: 'Audited team', actorId: h.users.admin.id, at }));
      await api(h, h.users.admin, 'POST', '/api/relationship-types', { key: 'audited-type', labelEn: 'Audited', labelFr: 'Audité' });
      expect(await auditOf('audited-type')).toContainEqual(expect.objectContaining({ action: 'create', field: 'labelFr', newValue: 'Audité', actorId: h.users.admin.id }));
      const field = (await api(h, h.users.manager, 'POST', '/api/custom-fields', { entityType: 'person', key: 'audited_field', labelEn: 'A', labelFr: 'A', type: 'text' })).body;
      expect(await auditOf(field.id)).toContainEqual(expect.objectContaining({ action: 'create', field: 'key', newValue: 'audited_field', actorId: h.users.manager.id }));
    });

    it('creating a request type, a custom field or a phone-system integration audits every field it sets, never a secret', async () => {
      const team = (await api(h, h.users.admin, 'POST', '/api/teams', { name: 'Équipe auditée' })).body;
      const definition = { statuses: [{ key: 'open', labelEn: 'Open', labelFr: 'Ouverte' }, { key: 'done', labelEn: 'Done', labelFr: 'Faite', terminal: true }], sla: { byPriority: { normal: 'PT8H' } } };
      const type = (await api(h, h.users.manager, 'POST', '/api/request-types', { key: 'audited_type', labelEn: 'Audited', labelFr: 'Audité', teamId: team.id, definition })).body;
      const typeRows = await auditOf(type.id);
      for (const [field, newValue] of [['key', 'audited_type'], ['labelFr', 'Audité'], ['teamId', team.id]]) {
        expect(typeRows, field).toContainEqual(expect.objectContaining({ action: 'create', field, newValue, actorId: h.users.manager.id }));
      }
      expect(typeRows).toContainEqual(expect.objectContaining({ action: 'create', field: 'definition', newValue: expect.stringContaining('PT8H') }));

      const field = (await api(h, h.users.manager, 'POST', '/api/custom-fields', { entityType: 'organisation', key: 'goods', labelEn: 'Goods', labelFr: 'Marchandises', type: 'choice', choices: ['vrac', 'frigo'] })).body;
      const fieldRows = await auditOf(field.id);
      expect(fieldRows).toContainEqual(expect.objectContaining({ action: 'create', field: 'labelFr', newValue: 'Marchandises' }));
      expect(fieldRows).toContainEqual(expect.objectContaining({ action: 'create', field: 'choices', newValue: JSON.stringify(['vrac', 'frigo']) }));

      const token = 'twilio-token-never-in-the-audit-trail';
      const integration = (await api(h, h.users.admin, 'POST', '/api/telephony/integrations', { name: 'Twilio audité', kind: 'twilio', config: { twilioAuthToken: token, forwardTo: '+33612345678' } })).body;
      const integrationRows = await auditOf(integration.id, h.users.admin);
      expect(integrationRows).toContainEqual(expect.objectContaining({ action: 'create', field: 'config', newValue: expect.stringContaining('+33612345678'), actorId: h.users.admin.id }));
      expect(JSON.stringify(integrationRows)).not.toContain(token);
      expect(JSON.stringify(integrationRows)).not.toContain(integration.secret);
    });

    it('saved views are audited when saved, changed and deleted, by their owner; the same values again write nothing', async () => {
      const at = h.clock.now().toISOString();
      // Saved by a manager: a view's audit rows are its owner's alone (views are private, see views.test.ts).
      const view = (await api(h, h.users.manager, 'POST', '/api/views', { entityType: 'person', name: 'Lyon', definition: { filters: { city: 'Lyon' } } })).body;
      expect((await api(h, h.users.manager, 'PATCH', `/api/views/${view.id}`, { name: 'Lyon et environs' })).status).toBe(200);
      expect((await api(h, h.users.manager, 'PATCH', `/api/views/${view.id}`, { name: 'Lyon et environs' })).status).toBe(200);
      expect((await api(h, h.users.manager, 'DELETE', `/api/views/${view.id}`)).status).toBe(204);
      const rows = await auditOf(view.id);
      expect(rows.every((r) => r.actorId === h.users.manager.id && r.at === at)).toBe(true);
      expect(rows).toContainEqual(expect.objectContaining({ action: 'create', field: 'name', newValue: 'Lyon' }));
      expect(rows).toContainEqual(expect.objectContaining({ action: 'create', field: 'definition', newValue: expect.stringContaining('Lyon') }));
      expect(rows.filter((r) => r.action === 'update')).toEqual([expect.objectContaining({ field: 'name', oldValue: 'Lyon', newValue: 'Lyon et environs' })]);
      expect(rows).toContainEqual(expect.objectContaining({ action: 'delete', field: 'name', oldValue: 'Lyon et environs', newValue: null }));
    });

    it('a saved view whose audit row fails is not saved either', async () => {
      const restore = await failAuditRow('name', 'Jamais enregistrée');
      try {
        const res = await api(h, h.users.sales, 'POST', '/api/views', { entityType: 'person', name: 'Jamais enregistrée', definition: {} });
        expect(res.status).toBe(500);
      } finally {
        await restore();
      }
      const names = (await api(h, h.users.sales, 'GET', '/api/views')).body.items.map((v: { name: string }) => v.name);
      expect(names).not.toContain('Jamais enregistrée');
    });

    it('a custom field whose audit row fails is not created either', async () => {
      const restore = await failAuditRow('key', 'never_created');
      try {
        const res = await api(h, h.users.manager, 'POST', '/api/custom-fields', { entityType: 'person', key: 'never_created', labelEn: 'N', labelFr: 'N', type: 'text' });
        expect(res.status).toBe(500);
      } finally {
        await restore();
      }
      const defs = (await api(h, h.users.manager, 'GET', '/api/custom-fields?entityType=person')).body.items.map((d: { key: string }) => d.key);
      expect(defs).not.toContain('never_created');
    });

    it('contact-pressure rules, phone extensions and the overload switch are audited at the injected clock’s time', async () => {
      const at = h.clock.now().toISOString();
      const rule = (await api(h, h.users.manager, 'POST', '/api/pressure/rules', { scopeType: 'tag', scopeValue: 'audited', maxContacts: 2, periodDays: 7 })).body;
      await api(h, h.users.manager, 'DELETE', `/api/pressure/rules/${rule.id}`);
      const ruleRows = await auditOf(rule.id);
      expect(ruleRows.map((r) => r.action).sort()).toEqual(['create', 'create', 'create', 'delete']);
      expect(ruleRows.every((r) => r.actorId === h.users.manager.id && r.at === at)).toBe(true);
      await api(h, h.users.admin, 'PUT', '/api/telephony/extensions', { extension: '299', userId: h.users.frontdesk.id });
      expect(await auditOf('299')).toContainEqual(expect.objectContaining({ action: 'create', field: 'userId', newValue: h.users.frontdesk.id, at }));
      await api(h, h.users.manager, 'PUT', '/api/telephony/overload', { enabled: true });
      await api(h, h.users.manager, 'PUT', '/api/telephony/overload', { enabled: false });
      const overload = await auditOf('telephony.overload');
      expect(overload.filter((r) => r.at === at && r.actorId === h.users.manager.id)).toHaveLength(2);
      // Going on duty at the front desk (who receives the pops of unassigned calls); the same again writes nothing.
      for (const onDuty of [false, true, true]) expect((await api(h, h.users.frontdesk, 'PUT', '/api/telephony/duty', { onDuty })).status).toBe(200);
      const duty = (await auditOf(h.users.frontdesk.id)).filter((r) => r.field === 'onDuty' && r.newValue === 'true');
      expect(duty).toEqual([expect.objectContaining({ action: 'update', actorId: h.users.frontdesk.id, at })]);
    });
  });

  describe('same transaction', () => {
    it('an outbound contact cut short by a crash leaves no reason for going over a refusal or a cap', async () => {
      const person = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Coupure', tags: ['crash-cap'] })).body;
      await api(h, h.users.frontdesk, 'PUT', `/api/people/${person.id}/consents`, [{ channel: 'phone', purpose: 'marketing', status: 'refused' }]);
      await api(h, h.users.manager, 'POST', '/api/pressure/rules', { scopeType: 'tag', scopeValue: 'crash-cap', maxContacts: 0, periodDays: 7 });
      const call = { channel: 'call', direction: 'out', personId: person.id, summary: 'Appel coupé', pressureOverrideReason: 'il a rappelé lui-même' };
      const left = await reasonsLeftByCrash(() => api(h, h.users.sales, 'POST', '/api/interactions', call), person.id);
      expect(left).toEqual([]);
      expect((await api(h, h.users.sales, 'GET', `/api/interactions?personId=${person.id}`)).body.items).toEqual([]);
      // Logged for real: both reasons (the refusal's and the cap's) with the contact, at once.
      const logged = await api(h, h.users.sales, 'POST', '/api/interactions', call);
      expect(logged.status).toBe(201);
      const overrides = (await api(h, h.users.manager, 'GET', `/api/pressure?entityId=${person.id}`)).body.overrides;
      expect(overrides.map((o: { ruleId: string }) => o.ruleId).sort()).toEqual([expect.any(String), 'consent:phone:marketing'].sort());
      expect(overrides).toHaveLength(2);
    });

    it('a change that fails at its audit row leaves neither the change nor any audit row, and answers a generic 500', async () => {
      const person = (await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Rose', lastName: 'Stable', tags: ['keep'] })).body;
      const before = await countAudit();
      const restore = await failAuditRow('lastName', 'Doomed');
      try {
        // Tags are written (and audited) before the failing lastName row.
        const res = await api(h, h.users.frontdesk, 'PATCH', `/api/people/${person.id}`, { lastName: 'Doomed', tags: ['changed'] });
        expect(res.status).toBe(500);
        expect(res.body).toEqual({ error: { code: 'INTERNAL', message: expect.any(String), details: null } });
        expect(JSON.stringify(res.body)).not.toContain('forced failure');
      } finally {
        await restore();
      }
      expect(await countAudit()).toBe(before);
      const after = (await api(h, h.users.frontdesk, 'GET', `/api/people/${person.id}`)).body;
      expect(after).toMatchObject({ lastName: 'Stable', tags: ['keep'], version: person.version });
      const found = await api(h, h.users.frontdesk, 'GET', '/api/search?q=doomed');
      expect(found.body.items).toEqual([]);
    });

    it('an outbound contact whose write fails leaves no reason for going over a refusal behind', async () => {
      const person = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Refus' })).body;
      await api(h, h.users.frontdesk, 'PUT', `/api/people/${person.id}/consents`, [{ channel: 'phone', purpose: 'marketing', status: 'refused' }]);
      const overrides = async () => (await api(h, h.users.manager, 'GET', `/api/pressure?entityId=${person.id}`)).body.overrides;
      const call = { channel: 'call', direction: 'out', personId: person.id, summary: 'Appel jamais enregistré', pressureOverrideReason: 'elle a rappelé pour sa livraison' };
      const restore = await failAuditRow('summary', 'Appel jamais enregistré');
      try {
        expect((await api(h, h.users.sales, 'POST', '/api/interactions', call)).status).toBe(500);
      } finally {
        await restore();
      }
      expect(await overrides()).toEqual([]);
      expect((await api(h, h.users.sales, 'GET', `/api/interactions?personId=${person.id}`)).body.items).toEqual([]);
      // Logged for real, the reason is kept with the contact.
      expect((await api(h, h.users.sales, 'POST', '/api/interactions', call)).status).toBe(201);
      expect(await overrides()).toEqual([expect.objectContaining({ userId: h.users.sales.id, reason: 'elle a rappelé pour sa livraison', context: 'interaction' })]);
    });

    it('a merge that fails at its last audit row leaves both records, their links and no audit row', async () => {
      const target = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Cible' })).body;
      const source = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Source', phones: [{ number: '0611223344' }] })).body;
      const call = (await api(h, h.users.frontdesk, 'POST', '/api/interactions', { channel: 'call', direction: 'in', personId: source.id })).body;
      const before = await countAudit();
      // The target's "mergedFrom" row is written first; the source's "mergedInto" row fails.
      const restore = await failAuditRow('mergedInto', target.id);
      try {
        expect((await api(h, h.users.manager, 'POST', `/api/people/${target.id}/merge`, { sourceId: source.id })).status).toBe(500);
      } finally {
        await restore();
      }
      expect(await countAudit()).toBe(before);
      expect((await api(h, h.users.frontdesk, 'GET', `/api/people/${source.id}`)).status).toBe(200);
      expect((await api(h, h.users.frontdesk, 'GET', `/api/interactions/${call.id}`)).body.personId).toBe(source.id);
      const lookup = await api(h, h.users.frontdesk, 'GET', '/api/lookup/phone/0611223344');
      expect(lookup.body.matches.map((m: { id: string }) => m.id)).toEqual([source.id]);
    });
  });

  describe('append-only', () => {
    const tamper = [
      ['UPDATE', sql`UPDATE audit_log SET new_value = 'tampered'`],
      ['DELETE', sql`DELETE FROM audit_log`],
      ['DELETE one', sql`DELETE FROM audit_log WHERE id = (SELECT MIN(id) FROM audit_log)`],
    ] as const;

    it.each(tamper)('refuses %s on audit rows, even as raw SQL on the application’s connection', async (_name, statement) => {
      const before = await db().selectFrom('audit_log').selectAll().orderBy('id').execute();
      expect(before.length).toBeGreaterThan(0);
      await expect(statement.execute(db())).rejects.toThrow(/append-only/);
      expect(await db().selectFrom('audit_log').selectAll().orderBy('id').execute()).toEqual(before);
    });

    it('refuses it inside a transaction too, and through the raw driver', async () => {
      await expect(db().transaction().execute(async (trx) => sql`UPDATE audit_log SET actor_id = NULL`.execute(trx))).rejects.toThrow(/append-only/);
      if (dialect === 'sqlite') {
        expect(() => h.handle.sqlite!.prepare("UPDATE audit_log SET field = 'x'").run()).toThrow(/append-only/);
      } else {
        await expect(sql`TRUNCATE audit_log`.execute(db())).rejects.toThrow(/append-only/);
      }
    });
  });
});
