/**
 * QUALITY 23: security events (logins, failures, denials, role changes, tokens) are recorded in the
 * security_events table and the log, with no secret anywhere, and no log line can be forged
 * through CR/LF in what a client sends.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, DIALECTS } from '../harness.js';
import { asBrowser, bareApp, login, send, type BareApp, type Session } from './support.js';

/** Collects every log line the app writes. */
class LogCapture extends Writable {
  readonly chunks: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void) {
    this.chunks.push(String(chunk));
    done();
  }
  get text() {
    return this.chunks.join('');
  }
  get lines() {
    return this.text.split('\n').filter(Boolean);
  }
}

interface EventRow {
  kind: string;
  user_id: string | null;
  ip: string | null;
  details: string | null;
}

describe.each(DIALECTS)('security events and logs on %s', (dialect) => {
  // Trace level: even the most verbose log must not carry a secret.
  const log = new LogCapture();
  let bare: BareApp;
  let admin: Session;
  /** Every secret value that went over the wire in this file. */
  const secrets: string[] = [TEST_PASSWORD];
  const users: Record<string, { id: string; email: string; password: string }> = {};

  beforeAll(async () => {
    bare = await bareApp(dialect, { env: { RELAIS_LOG_LEVEL: 'trace' }, build: { logger: true, logStream: log } });
    admin = await login(bare.app, 'admin@test.local');
    secrets.push(admin.token, admin.csrfToken);
    for (const [name, role] of [['sales', 'sales'], ['desk', 'frontdesk']] as const) {
      const password = `${name} a une phrase de passe bien à lui 2026`;
      const res = await asBrowser(bare.app, admin, { method: 'POST', url: '/api/users', body: { email: `${name}@test.local`, password, name, role } });
      expect(res.status).toBe(201);
      users[name] = { id: res.body.id, email: `${name}@test.local`, password };
      secrets.push(password);
    }
  });
  afterAll(async () => {
    await bare?.close();
  });

  const events = async (kind: string): Promise<EventRow[]> =>
    bare.app.relais.context.db.selectFrom('security_events').select(['kind', 'user_id', 'ip', 'details']).where('kind', '=', kind).orderBy('id').execute();
  const logged = (kind: string) => log.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.security === kind);

  it('records successful and failed logins, with the address and without the password', async () => {
    const session = await login(bare.app, users.sales.email, users.sales.password, '192.0.2.10');
    secrets.push(session.token, session.csrfToken);
    const wrong = 'a wrong password typed by mistake';
    secrets.push(wrong);
    expect((await send(bare.app, { method: 'POST', url: '/api/auth/login', body: { email: users.sales.email, password: wrong }, remoteAddress: '192.0.2.11' })).status).toBe(401);
    expect(await events('login.succeeded')).toContainEqual(expect.objectContaining({ user_id: users.sales.id, ip: '192.0.2.10' }));
    expect(await events('login.failed')).toContainEqual(expect.objectContaining({ user_id: users.sales.id, ip: '192.0.2.11' }));
    expect(logged('login.failed')).toContainEqual(expect.objectContaining({ userId: users.sales.id, ip: '192.0.2.11' }));
  });

  it('records throttled logins', async () => {
    for (let i = 0; i < 6; i++) await send(bare.app, { method: 'POST', url: '/api/auth/login', body: { email: 'target@test.local', password: `guess number ${i}` }, remoteAddress: '192.0.2.20' });
    expect(await events('login.throttled')).toContainEqual(expect.objectContaining({ ip: '192.0.2.20' }));
  });

  it('records denials: a missing right and a forged cross-site write', async () => {
    const desk = await login(bare.app, users.desk.email, users.desk.password);
    secrets.push(desk.token, desk.csrfToken);
    expect((await asBrowser(bare.app, desk, { method: 'GET', url: '/api/audit?entityId=x' })).status).toBe(403);
    expect((await asBrowser(bare.app, desk, { method: 'POST', url: '/api/people', body: { lastName: 'X' } }, 'forged')).status).toBe(403);
    const denied = await events('access.denied');
    expect(denied).toContainEqual(expect.objectContaining({ user_id: users.desk.id }));
    expect(JSON.parse(denied.at(-1)!.details!)).toMatchObject({ permission: 'audit.read', method: 'GET', route: '/api/audit' });
    expect(await events('csrf.failed')).toContainEqual(expect.objectContaining({ user_id: users.desk.id }));
  });

  it("records denials on a record too: a salesperson editing a colleague's customer", async () => {
    const theirs = await asBrowser(bare.app, admin, { method: 'POST', url: '/api/people', body: { firstName: 'Hugo', lastName: 'Client', ownerId: admin.userId } });
    expect(theirs.status).toBe(201);
    const sales = await login(bare.app, users.sales.email, users.sales.password);
    secrets.push(sales.token, sales.csrfToken);
    const refused = await asBrowser(bare.app, sales, { method: 'PATCH', url: `/api/people/${theirs.body.id}`, body: { lastName: 'Autre' } });
    expect(refused.status).toBe(403);
    const denial = (await events('access.denied')).at(-1)!;
    expect(denial).toMatchObject({ user_id: users.sales.id, ip: '127.0.0.1' });
    expect(JSON.parse(denial.details!)).toEqual({ method: 'PATCH', route: '/api/people/:id', params: { id: theirs.body.id }, reason: 'you may only edit records you own' });
    expect(logged('access.denied')).toContainEqual(expect.objectContaining({ userId: users.sales.id, ip: '127.0.0.1' }));
  });

  it('records role changes, user creation and API token creation and revocation, never the token itself', async () => {
    expect((await asBrowser(bare.app, admin, { method: 'PATCH', url: `/api/users/${users.desk.id}`, body: { role: 'backoffice' } })).status).toBe(200);
    const roleChange = (await events('user.role_changed')).at(-1)!;
    expect(roleChange.user_id).toBe(admin.userId);
    // Where the change came from, as for logins (the injected requests' address).
    expect(roleChange.ip).toBe('127.0.0.1');
    expect(JSON.parse(roleChange.details!)).toEqual({ target: users.desk.id, old: 'frontdesk', new: 'backoffice' });
    const newUsers = (await events('user.created')).map((e) => JSON.parse(e.details!).newUserId);
    expect(newUsers).toEqual(expect.arrayContaining([users.sales.id, users.desk.id]));
    expect((await events('user.created')).filter((e) => e.user_id === admin.userId).map((e) => e.ip)).toEqual(['127.0.0.1', '127.0.0.1']);

    const created = await asBrowser(bare.app, admin, { method: 'POST', url: '/api/tokens', body: { name: 'erp' } });
    secrets.push(created.body.token);
    await asBrowser(bare.app, admin, { method: 'DELETE', url: `/api/tokens/${created.body.id}` });
    expect(await events('token.created')).toContainEqual(expect.objectContaining({ user_id: admin.userId, ip: '127.0.0.1' }));
    expect(await events('token.revoked')).toContainEqual(expect.objectContaining({ user_id: admin.userId, ip: '127.0.0.1' }));
  });

  it("records an administrator disabling, re-enabling and resetting the password of someone else's account", async () => {
    const patch = (body: object) => asBrowser(bare.app, admin, { method: 'PATCH', url: `/api/users/${users.desk.id}`, body });
    expect((await patch({ disabled: true })).status).toBe(200);
    expect((await patch({ disabled: false })).status).toBe(200);
    const reset = 'une phrase remise par l’administrateur 2026';
    secrets.push(reset);
    expect((await patch({ password: reset })).status).toBe(200);
    for (const kind of ['user.disabled', 'user.enabled', 'user.password_reset']) {
      const rows = await events(kind);
      expect(rows, kind).toEqual([expect.objectContaining({ user_id: admin.userId, ip: '127.0.0.1' })]);
      expect(JSON.parse(rows[0].details!), kind).toEqual({ target: users.desk.id });
      expect(logged(kind), kind).toHaveLength(1);
    }
  });

  it('cannot be forged through CR/LF in an e-mail: one JSON line per event, the input kept as data', async () => {
    const forgedLine = JSON.stringify({ level: 30, time: Date.now(), security: 'login.succeeded', userId: 'forged-admin', msg: 'security event' });
    const before = logged('login.failed').length;
    for (const email of [`x@test.local\n${forgedLine}`, `x@test.local\r\n${forgedLine}`, `x@test.local\r${forgedLine}`, `x@test.local\u2028${forgedLine}`]) {
      expect((await send(bare.app, { method: 'POST', url: '/api/auth/login', body: { email, password: 'anything at all really' }, remoteAddress: '192.0.2.30' })).status).toBe(401);
    }
    for (const line of log.lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(log.lines.some((l) => (JSON.parse(l) as { userId?: string }).userId === 'forged-admin')).toBe(false);
    expect(logged('login.failed')).toHaveLength(before + 4);
    const stored = (await events('login.failed')).at(-1)!;
    // Stored as the (lower-cased) data it is, inside one JSON value.
    expect(JSON.parse(stored.details!).email).toContain(forgedLine.toLowerCase());
  });

  it('writes no secret in the log or the security events', async () => {
    // More traffic with every kind of credential, at trace level.
    const sales = await login(bare.app, users.sales.email, users.sales.password);
    secrets.push(sales.token, sales.csrfToken);
    const token = (await asBrowser(bare.app, sales, { method: 'POST', url: '/api/tokens', body: { name: 'script' } })).body.token as string;
    secrets.push(token);
    await send(bare.app, { method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
    await send(bare.app, { method: 'GET', url: '/api/auth/me', headers: { authorization: 'Bearer rls_not-a-real-token-but-still-secret' } });
    secrets.push('rls_not-a-real-token-but-still-secret');
    const newPassword = 'le nouveau mot de passe du commercial 2027';
    secrets.push(newPassword);
    await asBrowser(bare.app, sales, { method: 'POST', url: '/api/auth/password', body: { currentPassword: users.sales.password, newPassword } });

    const rows = await bare.app.relais.context.db.selectFrom('security_events').selectAll().execute();
    const everything = `${log.text}\n${JSON.stringify(rows)}`;
    expect(log.lines.length).toBeGreaterThan(10);
    for (const secret of secrets) expect(everything.includes(secret), `a secret leaked: ${secret.slice(0, 6)}…`).toBe(false);
    expect(everything).not.toMatch(/scrypt\$/);
  });
});
