import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { newId } from '../ids.js';
import { createErrorHandler } from './error-handler.js';
import { api, createHarness, DIALECTS, type Harness, type TestUser } from '../test/harness.js';
import { asBrowser, login } from '../test/security/support.js';
import { createIdempotencyHooks, KEY_TTL_MS, PENDING_TAKEOVER_MS } from './idempotency.js';

describe.each(DIALECTS)('Idempotency-Key on creating POSTs (QUALITY 21) on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  const createPerson = (user: TestUser, key: string | undefined, lastName: string, extra: Record<string, unknown> = {}) =>
    api(h, user, 'POST', '/api/people', { firstName: 'Idem', lastName, ...extra }, key === undefined ? {} : { 'idempotency-key': key });
  const peopleNamed = async (lastName: string) =>
    (await h.handle.db.selectFrom('people').select('id').where('last_name', '=', lastName).execute()).map((p) => p.id);

  it('answers a retry with the first answer, and creates once', async () => {
    const first = await createPerson(h.users.frontdesk, 'retry-1', 'Retry');
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await createPerson(h.users.frontdesk, 'retry-1', 'Retry');
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(await peopleNamed('Retry')).toEqual([first.body.id]);
    // Without a key, the same body is a second person, as before.
    expect((await createPerson(h.users.frontdesk, undefined, 'Retry')).status).toBe(201);
    expect(await peopleNamed('Retry')).toHaveLength(2);
  });

  it('refuses the same key with another request, and changes nothing', async () => {
    expect((await createPerson(h.users.frontdesk, 'other-body', 'Original')).status).toBe(201);
    const reused = await createPerson(h.users.frontdesk, 'other-body', 'Different');
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await peopleNamed('Different')).toEqual([]);
    // The same body sent elsewhere is another request too.
    const elsewhere = await api(h, h.users.frontdesk, 'POST', '/api/organisations', { name: 'Original' }, { 'idempotency-key': 'other-body' });
    expect(elsewhere.status).toBe(422);
  });

  it('makes one record of concurrent retries; the others get the answer or are told to retry', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => createPerson(h.users.sales, 'concurrent', 'Concurrent')));
    const people = await peopleNamed('Concurrent');
    expect(people).toHaveLength(1);
    for (const answer of answers) {
      if (answer.status === 409) {
        expect(answer.body.error.code).toBe('IDEMPOTENCY_KEY_IN_USE');
        expect(answer.headers['retry-after']).toBe('1');
      } else {
        expect(answer.status).toBe(201);
        expect(answer.body.id).toBe(people[0]);
      }
    }
    expect(answers.filter((a) => a.status === 201 && a.headers['idempotent-replayed'] === undefined)).toHaveLength(1);
  });

  it('keeps keys per user', async () => {
    const mine = await createPerson(h.users.frontdesk, 'shared-key', 'Shared');
    const theirs = await createPerson(h.others.frontdesk, 'shared-key', 'Shared');
    expect(theirs.status).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('releases the key of a refused request: the corrected request may use it', async () => {
    const missing = '01900000-0000-7000-8000-000000000000';
    const refused = await api(h, h.users.sales, 'POST', '/api/tasks', { title: 'Rappeler', personId: missing }, { 'idempotency-key': 'fix-and-retry' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    const person = await createPerson(h.users.sales, undefined, 'Fixed');
    const fixed = await api(h, h.users.sales, 'POST', '/api/tasks', { title: 'Rappeler', personId: person.body.id }, { 'idempotency-key': 'fix-and-retry' });
    expect(fixed.status).toBe(201);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
  });

  it('refuses a malformed key, naming the header', async () => {
    const tooLong = await createPerson(h.users.frontdesk, 'k'.repeat(256), 'Malformed');
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details).toEqual([{ path: 'headers.idempotency-key', message: expect.any(String) }]);
    expect(await peopleNamed('Malformed')).toEqual([]);
    // Sent twice: Node would join the two into one key ("a, b"); refused instead.
    const twice = await h.app.inject({
      method: 'POST',
      url: '/api/people',
      headers: { authorization: `Bearer ${h.users.frontdesk.token}`, 'idempotency-key': ['first-key', 'second-key'] },
      payload: { firstName: 'Idem', lastName: 'Twice' },
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.details).toEqual([{ path: 'headers.idempotency-key', message: expect.stringContaining('one value') }]);
    expect(await peopleNamed('Twice')).toEqual([]);
  });

  it('forgets keys after a day', async () => {
    const first = await createPerson(h.users.backoffice, 'day-old', 'Daily');
    h.clock.advance(KEY_TTL_MS + 1);
    const later = await createPerson(h.users.backoffice, 'day-old', 'Daily');
    expect(later.status).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(later.body.id).not.toBe(first.body.id);
  });

  it('purges a day-old answer even of a user who sends no more keys', async () => {
    const idle = h.others.sales;
    await createPerson(idle, 'idle-user', 'Idle');
    const kept = () => h.handle.db.selectFrom('idempotency_keys').select('key').where('user_id', '=', idle.id).execute();
    expect(await kept()).toEqual([{ key: 'idle-user' }]);
    h.clock.advance(KEY_TTL_MS + 60_001);
    await createPerson(h.others.backoffice, 'someone-else', 'Someone');
    expect(await kept()).toEqual([]);
  });

  it('lets a retry take over the key of a request that never finished (a crash)', async () => {
    const user = h.users.manager;
    const body = { firstName: 'Idem', lastName: 'Crashed' };
    const attempt = () => api(h, user, 'POST', '/api/people', body, { 'idempotency-key': 'crashed' });
    // What a process killed between claiming the key and recording the answer leaves behind.
    await createPerson(user, 'crashed', 'Crashed');
    await h.handle.db.deleteFrom('people').where('last_name', '=', 'Crashed').execute();
    await h.handle.db.updateTable('idempotency_keys').set({ status: 'pending', response_status: null, response_body: null }).where('key', '=', 'crashed').execute();

    const meanwhile = await attempt();
    expect(meanwhile.status).toBe(409);
    expect(meanwhile.body.error.code).toBe('IDEMPOTENCY_KEY_IN_USE');
    h.clock.advance(PENDING_TAKEOVER_MS + 1);
    const retried = await attempt();
    expect(retried.status).toBe(201);
    expect(await peopleNamed('Crashed')).toEqual([retried.body.id]);
    expect((await attempt()).headers['idempotent-replayed']).toBe('true');
  });

  it('never keeps an answer holding a secret: API tokens are not replayed', async () => {
    // Tokens are made from a logged-in session.
    const session = await login(h.app, h.users.admin.email);
    const create = () => asBrowser(h.app, session, { method: 'POST', url: '/api/tokens', body: { name: 'integration' }, headers: { 'idempotency-key': 'token-key' } });
    const one = await create();
    const two = await create();
    expect(one.status).toBe(201);
    expect(two.status).toBe(201);
    expect(two.body.token).not.toBe(one.body.token);
    const kept = await h.handle.db.selectFrom('idempotency_keys').select('key').where('key', '=', 'token-key').execute();
    expect(kept).toEqual([]);
  });
});

describe.each(DIALECTS)('an Idempotency-Key whose request fails after its commit, on %s', (dialect) => {
  let h: Harness;
  let app: FastifyInstance;
  /** What the test route does: fail before writing, write then fail (a connection lost after the commit), or write. */
  let mode: 'fail-before' | 'fail-after-commit' | 'break-after-commit' | 'roll-back' | 'succeed' = 'succeed';
  beforeAll(async () => {
    h = await createHarness(dialect);
    const db = h.handle.db;
    await sql`CREATE TABLE idem_notes (id varchar(36) PRIMARY KEY, body varchar(100))`.execute(db);
    // The idempotency hooks as the server installs them, on a route that commits and then may fail.
    const hooks = createIdempotencyHooks({ db, clock: h.clock });
    app = Fastify();
    app.setErrorHandler(createErrorHandler({ dialect: h.app.relais.context.dialect, db, clock: h.clock }));
    app.addHook('onRequest', async (request) => {
      request.caller = { id: h.users.sales.id, email: h.users.sales.email, name: 'Sales', role: 'sales', teamId: null, locale: 'en', via: 'token', scopes: ['write'] };
    });
    app.post('/notes', { onRequest: hooks.onRequest, preHandler: hooks.preHandler, onSend: hooks.onSend }, async (request, reply) => {
      if (mode === 'fail-before') throw new AppError('UNAVAILABLE');
      const id = newId();
      await db.transaction().execute(async (trx) => {
        await sql`INSERT INTO idem_notes (id, body) VALUES (${id}, ${(request.body as { text: string }).text})`.execute(trx);
        if (mode === 'roll-back') throw new Error('broken before the commit');
      });
      if (mode === 'fail-after-commit') throw new AppError('UNAVAILABLE');
      // A bug after the commit (a 500), as a process dying there would leave it: no answer recorded.
      if (mode === 'break-after-commit') throw new Error('broken after the commit');
      return reply.status(201).send({ id });
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  const post = (key: string, text: string) => app.inject({ method: 'POST', url: '/notes', payload: { text }, headers: { 'idempotency-key': key } });
  const notes = async (text: string) => (await sql<{ id: string }>`SELECT id FROM idem_notes WHERE body = ${text}`.execute(h.handle.db)).rows;

  it('keeps the key of a 503 that came after the commit: the retry does not write twice', async () => {
    mode = 'fail-after-commit';
    expect((await post('after-commit', 'saved once')).statusCode).toBe(503);
    mode = 'succeed';
    const retry = await post('after-commit', 'saved once');
    expect(retry.statusCode).toBe(409);
    expect(retry.json().error.code).toBe('IDEMPOTENCY_KEY_IN_USE');
    expect(await notes('saved once')).toHaveLength(1);
  });

  it('marks the key committed in the transaction that wrote: long after a failure, a retry is told its answer was lost, and writes nothing', async () => {
    mode = 'break-after-commit';
    expect((await post('lost-answer', 'made once')).statusCode).toBe(500);
    const key = await h.handle.db.selectFrom('idempotency_keys').select('status').where('key', '=', 'lost-answer').executeTakeFirstOrThrow();
    expect(key.status).toBe('committed');
    mode = 'succeed';
    expect((await post('lost-answer', 'made once')).json().error.code).toBe('IDEMPOTENCY_KEY_IN_USE');
    h.clock.advance(PENDING_TAKEOVER_MS + 1);
    const late = await post('lost-answer', 'made once');
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('IDEMPOTENCY_ANSWER_LOST');
    expect(await notes('made once')).toHaveLength(1);
  });

  it('leaves the key pending when the transaction rolled back: once taken over, the retry writes', async () => {
    mode = 'roll-back';
    expect((await post('rolled-back', 'written once')).statusCode).toBe(500);
    const key = await h.handle.db.selectFrom('idempotency_keys').select('status').where('key', '=', 'rolled-back').executeTakeFirstOrThrow();
    expect(key.status).toBe('pending');
    expect(await notes('written once')).toHaveLength(0);
    mode = 'succeed';
    h.clock.advance(PENDING_TAKEOVER_MS + 1);
    const retry = await post('rolled-back', 'written once');
    expect(retry.statusCode).toBe(201);
    expect(await notes('written once')).toEqual([{ id: retry.json().id }]);
  });

  it('releases the key of a 503 that came before anything was written: the retry runs', async () => {
    mode = 'fail-before';
    expect((await post('before-commit', 'written on retry')).statusCode).toBe(503);
    mode = 'succeed';
    const retry = await post('before-commit', 'written on retry');
    expect(retry.statusCode).toBe(201);
    expect(await notes('written on retry')).toEqual([{ id: retry.json().id }]);
  });
});
