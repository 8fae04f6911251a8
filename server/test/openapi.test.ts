import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNDESCRIBED_ANSWER } from '../http/openapi.js';
import { attachmentContent } from '../modules/timeline/timeline.responses.js';
import { createHarness, type Harness } from './harness.js';

describe('OpenAPI document', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness('sqlite');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('documents the fixed API paths with their fields, publicly readable', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ['/api/health', '/api/auth/login', '/api/auth/logout', '/api/auth/me', '/api/tokens', '/api/users', '/api/people', '/api/people/{id}', '/api/organisations', '/api/organisations/{id}', '/api/interactions', '/api/tasks', '/api/search', '/api/lookup/phone/{number}', '/api/events']) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    const personBody = doc.paths['/api/people'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(personBody.properties)).toEqual(expect.arrayContaining(['firstName', 'lastName', 'phones', 'emails', 'addresses', 'organisationIds', 'tags', 'customFields', 'ownerId']));
    expect(personBody.additionalProperties).toBe(false);
  });

  it('documents what each route answers: its success status, pages for lists, its errors in the one error shape', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const responses = (path: string, method: string) => doc.paths[path][method].responses as Record<string, { content?: { 'application/json': { schema: Record<string, any> } } }>;
    expect(Object.keys(responses('/api/people', 'post'))).toEqual(expect.arrayContaining(['201', '400', '401', '403', '413', '422']));
    expect(Object.keys(responses('/api/people/{id}', 'patch'))).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '409', '413']));
    expect(Object.keys(responses('/api/people/{id}', 'delete'))).toEqual(expect.arrayContaining(['204', '404', '409']));
    expect(responses('/api/people/{id}', 'delete')['204'].content).toBeUndefined();
    expect(Object.keys(responses('/api/auth/login', 'post'))).toEqual(expect.arrayContaining(['200', '400', '401', '429']));
    // What the server really answers besides: a conflict on any write (a merge's version, a user's
    // e-mail taken), a body that is not JSON (or not multipart), the version as ETag.
    for (const [path, method] of [['/api/people/{id}/merge', 'post'], ['/api/users', 'post'], ['/api/people', 'post']]) {
      expect(Object.keys(responses(path, method)), `${method} ${path}`).toEqual(expect.arrayContaining(['409', '415']));
    }
    expect(Object.keys(responses('/api/interactions/{id}/attachments', 'post'))).toContain('415');
    expect(Object.keys(responses('/api/auth/login', 'post'))).toContain('415');
    expect(Object.keys(responses('/api/auth/login', 'post'))).not.toContain('409');
    for (const [path, method, status] of [['/api/people/{id}', 'get', '200'], ['/api/tasks/{id}', 'patch', '200'], ['/api/interactions', 'post', '201']]) {
      expect((responses(path, method)[status] as { headers?: Record<string, unknown> }).headers, `${method} ${path}`).toHaveProperty('ETag');
    }
    for (const list of ['/api/people', '/api/organisations', '/api/interactions', '/api/tasks']) {
      // People and organisations add their count (total=true) after these two.
      expect(Object.keys(responses(list, 'get')['200'].content!['application/json'].schema.properties).slice(0, 2), list).toEqual(['items', 'nextCursor']);
    }
    const error = responses('/api/people', 'post')['400'].content!['application/json'].schema;
    expect(error.properties.error.required).toEqual(['code', 'message']);
    // Every operation says how it succeeds and, unless it is the health check, how it can fail.
    for (const [path, operations] of Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)) {
      for (const [method, operation] of Object.entries(operations)) {
        const statuses = Object.keys(operation.responses);
        expect(statuses.filter((s) => s.startsWith('2')), `${method} ${path}`).toHaveLength(1);
        if (path !== '/api/health') expect(statuses.some((s) => s.startsWith('4')), `${method} ${path}`).toBe(true);
      }
    }
  });

  it('documents every API route, and describes the success answers field by field (a count that must not drop)', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const operations = Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, { description: string; content?: unknown }> }>>).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, op })),
    );
    // Every API route of the app, but the documentation's own and the hidden document itself.
    const routes = h.app.relais.routes
      .filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.url !== '/api/openapi.json' && r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url}`);
    expect(routes.length).toBeGreaterThan(100);
    expect(operations.map((o) => o.key).sort()).toEqual([...new Set(routes)].sort());
    const success = (op: (typeof operations)[number]['op']) => Object.entries(op.responses).find(([s]) => s.startsWith('2'))!;
    const described = operations.filter(({ op }) => {
      const [status, response] = success(op);
      return status !== '204' && !response.description.includes(UNDESCRIBED_ANSWER);
    });
    const noContent = operations.filter(({ op }) => success(op)[0] === '204');
    // Every answer with a body is described (11 more answer 204).
    expect(described.length).toBe(operations.length - noContent.length);
    expect(noContent.length).toBe(11);
    // The answers integrators read most among them.
    expect(described.map((o) => o.key)).toEqual(expect.arrayContaining(['GET /api/people', 'GET /api/people/:id', 'GET /api/lookup/phone/:number', 'GET /api/search', 'GET /api/health']));
    const person = doc.paths['/api/people/{id}'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(person.properties)).toEqual(expect.arrayContaining(['id', 'firstName', 'lastName', 'phones', 'emails', 'addresses', 'organisationIds', 'tags', 'customFields', 'ownerId', 'version']));
    expect(Object.keys(person.properties.phones.items.properties)).toEqual(['number', 'e164', 'label']);
    expect(person.additionalProperties).toBe(false);
    const interaction = doc.paths['/api/interactions/{id}'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(interaction.properties)).toEqual(expect.arrayContaining(['channel', 'direction', 'occurredAt', 'personId', 'organisationId', 'summary', 'body', 'outcome', 'durationSeconds']));
    const task = doc.paths['/api/tasks/{id}'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(task.properties)).toEqual(expect.arrayContaining(['title', 'dueAt', 'assigneeId', 'personId', 'organisationId', 'status']));
  });

  it('documents the answers that are not JSON with their media type: the event stream, TwiML', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const success = (path: string, method: string) => doc.paths[path][method].responses['200'] as { description: string; content: Record<string, { schema: Record<string, unknown> }> };
    const events = success('/api/events', 'get');
    expect(Object.keys(events.content)).toEqual(['text/event-stream']);
    expect(events.content['text/event-stream'].schema).toEqual({ type: 'string' });
    expect(events.description).not.toContain(UNDESCRIBED_ANSWER);
    for (const hook of ['voice', 'status']) {
      const twiml = success(`/api/telephony/twilio/{integrationId}/${hook}`, 'post');
      expect(Object.keys(twiml.content), hook).toEqual(['text/xml']);
      expect(twiml.description, hook).toContain('TwiML');
    }
    // Errors stay JSON, in the one error shape.
    expect(Object.keys(doc.paths['/api/events'].get.responses['401'].content)).toEqual(['application/json']);
  });

  it('documents a file download as binary, in each media type it comes as, with its headers', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const ok = doc.paths['/api/attachments/{id}'].get.responses['200'];
    expect(ok.description).toBe(attachmentContent.description);
    expect(Object.keys(ok.content)).toEqual(expect.arrayContaining(['application/pdf', 'image/png', 'text/plain']));
    expect(Object.keys(ok.content)).not.toContain('application/json');
    for (const media of Object.values(ok.content)) expect(media).toEqual({ schema: { type: 'string', format: 'binary' } });
    expect(ok.headers['Content-Disposition']).toEqual({ description: attachmentContent.headers!['Content-Disposition'], schema: { type: 'string' } });
  });

  it('marks null as OpenAPI 3.0 reads it, in requests as in answers: never `nullable` without a `type` beside it', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const untyped: string[] = [];
    const walk = (node: unknown, where: string) => {
      if (node === null || typeof node !== 'object') return;
      if ((node as Record<string, unknown>).nullable === true && (node as Record<string, unknown>).type === undefined) untyped.push(where);
      for (const [key, value] of Object.entries(node)) walk(value, `${where}/${key}`);
    };
    walk(doc.paths, '');
    expect(untyped).toEqual([]);
    // A nullable custom field value in a person's body (the case that had it).
    const values = doc.paths['/api/people'].post.requestBody.content['application/json'].schema.properties.customFields.additionalProperties;
    expect(values.anyOf.every((branch: { nullable?: boolean }) => branch.nullable === true)).toBe(true);
  });

  it('serves the browsable docs', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });
});
