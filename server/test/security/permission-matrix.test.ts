/**
 * QUALITY 6 and 9 (ASVS 8.2–8.4): the permission matrix, generated from the app's own route table.
 * Every route × every role (and anonymous) × own record versus a colleague's → expected status.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteEntry } from '../../app.js';
import { grantFor, PERMISSIONS, ROLES, type Action, type Role } from '../../modules/access/permissions.js';
import { api, createHarness, DIALECTS, type Harness, type TestUser } from '../harness.js';
import { Fixtures, ROUTE_EXAMPLES, type RouteExample } from './route-examples.js';
import { asBrowser, asToken, bareApp, login, openStream, send, type Answer } from './support.js';

// The route table does not depend on the database: read it once from an app on SQLite.
const listing = await bareApp('sqlite');
const ALL_ROUTES: RouteEntry[] = listing.app.relais.routes;
await listing.close();

const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
/** The API documentation UI (a plugin's routes, read-only and public like /api/openapi.json). */
const isDocs = (r: RouteEntry) => r.url === '/api/docs' || r.url.startsWith('/api/docs/');
const isApi = (r: RouteEntry) => r.url.startsWith('/api/') && !isDocs(r);
const API_ROUTES = ALL_ROUTES.filter(isApi);
/** Fastify answers HEAD with the GET handler; those twins are checked below, not run twice. */
const MATRIX_ROUTES = API_ROUTES.filter((r) => r.method !== 'HEAD' || !API_ROUTES.some((g) => g.method === 'GET' && g.url === r.url));

describe('the route table', () => {
  it('gives every API route a permission that exists in the written table', () => {
    const known = new Set<string>(['public', ...Object.keys(PERMISSIONS)]);
    const offenders = API_ROUTES.filter((r) => r.permission === undefined || !known.has(r.permission)).map((r) => `${key(r)} → ${String(r.permission)}`);
    expect(offenders, 'routes without a valid `config.permission`').toEqual([]);
  });

  it('gives HEAD twins the permission of their GET, and keeps documentation and web assets read-only', () => {
    const heads = API_ROUTES.filter((r) => r.method === 'HEAD');
    const mismatched = heads.filter((r) => API_ROUTES.find((g) => g.method === 'GET' && g.url === r.url && g.permission !== r.permission));
    expect(mismatched.map(key)).toEqual([]);
    const writesOutsideApi = ALL_ROUTES.filter((r) => !isApi(r) && !['GET', 'HEAD'].includes(r.method));
    expect(writesOutsideApi.map(key), 'only the API may change state').toEqual([]);
  });

  it('has an example request for every API route, and none for a route that no longer exists', () => {
    const routeKeys = new Set(MATRIX_ROUTES.map(key));
    const missing = [...routeKeys].filter((k) => !ROUTE_EXAMPLES[k]);
    expect(missing, 'add these routes to server/test/security/route-examples.ts').toEqual([]);
    const stale = Object.keys(ROUTE_EXAMPLES).filter((k) => !routeKeys.has(k));
    expect(stale, 'these examples name routes the app does not have').toEqual([]);
  });

  it('refuses a route registered without a permission instead of leaving it open', async () => {
    const app = await bareApp('sqlite', {
      beforeReady: (a) => {
        a.get('/api/forgotten', async () => ({ secret: 'customer list' }));
      },
    });
    try {
      const res = await send(app.app, { method: 'GET', url: '/api/forgotten' });
      expect(res.status).toBe(403);
      expect(res.text).not.toContain('customer list');
      // An unknown API path is still a plain 404.
      expect((await send(app.app, { method: 'GET', url: '/api/nowhere' })).status).toBe(404);
    } finally {
      await app.close();
    }
  });
});

type Outcome = 'ok' | 401 | 403 | 404;
type Whose = 'own' | 'other';

/** What the written table says should happen. */
function expectedOutcome(route: RouteEntry, example: RouteExample, role: Role | null, whose: Whose): Outcome {
  if (route.permission === 'public') return 'ok';
  if (role === null) return 401;
  const grant = grantFor(role, route.permission as Action);
  if (!grant) return 403;
  if (whose === 'other' && example.privateTo && !example.privateTo.exceptRoles.includes(role)) return 404;
  if (grant === 'own' && (whose === 'other' || (example.ownableBy && !example.ownableBy.includes(role)))) return 403;
  return 'ok';
}

