import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, DIALECTS, type Harness } from '../../test/harness.js';
import { asBrowser, asToken, login, send } from '../../test/security/support.js';

describe.each(DIALECTS)('API tokens: last use on %s', (dialect) => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the owner sees when each token was last used, kept to the minute', async () => {
    const session = await login(h.app, h.users.sales.email);
    const created = await asBrowser(h.app, session, { method: 'POST', url: '/api/tokens', body: { name: 'ERP export', scopes: ['read'] } });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    const listed = async () =>
      (await asBrowser(h.app, session, { method: 'GET', url: '/api/tokens' })).body.items.find((t: { id: string }) => t.id === created.body.id) as { lastUsedAt: string | null };

    expect((await listed()).lastUsedAt).toBeNull();
    const firstUse = h.clock.now().toISOString();
    expect((await asToken(h.app, token, { method: 'GET', url: '/api/auth/me' })).status).toBe(200);
    expect((await listed()).lastUsedAt).toBe(firstUse);

    // Within the minute another call writes nothing; after it, the time moves on.
    h.clock.advance(30_000);
    await asToken(h.app, token, { method: 'GET', url: '/api/auth/me' });
    expect((await listed()).lastUsedAt).toBe(firstUse);
    h.clock.advance(60_000);
    const later = h.clock.now().toISOString();
    await asToken(h.app, token, { method: 'GET', url: '/api/auth/me' });
    expect((await listed()).lastUsedAt).toBe(later);

    // A refused (revoked) token is not "used".
    expect((await asBrowser(h.app, session, { method: 'DELETE', url: `/api/tokens/${created.body.id}` })).status).toBe(204);
    h.clock.advance(120_000);
    expect((await asToken(h.app, token, { method: 'GET', url: '/api/auth/me' })).status).toBe(401);
    expect((await listed()).lastUsedAt).toBe(later);
  });

  it('are audited when created and revoked, like any other write; revoking twice records once', async () => {
    const session = await login(h.app, h.users.backoffice.email);
    const created = await asBrowser(h.app, session, { method: 'POST', url: '/api/tokens', body: { name: 'Tableur', scopes: ['read'] } });
    expect((await asBrowser(h.app, session, { method: 'DELETE', url: `/api/tokens/${created.body.id}` })).status).toBe(204);
    expect((await asBrowser(h.app, session, { method: 'DELETE', url: `/api/tokens/${created.body.id}` })).status).toBe(204);
    const audit = await h.app.relais.context.db
      .selectFrom('audit_log')
      .select(['action', 'field', 'new_value', 'actor_id'])
      .where('entity_type', '=', 'api_token')
      .where('entity_id', '=', created.body.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => [a.action, a.field, a.new_value])).toEqual([
      ['create', 'name', 'Tableur'],
      ['create', 'scopes', 'read'],
      ['revoke', 'revokedAt', expect.any(String)],
    ]);
    expect(audit.every((a) => a.actor_id === h.users.backoffice.id)).toBe(true);
    // Someone else's token stays "not found" for a non-admin.
    const other = await asBrowser(h.app, await login(h.app, h.users.sales.email), { method: 'DELETE', url: `/api/tokens/${created.body.id}` });
    expect(other.status).toBe(404);
  });
});

describe.each(DIALECTS)('API tokens of a disabled account on %s', (dialect) => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('are revoked when the account is disabled and stay revoked when it is enabled again', async () => {
    const user = h.others.backoffice;
    const session = await login(h.app, h.users.admin.email);
    expect((await asToken(h.app, user.token, { method: 'GET', url: '/api/auth/me' })).status).toBe(200);
    expect((await asBrowser(h.app, session, { method: 'PATCH', url: `/api/users/${user.id}`, body: { disabled: true } })).status).toBe(200);
    expect((await asToken(h.app, user.token, { method: 'GET', url: '/api/auth/me' })).status).toBe(401);
    expect((await asBrowser(h.app, session, { method: 'PATCH', url: `/api/users/${user.id}`, body: { disabled: false } })).status).toBe(200);
    expect((await asToken(h.app, user.token, { method: 'GET', url: '/api/auth/me' })).status).toBe(401);
    const tokens = await h.app.relais.context.db.selectFrom('api_tokens').select('revoked_at').where('user_id', '=', user.id).execute();
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.every((t) => t.revoked_at !== null)).toBe(true);
    // Other users' tokens are untouched.
    expect((await asToken(h.app, h.users.backoffice.token, { method: 'GET', url: '/api/auth/me' })).status).toBe(200);
  });
});

