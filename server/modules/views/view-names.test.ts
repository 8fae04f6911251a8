import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../db/connect.js';
import { migrateTo } from '../../db/migrations/migrate-to.js';
import { api, createHarness, DIALECTS, useEmptyDatabase, type Harness } from '../../test/harness.js';

/** One saved view name per user and list, held by the database (migration 20261206-0120). */
describe.each(DIALECTS)('saved view names on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  const save = (name: string, user = h.users.sales) => api(h, user, 'POST', '/api/views', { entityType: 'person', name, definition: {} });

  it('makes one view of two saved at once under the same name, whatever the case and accents: the other is a 409 naming name', async () => {
    const answers = await Promise.all([save('Équipe Nord'), save('equipe nord'), save('ÉQUIPE NORD')]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    for (const refused of answers.filter((a) => a.status === 409)) {
      expect(refused.body.error).toMatchObject({ code: 'ALREADY_EXISTS', details: [{ path: 'name', message: 'already used' }] });
    }
    const mine = (await api(h, h.users.sales, 'GET', '/api/views?entityType=person')).body.items.filter((v: { name: string }) => v.name.toLowerCase().includes('nord'));
    expect(mine).toHaveLength(1);
    // Another user, or another list, may use the name.
    expect((await save('Équipe Nord', h.users.frontdesk)).status).toBe(201);
    expect((await api(h, h.users.sales, 'POST', '/api/views', { entityType: 'organisation', name: 'Équipe Nord', definition: {} })).status).toBe(201);
  });

  it('renames a view to another of its spellings, but not to a name another view holds', async () => {
    const sud = (await save('Équipe Sud')).body;
    await save('Équipe Est');
    const respelled = await api(h, h.users.sales, 'PATCH', `/api/views/${sud.id}`, { name: 'EQUIPE SUD' });
    expect(respelled.status).toBe(200);
    expect(respelled.body.name).toBe('EQUIPE SUD');
    const clash = await api(h, h.users.sales, 'PATCH', `/api/views/${sud.id}`, { name: 'equipe est' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.details).toEqual([{ path: 'name', message: 'already used', messageFr: 'déjà utilisé' }]);
    const kept = await api(h, h.users.sales, 'GET', '/api/views?entityType=person');
    expect(kept.body.items.map((v: { name: string }) => v.name)).toContain('EQUIPE SUD');
  });
});

describe.each(DIALECTS)('migration 20261206-0120 (view name keys) on %s', (dialect) => {
  const db = useEmptyDatabase(dialect);

  it('numbers the names that already collide, in the order they were saved, and keeps the others', async () => {
    const { handle } = db;
    await migrateTo(handle, '20261206-0110-address-city-key');
    const now = '2026-12-01T10:00:00.000Z';
    for (const user of ['u1', 'u2']) {
      await sql`INSERT INTO users (id, email, name, role, password_hash, locale, disabled, created_at, updated_at, password_changed_at, version)
                VALUES (${user}, ${`${user}@example.fr`}, ${user}, 'sales', 'x', 'fr', 0, ${now}, ${now}, ${now}, 1)`.execute(handle.db);
    }
    const views = [
      ['v1', 'u1', 'person', 'Équipe Lyon', '2026-11-01T10:00:00.000Z'],
      ['v2', 'u1', 'person', 'equipe lyon', '2026-11-02T10:00:00.000Z'],
      ['v3', 'u1', 'person', 'EQUIPE LYON', '2026-11-03T10:00:00.000Z'],
      ['v4', 'u1', 'organisation', 'equipe lyon', '2026-11-04T10:00:00.000Z'],
      ['v5', 'u2', 'person', 'equipe lyon', '2026-11-05T10:00:00.000Z'],
      ['v6', 'u1', 'person', `${'x'.repeat(100)}`, '2026-11-06T10:00:00.000Z'],
      ['v7', 'u1', 'person', `${'X'.repeat(100)}`, '2026-11-07T10:00:00.000Z'],
    ];
    for (const [id, user, type, name, at] of views) {
      await sql`INSERT INTO saved_views (id, user_id, entity_type, name, definition, created_at) VALUES (${id}, ${user}, ${type}, ${name}, '{}', ${at})`.execute(handle.db);
    }
    await migrateToLatest(handle);
    const rows = await sql<{ id: string; name: string; name_key: string }>`SELECT id, name, name_key FROM saved_views ORDER BY id`.execute(handle.db);
    expect(rows.rows).toEqual([
      { id: 'v1', name: 'Équipe Lyon', name_key: 'equipe lyon' },
      { id: 'v2', name: 'equipe lyon (2)', name_key: 'equipe lyon (2)' },
      { id: 'v3', name: 'EQUIPE LYON (3)', name_key: 'equipe lyon (3)' },
      { id: 'v4', name: 'equipe lyon', name_key: 'equipe lyon' },
      { id: 'v5', name: 'equipe lyon', name_key: 'equipe lyon' },
      { id: 'v6', name: 'x'.repeat(100), name_key: 'x'.repeat(100) },
      { id: 'v7', name: `${'X'.repeat(96)} (2)`, name_key: `${'x'.repeat(96)} (2)` },
    ]);
    await expect(sql`INSERT INTO saved_views (id, user_id, entity_type, name, name_key, definition, created_at) VALUES ('v8', 'u1', 'person', 'Equipe Lyon', 'equipe lyon', '{}', ${now})`.execute(handle.db)).rejects.toThrow();
  });
});
