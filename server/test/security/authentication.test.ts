/**
 * QUALITY 1–4: login throttling, password rules and storage, no default password, sessions and
 * their cookies (ASVS 6.1–6.3, 7.2–7.4, 3.3, 11.4.2).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import type { Config } from '../../config.js';
import { THROTTLE } from '../../modules/access/auth.service.js';
import { api, createHarness, DIALECTS, TEST_PASSWORD, type Harness, type TestUser } from '../harness.js';
import { asBrowser, asToken, bareApp, login, newUser as freshUser, send, unique, type Session } from './support.js';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const me = (h: Harness, session: Session) => asBrowser(h.app, session, { method: 'GET', url: '/api/auth/me' });

describe.each(DIALECTS)('authentication on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  const newUser = (role?: TestUser['role'], password?: string) => freshUser(h, role, password);

  const attempt = (email: string, password: string, remoteAddress: string) =>
    send(h.app, { method: 'POST', url: '/api/auth/login', body: { email, password }, remoteAddress });

  describe('login throttling (QUALITY 1)', () => {
    it('throttles an account after repeated failures, from any address, with 429 and Retry-After, then lets the user back in', async () => {
      const user = await newUser();
      for (let i = 0; i < THROTTLE.perAccount; i++) {
        expect((await attempt(user.email, `wrong guess ${i}`, `10.1.0.${i}`)).status).toBe(401);
      }
      for (const address of ['10.1.0.1', '10.1.0.200']) {
        const blocked = await attempt(user.email, TEST_PASSWORD, address);
        expect(blocked.status).toBe(429);
        expect(blocked.body.error.code).toBe('TOO_MANY_REQUESTS');
        expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
        expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(THROTTLE.windowMs / 1000);
      }
      // Not locked out forever: once the window has passed, the right password works again.
      h.clock.advance(THROTTLE.windowMs + 1000);
      expect((await attempt(user.email, TEST_PASSWORD, '10.1.0.1')).status).toBe(200);
    });

    it('says how long is really left: Retry-After counts down to when the oldest failure leaves the window', async () => {
      const user = await newUser();
      expect((await attempt(user.email, 'wrong guess 0', '10.9.0.1')).status).toBe(401);
      h.clock.advance(5 * 60_000);
      for (let i = 1; i < THROTTLE.perAccount; i++) expect((await attempt(user.email, `wrong guess ${i}`, '10.9.0.1')).status).toBe(401);
      const first = await attempt(user.email, TEST_PASSWORD, '10.9.0.1');
      expect(first.status).toBe(429);
      // The first failure was 5 minutes ago: it ages out in 10 minutes, and one more try is judged then.
      expect(Number(first.headers['retry-after'])).toBe(THROTTLE.windowMs / 1000 - 5 * 60);
      h.clock.advance(4 * 60_000);
      expect(Number((await attempt(user.email, TEST_PASSWORD, '10.9.0.1')).headers['retry-after'])).toBe(THROTTLE.windowMs / 1000 - 9 * 60);
      h.clock.advance((THROTTLE.windowMs / 1000 - 9 * 60) * 1000);
      expect((await attempt(user.email, TEST_PASSWORD, '10.9.0.1')).status).toBe(200);
    });

    it('does not let guesses from elsewhere lock the owner out of an address they signed in from, which its own failures still throttle', async () => {
      const user = await newUser();
      const home = '10.6.0.1';
      expect((await attempt(user.email, TEST_PASSWORD, home)).status).toBe(200);
      // An attacker keeps the account throttled from addresses it never signed in from…
      for (let i = 0; i < THROTTLE.perAccount; i++) expect((await attempt(user.email, `stranger guess ${i}`, `10.6.1.${i}`)).status).toBe(401);
      expect((await attempt(user.email, TEST_PASSWORD, '10.6.1.200')).status).toBe(429);
      expect((await attempt(user.email, 'stranger guess again', '10.6.1.201')).status).toBe(429);
      // …but the owner still gets in from home, and the attacker's failures are not forgiven by it.
      expect((await attempt(user.email, TEST_PASSWORD, home)).status).toBe(200);
      expect((await attempt(user.email, 'stranger guess after', '10.6.1.202')).status).toBe(429);
      // Home is throttled by its own failures.
      for (let i = 0; i < THROTTLE.perAccount; i++) expect((await attempt(user.email, `typo ${i}`, home)).status).toBe(401);
      expect((await attempt(user.email, TEST_PASSWORD, home)).status).toBe(429);
      h.clock.advance(THROTTLE.windowMs + 1000);
      expect((await attempt(user.email, TEST_PASSWORD, home)).status).toBe(200);
      // An address stays known for 90 days after its last success, not for ever.
      h.clock.advance(91 * 86_400_000);
      for (let i = 0; i < THROTTLE.perAccount; i++) expect((await attempt(user.email, `late guess ${i}`, `10.6.2.${i}`)).status).toBe(401);
      expect((await attempt(user.email, TEST_PASSWORD, home)).status).toBe(429);
      h.clock.advance(THROTTLE.windowMs + 1000);
    });

    it('throttles an address spraying many accounts, without blocking the same accounts elsewhere', async () => {
      const user = await newUser();
      for (let i = 0; i < THROTTLE.perAddress; i++) {
        expect((await attempt(`nobody${i}@test.local`, 'Spray-Password-2026', '10.2.0.1')).status).toBe(401);
      }
      const blocked = await attempt(user.email, TEST_PASSWORD, '10.2.0.1');
      expect(blocked.status).toBe(429);
      expect(blocked.headers['retry-after']).toBeDefined();
      expect((await attempt(user.email, TEST_PASSWORD, '10.2.0.2')).status).toBe(200);
      h.clock.advance(THROTTLE.windowMs + 1000);
      expect((await attempt(user.email, TEST_PASSWORD, '10.2.0.1')).status).toBe(200);
    });

    it('does not let a sprayer behind the office NAT lock out those who sign in from there; each account keeps its own limit', async () => {
      const [regular, newcomer] = [await newUser(), await newUser()];
      const office = '10.7.0.1';
      expect((await attempt(regular.email, TEST_PASSWORD, office)).status).toBe(200);
      for (let i = 0; i < THROTTLE.perAddress; i++) expect((await attempt(`spray${i}@test.local`, 'Spray-Password-2026', office)).status).toBe(401);
      // The address is throttled for accounts that never signed in from it…
      expect((await attempt(newcomer.email, TEST_PASSWORD, office)).status).toBe(429);
      // …not for the one that did, whose own failures there still count.
      expect((await attempt(regular.email, TEST_PASSWORD, office)).status).toBe(200);
      for (let i = 0; i < THROTTLE.perAccount; i++) expect((await attempt(regular.email, `guess ${i}`, office)).status).toBe(401);
      expect((await attempt(regular.email, TEST_PASSWORD, office)).status).toBe(429);
      h.clock.advance(THROTTLE.windowMs + 1000);
    });

    it('counts concurrent guesses too: a burst gets no more tries than the limit', async () => {
      const user = await newUser();
      const burst = await Promise.all(Array.from({ length: 3 * THROTTLE.perAccount }, (_, i) => attempt(user.email, `parallel guess ${i}`, `10.3.0.${i}`)));
      const evaluated = burst.filter((r) => r.status === 401).length;
      expect(evaluated).toBeLessThanOrEqual(THROTTLE.perAccount);
      expect(burst.every((r) => r.status === 401 || r.status === 429)).toBe(true);
      h.clock.advance(THROTTLE.windowMs + 1000);
    });

    it('throttles the current-password check of a password change too: a stolen session cannot guess the password', async () => {
      const user = await newUser();
      const session = await login(h.app, user.email);
      const change = (currentPassword: string) =>
        asBrowser(h.app, session, { method: 'POST', url: '/api/auth/password', body: { currentPassword, newPassword: 'une phrase toute neuve pour cet été' } });
      // A wrong guess is a field error (400), not a lost session (401, which signs a client out).
      for (let i = 0; i < THROTTLE.perAccount; i++) expect((await change(`guess ${i}`)).status).toBe(400);
      const blocked = await change(TEST_PASSWORD);
      expect(blocked.status).toBe(429);
      expect(blocked.headers['retry-after']).toBeDefined();
      h.clock.advance(THROTTLE.windowMs + 1000);
      expect((await change(TEST_PASSWORD)).status).toBe(204);
    });

    it('answers the same for an unknown account and a wrong password', async () => {
      const user = await newUser();
      const unknown = await attempt('nobody-at-all@test.local', 'Whatever-Password-99', '10.4.0.1');
      const wrong = await attempt(user.email, 'Whatever-Password-99', '10.4.0.1');
      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(401);
      expect(unknown.body).toEqual(wrong.body);
    });
  });

  describe('passwords (QUALITY 2)', () => {
    const createUser = (password: string) =>
      api(h, h.users.admin, 'POST', '/api/users', { email: `${unique('pw')}@test.local`, password, name: 'Pass Phrase', role: 'backoffice' });

    it('accepts long passphrases, up to 256 characters', async () => {
      const longest = (
        'Le transporteur de Villeurbanne a rappelé mardi pour confirmer la tournée des palettes vers Nantes, ' +
        'Brest et Quimper avant la fin du mois, sous réserve que le quai numéro sept soit libéré à temps par ' +
        'le prestataire logistique habituel de la zone portuaire du Havre.'
      ).slice(0, 256);
      expect(longest).toHaveLength(256);
      for (const password of ['le chat de la voisine dort sur le toit du garage', 'correct horse battery staple on a barge', longest]) {
        const res = await createUser(password);
        expect(res.status, password).toBe(201);
        expect((await attempt(res.body.email, password, '10.5.0.1')).status).toBe(200);
      }
    });

    it('refuses common, guessable, short and overlong passwords with a 400 naming the field', async () => {
      for (const password of ['password1234', 'azertyuiop12', 'motdepasse123', '123456789012', 'qwertyuiop123', 'Tr0ub4dor&3', 'x'.repeat(257)]) {
        const res = await createUser(password);
        expect(res.status, password).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_FAILED');
        expect(JSON.stringify(res.body.error.details), password).toContain('password');
      }
    });

    it('applies the same rules to a password change and an admin reset', async () => {
      const user = await newUser();
      const session = await login(h.app, user.email);
      const change = await asBrowser(h.app, session, { method: 'POST', url: '/api/auth/password', body: { currentPassword: TEST_PASSWORD, newPassword: 'azertyuiop12' } });
      expect(change.status).toBe(400);
      // Named by the request's own field, for the form to mark it.
      expect(change.body.error.details).toEqual([expect.objectContaining({ path: 'newPassword' })]);
      const reset = await api(h, h.users.admin, 'PATCH', `/api/users/${user.id}`, { password: 'password1234' });
      expect(reset.status).toBe(400);
    });

    it('stores a salted slow hash, never the password', async () => {
      const [a, b] = [await createUser(TEST_PASSWORD), await createUser(TEST_PASSWORD)];
      const rows = await h.app.relais.context.db.selectFrom('users').select(['id', 'password_hash']).where('id', 'in', [a.body.id, b.body.id]).execute();
      for (const row of rows) {
        expect(row.password_hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$/);
        expect(row.password_hash).not.toContain(TEST_PASSWORD);
      }
      expect(rows[0].password_hash).not.toBe(rows[1].password_hash);
      expect(JSON.stringify(a.body)).not.toMatch(/password|scrypt/i);
    });
  });

  describe('sessions (QUALITY 3)', () => {
    it('issues a new ≥128-bit random token at every login, stored only as a hash', async () => {
      const user = await newUser();
      const [first, second] = [await login(h.app, user.email), await login(h.app, user.email)];
      expect(first.token).not.toBe(second.token);
      expect(Buffer.from(first.token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
      const stored = (await h.app.relais.context.db.selectFrom('sessions').select('token_hash').where('user_id', '=', user.id).execute()).map((r) => r.token_hash);
      expect(stored).toEqual(expect.arrayContaining([sha256(first.token), sha256(second.token)]));
      expect(stored).not.toContain(first.token);
    });

    it('never adopts a session id the client brings (fixation)', async () => {
      const user = await newUser();
      const planted = 'attacker-chosen-session-id-0000000000000000';
      const res = await send(h.app, { method: 'POST', url: '/api/auth/login', body: { email: user.email, password: TEST_PASSWORD }, cookies: { relais_session: planted } });
      expect(res.status).toBe(200);
      expect(res.cookies.find((c) => c.name === 'relais_session')?.value).not.toBe(planted);
      expect((await send(h.app, { method: 'GET', url: '/api/auth/me', cookies: { relais_session: planted } })).status).toBe(401);
    });

    it('ends the session at logout: the cookie is cleared and the old token is dead', async () => {
      const user = await newUser();
      const session = await login(h.app, user.email);
      expect((await me(h, session)).status).toBe(200);
      const out = await asBrowser(h.app, session, { method: 'POST', url: '/api/auth/logout' });
      expect(out.status).toBe(204);
      const cleared = out.cookies.find((c) => c.name === 'relais_session');
      expect(cleared?.value ?? '').toBe('');
      expect((await me(h, session)).status).toBe(401);
    });

    it('ends the session at expiry', async () => {
      const user = await newUser();
      const session = await login(h.app, user.email);
      h.clock.advance(h.config.sessionHours * 3600_000 - 60_000);
      expect((await me(h, session)).status).toBe(200);
      h.clock.advance(60_000);
      expect((await me(h, session)).status).toBe(401);
    });

    it('disabling a user ends their sessions and API tokens at once, and keeps them ended when re-enabled', async () => {
      const user = await newUser();
      const session = await login(h.app, user.email);
      expect((await api(h, h.users.admin, 'PATCH', `/api/users/${user.id}`, { disabled: true })).status).toBe(200);
      expect((await me(h, session)).status).toBe(401);
      expect((await asToken(h.app, user.token, { method: 'GET', url: '/api/auth/me' })).status).toBe(401);
      expect((await attempt(user.email, TEST_PASSWORD, '10.6.0.1')).status).toBe(401);
      await api(h, h.users.admin, 'PATCH', `/api/users/${user.id}`, { disabled: false });
      expect((await me(h, session)).status).toBe(401);
      expect((await attempt(user.email, TEST_PASSWORD, '10.6.0.1')).status).toBe(200);
    });

    it('changing one’s password ends the other sessions, keeps this one, and retires the old password', async () => {
      const user = await newUser();
      const [here, elsewhere] = [await login(h.app, user.email), await login(h.app, user.email)];
      const newPassword = 'une nouvelle phrase de passe pour le printemps';
      const wrongCurrent = await asBrowser(h.app, here, { method: 'POST', url: '/api/auth/password', body: { currentPassword: 'not-my-password-at-all', newPassword } });
      expect(wrongCurrent.status).toBe(400);
      expect(wrongCurrent.body.error.details).toEqual([{ path: 'currentPassword', message: 'not your current password' }]);
      // This session goes on.
      expect((await me(h, here)).status).toBe(200);
      const changed = await asBrowser(h.app, here, { method: 'POST', url: '/api/auth/password', body: { currentPassword: TEST_PASSWORD, newPassword } });
      expect(changed.status).toBe(204);
      expect((await me(h, here)).status).toBe(200);
      expect((await me(h, elsewhere)).status).toBe(401);
      expect((await attempt(user.email, TEST_PASSWORD, '10.7.0.1')).status).toBe(401);
      expect((await attempt(user.email, newPassword, '10.7.0.1')).status).toBe(200);
    });

    it('an admin password reset ends every session of that user', async () => {
      const user = await newUser();
      const session = await login(h.app, user.email);
      const reset = await api(h, h.users.admin, 'PATCH', `/api/users/${user.id}`, { password: 'la phrase provisoire donnée par téléphone' });
      expect(reset.status).toBe(200);
      expect((await me(h, session)).status).toBe(401);
    });
  });

  describe('cookies (QUALITY 4)', () => {
    it('sets the session cookie httpOnly, SameSite=Lax, for the whole site, not Secure over plain HTTP by default', async () => {
      const res = await attempt(h.users.frontdesk.email, TEST_PASSWORD, '10.8.0.1');
      const header = String(res.headers['set-cookie']);
      expect(header).toMatch(/^relais_session=[A-Za-z0-9_-]{43};/);
      expect(header).toMatch(/; HttpOnly/);
      expect(header).toMatch(/; SameSite=Lax/);
      expect(header).toMatch(/; Path=\//);
      expect(header).not.toMatch(/; Secure/);
      // The CSRF token travels in the body, readable by the app but never as a cookie.
      expect(res.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{32,}$/);
      expect(header).not.toContain(res.body.csrfToken);
    });
  });
});

describe.each(DIALECTS)('cookie flags and the first administrator on %s', (dialect) => {
  const loginHeader = async (app: Awaited<ReturnType<typeof bareApp>>['app'], headers: Record<string, string> = {}) => {
    const res = await send(app, { method: 'POST', url: '/api/auth/login', body: { email: 'admin@test.local', password: TEST_PASSWORD }, headers });
    expect(res.status).toBe(200);
    return String(res.headers['set-cookie']);
  };

  it('adds Secure when RELAIS_SECURE_COOKIES=true', async () => {
    const bare = await bareApp(dialect, { env: { RELAIS_SECURE_COOKIES: 'true' } });
    try {
      const header = await loginHeader(bare.app);
      expect(header).toMatch(/; Secure/);
      expect(header).toMatch(/; HttpOnly/);
      expect(header).toMatch(/; SameSite=Lax/);
    } finally {
      await bare.close();
    }
  });

  it('adds Secure automatically behind an HTTPS reverse proxy that is trusted', async () => {
    const bare = await bareApp(dialect, { env: { RELAIS_TRUST_PROXY: 'true' } });
    try {
      expect(await loginHeader(bare.app, { 'x-forwarded-proto': 'https' })).toMatch(/; Secure/);
      expect(await loginHeader(bare.app)).not.toMatch(/; Secure/);
    } finally {
      await bare.close();
    }
  });

  it('has no default account with a known password: the first admin gets a random one, printed once', async () => {
    const noPassword = (c: Config): Config => ({ ...c, adminEmail: undefined, adminPassword: undefined });
    const [one, two] = [await bareApp(dialect, { configure: noPassword }), await bareApp(dialect, { configure: noPassword })];
    try {
      const created = one.app.relais.bootstrap.createdAdmin!;
      expect(created.email).toBe('admin@relais.local');
      expect(Buffer.from(created.password!, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
      expect(created.password).not.toBe(two.app.relais.bootstrap.createdAdmin!.password);
      for (const guess of ['admin', 'password', 'relais', 'changeme']) {
        const res = await send(one.app, { method: 'POST', url: '/api/auth/login', body: { email: 'admin@relais.local', password: guess } });
        expect(res.status, guess).toBe(401);
      }
      const ok = await send(one.app, { method: 'POST', url: '/api/auth/login', body: { email: created.email, password: created.password } });
      expect(ok.status).toBe(200);
      // A restart on the same database creates no one and prints nothing.
      const again = await buildApp(one.config, { clock: one.clock, handle: one.handle, logger: false });
      expect(again.relais.bootstrap.createdAdmin).toBeNull();
      await again.close();
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('refuses to start with a common RELAIS_ADMIN_PASSWORD', async () => {
    await expect(bareApp(dialect, { env: { RELAIS_ADMIN_PASSWORD: 'password1234' } })).rejects.toThrow(/password/);
  });
});
