import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('keeps one active administrator: the last one can be neither demoted nor disabled', async () => {
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
    const audit = await h.app.relais.context.db.selectFrom('audit_log').select('field').where('entity_id', '=', h.users.admin.id).where('action', '=', 'update').execute();
    expect(audit).toEqual([]);

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
});
