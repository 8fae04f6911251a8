/**
 * QUALITY 4 and 5: cross-site writes refused (CSRF), no state change through GET, API tokens never
 * taken from URLs, revocable and scoped (ASVS 3.5, 8.3).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteEntry } from '../../app.js';
import { api, createHarness, DIALECTS, type Harness } from '../harness.js';
import { Fixtures, ROUTE_EXAMPLES } from './route-examples.js';
import { asBrowser, asToken, fingerprint, login, openStream, send, type RawRequest, type Session } from './support.js';

describe.each(DIALECTS)('CSRF, safe methods and API tokens on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('CSRF (QUALITY 4)', () => {
    let desk: Session;
    let manager: Session;
    let personId: string;
    beforeAll(async () => {
      desk = await login(h.app, h.users.frontdesk.email);
      manager = await login(h.app, h.users.manager.email);
      personId = (await api(h, h.users.admin, 'POST', '/api/people', { lastName: 'Cible' })).body.id;
    });

    /** One write of each verb, as a cookie-carrying browser would send it. */
    const writes = (): [string, Session, RawRequest][] => [
      ['POST', desk, { method: 'POST', url: '/api/people', body: { lastName: 'Forged' } }],
      ['PATCH', desk, { method: 'PATCH', url: `/api/people/${personId}`, body: { lastName: 'Forged' } }],
      ['DELETE', manager, { method: 'DELETE', url: `/api/people/${personId}` }],
      ['logout', desk, { method: 'POST', url: '/api/auth/logout' }],
    ];

    it('refuses cookie-authenticated writes without the X-CSRF-Token header, or with a wrong one, and changes nothing', async () => {
      const other = await login(h.app, h.users.frontdesk.email);
      const before = await fingerprint(h.app.relais.context.db, dialect);
      for (const [name, session, req] of writes()) {
        for (const csrf of [null, '', 'forged-token', other.csrfToken, session.csrfToken.slice(0, -1)]) {
          const res = await asBrowser(h.app, session, req, csrf);
          expect(res.status, `${name} with ${JSON.stringify(csrf)}`).toBe(403);
          expect(res.body.error.code).toBe('CSRF_FAILED');
        }
      }
      const after = await fingerprint(h.app.relais.context.db, dialect);
      // Nothing changed but the security log, which records the refusals.
      expect({ ...after, security_events: '' }).toEqual({ ...before, security_events: '' });
      expect((await asBrowser(h.app, desk, { method: 'GET', url: '/api/auth/me' })).status).toBe(200);
    });

    it('accepts the same writes with the session’s own token', async () => {
      for (const [name, session, req] of writes()) {
        const res = await asBrowser(h.app, session, req);
        expect(res.status, name).toBeLessThan(300);
      }
    });

    it('needs no CSRF token with an API token, which a browser never sends by itself', async () => {
      const res = await asToken(h.app, h.users.frontdesk.token, { method: 'POST', url: '/api/people', body: { lastName: 'Scripted' } });
      expect(res.status).toBe(201);
    });

    it('does not fall back to the cookie when a bad Authorization header is sent', async () => {
      const session = await login(h.app, h.users.sales.email);
      const res = await asBrowser(h.app, session, { method: 'GET', url: '/api/auth/me', headers: { authorization: 'Bearer not-a-token' } });
      expect(res.status).toBe(401);
    });
  });

  describe('GET never changes state (QUALITY 4)', () => {
    const routes = (): RouteEntry[] => h.app.relais.routes.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));

    it('every GET route, called with a cookie and no CSRF token as a cross-site link would, leaves the database as it was', async () => {
      const fixtures = new Fixtures(h);
      const session = await login(h.app, h.users.admin.email);
      const changed: string[] = [];
      for (const route of routes().filter((r) => r.method === 'GET')) {
        const { via: _via, stream, ...req } = await ROUTE_EXAMPLES[`GET ${route.url}`].build(fixtures, h.users.admin);
        const before = await fingerprint(h.app.relais.context.db, dialect);
        const request = { ...req, cookies: { relais_session: session.token } };
        const res = stream ? await openStream(h.app, request) : await send(h.app, request);
        expect(res.status, `GET ${route.url}`).toBeLessThan(300);
        const after = await fingerprint(h.app.relais.context.db, dialect);
        const tables = Object.keys(after).filter((t) => after[t] !== before[t]);
        if (tables.length) changed.push(`GET ${route.url} changed ${tables.join(', ')}`);
      }
      expect(changed).toEqual([]);
    });

    it('a write route cannot be reached with GET', async () => {
      const getUrls = new Set(routes().filter((r) => r.method === 'GET').map((r) => r.url));
      const writeOnly = routes().filter((r) => !['GET', 'HEAD'].includes(r.method) && !getUrls.has(r.url));
      expect(writeOnly.length).toBeGreaterThan(0);
      for (const route of writeOnly) {
        const url = route.url.replaceAll(/:(\w+)/g, '00000000-0000-0000-0000-000000000000');
        const res = await api(h, h.users.admin, 'GET', url);
        // 405: the address takes its write methods only (Allow names them); 404: a GET route of
        // another shape took it (/api/people/duplicates read as /api/people/:id), found nothing.
        expect([404, 405], `GET ${url}`).toContain(res.status);
        if (res.status === 405) expect(res.headers.allow, `GET ${url}`).not.toMatch(/GET/);
      }
    });
  });

  describe('API tokens (QUALITY 5)', () => {
    const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
    const meWith = (token: string) => asToken(h.app, token, { method: 'GET', url: '/api/auth/me' });

    async function newToken(body: Record<string, unknown> = {}) {
      const session = await login(h.app, h.users.backoffice.email);
      const res = await asBrowser(h.app, session, { method: 'POST', url: '/api/tokens', body: { name: 'integration', ...body } });
      expect(res.status).toBe(201);
      return { ...res.body, session } as { id: string; token: string; scopes: string[]; session: Session };
    }

    it('are never accepted in the URL', async () => {
      const { token } = await newToken();
      for (const name of ['token', 'access_token', 'api_key', 'apikey', 'authorization', 'bearer', 'relais_session']) {
        for (const value of [token, `Bearer ${token}`]) {
          const res = await send(h.app, { method: 'GET', url: `/api/auth/me?${name}=${encodeURIComponent(value)}` });
          expect(res.status, name).toBe(401);
        }
      }
      expect((await send(h.app, { method: 'GET', url: '/api/auth/me', cookies: { relais_session: token } })).status).toBe(401);
      expect((await meWith(token)).status).toBe(200);
    });

    it('are random, shown once and stored only as a hash', async () => {
      const { id, token, session } = await newToken();
      expect(token).toMatch(/^rls_[A-Za-z0-9_-]{43}$/);
      const listed = await asBrowser(h.app, session, { method: 'GET', url: '/api/tokens' });
      expect(JSON.stringify(listed.body)).not.toContain(token.slice(4));
      expect(listed.body.items.find((t: { id: string }) => t.id === id)).toBeDefined();
      const row = await h.app.relais.context.db.selectFrom('api_tokens').select('token_hash').where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.token_hash).toBe(sha256(token));
    });

    it('are revocable: a revoked token is refused at once', async () => {
      const { id, token, session } = await newToken();
      expect((await meWith(token)).status).toBe(200);
      expect((await asBrowser(h.app, session, { method: 'DELETE', url: `/api/tokens/${id}` })).status).toBe(204);
      const res = await meWith(token);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    });

    it('expire when asked to', async () => {
      const { token } = await newToken({ expiresInDays: 1 });
      expect((await meWith(token)).status).toBe(200);
      h.clock.advance(86_400_000);
      expect((await meWith(token)).status).toBe(401);
    });

    it('are scoped: a read-only token reads but cannot write', async () => {
      const { token } = await newToken({ scopes: ['read'] });
      const personId = (await api(h, h.users.admin, 'POST', '/api/people', { lastName: 'Lecture' })).body.id;
      expect((await asToken(h.app, token, { method: 'GET', url: `/api/people/${personId}` })).status).toBe(200);
      for (const req of [
        { method: 'POST', url: '/api/people', body: { lastName: 'Nope' } },
        { method: 'PATCH', url: `/api/people/${personId}`, body: { lastName: 'Nope' } },
        { method: 'POST', url: '/api/tasks', body: { title: 'Nope' } },
        { method: 'POST', url: '/api/auth/password', body: { currentPassword: 'x', newPassword: 'y' } },
      ] satisfies RawRequest[]) {
        const res = await asToken(h.app, token, req);
        expect(res.status, `${req.method} ${req.url}`).toBe(403);
        // The integrator is told why: their token's own setting, not a right of the account.
        expect(res.body.error.details, `${req.method} ${req.url}`).toEqual({ reason: 'TOKEN_SCOPE', needed: 'write', scopes: ['read'] });
      }
      expect((await api(h, h.users.admin, 'GET', `/api/people/${personId}`)).body.lastName).toBe('Lecture');
    });

    it('cannot mint further tokens', async () => {
      const { token } = await newToken();
      const res = await asToken(h.app, token, { method: 'POST', url: '/api/tokens', body: { name: 'child' } });
      expect(res.status).toBe(403);
    });
  });
});
