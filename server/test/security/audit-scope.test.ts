/**
 * QUALITY 6 and 8: the audit trail (`GET /api/audit`) shows a record's rows only to those who may
 * see the record itself. Managers read the trail, but a phone-system integration's settings are an
 * administrator's (`telephony.manage`), and an API token is its owner's (`tokens.manage`, own):
 * asking the trail by the record's id must not open what its own routes keep closed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantFor } from '../../modules/access/permissions.js';
import { api, createHarness, DIALECTS, type Harness } from '../harness.js';
import { asBrowser, login } from './support.js';

describe.each(DIALECTS)('the audit trail follows the record’s own visibility on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  const trail = async (user: Harness['users'][keyof Harness['users']], entityId: string) => {
    const res = await api(h, user, 'GET', `/api/audit?entityId=${entityId}&limit=500`);
    expect(res.status).toBe(200);
    return res.body.items as { entityType: string; field: string | null; newValue: string | null }[];
  };

  it("a telephony integration's settings stay with the administrators, though its id is shown to everyone", async () => {
    const created = await api(h, h.users.admin, 'POST', '/api/telephony/integrations', {
      name: 'Standard Twilio',
      kind: 'twilio',
      config: { twilioAccountSid: `AC${'0123456789abcdef'.repeat(2)}`, twilioAuthToken: 'token-secret-1234', twilioCallerId: '+33140000000', forwardTo: '+33140000009' },
    });
    expect(created.status).toBe(201);
    // Any user learns the id: click-to-call lists the integrations one can call through.
    const capabilities = await api(h, h.users.manager, 'GET', '/api/telephony/capabilities');
    const id = (capabilities.body.originate as { integrationId: string }[]).map((i) => i.integrationId).find((i) => i === created.body.id);
    expect(id).toBe(created.body.id);
    // The manager may not list integrations, so not through the trail either.
    expect(grantFor('manager', 'telephony.manage')).toBeUndefined();
    expect((await api(h, h.users.manager, 'GET', '/api/telephony/integrations')).status).toBe(403);
    const seen = await trail(h.users.manager, id!);
    expect(JSON.stringify(seen)).not.toContain('AC0123456789abcdef');
    expect(seen).toEqual([]);
    // The administrator, who manages them, still reads the whole history.
    const admin = await trail(h.users.admin, id!);
    expect(admin.map((r) => r.field)).toEqual(expect.arrayContaining(['name', 'kind', 'config']));
  });

  it("an API token's history is its owner's (and the administrators', who may revoke it): a colleague with its id finds none", async () => {
    for (const owner of [h.users.sales, h.users.manager]) {
      const session = await login(h.app, owner.email);
      const created = await asBrowser(h.app, session, { method: 'POST', url: '/api/tokens', body: { name: 'Export comptable', scopes: ['read'] } });
      expect(created.status).toBe(201);
      const tokenId = created.body.id as string;
      expect((await asBrowser(h.app, session, { method: 'DELETE', url: `/api/tokens/${tokenId}` })).status).toBe(204);
      // Private, as its routes say: another user's token is "not found".
      expect((await api(h, h.others.manager, 'DELETE', `/api/tokens/${tokenId}`)).status).toBe(404);
      const others = owner === h.users.manager ? [h.others.manager] : [h.users.manager, h.others.manager];
      for (const colleague of others) expect(await trail(colleague, tokenId), `${owner.email}'s token, read by ${colleague.email}`).toEqual([]);
      // Its owner, when they read the trail, and the administrators, who may revoke anyone's token, read it.
      const readers = owner === h.users.manager ? [h.users.manager, h.users.admin] : [h.users.admin];
      for (const reader of readers) {
        const rows = await trail(reader, tokenId);
        expect(rows.map((r) => r.field)).toEqual(expect.arrayContaining(['name', 'scopes', 'revokedAt']));
        expect(rows.find((r) => r.field === 'name')?.newValue).toBe('Export comptable');
      }
    }
  });

  it('other records keep their trail for everyone allowed to read it', async () => {
    const person = (await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Audité' })).body;
    for (const manager of [h.users.manager, h.others.manager, h.users.admin]) expect((await trail(manager, person.id)).length).toBeGreaterThan(0);
    // A user's history (role, team, name; passwords redacted) stays readable by managers.
    expect((await trail(h.users.manager, h.users.sales.id)).length).toBeGreaterThan(0);
  });
});
