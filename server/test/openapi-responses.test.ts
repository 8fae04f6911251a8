/**
 * The OpenAPI document's success answers against the real ones: every operation whose answer the
 * document describes field by field (`config.documentedResponse`) is called through the real server,
 * as the admin, with its example request (security/route-examples.ts), and the body it answers is
 * validated against the schema the document publishes, strictly: a field the server sends that the
 * document omits fails, as does a documented required field missing or of another type. Then the
 * same on records filled in every field (contact points, custom fields, relationships, a screen pop
 * with its sections), where the optional and nullable branches show.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNDESCRIBED_ANSWER } from '../http/openapi.js';
import { api, createHarness, DIALECTS, TEST_PASSWORD, type Harness } from './harness.js';
import { Fixtures, ROUTE_EXAMPLES } from './security/route-examples.js';
import { asBrowser, asToken, bareApp, login, multipart, openStream, PNG, unique, type Answer } from './security/support.js';

type Schema = Record<string, any>;
interface Operation {
  /** "METHOD /url" as the route is registered (route-examples.ts keys). */
  key: string;
  status: number;
  schema: Schema;
}

// The document does not depend on the database: read it once from an app on SQLite.
const listing = await bareApp('sqlite');
const DOC = (await listing.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
await listing.close();

/** Every operation the document describes the success answer of, field by field. */
const DESCRIBED: Operation[] = Object.entries(DOC.paths as Record<string, Record<string, { responses: Record<string, Schema> }>>).flatMap(([path, operations]) =>
  Object.entries(operations).flatMap(([method, operation]) => {
    const [status, response] = Object.entries(operation.responses).find(([s]) => s.startsWith('2'))!;
    const schema = response.content?.['application/json']?.schema;
    if (status === '204' || !schema || response.description.includes(UNDESCRIBED_ANSWER)) return [];
    return [{ key: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, status: Number(status), schema }];
  }),
);
const byKey = new Map(DESCRIBED.map((o) => [o.key, o]));

// OpenAPI 3.0's `nullable` is Ajv's too; strict: a keyword Ajv does not know fails the compile.
const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addFormat('date-time', { type: 'string', validate: (v: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(v) && !Number.isNaN(Date.parse(v)) });
ajv.addFormat('date', { type: 'string', validate: (v: string) => /^\d{4}-\d\d-\d\d$/.test(v) && !Number.isNaN(Date.parse(v)) });
const validators = new Map<string, ValidateFunction>();
function validatorOf(key: string): ValidateFunction {
  const operation = byKey.get(key);
  if (!operation) throw new Error(`the document does not describe the answer of ${key}`);
  if (!validators.has(key)) validators.set(key, ajv.compile(operation.schema));
  return validators.get(key)!;
}

/** The ways `body` departs from the documented answer of `key`, each with where it is. */
function departures(key: string, body: unknown): string[] {
  const validate = validatorOf(key);
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? `: ${e.params.additionalProperty}` : ''}`);
}

/** Objects with named fields that accept others (a record keyed by custom field is fine). */
function looseObjects(schema: unknown, at = ''): string[] {
  if (Array.isArray(schema)) return schema.flatMap((s, i) => looseObjects(s, `${at}/${i}`));
  if (schema === null || typeof schema !== 'object') return [];
  const node = schema as Schema;
  const here = node.properties && node.additionalProperties !== false ? [at || '/'] : [];
  const nested = Object.entries(node).flatMap(([k, v]) =>
    k === 'properties' ? Object.entries(v as Schema).flatMap(([name, sub]) => looseObjects(sub, `${at}/${name}`)) : k === 'enum' ? [] : looseObjects(v, `${at}/${k}`),
  );
  return [...here, ...nested];
}

describe('the documented answers', () => {
  it('cover the main routes, each with an example request to check it by', () => {
    for (const key of [
      'GET /api/health', 'POST /api/auth/login', 'GET /api/auth/me', 'POST /api/tokens', 'GET /api/tokens', 'GET /api/users', 'POST /api/users',
      'GET /api/people', 'POST /api/people', 'GET /api/people/:id', 'PATCH /api/people/:id', 'GET /api/organisations', 'POST /api/organisations',
      'GET /api/organisations/:id', 'PATCH /api/organisations/:id', 'GET /api/interactions', 'POST /api/interactions', 'GET /api/interactions/:id',
      'GET /api/tasks', 'POST /api/tasks', 'PATCH /api/tasks/:id', 'GET /api/search', 'GET /api/lookup/phone/:number',
    ]) {
      expect(byKey.has(key), key).toBe(true);
    }
    const unchecked = DESCRIBED.filter((o) => !ROUTE_EXAMPLES[o.key]).map((o) => o.key);
    expect(unchecked, 'described answers without an example request to check them').toEqual([]);
  });

  it('are strict: every object names its fields and refuses others', () => {
    const loose = DESCRIBED.flatMap((o) => looseObjects(o.schema).map((at) => `${o.key} at ${at}`));
    expect(loose).toEqual([]);
  });

  it('are valid OpenAPI 3.0 schemas: no JSON Schema dialect key, no type list, nullable beside a type', () => {
    const text = JSON.stringify(DESCRIBED.map((o) => o.schema));
    expect(text).not.toContain('"$schema"');
    expect(text).not.toContain('"$ref"');
    expect(text).not.toMatch(/"type":\[/);
    // Every schema compiles (Ajv, strict, refuses `nullable` without `type` and unknown keywords).
    for (const operation of DESCRIBED) expect(() => validatorOf(operation.key), operation.key).not.toThrow();
  });
});

describe.each(DIALECTS)('real answers against the document on %s', (dialect) => {
  let h: Harness;
  let fixtures: Fixtures;
  beforeAll(async () => {
    h = await createHarness(dialect);
    fixtures = new Fixtures(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it.each(DESCRIBED.map((o) => [o.key, o] as const))('%s', async (key, operation) => {
    const example = ROUTE_EXAMPLES[key];
    const admin = h.users.admin;
    const { via, stream, ...req } = await example.build(fixtures, admin);
    let res: Answer;
    if (stream) res = await openStream(h.app, { ...req, headers: { ...req.headers, authorization: `Bearer ${admin.token}` } });
    else if (via === 'session') res = await asBrowser(h.app, await login(h.app, admin.email), req);
    else res = await asToken(h.app, admin.token, req);
    expect(res.status, res.text.slice(0, 300)).toBe(operation.status);
    expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
    expect(departures(key, res.body), JSON.stringify(res.body).slice(0, 600)).toEqual([]);
  });

  it('a checked answer fails on a field the document omits, a required field missing or of another type', async () => {
    const person = await fixtures.person(h.users.admin);
    const body = (await api(h, h.users.admin, 'GET', `/api/people/${person.id}`)).body;
    expect(departures('GET /api/people/:id', body)).toEqual([]);
    expect(departures('GET /api/people/:id', { ...body, secretField: 1 })).toEqual(['/ must NOT have additional properties: secretField']);
    const { version: _version, ...withoutVersion } = body;
    expect(departures('GET /api/people/:id', withoutVersion)).toEqual(["/ must have required property 'version'"]);
    expect(departures('GET /api/people/:id', { ...body, phones: [{ ...body.phones[0], e164: 33472000001 }] })).toEqual(['/phones/0/e164 must be string']);
    expect(departures('GET /api/people/:id', { ...body, phones: [{ ...body.phones[0], extra: true }] })).toEqual(['/phones/0 must NOT have additional properties: extra']);
  });

  it('records filled in every field, their lists, timeline and screen pop match the document too', async () => {
    const admin = h.users.admin;
    const ok = async (key: string, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) => {
      const res = await api(h, admin, method, url, body);
      expect(res.status, `${method} ${url}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(byKey.get(key)?.status);
      expect(departures(key, res.body), `${method} ${url}: ${JSON.stringify(res.body).slice(0, 600)}`).toEqual([]);
      return res.body;
    };
    const field = unique('fleet_');
    expect((await api(h, admin, 'POST', '/api/custom-fields', { entityType: 'person', key: field, labelEn: 'Fleet', labelFr: 'Flotte', type: 'number' })).status).toBe(201);
    const organisation = await ok('POST /api/organisations', 'POST', '/api/organisations', {
      name: unique('Transports Rich '),
      phones: [{ number: '04 78 00 00 10', label: 'switchboard' }],
      addresses: [{ label: 'depot', street: '1 rue du Port', postalCode: '69007', city: 'Lyon', country: 'FR' }],
      tags: ['carrier'],
      ownerId: admin.id,
    });
    const number = '06 12 00 00 42';
    const person = await ok('POST /api/people', 'POST', '/api/people', {
      firstName: 'Hélène',
      lastName: unique('Rich'),
      phones: [{ number, label: 'mobile' }, { number: '04 78 00 00 10' }],
      emails: [{ address: `${unique('helene')}@example.com`, label: 'work' }],
      addresses: [{ city: 'Villeurbanne' }],
      tags: ['vip', 'export'],
      customFields: { [field]: 12 },
      relationships: [{ type: 'carrier', targetType: 'organisation', targetId: organisation.id }],
      organisationIds: [organisation.id],
      ownerId: admin.id,
    });
    // A namesake: the creation reports a likely duplicate.
    const twin = await ok('POST /api/people', 'POST', '/api/people', { firstName: 'Hélène', lastName: person.lastName, phones: [{ number }] });
    expect(twin.possibleDuplicates.length).toBeGreaterThan(0);
    await ok('GET /api/people/:id', 'GET', `/api/people/${person.id}`);
    await ok('PATCH /api/people/:id', 'PATCH', `/api/people/${person.id}`, { tags: ['vip'], customFields: { [field]: null } });
    await ok('GET /api/organisations/:id', 'GET', `/api/organisations/${organisation.id}`);
    await ok('GET /api/people', 'GET', `/api/people?limit=1&total=true&organisationId=${organisation.id}`);
    await ok('GET /api/organisations', 'GET', '/api/organisations?tag=carrier&total=true');
    await ok('POST /api/people/duplicates', 'POST', '/api/people/duplicates', { lastName: person.lastName, phones: [{ number }] });

    const interaction = await ok('POST /api/interactions', 'POST', '/api/interactions', {
      channel: 'call',
      direction: 'in',
      personId: person.id,
      durationSeconds: 95,
      summary: 'asked for a quote',
      body: 'Two trailers, Lyon to Le Havre',
      outcome: 'reached',
      participants: [{ type: 'organisation', id: organisation.id }],
      links: [{ type: 'person', id: twin.id }],
    });
    const file = multipart('devis.png', PNG);
    const upload = await h.app.inject({ method: 'POST', url: `/api/interactions/${interaction.id}/attachments`, payload: file.body, headers: { ...file.headers, authorization: `Bearer ${admin.token}` } });
    expect(departures('POST /api/interactions/:id/attachments', upload.json())).toEqual([]);
    await ok('GET /api/interactions/:id', 'GET', `/api/interactions/${interaction.id}`);
    await ok('GET /api/interactions', 'GET', `/api/interactions?personId=${person.id}`);
    const task = await ok('POST /api/tasks', 'POST', '/api/tasks', { title: 'Send the quote', personId: person.id, interactionId: interaction.id, dueAt: '2026-03-05T09:00:00.000Z' });
    await ok('GET /api/tasks', 'GET', `/api/tasks?personId=${person.id}`);
    await ok('PATCH /api/tasks/:id', 'PATCH', `/api/tasks/${task.id}`, { reminderAt: '2026-03-04T09:00:00.000Z' });

    // The screen pop with every section: latest interactions, open tasks, open requests and leads.
    await ok('POST /api/requests', 'POST', '/api/requests', { typeId: (await fixtures.requestType()).id, subject: 'Attestation', personId: person.id });
    await ok('POST /api/leads', 'POST', '/api/leads', { source: 'front_desk', personId: person.id, interest: 'Semi-remorques' });
    const pop = await ok('GET /api/lookup/phone/:number', 'GET', `/api/lookup/phone/${encodeURIComponent(number)}`);
    const match = pop.matches.find((m: { id: string }) => m.id === person.id);
    expect(Object.keys(match.sections).sort()).toEqual(['openLeads', 'openRequests']);
    expect(match.lastInteractions).toHaveLength(1);
    expect(match.openTasks).toHaveLength(1);
    // A switchboard number: the person and the organisation both.
    expect((await ok('GET /api/lookup/phone/:number', 'GET', '/api/lookup/phone/0478000010')).matches).toHaveLength(2);
    await ok('GET /api/search', 'GET', `/api/search?q=${encodeURIComponent(person.lastName)}`);
    await ok('GET /api/search', 'GET', '/api/search?q=0612');

    const session = await login(h.app, admin.email, TEST_PASSWORD);
    const me = await asBrowser(h.app, session, { method: 'GET', url: '/api/auth/me' });
    expect(departures('GET /api/auth/me', me.body)).toEqual([]);
    expect(me.body.csrfToken).toBe(session.csrfToken);
  });
});
