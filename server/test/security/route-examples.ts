/**
 * One valid example request per API route, for the generated permission matrix (QUALITY 6) and
 * the "GET changes nothing" check. A route of the app missing here fails the matrix test, so a
 * new route cannot ship without its row; an entry for a route that no longer exists fails too.
 */
import { createHmac } from 'node:crypto';
import type { Role } from '../../modules/access/permissions.js';
import { api, TEST_PASSWORD, type Harness, type TestUser } from '../harness.js';
import { callerOf, multipart, PNG, unique, type RawRequest } from './support.js';

/** What an example builds: the request, minus who sends it. */
export interface ExampleRequest extends Omit<RawRequest, 'cookies' | 'remoteAddress'> {
  /** Send with a cookie session instead of the API token (routes that refuse API tokens). */
  via?: 'session';
  /** An endless Server-Sent Events stream: read the head, then hang up. */
  stream?: true;
}

export interface RouteExample {
  /** Builds a valid request on a record belonging to `owner`: the caller, or a colleague of the same role. */
  build(f: Fixtures, owner: TestUser): Promise<ExampleRequest>;
  /** The request does not touch anyone's record (lists, creations): run once, not for own and other. */
  ownerless?: true;
  /**
   * Records only their owner can reach whatever the role's grant (notifications, saved views, API
   * tokens): someone else's answers 404, as if absent, except for the roles listed.
   */
  privateTo?: { exceptRoles: Role[] };
  /**
   * What a permitted caller gets when the request cannot fully succeed in a test (no real phone
   * system to place a call): proof the permission check let it through. 2xx when absent.
   */
  grantedStatus?: number;
  /**
   * Roles that can own such a record at all (leads go to sellers only). For the other roles every
   * record is someone else's, so even their "own" case must be refused when their grant is 'own'.
   */
  ownableBy?: Role[];
}

/** Records made on demand through the API, as the admin unless the record's author matters. */
export class Fixtures {
  /** Numbers the fixture calls come from, each its own. */
  private callNumbers = 0;

  constructor(readonly h: Harness) {}

  private async created(user: TestUser, url: string, body: unknown): Promise<{ id: string }> {
    const res = await api(this.h, user, 'POST', url, body);
    if (res.status !== 201) throw new Error(`fixture POST ${url} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** A person owned by `owner`, with a phone number for caller identification. */
  person(owner: TestUser) {
    return this.created(this.h.users.admin, '/api/people', { firstName: 'Matrice', lastName: unique('Dupont'), ownerId: owner.id, phones: [{ number: '04 72 00 00 01' }] });
  }

  organisation(owner: TestUser) {
    return this.created(this.h.users.admin, '/api/organisations', { name: unique('Transports '), ownerId: owner.id });
  }

  /** An interaction logged by `author`. */
  async interaction(author: TestUser) {
    const person = await this.person(author);
    return this.created(author, '/api/interactions', { channel: 'call', direction: 'in', personId: person.id, summary: 'asked for a quote' });
  }

  /** A task `owner` created and is assigned to. */
  task(owner: TestUser) {
    return this.created(owner, '/api/tasks', { title: unique('Call back ') });
  }

  view(owner: TestUser) {
    return this.created(owner, '/api/views', { entityType: 'person', name: unique('Mine '), definition: {} });
  }

  async attachment(author: TestUser) {
    const interaction = await this.interaction(author);
    const file = multipart('bon.png', PNG);
    const res = await this.h.app.inject({
      method: 'POST',
      url: `/api/interactions/${interaction.id}/attachments`,
      payload: file.body,
      headers: { ...file.headers, authorization: `Bearer ${author.token}` },
    });
    if (res.statusCode !== 201) throw new Error(`fixture attachment failed: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string };
  }

  notification(owner: TestUser) {
    return this.h.app.relais.services.notifications.notify(owner.id, 'matrix.test', { note: 'for the permission matrix' });
  }

  async apiToken(owner: TestUser) {
    return this.h.app.relais.services.auth.createApiToken(await callerOf(this.h, owner), { name: 'matrix', scopes: ['read'] });
  }