describe.each(DIALECTS)('permission matrix on %s', (dialect) => {
  let h: Harness;
  let fixtures: Fixtures;
  beforeAll(async () => {
    h = await createHarness(dialect);
    fixtures = new Fixtures(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  async function perform(example: RouteExample, actor: TestUser | null, owner: TestUser): Promise<Answer> {
    const { via, stream, ...req } = await example.build(fixtures, owner);
    if (stream) return openStream(h.app, actor ? { ...req, headers: { ...req.headers, authorization: `Bearer ${actor.token}` } } : req);
    if (!actor) return send(h.app, req);
    if (via === 'session') return asBrowser(h.app, await login(h.app, actor.email), req);
    return asToken(h.app, actor.token, req);
  }

  it.each(MATRIX_ROUTES.map((r) => [key(r), r] as const))('%s', async (_name, route) => {
    const example = ROUTE_EXAMPLES[key(route)];
    expect(example, `no example for ${key(route)}`).toBeDefined();
    const mismatches: string[] = [];
    for (const role of [null, ...ROLES] as const) {
      const actor = role ? h.users[role] : null;
      const hasGrant = role !== null && route.permission !== 'public' && grantFor(role, route.permission as Action) !== undefined;
      const cases: Whose[] = example.ownerless || !hasGrant ? ['own'] : ['own', 'other'];
      for (const whose of cases) {
        const owner = whose === 'own' ? actor ?? h.users.sales : h.others[role!];
        const expected = expectedOutcome(route, example, role, whose);
        const res = await perform(example, actor, owner);
        // Granted, a route answers the success status the OpenAPI document gives it (config.successStatus).
        const fine = expected === 'ok' ? res.status === (example.grantedStatus ?? route.successStatus) : res.status === expected;
        if (!fine) mismatches.push(`${role ?? 'anonymous'} on ${whose} record: expected ${expected}, got ${res.status} ${res.text.slice(0, 160)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe.each(DIALECTS)('what "own" means, secondary keys and nested references, on %s', (dialect) => {
  let h: Harness;
  let f: Fixtures;
  beforeAll(async () => {
    h = await createHarness(dialect);
    f = new Fixtures(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('tasks: the assignee or the creator may change a task, nobody else with an "own" grant', async () => {
    const [me, colleague, third] = [h.users.sales, h.others.sales, h.users.frontdesk];
    const assignedToMe = (await api(h, colleague, 'POST', '/api/tasks', { title: 'For you', assigneeId: me.id })).body;
    const createdByMe = (await api(h, me, 'POST', '/api/tasks', { title: 'For them', assigneeId: colleague.id })).body;
    const notMine = (await api(h, colleague, 'POST', '/api/tasks', { title: 'Theirs', assigneeId: third.id })).body;
    expect((await api(h, me, 'PATCH', `/api/tasks/${assignedToMe.id}`, { title: 'Mine now' })).status).toBe(200);
    expect((await api(h, me, 'PATCH', `/api/tasks/${createdByMe.id}`, { title: 'Still mine' })).status).toBe(200);
    const refused = await api(h, me, 'PATCH', `/api/tasks/${notMine.id}`, { status: 'cancelled' });
    expect(refused.status).toBe(403);
    expect((await api(h, colleague, 'GET', `/api/tasks/${notMine.id}`)).body.status).toBe('open');
  });

  it('people: ownership is the owner, not who typed the record in', async () => {
    const [sales, colleague] = [h.users.sales, h.others.sales];
    const typedByMe = (await api(h, sales, 'POST', '/api/people', { lastName: 'Handed', ownerId: sales.id })).body;
    expect((await api(h, h.users.manager, 'PATCH', `/api/people/${typedByMe.id}`, { ownerId: colleague.id })).status).toBe(200);
    expect((await api(h, sales, 'PATCH', `/api/people/${typedByMe.id}`, { lastName: 'Taken back' })).status).toBe(403);
    // Nor can a sales rep take it back by naming themselves owner.
    expect((await api(h, sales, 'PATCH', `/api/people/${typedByMe.id}`, { ownerId: sales.id })).status).toBe(403);
    expect((await api(h, colleague, 'PATCH', `/api/people/${typedByMe.id}`, { lastName: 'Renamed' })).status).toBe(200);
  });

  it('interactions: only the author edits with an "own" grant', async () => {
    const mine = await f.interaction(h.users.backoffice);
    expect((await api(h, h.others.backoffice, 'PATCH', `/api/interactions/${mine.id}`, { summary: 'rewritten' })).status).toBe(403);
    expect((await api(h, h.users.backoffice, 'PATCH', `/api/interactions/${mine.id}`, { summary: 'precised' })).status).toBe(200);
  });

  it('notifications, saved views and API tokens: lists show only your own, ids of others are "not found"', async () => {
    const [me, other] = [h.users.frontdesk, h.others.frontdesk];
    const theirs = { notification: await f.notification(other), view: await f.view(other), token: await f.apiToken(other) };
    const ids = async (user: TestUser, url: string) => ((await api(h, user, 'GET', url)).body.items as { id: string }[]).map((i) => i.id);
    expect(await ids(me, '/api/notifications')).not.toContain(theirs.notification.id);
    expect(await ids(me, '/api/views')).not.toContain(theirs.view.id);
    expect(await ids(me, '/api/tokens')).not.toContain(theirs.token.id);
    for (const [method, url] of [
      ['POST', `/api/notifications/${theirs.notification.id}/read`],
      ['DELETE', `/api/views/${theirs.view.id}`],
      ['DELETE', `/api/tokens/${theirs.token.id}`],
    ] as const) {
      const res = await api(h, me, method, url);
      expect(res.status, url).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    // Untouched: still unread, still listed, still working.
    expect(await ids(other, '/api/notifications?unread=true')).toContain(theirs.notification.id);
    expect(await ids(other, '/api/views')).toContain(theirs.view.id);
    expect((await api(h, { ...other, token: theirs.token.token }, 'GET', '/api/auth/me')).status).toBe(200);
  });

  it('phone lookup: a secondary key finds live records only, and needs a login', async () => {
    const person = (await api(h, h.users.admin, 'POST', '/api/people', { lastName: 'Appelant', phones: [{ number: '05 56 00 00 09' }] })).body;
    expect((await api(h, null, 'GET', '/api/lookup/phone/0556000009')).status).toBe(401);
    const found = await api(h, h.users.frontdesk, 'GET', '/api/lookup/phone/+33556000009');
    expect(found.body.matches.map((m: { id: string }) => m.id)).toEqual([person.id]);
    expect((await api(h, h.users.manager, 'DELETE', `/api/people/${person.id}`)).status).toBe(204);
    expect((await api(h, h.users.frontdesk, 'GET', '/api/lookup/phone/0556000009')).body.matches).toEqual([]);
  });

  it('nested references must name live records: deleted people, unknown interactions and attachments are refused', async () => {
    const gone = (await api(h, h.users.admin, 'POST', '/api/people', { lastName: 'Parti' })).body;
    await api(h, h.users.admin, 'DELETE', `/api/people/${gone.id}`);
    const task = await api(h, h.users.sales, 'POST', '/api/tasks', { title: 'Call', personId: gone.id });
    expect(task.status).toBe(400);
    const call = await api(h, h.users.sales, 'POST', '/api/interactions', { channel: 'call', direction: 'out', participants: [{ type: 'person', id: gone.id }] });
    expect(call.status).toBe(400);
    expect((await api(h, h.users.sales, 'GET', '/api/attachments/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect((await api(h, h.users.sales, 'GET', `/api/people/${gone.id}`)).status).toBe(404);
  });

  it('the audit trail is for managers only, whatever record it is asked about', async () => {
    const person = await f.person(h.users.sales);
    for (const role of ROLES) {
      const res = await api(h, h.users[role], 'GET', `/api/audit?entityId=${person.id}`);
      expect(res.status, role).toBe(grantFor(role, 'audit.read') ? 200 : 403);
    }
    const userAudit = await api(h, h.users.sales, 'GET', `/api/audit?entityId=${h.users.sales.id}`);
    expect(userAudit.status).toBe(403);
  });

  it('phone-system webhooks accept only their integration secret or signature, never a user credential', async () => {
    const event = { callId: 'hook-1', event: 'ringing', from: '0655443300', to: '0140000000' };
    const session = await login(h.app, h.users.admin.email);
    for (const [name, req] of [
      ['no secret', {}],
      ['a wrong secret', { headers: { authorization: 'Bearer rlt_wrong' } }],
      ["an admin's API token", { headers: { authorization: `Bearer ${h.users.admin.token}` } }],
      ["an admin's session", { cookies: { relais_session: session.token }, headers: { 'x-csrf-token': session.csrfToken } }],
    ] as const) {
      const res = await send(h.app, { method: 'POST', url: '/api/telephony/events', body: event, ...req });
      expect(res.status, name).toBe(401);
    }
    const twilio = await f.integration('twilio');
    const unsigned = await send(h.app, {
      method: 'POST',
      url: `/api/telephony/twilio/${twilio.id}/voice`,
      body: 'CallSid=CA1&From=%2B33655443300&To=%2B33140000000&CallStatus=ringing',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'forged=' },
    });
    expect(unsigned.status).toBe(403);
    expect((await api(h, h.users.admin, 'GET', '/api/calls?limit=200')).body.items.map((c: { callId: string }) => c.callId)).not.toContain('hook-1');
  });

  it('call-backs: with an "own" grant one takes a free call-back for oneself, never for someone else, nor someone else’s', async () => {
    const [me, colleague] = [h.users.sales, h.others.sales];
    const free = (await h.app.relais.context.db.selectFrom('callbacks').select('id').where('call_id', '=', (await f.call('missed')).id).executeTakeFirstOrThrow()).id;
    expect((await api(h, me, 'PATCH', `/api/callbacks/${free}`, { assigneeId: colleague.id })).status).toBe(403);
    const taken = await api(h, me, 'PATCH', `/api/callbacks/${free}`, { attempt: true });
    expect(taken.status).toBe(200);
    expect(taken.body.assigneeId).toBe(me.id);
    expect((await api(h, colleague, 'PATCH', `/api/callbacks/${free}`, { status: 'done' })).status).toBe(403);
    expect((await api(h, h.users.frontdesk, 'PATCH', `/api/callbacks/${free}`, { assigneeId: colleague.id })).status).toBe(200);
  });
});
