/**
 * The OpenAPI document's success answers against the real ones: every operation whose answer the
 * document describes field by field (`config.documentedResponse`) is called through the real server,
 * as the admin, with its example request (security/route-examples.ts), and the body it answers is
 * validated against the schema the document publishes, strictly: a field the server sends that the
 * document omits fails, as does a documented required field missing or of another type. Then the
 * same on records filled in every field (contact points, custom fields, relationships, a screen pop
 * with its sections), where the optional and nullable branches show. Answers that are not JSON (a
 * file, an event stream, TwiML) are checked for their documented media type.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv, type ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNDESCRIBED_ANSWER } from '../http/openapi.js';
import { api, createHarness, DIALECTS, TEST_PASSWORD, type Harness } from './harness.js';
import { Fixtures, ROUTE_EXAMPLES, type RouteExample } from './security/route-examples.js';
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

/** Every operation whose success answer is not JSON, with the media types the document gives it. */
const NOT_JSON = Object.entries(DOC.paths as Record<string, Record<string, { responses: Record<string, Schema> }>>).flatMap(([path, operations]) =>
  Object.entries(operations).flatMap(([method, operation]) => {
    const [status, response] = Object.entries(operation.responses).find(([s]) => s.startsWith('2'))!;
    const types = Object.keys(response.content ?? {});
    if (types.length === 0 || types.includes('application/json')) return [];
    return [{ key: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, status: Number(status), types }];
  }),
);

/**
 * Stands in for Twilio's REST API (POST /2010-04-01/Accounts/{AccountSid}/Calls.json): answers 201
 * with a Call resource as Twilio writes it, a new CallSid, queued, built from what Relais asked.
 */
const twilioCalls: URLSearchParams[] = [];
const twilioApi = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const form = new URLSearchParams(body);
    twilioCalls.push(form);
    const account = decodeURIComponent(/\/Accounts\/([^/]+)\//.exec(req.url ?? '')?.[1] ?? '');
    const sid = `CA${String(twilioCalls.length).padStart(32, '0')}`;
    const date = new Date().toUTCString().replace('GMT', '+0000');
    const uri = `/2010-04-01/Accounts/${account}/Calls/${sid}`;
    res.writeHead(201, { 'content-type': 'application/json; charset=utf-8' }).end(
      JSON.stringify({
        account_sid: account, annotation: null, answered_by: null, api_version: '2010-04-01', caller_name: null,
        date_created: date, date_updated: date, direction: 'outbound-api', duration: null, end_time: null, forwarded_from: null,
        from: form.get('From'), from_formatted: form.get('From'), group_sid: null, parent_call_sid: null, phone_number_sid: null,
        price: null, price_unit: 'USD', queue_time: '0', sid, start_time: null, status: 'queued', to: form.get('To'), to_formatted: form.get('To'),
        trunk_sid: null, uri: `${uri}.json`,
        subresource_uris: {
          notifications: `${uri}/Notifications.json`, recordings: `${uri}/Recordings.json`, payments: `${uri}/Payments.json`,
          events: `${uri}/Events.json`, siprec: `${uri}/Siprec.json`, streams: `${uri}/Streams.json`, transcriptions: `${uri}/Transcriptions.json`,
          user_defined_message_subscriptions: `${uri}/UserDefinedMessageSubscriptions.json`, user_defined_messages: `${uri}/UserDefinedMessages.json`,
        },
      }),
    );
  });
});
await new Promise<void>((resolve) => twilioApi.listen(0, '127.0.0.1', resolve));
afterAll(() => new Promise<void>((resolve) => twilioApi.close(() => resolve())));

/**
 * Examples of this file for the operations whose shared example cannot succeed (the permission
 * matrix only needs to see it let the caller through): click-to-call through a Twilio integration
 * with every setting, whose REST API is the stand-in above.
 */
const SUCCESS_EXAMPLES: Record<string, RouteExample> = {
  'POST /api/telephony/originate': {
    ownerless: true,
    build: async (f) => {
      const integration = await f.h.app.relais.services.integrations.create(null, {
        name: unique('Twilio '),
        kind: 'twilio',
        config: { twilioAccountSid: 'AC0123456789abcdef0123456789abcdef', twilioAuthToken: '12345678901234567890123456789012', twilioCallerId: '+33140000000', forwardTo: '+33612345678' },
      });
      return { method: 'POST', url: '/api/telephony/originate', body: { number: '06 77 88 99 01', integrationId: integration.id } };
    },
  },
};
const exampleOf = (key: string) => SUCCESS_EXAMPLES[key] ?? ROUTE_EXAMPLES[key];