  /** One phone-system integration of each kind, made once. */
  private integrationsMade: Partial<Record<'generic' | 'twilio', { id: string; secret: string }>> = {};
  async integration(kind: 'generic' | 'twilio' = 'generic') {
    this.integrationsMade[kind] ??= await this.h.app.relais.services.integrations.create(null, {
      name: `Matrix ${kind}`,
      kind,
      config: kind === 'twilio' ? { twilioAuthToken: TWILIO_TOKEN, forwardTo: '+33140000009' } : {},
    });
    return this.integrationsMade[kind];
  }

  /** A throw-away integration, for changes the shared ones must not see (new secret, disabling). */
  spareIntegration() {
    return this.h.app.relais.services.integrations.create(null, { name: unique('Spare '), kind: 'generic' });
  }

  /**
   * A call as the phone system reports it (generic webhook): these events in turn, from a number of
   * its own (a missed call from a number with an open call-back joins it).
   */
  private async reportCall(events: string[], extra: Record<string, string> = {}): Promise<{ id: string }> {
    const { secret } = await this.integration();
    const callId = unique('matrix-call-');
    const from = `+33655${String(++this.callNumbers).padStart(6, '0')}`;
    let id = '';
    for (const event of events) {
      const res = await this.h.app.inject({
        method: 'POST',
        url: '/api/telephony/events',
        headers: { authorization: `Bearer ${secret}` },
        payload: { callId, event, from, to: '01 40 00 00 00', ...extra },
      });
      if (res.statusCode >= 300) throw new Error(`fixture call event failed: ${res.statusCode} ${res.body}`);
      id = res.json().callId;
    }
    return { id };
  }

  /** A call ringing, or missed (a call-back is queued). */
  call(state: 'ringing' | 'missed' = 'ringing'): Promise<{ id: string }> {
    return this.reportCall(state === 'missed' ? ['ringing', 'missed'] : ['ringing']);
  }

  /** A call answered by `owner`: its interaction on the timeline is theirs, with the version a wrap-up sends. */
  async answeredCall(owner: TestUser): Promise<{ id: string; version: number }> {
    const { id } = await this.reportCall(['ringing', 'answered'], { agentEmail: owner.email });
    const row = await this.h.app.relais.context.db
      .selectFrom('calls')
      .innerJoin('interactions', 'interactions.id', 'calls.interaction_id')
      .select('interactions.version')
      .where('calls.id', '=', id)
      .executeTakeFirstOrThrow();
    return { id, version: row.version };
  }

  /** A call-back (from a missed call) assigned to `owner`. */
  async callback(owner: TestUser) {
    const call = await this.call('missed');
    const row = await this.h.app.relais.context.db.selectFrom('callbacks').select('id').where('call_id', '=', call.id).executeTakeFirstOrThrow();
    await this.h.app.relais.services.callbacks.update(await callerOf(this.h, this.h.users.admin), 'any', row.id, { assigneeId: owner.id });
    return row;
  }

  pressureRule() {
    return this.h.app.relais.services.pressure.addRule(this.h.users.admin.id, { scopeType: 'tag', scopeValue: unique('cap-'), maxContacts: 50, periodDays: 30 });
  }

  /** A team, and a two-status request type that sends requests to it, made once. */
  private requestTypeMade?: { id: string; teamId: string };
  async requestType() {
    if (!this.requestTypeMade) {
      const team = await this.created(this.h.users.admin, '/api/teams', { name: unique('Back office ') });
      const type = await this.created(this.h.users.admin, '/api/request-types', requestTypeBody(team.id));
      this.requestTypeMade = { id: type.id, teamId: team.id };
    }
    return this.requestTypeMade;
  }

  /** A request `owner` opened (nobody assigned, a team they are not in). */
  async request(owner: TestUser) {
    return this.created(owner, '/api/requests', { typeId: (await this.requestType()).id, subject: unique('Attestation ') });
  }

  /** A lead routed to `owner` when they may own one (a seller), else to whoever the routing picks. */
  async lead(owner: TestUser) {
    const customer = await this.organisation(this.h.users.admin);
    return this.created(this.h.users.admin, '/api/leads', { source: 'colleague', organisationId: customer.id, interest: unique('Transport frigorifique '), suggestedOwnerId: owner.id });
  }

