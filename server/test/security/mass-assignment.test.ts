/**
 * QUALITY 7 and 9: fields a client must not set are refused with a 400 naming them, ownership
 * cannot be handed out by those who may not, and a role change applies on the very next request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, TEST_PASSWORD, type Harness } from '../harness.js';
import { asBrowser, login, newUser } from './support.js';

/** Server-managed or privileged fields, with a plausible forged value. */
const FORGED = {
  id: '00000000-0000-0000-0000-000000000001',
  createdAt: '2001-01-01T00:00:00.000Z',
  createdBy: 'someone-else',
  updatedAt: '2001-01-01T00:00:00.000Z',
  updatedBy: 'someone-else',
  role: 'admin',
  deletedAt: null,
  authorId: 'someone-else',
  userId: 'someone-else',
  passwordHash: 'scrypt$1$1$1$AAAA$AAAA',
};
type Forged = keyof typeof FORGED;
const forged = (...fields: Forged[]) => Object.fromEntries(fields.map((f) => [f, FORGED[f]]));

describe.each(DIALECTS)('mass assignment and permission changes on %s', (dialect) => {
  let h: Harness;
  let personId: string;
  let taskId: string;
  let interactionId: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    personId = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Fiche' })).body.id;
    taskId = (await api(h, h.users.frontdesk, 'POST', '/api/tasks', { title: 'Rappeler' })).body.id;
    interactionId = (await api(h, h.users.frontdesk, 'POST', '/api/interactions', { channel: 'call', direction: 'in', personId })).body.id;
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Where each kind of forged field may be tried, with a valid body to add them to. */
  const CASES: { name: string; method: 'POST' | 'PATCH'; url: () => string; valid: () => object; fields: Forged[]; as?: 'admin' }[] = [
    { name: 'create a person', method: 'POST', url: () => '/api/people', valid: () => ({ lastName: 'X' }), fields: ['id', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'role', 'deletedAt'] },
    { name: 'edit a person', method: 'PATCH', url: () => `/api/people/${personId}`, valid: () => ({ lastName: 'Y' }), fields: ['id', 'createdAt', 'createdBy', 'updatedBy', 'role', 'deletedAt'] },
    { name: 'create an organisation', method: 'POST', url: () => '/api/organisations', valid: () => ({ name: 'Z' }), fields: ['id', 'createdAt', 'createdBy', 'role'] },
    { name: 'create a task', method: 'POST', url: () => '/api/tasks', valid: () => ({ title: 'T' }), fields: ['id', 'createdAt', 'createdBy', 'updatedBy'] },
    { name: 'edit a task', method: 'PATCH', url: () => `/api/tasks/${taskId}`, valid: () => ({ title: 'T2' }), fields: ['createdAt', 'createdBy'] },
    { name: 'log an interaction', method: 'POST', url: () => '/api/interactions', valid: () => ({ channel: 'note', direction: 'internal', personId }), fields: ['id', 'authorId', 'createdAt', 'createdBy'] },
    { name: 'edit an interaction', method: 'PATCH', url: () => `/api/interactions/${interactionId}`, valid: () => ({ summary: 'S' }), fields: ['authorId', 'createdAt'] },
    { name: 'save a view', method: 'POST', url: () => '/api/views', valid: () => ({ entityType: 'person', name: 'V', definition: {} }), fields: ['id', 'userId', 'createdAt'] },
    { name: 'create a user', method: 'POST', url: () => '/api/users', valid: () => ({ email: 'x@test.local', password: TEST_PASSWORD, name: 'X', role: 'sales' }), fields: ['id', 'passwordHash', 'createdAt'], as: 'admin' },
    { name: 'edit a user', method: 'PATCH', url: () => `/api/users/${h.others.sales.id}`, valid: () => ({ name: 'X' }), fields: ['id', 'passwordHash', 'createdAt'], as: 'admin' },
  ];

  it.each(CASES.map((c) => [c.name, c] as const))('%s: forged fields are refused with a 400 naming each of them', async (_name, c) => {
    const user = c.as === 'admin' ? h.users.admin : h.users.frontdesk;
    const res = await api(h, user, c.method, c.url(), { ...c.valid(), ...forged(...c.fields) });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const details = res.body.error.details as { path: string; message: string }[];
    expect(details.map((d) => d.path).sort()).toEqual([...c.fields].sort());
    expect(details.every((d) => d.message === 'unknown field')).toBe(true);
    // Without the forged fields the same request goes through: they alone were the problem.
    expect((await api(h, user, c.method, c.url(), c.valid())).status).toBeLessThan(300);
  });

  it('refuses forged fields in nested objects too', async () => {
    const res = await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'N', phones: [{ number: '0612345678', e164: '+33999999999' }] });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'phones.0.e164', message: 'unknown field' }]);
  });

  it('refuses a role in the login or token request, and a role change by oneself', async () => {
    const loginWithRole = await api(h, null, 'POST', '/api/auth/login', { email: h.users.sales.email, password: TEST_PASSWORD, role: 'admin' });
    expect(loginWithRole.status).toBe(400);
    const session = await login(h.app, h.users.sales.email);
    const token = await asBrowser(h.app, session, { method: 'POST', url: '/api/tokens', body: { name: 'x', userId: h.users.admin.id } });
    expect(token.status).toBe(400);
    const selfPromotion = await api(h, h.users.sales, 'PATCH', `/api/users/${h.users.sales.id}`, { role: 'admin' });
    expect(selfPromotion.status).toBe(403);
    expect((await api(h, h.users.admin, 'GET', `/api/users/${h.users.sales.id}`)).body.role).toBe('sales');
  });

  it('keeps server-managed fields server-managed: version only for concurrency control, creator is the caller', async () => {
    const created = await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Versioned' });
    expect(created.body).toMatchObject({ createdBy: h.users.sales.id, version: 1, ownerId: h.users.sales.id });
    const jump = await api(h, h.users.sales, 'PATCH', `/api/people/${created.body.id}`, { lastName: 'Jumped', version: 99 });
    expect(jump.status).toBe(409);
    const ok = await api(h, h.users.sales, 'PATCH', `/api/people/${created.body.id}`, { lastName: 'Next', version: 1 });
    expect(ok.body).toMatchObject({ version: 2, createdBy: h.users.sales.id, createdAt: created.body.createdAt });
  });

  describe('ownerId', () => {
    const someoneElse = () => h.others.sales.id;

    it('only admins and managers may make someone else the owner, on create and on edit', async () => {
      for (const role of ['frontdesk', 'sales', 'backoffice'] as const) {
        const create = await api(h, h.users[role], 'POST', '/api/people', { lastName: 'Owned', ownerId: someoneElse() });
        expect(create.status, role).toBe(403);
        expect(JSON.stringify(create.body.error.details)).toContain('ownerId');
        const own = await api(h, h.users[role], 'POST', '/api/organisations', { name: `Mine ${role}`, ownerId: h.users[role].id });
        expect(own.status, role).toBe(201);
        const handOver = await api(h, h.users[role], 'PATCH', `/api/organisations/${own.body.id}`, { ownerId: someoneElse() });
        expect(handOver.status, role).toBe(403);
        expect((await api(h, h.users.admin, 'GET', `/api/organisations/${own.body.id}`)).body.ownerId).toBe(h.users[role].id);
      }
      for (const role of ['admin', 'manager'] as const) {
        const res = await api(h, h.users[role], 'POST', '/api/people', { lastName: 'Assigned', ownerId: someoneElse() });
        expect(res.status, role).toBe(201);
        expect(res.body.ownerId).toBe(someoneElse());
      }
    });

    it("a colleague's customer is not taken nor freed by those who edit every record; a free one may be taken, one's own given up", async () => {
      const repsCustomer = (await api(h, h.users.sales, 'POST', '/api/people', { lastName: 'Fidèle' })).body;
      expect(repsCustomer.ownerId).toBe(h.users.sales.id);
      for (const role of ['frontdesk', 'backoffice'] as const) {
        for (const ownerId of [h.users[role].id, null]) {
          const taken = await api(h, h.users[role], 'PATCH', `/api/people/${repsCustomer.id}`, { ownerId });
          expect(taken.status, `${role} → ${ownerId}`).toBe(403);
          expect(taken.body.error.details[0].path).toBe('ownerId');
        }
        // Other edits of the record stay theirs to make.
        expect((await api(h, h.users[role], 'PATCH', `/api/people/${repsCustomer.id}`, { tags: [`vu-${role}`] })).status, role).toBe(200);
        const free = (await api(h, h.users.admin, 'POST', '/api/people', { lastName: `Libre ${role}` })).body;
        const mine = await api(h, h.users[role], 'PATCH', `/api/people/${free.id}`, { ownerId: h.users[role].id });
        expect(mine.status, role).toBe(200);
        expect((await api(h, h.users[role], 'PATCH', `/api/people/${free.id}`, { ownerId: null, version: mine.body.version })).status, role).toBe(200);
      }
      const still = (await api(h, h.users.sales, 'GET', `/api/people/${repsCustomer.id}`)).body;
      expect(still.ownerId).toBe(h.users.sales.id);
      expect((await api(h, h.users.sales, 'PATCH', `/api/people/${repsCustomer.id}`, { lastName: 'Fidèle-Martin' })).status).toBe(200);
      // A manager hands it over.
      expect((await api(h, h.users.manager, 'PATCH', `/api/people/${repsCustomer.id}`, { ownerId: h.users.frontdesk.id })).status).toBe(200);
    });

    it('a salesperson takes a record nobody owns, with the rest of the change; not a colleague’s, and does not give up their own', async () => {
      const free = (await api(h, h.users.admin, 'POST', '/api/organisations', { name: 'Prospect libre' })).body;
      expect(free.ownerId).toBeNull();
      // Editing it without taking it stays refused…
      expect((await api(h, h.users.sales, 'PATCH', `/api/organisations/${free.id}`, { tags: ['chaud'] })).status).toBe(403);
      // …taking it may come with other changes.
      const taken = await api(h, h.users.sales, 'PATCH', `/api/organisations/${free.id}`, { ownerId: h.users.sales.id, tags: ['chaud'] });
      expect(taken.status).toBe(200);
      expect(taken.body).toMatchObject({ ownerId: h.users.sales.id, tags: ['chaud'] });
      // It is theirs now: a colleague cannot take it; they cannot drop it (they would lose it).
      expect((await api(h, h.others.sales, 'PATCH', `/api/organisations/${free.id}`, { ownerId: h.others.sales.id })).status).toBe(403);
      const dropped = await api(h, h.users.sales, 'PATCH', `/api/organisations/${free.id}`, { ownerId: null });
      expect(dropped.status).toBe(403);
      expect(dropped.body.error.details[0].path).toBe('ownerId');
      const audit = (await api(h, h.users.manager, 'GET', `/api/audit?entityId=${free.id}`)).body.items as { field: string; oldValue: string | null; newValue: string | null; actorId: string }[];
      expect(audit).toContainEqual(expect.objectContaining({ field: 'ownerId', oldValue: null, newValue: h.users.sales.id, actorId: h.users.sales.id }));
    });

    it('refuses an owner who is not a user', async () => {
      const res = await api(h, h.users.manager, 'POST', '/api/people', { lastName: 'Ghost', ownerId: 'no-such-user' });
      expect(res.status).toBe(400);
    });
  });

  describe('permission changes apply on the next request (QUALITY 9)', () => {
    it('a manager demoted to sales loses delete and edit-all rights at once, by token and by session', async () => {
      const manager = await newUser(h, 'manager');
      const session = await login(h.app, manager.email);
      const victim = async () => (await api(h, h.users.admin, 'POST', '/api/people', { lastName: 'Kept', ownerId: h.users.admin.id })).body.id as string;
      const [a, b, c] = [await victim(), await victim(), await victim()];
      expect((await api(h, manager, 'PATCH', `/api/people/${a}`, { lastName: 'Edited' })).status).toBe(200);
      expect((await api(h, h.users.admin, 'PATCH', `/api/users/${manager.id}`, { role: 'sales' })).status).toBe(200);
      expect((await api(h, manager, 'DELETE', `/api/people/${b}`)).status).toBe(403);
      expect((await asBrowser(h.app, session, { method: 'DELETE', url: `/api/people/${c}` })).status).toBe(403);
      expect((await api(h, manager, 'PATCH', `/api/people/${a}`, { lastName: 'Again' })).status).toBe(403);
      expect((await api(h, manager, 'GET', `/api/audit?entityId=${a}`)).status).toBe(403);
      expect((await api(h, h.users.admin, 'GET', `/api/people/${b}`)).status).toBe(200);
    });

    it('a promotion applies at once too', async () => {
      const desk = await newUser(h, 'frontdesk');
      const target = (await api(h, h.users.admin, 'POST', '/api/people', { lastName: 'Doomed' })).body.id;
      expect((await api(h, desk, 'DELETE', `/api/people/${target}`)).status).toBe(403);
      await api(h, h.users.admin, 'PATCH', `/api/users/${desk.id}`, { role: 'manager' });
      expect((await api(h, desk, 'DELETE', `/api/people/${target}`)).status).toBe(204);
    });
  });
});
