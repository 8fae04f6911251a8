import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';

describe.each(DIALECTS)('user administration on %s', (dialect) => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  const patch = (id: string, body: object) => api(h, h.users.admin, 'PATCH', `/api/users/${id}`, body);

  // First: the next test disables the second admin, whose API token dies with it.
  it('two administrators demoting each other at the same moment leave one of them admin', async () => {
    const activeAdmins = async () =>
      (await h.app.relais.context.db.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled', '=', 0).execute()).map((u) => u.id);
    for (let round = 0; round < 5; round++) {
      const [first, second] = await Promise.all([
        api(h, h.users.admin, 'PATCH', `/api/users/${h.others.admin.id}`, { role: 'sales' }),
        api(h, h.others.admin, 'PATCH', `/api/users/${h.users.admin.id}`, { role: 'sales' }),
      ]);
      expect([first.status, second.status].sort(), `round ${round}`).toEqual([200, 409]);
      const [kept] = await activeAdmins();
      expect(await activeAdmins()).toHaveLength(1);
      // The one still admin promotes the other back for the next round.
      const demoted = kept === h.users.admin.id ? h.others.admin : h.users.admin;
      const keeper = kept === h.users.admin.id ? h.users.admin : h.others.admin;
      expect((await api(h, keeper, 'PATCH', `/api/users/${demoted.id}`, { role: 'admin' })).status).toBe(200);
    }
  });

  it('keeps one active administrator: the last one can be neither demoted nor disabled', async () => {
    const audited = () => h.app.relais.context.db.selectFrom('audit_log').select('field').where('entity_id', '=', h.users.admin.id).where('action', '=', 'update').execute();
    const auditedBefore = (await audited()).length;
    // Two admins: disabling the other one is fine.
    expect((await patch(h.others.admin.id, { disabled: true })).status).toBe(200);

    for (const body of [{ role: 'manager' }, { disabled: true }]) {
      const refused = await patch(h.users.admin.id, body);
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('the last active administrator cannot be demoted or disabled'), details: { reason: 'LAST_ADMIN' } });
    }
    // Nothing changed, nothing audited for the refusals.
    const me = await api(h, h.users.admin, 'GET', `/api/users/${h.users.admin.id}`);
    expect(me.body).toMatchObject({ role: 'admin', disabled: false });
    expect(await audited()).toHaveLength(auditedBefore);

    // Other changes to the last admin still go through; with a second admin back, demoting works.
    expect((await patch(h.users.admin.id, { name: 'Chief admin' })).status).toBe(200);
    expect((await patch(h.others.admin.id, { disabled: false })).status).toBe(200);
    expect((await patch(h.others.admin.id, { role: 'manager' })).body.role).toBe('manager');
    expect((await patch(h.others.admin.id, { role: 'admin' })).body.role).toBe('admin');
  });

  it('an e-mail already used is refused with 409 naming the email field, whatever its case', async () => {
    const body = { name: 'Léa Martin', role: 'sales', password: 'Un-relais-bien-tenu-2026' };
    expect((await api(h, h.users.admin, 'POST', '/api/users', { ...body, email: 'lea.martin@relais.test' })).status).toBe(201);
    const again = await api(h, h.users.admin, 'POST', '/api/users', { ...body, email: 'Lea.Martin@Relais.test' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'ALREADY_EXISTS', details: [{ path: 'email', message: 'already used' }] });
  });
});

describe('the first administrator from the environment', () => {
  it('names the setting to fix when RELAIS_ADMIN_PASSWORD is too weak, and starts nothing', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-admin-'));
    try {
      const config = loadConfig({ RELAIS_DATA_DIR: dataDir, RELAIS_LOG_LEVEL: 'silent', RELAIS_JOB_POLL_MS: '0', RELAIS_ADMIN_PASSWORD: 'short' });
      await expect(buildApp(config, { logger: false })).rejects.toThrow(
        'RELAIS_ADMIN_EMAIL / RELAIS_ADMIN_PASSWORD cannot create the first administrator (password: at least 12 characters)',
      );
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('says so at start when RELAIS_ADMIN_EMAIL names no account and an administrator already exists', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-admin-'));
    const start = async (email: string) => {
      const config = loadConfig({ RELAIS_DATA_DIR: dataDir, RELAIS_LOG_LEVEL: 'silent', RELAIS_JOB_POLL_MS: '0', RELAIS_ADMIN_EMAIL: email, RELAIS_ADMIN_PASSWORD: 'Une-phrase-pour-le-premier-admin' });
      const app = await buildApp(config, { logger: false, deferFirstAdmin: true });
      const warn = vi.spyOn(app.log, 'warn');
      await app.relais.ensureFirstAdmin();
      await app.close();
      return warn.mock.calls.map((call) => String(call[0]));
    };
    try {
      expect(await start('premier@relais.test')).toEqual([]);
      // Started again with the same address: nothing to say.
      expect(await start('premier@relais.test')).toEqual([]);
      const said = await start('autre@relais.test');
      expect(said).toHaveLength(1);
      expect(said[0]).toContain('RELAIS_ADMIN_EMAIL autre@relais.test: no such account');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
