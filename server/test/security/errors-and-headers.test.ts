/**
 * QUALITY 24: a 500 answers a generic body, never a stack trace. QUALITY 26 and 10: responses with
 * personal data are `Cache-Control: no-store`, everything is `nosniff`, and the app and the API carry
 * a Content-Security-Policy whose scripts never allow 'unsafe-inline'.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, DIALECTS, type Harness } from '../harness.js';
import { Fixtures, ROUTE_EXAMPLES } from './route-examples.js';
import { asBrowser, asToken, bareApp, login, openStream, send, type Answer, type BareApp } from './support.js';

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: unknown): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of String(header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), values);
  }
  return map;
}

/** Scripts are what 'unsafe-inline' would let an injected payload run. */
function expectStrictScripts(res: Answer, what: string) {
  const csp = directives(res.headers['content-security-policy']);
  const scripts = csp.get('script-src') ?? csp.get('default-src');
  expect(scripts, `${what}: no script-src nor default-src`).toBeDefined();
  expect(scripts, what).not.toContain("'unsafe-inline'");
  expect(scripts, what).not.toContain("'unsafe-eval'");
  expect(scripts, what).not.toContain('*');
}

const GENERIC_500 = { error: { code: 'INTERNAL', message: 'Something went wrong on our side.', details: null } };