  /** A fresh, unused relationship type (each delete needs its own). */
  async relationshipType() {
    const res = await api(this.h, this.h.users.admin, 'POST', '/api/relationship-types', { key: unique('rt-'), labelEn: 'Broker', labelFr: 'Courtier' });
    if (res.status !== 201) throw new Error(`fixture relationship type failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { key: string };
  }

  /** A fresh custom field no record holds a value for (each delete needs its own). */
  async customField() {
    return this.created(this.h.users.admin, '/api/custom-fields', { entityType: 'organisation', key: unique('f_'), labelEn: 'Depot', labelFr: 'Dépôt', type: 'text' });
  }

  /** A user nobody logs in as, for the admin's user edits. */
  private spare?: { id: string };
  async spareUser() {
    this.spare ??= await this.created(this.h.users.admin, '/api/users', { email: `${unique('spare')}@test.local`, password: TEST_PASSWORD, name: 'Spare', role: 'sales' });
    return this.spare;
  }
}

export const TWILIO_TOKEN = 'matrix-twilio-auth-token';

/** A form-encoded Twilio webhook, signed as Twilio signs (HMAC-SHA1 over URL and sorted parameters). */
function twilioWebhook(url: string, params: Record<string, string>): ExampleRequest {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, k) => acc + k + params[k], `http://localhost:80${url}`);
  const signature = createHmac('sha1', TWILIO_TOKEN).update(data).digest('base64');
  return {
    method: 'POST',
    url,
    body: new URLSearchParams(params).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature, host: 'localhost:80' },
  };
}

/** A request type: opened, then done. */
function requestTypeBody(teamId: string) {
  const status = (key: string, terminal: boolean) => ({ key, labelEn: key, labelFr: key, terminal });
  return { key: unique('type_'), labelEn: 'Certificate', labelFr: 'Attestation', teamId, definition: { statuses: [status('open', false), status('done', true)] } };
}

const SELLERS: Role[] = ['admin', 'manager', 'sales'];

const ownerless = (build: (f: Fixtures) => Promise<ExampleRequest>): RouteExample => ({ build: (f) => build(f), ownerless: true });
const get = (url: string): RouteExample => ownerless(async () => ({ method: 'GET', url }));

/** People and organisations share their routes; only the bodies differ. */
function partyExamples(prefix: '/api/people' | '/api/organisations', make: (f: Fixtures, owner: TestUser) => Promise<{ id: string }>, body: () => object) {
  return {
    [`GET ${prefix}`]: get(`${prefix}?limit=5`),
    [`POST ${prefix}`]: ownerless(async () => ({ method: 'POST', url: prefix, body: body() })),
    [`POST ${prefix}/duplicates`]: ownerless(async () => ({ method: 'POST', url: `${prefix}/duplicates`, body: { ...body(), phones: [{ number: '04 72 00 00 01' }] } })),
    [`GET ${prefix}/:id`]: { build: async (f, owner) => ({ method: 'GET', url: `${prefix}/${(await make(f, owner)).id}` }) },
    [`PATCH ${prefix}/:id`]: { build: async (f, owner) => ({ method: 'PATCH', url: `${prefix}/${(await make(f, owner)).id}`, body: body() }) },
    [`DELETE ${prefix}/:id`]: { build: async (f, owner) => ({ method: 'DELETE', url: `${prefix}/${(await make(f, owner)).id}` }) },
    [`POST ${prefix}/:id/merge`]: {
      build: async (f, owner) => {
        const [target, source] = [await make(f, owner), await make(f, owner)];
        return { method: 'POST', url: `${prefix}/${target.id}/merge`, body: { sourceId: source.id } };
      },
    },
  } satisfies Record<string, RouteExample>;
}

/** Keyed by "METHOD /url" exactly as the route is registered. */
export const ROUTE_EXAMPLES: Record<string, RouteExample> = {
  'GET /api/health': get('/api/health'),
  'GET /api/openapi.json': get('/api/openapi.json'),

  'POST /api/auth/login': { build: async (_f, owner) => ({ method: 'POST', url: '/api/auth/login', body: { email: owner.email, password: TEST_PASSWORD } }), ownerless: true },
  // A fresh session: logging out with the role's API token would revoke it for the tests after.
  'POST /api/auth/logout': ownerless(async () => ({ method: 'POST', url: '/api/auth/logout', via: 'session' })),
  'GET /api/auth/me': get('/api/auth/me'),
  'POST /api/auth/password': ownerless(async () => ({ method: 'POST', url: '/api/auth/password', body: { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD } })),

  // API tokens cannot mint API tokens: creating one takes a browser session.
  'POST /api/tokens': ownerless(async () => ({ method: 'POST', url: '/api/tokens', body: { name: 'matrix', scopes: ['read'] }, via: 'session' })),
  'GET /api/tokens': get('/api/tokens'),
  'DELETE /api/tokens/:id': {
    build: async (f, owner) => ({ method: 'DELETE', url: `/api/tokens/${(await f.apiToken(owner)).id}` }),
    privateTo: { exceptRoles: ['admin'] },
  },

  'GET /api/users': get('/api/users?limit=5'),
  'POST /api/users': ownerless(async () => ({ method: 'POST', url: '/api/users', body: { email: `${unique('new')}@test.local`, password: TEST_PASSWORD, name: 'New colleague', role: 'sales' } })),
  'GET /api/users/:id': { build: async (_f, owner) => ({ method: 'GET', url: `/api/users/${owner.id}` }) },
  'PATCH /api/users/:id': ownerless(async (f) => ({ method: 'PATCH', url: `/api/users/${(await f.spareUser()).id}`, body: { name: unique('Spare ') } })),

  ...partyExamples('/api/people', (f, owner) => f.person(owner), () => ({ lastName: unique('Martin') })),
  ...partyExamples('/api/organisations', (f, owner) => f.organisation(owner), () => ({ name: unique('Affrètement ') })),

  'POST /api/interactions': ownerless(async (f) => ({
    method: 'POST',
    url: '/api/interactions',
    body: { channel: 'note', direction: 'internal', personId: (await f.person(f.h.users.admin)).id, summary: 'matrix' },
  })),
  'GET /api/interactions': get('/api/interactions?limit=5'),
  'GET /api/interactions/:id': { build: async (f, owner) => ({ method: 'GET', url: `/api/interactions/${(await f.interaction(owner)).id}` }) },
  'PATCH /api/interactions/:id': { build: async (f, owner) => ({ method: 'PATCH', url: `/api/interactions/${(await f.interaction(owner)).id}`, body: { outcome: 'reached' } }) },
  'DELETE /api/interactions/:id': { build: async (f, owner) => ({ method: 'DELETE', url: `/api/interactions/${(await f.interaction(owner)).id}` }) },
  'POST /api/interactions/:id/attachments': {
    build: async (f, owner) => {
      const file = multipart('lettre.png', PNG);
      return { method: 'POST', url: `/api/interactions/${(await f.interaction(owner)).id}/attachments`, body: file.body, headers: file.headers };
    },
  },
  'GET /api/attachments/:id': { build: async (f, owner) => ({ method: 'GET', url: `/api/attachments/${(await f.attachment(owner)).id}` }) },

  'POST /api/tasks': ownerless(async () => ({ method: 'POST', url: '/api/tasks', body: { title: 'Send the quote' } })),
  'GET /api/tasks': get('/api/tasks?limit=5'),
  'GET /api/tasks/:id': { build: async (f, owner) => ({ method: 'GET', url: `/api/tasks/${(await f.task(owner)).id}` }) },
  'PATCH /api/tasks/:id': { build: async (f, owner) => ({ method: 'PATCH', url: `/api/tasks/${(await f.task(owner)).id}`, body: { status: 'done', completionNote: 'sent' } }) },

  'GET /api/search': get('/api/search?q=dupont'),
  'GET /api/lookup/phone/:number': {
    build: async (f, owner) => {
      await f.person(owner); // written 04 72 00 00 01
      return { method: 'GET', url: '/api/lookup/phone/%2B33472000001' };
    },
  },
  'GET /api/events': ownerless(async () => ({ method: 'GET', url: '/api/events', stream: true })),

  'GET /api/notifications': get('/api/notifications'),
  'POST /api/notifications/:id/read': {
    build: async (f, owner) => ({ method: 'POST', url: `/api/notifications/${(await f.notification(owner)).id}/read` }),
    privateTo: { exceptRoles: [] },
  },

  'GET /api/views': get('/api/views'),
  'POST /api/views': ownerless(async () => ({ method: 'POST', url: '/api/views', body: { entityType: 'organisation', name: unique('Carriers '), definition: { filters: { tag: 'carrier' } } } })),
  'PATCH /api/views/:id': {
    build: async (f, owner) => ({ method: 'PATCH', url: `/api/views/${(await f.view(owner)).id}`, body: { name: unique('Renamed '), definition: { filters: { city: 'Lyon' }, sort: '-createdAt' } } }),
    privateTo: { exceptRoles: [] },
  },
  'DELETE /api/views/:id': {
    build: async (f, owner) => ({ method: 'DELETE', url: `/api/views/${(await f.view(owner)).id}` }),
    privateTo: { exceptRoles: [] },
  },

  'GET /api/custom-fields': get('/api/custom-fields'),
  'POST /api/custom-fields': ownerless(async () => ({
    method: 'POST',
    url: '/api/custom-fields',
    body: { entityType: 'organisation', key: unique('f_'), labelEn: 'Fleet', labelFr: 'Flotte', type: 'text' },
  })),
  'PATCH /api/custom-fields/:id': ownerless(async (f) => ({ method: 'PATCH', url: `/api/custom-fields/${(await f.customField()).id}`, body: { labelEn: 'Main depot' } })),
  'DELETE /api/custom-fields/:id': ownerless(async (f) => ({ method: 'DELETE', url: `/api/custom-fields/${(await f.customField()).id}` })),
  'GET /api/relationship-types': get('/api/relationship-types'),
  'POST /api/relationship-types': ownerless(async () => ({ method: 'POST', url: '/api/relationship-types', body: { key: unique('rt-'), labelEn: 'Broker', labelFr: 'Courtier' } })),
  'PATCH /api/relationship-types/:key': ownerless(async (f) => ({ method: 'PATCH', url: `/api/relationship-types/${(await f.relationshipType()).key}`, body: { labelEn: 'Agent' } })),
  'DELETE /api/relationship-types/:key': ownerless(async (f) => ({ method: 'DELETE', url: `/api/relationship-types/${(await f.relationshipType()).key}` })),
  'GET /api/tags': get('/api/tags'),
  'GET /api/teams': get('/api/teams'),
  'POST /api/teams': ownerless(async () => ({ method: 'POST', url: '/api/teams', body: { name: unique('Team ') } })),
  'GET /api/audit': ownerless(async (f) => ({ method: 'GET', url: `/api/audit?entityId=${(await f.person(f.h.users.admin)).id}` })),
  // Phone systems authenticate with their integration secret or signature, not a user login.
  'POST /api/telephony/events': ownerless(async (f) => ({
    method: 'POST',
    url: '/api/telephony/events',
    body: { callId: unique('matrix-'), event: 'ringing', from: '06 55 44 33 21', to: '01 40 00 00 00' },
    headers: { authorization: `Bearer ${(await f.integration()).secret}` },
  })),
  'POST /api/telephony/twilio/:integrationId/voice': ownerless(async (f) =>
    twilioWebhook(`/api/telephony/twilio/${(await f.integration('twilio')).id}/voice`, { CallSid: unique('CA'), From: '+33655443320', To: '+33140000000', CallStatus: 'ringing' }),
  ),
  'POST /api/telephony/twilio/:integrationId/status': ownerless(async (f) =>
    twilioWebhook(`/api/telephony/twilio/${(await f.integration('twilio')).id}/status`, { CallSid: unique('CA'), From: '+33655443320', To: '+33140000000', CallStatus: 'completed' }),
  ),
  'POST /api/telephony/integrations': ownerless(async () => ({ method: 'POST', url: '/api/telephony/integrations', body: { name: unique('Standard '), kind: 'generic' } })),
  'GET /api/telephony/integrations': get('/api/telephony/integrations'),
  'PATCH /api/telephony/integrations/:id': ownerless(async (f) => ({ method: 'PATCH', url: `/api/telephony/integrations/${(await f.spareIntegration()).id}`, body: { name: unique('Renamed ') } })),
  'POST /api/telephony/integrations/:id/secret': ownerless(async (f) => ({ method: 'POST', url: `/api/telephony/integrations/${(await f.spareIntegration()).id}/secret` })),
  // A generic integration cannot place calls (409): enough to show the permission let the caller through.
  'POST /api/telephony/originate': {
    ...ownerless(async (f) => ({ method: 'POST', url: '/api/telephony/originate', body: { number: '06 55 44 33 22', integrationId: (await f.integration()).id } })),
    grantedStatus: 409,
  },
  'GET /api/telephony/capabilities': get('/api/telephony/capabilities'),
  'GET /api/telephony/overload': get('/api/telephony/overload'),
  'PUT /api/telephony/overload': ownerless(async () => ({ method: 'PUT', url: '/api/telephony/overload', body: { enabled: false } })),
  'GET /api/telephony/priority-rule': get('/api/telephony/priority-rule'),
  'PUT /api/telephony/priority-rule': ownerless(async () => ({ method: 'PUT', url: '/api/telephony/priority-rule', body: { tags: ['contract'], relationshipTypes: [] } })),
  'GET /api/telephony/extensions': get('/api/telephony/extensions'),
  'PUT /api/telephony/extensions': ownerless(async (f) => ({ method: 'PUT', url: '/api/telephony/extensions', body: { extension: unique('2'), userId: f.h.users.admin.id } })),
  'PUT /api/telephony/duty': ownerless(async () => ({ method: 'PUT', url: '/api/telephony/duty', body: { onDuty: true } })),
  'GET /api/calls': get('/api/calls?limit=5'),
  'GET /api/calls/per-contact': get('/api/calls/per-contact'),
  'GET /api/calls/:id': ownerless(async (f) => ({ method: 'GET', url: `/api/calls/${(await f.call()).id}` })),
  'POST /api/calls/:id/wrap-up': {
    build: async (f, owner) => {
      const call = await f.answeredCall(owner);
      return { method: 'POST', url: `/api/calls/${call.id}/wrap-up`, body: { version: call.version, summary: unique('Wrap-up ') } };
    },
  },
  'GET /api/calls/:id/card': ownerless(async (f) => ({ method: 'GET', url: `/api/calls/${(await f.call()).id}/card` })),
  'GET /api/callbacks': get('/api/callbacks'),
  'GET /api/callbacks/:id': { build: async (f, owner) => ({ method: 'GET', url: `/api/callbacks/${(await f.callback(owner)).id}` }) },
  'POST /api/callbacks/:id/lead': {
    build: async (f, owner) => ({ method: 'POST', url: `/api/callbacks/${(await f.callback(owner)).id}/lead`, body: { personId: (await f.person(owner)).id, interest: unique('Transport ') } }),
  },
  'PATCH /api/callbacks/:id': { build: async (f, owner) => ({ method: 'PATCH', url: `/api/callbacks/${(await f.callback(owner)).id}`, body: { attempt: true, outcome: 'no_answer' } }) },
  'GET /api/reports/calls': get('/api/reports/calls?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z'),
  'GET /api/pressure': ownerless(async (f) => ({ method: 'GET', url: `/api/pressure?entityId=${(await f.person(f.h.users.admin)).id}` })),
  'GET /api/pressure/rules': get('/api/pressure/rules'),
  'POST /api/pressure/rules': ownerless(async () => ({ method: 'POST', url: '/api/pressure/rules', body: { scopeType: 'tag', scopeValue: unique('cap-'), maxContacts: 3, periodDays: 7 } })),
  'DELETE /api/pressure/rules/:id': ownerless(async (f) => ({ method: 'DELETE', url: `/api/pressure/rules/${(await f.pressureRule()).id}` })),
  'GET /api/people/:id/consents': { build: async (f, owner) => ({ method: 'GET', url: `/api/people/${(await f.person(owner)).id}/consents` }) },
  'PUT /api/people/:id/consents': {
    build: async (f, owner) => ({ method: 'PUT', url: `/api/people/${(await f.person(owner)).id}/consents`, body: [{ channel: 'phone', purpose: 'marketing', status: 'refused', source: 'call of 12/11' }] }),
  },
  'GET /api/organisations/:id/consents': { build: async (f, owner) => ({ method: 'GET', url: `/api/organisations/${(await f.organisation(owner)).id}/consents` }) },
  'PUT /api/organisations/:id/consents': {
    build: async (f, owner) => ({ method: 'PUT', url: `/api/organisations/${(await f.organisation(owner)).id}/consents`, body: [{ channel: 'email', purpose: 'marketing', status: 'granted', source: 'web form' }] }),
  },
  'GET /api/request-types': get('/api/request-types'),
  'POST /api/request-types': ownerless(async (f) => ({ method: 'POST', url: '/api/request-types', body: requestTypeBody((await f.requestType()).teamId) })),
  'PATCH /api/request-types/:id': ownerless(async (f) => ({ method: 'PATCH', url: `/api/request-types/${(await f.requestType()).id}`, body: { labelEn: 'Support (edited)' } })),
  'PATCH /api/teams/:id': ownerless(async (f) => ({ method: 'PATCH', url: `/api/teams/${(await f.requestType()).teamId}`, body: { managerId: f.h.users.manager.id } })),
  'GET /api/requests': get('/api/requests?limit=5'),
  'POST /api/requests': ownerless(async (f) => ({ method: 'POST', url: '/api/requests', body: { typeId: (await f.requestType()).id, subject: 'Attestation de vigilance' } })),
  'GET /api/requests/:id': { build: async (f, owner) => ({ method: 'GET', url: `/api/requests/${(await f.request(owner)).id}` }) },
  'PATCH /api/requests/:id': { build: async (f, owner) => ({ method: 'PATCH', url: `/api/requests/${(await f.request(owner)).id}`, body: { priority: 'high' } }) },
  'POST /api/requests/:id/take': { build: async (f, owner) => ({ method: 'POST', url: `/api/requests/${(await f.request(owner)).id}/take` }) },
  'POST /api/requests/:id/transition': { build: async (f, owner) => ({ method: 'POST', url: `/api/requests/${(await f.request(owner)).id}/transition`, body: { status: 'done' } }) },
  'POST /api/requests/:id/comments': { build: async (f, owner) => ({ method: 'POST', url: `/api/requests/${(await f.request(owner)).id}/comments`, body: { body: 'Document envoyé' } }) },

  'GET /api/leads': get('/api/leads?limit=5'),
  'POST /api/leads': ownerless(async (f) => ({
    method: 'POST',
    url: '/api/leads',
    body: { source: 'front_desk', personId: (await f.person(f.h.users.admin)).id, interest: 'Location de semi-remorques' },
  })),
  'GET /api/leads/:id': { build: async (f, owner) => ({ method: 'GET', url: `/api/leads/${(await f.lead(owner)).id}` }) },
  'POST /api/leads/:id/transition': {
    build: async (f, owner) => ({ method: 'POST', url: `/api/leads/${(await f.lead(owner)).id}/transition`, body: { status: 'accepted' } }),
    ownableBy: SELLERS,
  },
  'PATCH /api/leads/:id': ownerless(async (f) => ({ method: 'PATCH', url: `/api/leads/${(await f.lead(f.h.users.sales)).id}`, body: { ownerId: f.h.others.sales.id } })),
  'GET /api/leads/settings': get('/api/leads/settings'),
  'PUT /api/leads/settings': ownerless(async (f) => ({ method: 'PUT', url: '/api/leads/settings', body: (await api(f.h, f.h.users.admin, 'GET', '/api/leads/settings')).body })),
  'GET /api/reports/leads': get('/api/reports/leads?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z'),
};
