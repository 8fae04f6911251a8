import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    for (const list of ['/api/people', '/api/organisations', '/api/interactions', '/api/tasks']) {
      expect(Object.keys(responses(list, 'get')['200'].content!['application/json'].schema.properties), list).toEqual(['items', 'nextCursor']);
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

  it('serves the browsable docs', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });
});