/** The example's request sent as the admin: a stream's head, a browser session or the API token. */
async function call(h: Harness, fixtures: Fixtures, key: string): Promise<Answer> {
  const admin = h.users.admin;
  const { via, stream, ...req } = await exampleOf(key).build(fixtures, admin);
  if (stream) return openStream(h.app, { ...req, headers: { ...req.headers, authorization: `Bearer ${admin.token}` } });
  if (via === 'session') return asBrowser(h.app, await login(h.app, admin.email), req);
  return asToken(h.app, admin.token, req);
}

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
    const unchecked = [...DESCRIBED, ...NOT_JSON].filter((o) => !exampleOf(o.key)).map((o) => o.key);
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
    h = await createHarness(dialect, {}, { twilioApiBase: `http://127.0.0.1:${(twilioApi.address() as AddressInfo).port}` });
    fixtures = new Fixtures(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it.each(DESCRIBED.map((o) => [o.key, o] as const))('%s', async (key, operation) => {
    const res = await call(h, fixtures, key);
    expect(res.status, res.text.slice(0, 300)).toBe(operation.status);
    expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
    expect(departures(key, res.body), JSON.stringify(res.body).slice(0, 600)).toEqual([]);
  });

  it.each(NOT_JSON.map((o) => [o.key, o] as const))('%s answers one of its documented media types', async (key, operation) => {
    const res = await call(h, fixtures, key);
    expect(res.status, res.text.slice(0, 300)).toBe(operation.status);
    const type = String(res.headers['content-type']).split(';')[0].trim();
    expect(operation.types, type).toContain(type);
    expect(res.text.length).toBeGreaterThan(0);
  });

  it('click-to-call succeeds through the stand-in Twilio: the agent rung first, the customer dialled', async () => {
    const before = twilioCalls.length;
    const res = await call(h, fixtures, 'POST /api/telephony/originate');
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.body).toMatchObject({ status: 'originated', via: 'twilio', number: '+33677889901', externalId: `CA${String(before + 1).padStart(32, '0')}` });
    expect(twilioCalls[before].get('To')).toBe('+33612345678');
    expect(twilioCalls[before].get('Twiml')).toContain('+33677889901');
    expect(departures('POST /api/telephony/originate', res.body)).toEqual([]);
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
    // Filtered by city, each item also names the city it matched on.
    const inVilleurbanne = await ok('GET /api/people', 'GET', '/api/people?city=villeurbanne');
    expect(inVilleurbanne.items.find((p: { id: string }) => p.id === person.id)?.matchedCity).toBe('Villeurbanne');
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

  it("settings, consents, contact pressure, notifications, views and a known caller's card filled in every field match the document too", async () => {
    const admin = h.users.admin;
    const ok = async (key: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, body?: unknown) => {
      const res = await api(h, admin, method, url, body);
      expect(res.status, `${method} ${url}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(byKey.get(key)?.status);
      expect(departures(key, res.body), `${method} ${url}: ${JSON.stringify(res.body).slice(0, 600)}`).toEqual([]);
      return res.body;
    };
    // A choice field, a team with its calendar, a saved view with a sort and columns.
    const field = unique('goods_');
    await ok('POST /api/custom-fields', 'POST', '/api/custom-fields', { entityType: 'person', key: field, labelEn: 'Goods', labelFr: 'Marchandises', type: 'choice', choices: ['bulk', 'chilled'] });
    expect((await ok('GET /api/custom-fields', 'GET', '/api/custom-fields?entityType=person')).items.some((f: { key: string; choices: string[] }) => f.key === field && f.choices.length === 2)).toBe(true);
    const team = await ok('POST /api/teams', 'POST', '/api/teams', { name: unique('Dispatch '), managerId: admin.id });
    expect((await api(h, admin, 'PATCH', `/api/teams/${team.id}`, { calendar: { timeZone: 'Europe/Paris', hours: { 1: [['08:00', '12:00']] }, holidays: ['2026-05-01'] } })).status).toBe(200);
    expect((await ok('GET /api/teams', 'GET', '/api/teams')).items.find((t: { id: string }) => t.id === team.id).calendar.timeZone).toBe('Europe/Paris');
    const view = await ok('POST /api/views', 'POST', '/api/views', { entityType: 'person', name: unique('Chilled '), definition: { filters: { tag: ['vip', 'export'], q: 'Lyon' }, sort: '-createdAt', columns: ['name', 'city'] } });
    await ok('PATCH /api/views/:id', 'PATCH', `/api/views/${view.id}`, { name: unique('Chilled goods ') });
    expect((await ok('GET /api/views', 'GET', '/api/views?entityType=person')).items.length).toBeGreaterThan(0);

    // A customer with a tag under a cap, consent recorded, a task, and a call over the cap with its reason.
    const tag = unique('cap-');
    const rule = await ok('POST /api/pressure/rules', 'POST', '/api/pressure/rules', { scopeType: 'tag', scopeValue: tag, maxContacts: 1, periodDays: 30 });
    expect((await ok('GET /api/pressure/rules', 'GET', '/api/pressure/rules')).items.some((r: { id: string }) => r.id === rule.id)).toBe(true);
    const number = `+3365${String(Date.now() % 10_000_000).padStart(7, '0')}`;
    const person = await ok('POST /api/people', 'POST', '/api/people', {
      firstName: 'Inès',
      lastName: unique('Card'),
      phones: [{ number }],
      addresses: [{ postalCode: '69003', city: 'Lyon' }],
      tags: [tag],
      customFields: { [field]: 'chilled' },
    });
    await ok('PUT /api/people/:id/consents', 'PUT', `/api/people/${person.id}/consents`, [
      { channel: 'phone', purpose: 'marketing', status: 'refused', source: 'call of 12/11', note: 'no offers' },
      { channel: 'email', purpose: 'service', status: 'granted' },
    ]);
    expect((await ok('GET /api/people/:id/consents', 'GET', `/api/people/${person.id}/consents`)).items).toHaveLength(2);
    await ok('POST /api/interactions', 'POST', '/api/interactions', { channel: 'email', direction: 'out', personId: person.id, summary: 'quote sent' });
    await ok('POST /api/interactions', 'POST', '/api/interactions', { channel: 'letter', direction: 'out', personId: person.id, summary: 'contract', pressureOverrideReason: 'the contract they asked for' });
    await ok('POST /api/tasks', 'POST', '/api/tasks', { title: 'Call back about the contract', personId: person.id, dueAt: '2026-03-06T09:00:00.000Z' });
    const pressure = await ok('GET /api/pressure', 'GET', `/api/pressure?entityId=${person.id}`);
    expect(pressure.caps).toHaveLength(1);
    expect(pressure.overrides).toHaveLength(1);

    const { secret } = await fixtures.integration();
    const event = await h.app.inject({ method: 'POST', url: '/api/telephony/events', headers: { authorization: `Bearer ${secret}` }, payload: { callId: unique('card-'), event: 'ringing', from: number, to: '01 40 00 00 00' } });
    const card = await ok('GET /api/calls/:id/card', 'GET', `/api/calls/${event.json().callId}/card`);
    expect(card.matches).toHaveLength(1);
    expect(card.matches[0]).toMatchObject({ place: '69003 Lyon', consent: { phone: { marketing: 'refused' }, email: { service: 'granted' } }, contacts: { last30Days: 2 } });
    expect(card.matches[0].openTasks).toHaveLength(1);
    await ok('GET /api/reports/calls', 'GET', '/api/reports/calls?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z&direction=in');

    // The tag counted, the audit trail of the person, and a notification.
    expect((await ok('GET /api/tags', 'GET', '/api/tags?entityType=person')).items.some((t: { tag: string; count: number }) => t.tag === tag && t.count === 1)).toBe(true);
    expect((await ok('GET /api/audit', 'GET', `/api/audit?entityId=${person.id}&limit=2`)).items).toHaveLength(2);
    await fixtures.notification(admin);
    const notifications = await ok('GET /api/notifications', 'GET', '/api/notifications?unread=true');
    expect(notifications.unreadCount).toBeGreaterThan(0);
    expect(notifications.items[0].payload).toEqual({ note: 'for the permission matrix' });
  });
});