describe.each(DIALECTS)('errors and headers on %s', (dialect) => {
  describe('a 500 (QUALITY 24)', () => {
    let bare: BareApp;
    beforeAll(async () => {
      bare = await bareApp(dialect, {
        beforeReady: (app) => {
          const secret = 'connection to postgres://relais:hunter2@db.internal failed at /srv/relais/server/db.ts:42';
          app.get('/api/test/throws', { config: { permission: 'public' } }, async () => {
            throw new Error(secret);
          });
          app.get('/api/test/rejects-object', { config: { permission: 'public' } }, async () => {
            throw Object.assign(new TypeError(secret), { code: 'ERR_SOMETHING', details: secret });
          });
          app.get('/api/test/throws-in-service', { config: { permission: 'people.read' } }, async () => {
            await Promise.resolve();
            JSON.parse('{ not json ' + secret);
          });
        },
      });
    });
    afterAll(async () => {
      await bare?.close();
    });

    it.each(['/api/test/throws', '/api/test/rejects-object'])('%s answers the generic body, without stack or message', async (url) => {
      const res = await send(bare.app, { method: 'GET', url });
      expect(res.status).toBe(500);
      expect(res.body).toEqual(GENERIC_500);
      expect(res.text).not.toMatch(/hunter2|\/srv\/|stack|at .*\.ts|TypeError|ERR_SOMETHING/);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('a failure behind authentication is just as quiet, and localised', async () => {
      const login = await send(bare.app, { method: 'POST', url: '/api/auth/login', body: { email: 'admin@test.local', password: 'Correct-Horse-Battery-Staple-42' } });
      const res = await send(bare.app, { method: 'GET', url: '/api/test/throws-in-service', cookies: { relais_session: login.cookies[0].value }, headers: { 'accept-language': 'fr-FR' } });
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ error: { code: 'INTERNAL', message: expect.any(String), details: null } });
      expect(res.text).not.toMatch(/hunter2|JSON|position|stack/);
    });

    it('a path parameter too long is a 400 naming it, however long', async () => {
      const login = await send(bare.app, { method: 'POST', url: '/api/auth/login', body: { email: 'admin@test.local', password: 'Correct-Horse-Battery-Staple-42' } });
      for (const url of [`/api/people/${'a'.repeat(101)}`, `/api/people/${'a'.repeat(1500)}`, `/api/lookup/phone/${'6'.repeat(120)}`]) {
        const res = await send(bare.app, { method: 'GET', url, cookies: { relais_session: login.cookies[0].value } });
        expect(res.status, url.slice(0, 30)).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_FAILED');
        expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([url.startsWith('/api/people') ? 'id' : 'number']);
      }
    });

    it('malformed input is a 400 with our own words, not a parser’s stack', async () => {
      const res = await send(bare.app, { method: 'POST', url: '/api/auth/login', body: '{"email": "a@b.c", "password": ', headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BAD_REQUEST');
      expect(res.text).not.toMatch(/stack|node_modules|at .*\.js/);
    });
  });

  describe('requests refused before any route runs', () => {
    let bare: BareApp;
    let port: number;
    beforeAll(async () => {
      bare = await bareApp(dialect);
      await bare.app.listen({ port: 0, host: '127.0.0.1' });
      port = (bare.app.server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      await bare?.close();
    });

    /** A raw HTTP/1.1 request, so that nothing on the client side fixes the URL first. */
    function rawGet(path: string): Promise<{ status: number; body: any; headers: http.IncomingHttpHeaders }> {
      return new Promise((resolve, reject) => {
        const request = http.get({ host: '127.0.0.1', port, path, headers: { 'accept-language': 'fr' } }, (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text), headers: response.headers }));
        });
        request.on('error', reject);
      });
    }

    it('a malformed URL is a 400 in the API error shape', async () => {
      const res = await rawGet('/api/people/%E0%A4%A');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: { code: 'BAD_REQUEST', message: expect.any(String), details: null } });
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    });

    it('an oversized query string is a 431 in the API error shape', async () => {
      const res = await rawGet(`/api/search?q=${'a'.repeat(40_000)}`);
      expect(res.status).toBe(431);
      expect(res.body).toEqual({ error: { code: 'HEADERS_TOO_LARGE', message: expect.any(String), details: null } });
    });
  });

  describe('headers (QUALITY 26)', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await createHarness(dialect);
    });
    afterAll(async () => {
      await h?.close();
    });

    it('an error reads in the language a program asks for (Accept-Language), a person’s in their account’s', async () => {
      // The test accounts are French. A missing record: NOT_FOUND's message in either language.
      const missing = { method: 'GET', url: '/api/people/00000000-0000-7000-8000-000000000000' } as const;
      const english = await asToken(h.app, h.users.sales.token, { ...missing, headers: { 'accept-language': 'en-GB,en;q=0.9' } });
      expect(english.status).toBe(404);
      const french = await asToken(h.app, h.users.sales.token, missing);
      expect(french.status).toBe(404);
      expect((english.body as { error: { message: string } }).error.message).not.toBe((french.body as { error: { message: string } }).error.message);
      expect((await asToken(h.app, h.users.sales.token, { ...missing, headers: { 'accept-language': 'fr-FR' } })).body).toEqual(french.body);
      // A browser always sends its own language: the account's choice in Relais wins.
      const session = await login(h.app, h.users.sales.email);
      const browser = await asBrowser(h.app, session, { ...missing, headers: { 'accept-language': 'en-US,en;q=0.9' } });
      expect(browser.body).toEqual(french.body);
    });

    it('every API GET answers no-store, nosniff and a strict script policy', async () => {
      const fixtures = new Fixtures(h);
      const gets = h.app.relais.routes.filter((r) => r.method === 'GET' && r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));
      for (const route of gets) {
        const { via: _via, stream, ...req } = await ROUTE_EXAMPLES[`GET ${route.url}`].build(fixtures, h.users.admin);
        const withToken = { ...req, headers: { ...req.headers, authorization: `Bearer ${h.users.admin.token}` } };
        const res = stream ? await openStream(h.app, withToken) : await send(h.app, withToken);
        expect(res.status, route.url).toBe(200);
        expect(res.headers['cache-control'], route.url).toBe('no-store');
        expect(res.headers['x-content-type-options'], route.url).toBe('nosniff');
        if (!stream) expectStrictScripts(res, route.url);
      }
    });

    it('logins, writes and errors are no-store too', async () => {
      const login = await send(h.app, { method: 'POST', url: '/api/auth/login', body: { email: h.users.sales.email, password: 'Correct-Horse-Battery-Staple-42' } });
      const created = await asToken(h.app, h.users.sales.token, { method: 'POST', url: '/api/people', body: { lastName: 'Privée' } });
      const denied = await asToken(h.app, h.users.sales.token, { method: 'GET', url: '/api/audit?entityId=x' });
      const anonymous = await send(h.app, { method: 'GET', url: `/api/people/${created.body.id}` });
      const missing = await asToken(h.app, h.users.sales.token, { method: 'GET', url: '/api/people/nope' });
      for (const [name, res] of Object.entries({ login, created, denied, anonymous, missing })) {
        expect(res.headers['cache-control'], name).toBe('no-store');
        expect(res.headers['x-content-type-options'], name).toBe('nosniff');
      }
      expect(anonymous.text).not.toContain('Privée');
    });

    it('an API route spelt with escapes ("/%61pi/…", which the router decodes) is no-store and strict too', async () => {
      const created = await asToken(h.app, h.users.sales.token, { method: 'POST', url: '/api/people', body: { lastName: 'Encodée' } });
      for (const url of [`/%61pi/people/${created.body.id}`, '/%61pi/people?limit=1', `/api%2Fpeople/${created.body.id}`]) {
        const res = await asToken(h.app, h.users.sales.token, { method: 'GET', url });
        if (url.startsWith('/%61pi/people/')) expect(res.text, url).toContain('Encodée');
        expect(res.headers['cache-control'], url).toBe('no-store');
        expectStrictScripts(res, url);
      }
    });

    it('attachments keep their own sandboxed policy', async () => {
      const attachment = await new Fixtures(h).attachment(h.users.sales);
      const res = await asToken(h.app, h.users.sales.token, { method: 'GET', url: `/api/attachments/${attachment.id}` });
      expect(res.status).toBe(200);
      const csp = directives(res.headers['content-security-policy']);
      expect(csp.get('default-src')).toEqual(["'none'"]);
      expect(csp.has('sandbox')).toBe(true);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });

    it('the API documentation page allows no inline script either', async () => {
      const res = await send(h.app, { method: 'GET', url: '/api/docs/' });
      expect(res.status).toBe(200);
      expectStrictScripts(res, '/api/docs/');
      // Served over plain HTTP on a LAN address, an upgrade to HTTPS would leave the page blank.
      expect(directives(res.headers['content-security-policy']).has('upgrade-insecure-requests')).toBe(false);
    });
  });

  describe('the web app (QUALITY 10)', () => {
    let bare: BareApp;
    beforeAll(async () => {
      const fs = await import('node:fs');
      const webDir = fs.mkdtempSync('/tmp/relais-web-');
      fs.writeFileSync(`${webDir}/index.html`, '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body></body></html>');
      bare = await bareApp(dialect, { configure: (config) => ({ ...config, webDir }) });
    });
    afterAll(async () => {
      await bare?.close();
    });

    it.each(['/', '/index.html', '/people/123', '/settings/users'])('%s is served with a strict policy, nosniff and no framing', async (url) => {
      const res = await send(bare.app, { method: 'GET', url });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expectStrictScripts(res, url);
      const csp = directives(res.headers['content-security-policy']);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
    });
  });
});
