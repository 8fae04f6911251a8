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

  it('serves the browsable docs', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });
});