describe.each(DIALECTS)('API tokens after a password change on %s', (dialect) => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("are revoked by an administrator's reset, kept through one's own change", async () => {
    const admin = await login(h.app, h.users.admin.email);
    const reset = await asBrowser(h.app, admin, { method: 'PATCH', url: `/api/users/${h.others.sales.id}`, body: { password: 'Another-Long-Passphrase-77' } });
    expect(reset.status).toBe(200);
    expect((await asToken(h.app, h.others.sales.token, { method: 'GET', url: '/api/auth/me' })).status).toBe(401);
    const events = await h.app.relais.context.db.selectFrom('security_events').select(['kind', 'details']).where('kind', '=', 'token.revoked').execute();
    expect(events.map((e) => JSON.parse(String(e.details)))).toContainEqual(expect.objectContaining({ target: h.others.sales.id, reason: 'user.password_reset' }));

    const own = await login(h.app, h.users.sales.email);
    const changed = await asBrowser(h.app, own, { method: 'POST', url: '/api/auth/password', body: { currentPassword: 'Correct-Horse-Battery-Staple-42', newPassword: 'My-Own-New-Passphrase-2026' } });
    expect(changed.status).toBeLessThan(300);
    expect((await asToken(h.app, h.users.sales.token, { method: 'GET', url: '/api/auth/me' })).status).toBe(200);
  });
});

describe.each(DIALECTS)('access changes on %s', (dialect) => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a logout, a revoked token, a new role take effect at the next request', async () => {
    const user = h.users.frontdesk;
    const session = await login(h.app, user.email);
    const created = await asBrowser(h.app, session, { method: 'POST', url: '/api/tokens', body: { name: 'kept', scopes: ['read'] } });
    const token = created.body.token as string;
    // Only managers read the audit trail.
    const audit = { method: 'GET', url: `/api/audit?entityId=${user.id}` } as const;
    expect((await asToken(h.app, token, audit)).status).toBe(403);
    const admin = await login(h.app, h.users.admin.email);
    expect((await asBrowser(h.app, admin, { method: 'PATCH', url: `/api/users/${user.id}`, body: { role: 'manager' } })).status).toBe(200);
    expect((await asToken(h.app, token, audit)).status).toBe(200);
    expect((await asBrowser(h.app, admin, { method: 'PATCH', url: `/api/users/${user.id}`, body: { role: 'frontdesk' } })).status).toBe(200);
    expect((await asToken(h.app, token, audit)).status).toBe(403);
    expect((await asBrowser(h.app, session, { method: 'DELETE', url: `/api/tokens/${created.body.id}` })).status).toBe(204);
    expect((await asToken(h.app, token, { method: 'GET', url: '/api/auth/me' })).status).toBe(401);
    expect((await asBrowser(h.app, session, { method: 'POST', url: '/api/auth/logout' })).status).toBe(204);
    expect((await asBrowser(h.app, session, { method: 'GET', url: '/api/auth/me' })).status).toBe(401);
  });

  it('a program logging out with its token revokes that token, and only that one', async () => {
    const session = await login(h.app, h.users.sales.email);
    const make = async (name: string) => (await asBrowser(h.app, session, { method: 'POST', url: '/api/tokens', body: { name, scopes: ['read', 'write'] } })).body as { id: string; token: string };
    const [done, other] = [await make('nightly sync'), await make('phone bridge')];
    expect((await asToken(h.app, done.token, { method: 'POST', url: '/api/auth/logout' })).status).toBe(204);
    expect((await asToken(h.app, done.token, { method: 'GET', url: '/api/auth/me' })).status).toBe(401);
    expect((await asToken(h.app, other.token, { method: 'GET', url: '/api/auth/me' })).status).toBe(200);
    // The scheme's name in any case (RFC 9110).
    expect((await send(h.app, { method: 'GET', url: '/api/auth/me', headers: { authorization: `bearer ${other.token}` } })).status).toBe(200);
    expect((await asBrowser(h.app, session, { method: 'GET', url: '/api/auth/me' })).status).toBe(200);
    const listed = (await asBrowser(h.app, session, { method: 'GET', url: '/api/tokens' })).body.items as { id: string; revokedAt: string | null }[];
    expect(listed.find((t) => t.id === done.id)?.revokedAt).toEqual(expect.any(String));
  });
});
