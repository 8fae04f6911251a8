/**
 * QUALITY 29, disk full, on SQLite: the database cannot grow (SQLite's max_page_count, which fails
 * writes with SQLITE_FULL exactly as a full disk does). Writes answer 503 and land nothing — no
 * 2xx for unsaved data, no half-written person — reads keep working, and once there is room again
 * the same server writes without a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, type Harness } from '../harness.js';

describe.skipIf(!DIALECTS.includes('sqlite'))('SQLite with no room to grow', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness('sqlite');
  });
  afterAll(async () => {
    await h?.close();
  });

  const person = (i: number) => ({
    firstName: 'Disque',
    lastName: `Plein ${i}`,
    phones: [{ number: `06 12 ${String(i).padStart(6, '0').replace(/(\d\d)(\d\d)(\d\d)/, '$1 $2 $3')}`, label: 'mobile' }],
    emails: [{ address: `plein${i}@example.fr`, label: 'work' }],
    tags: ['disque'],
  });

  it('refuses writes with 503 and keeps nothing of them, then writes again once there is room', async () => {
    const sqlite = h.handle.sqlite!;
    const admin = h.users.admin;
    const unlimited = Number(sqlite.pragma('max_page_count', { simple: true }));
    sqlite.pragma(`max_page_count = ${Number(sqlite.pragma('page_count', { simple: true })) + 8}`);

    const created: string[] = [];
    let refused: { i: number; status: number; code?: string } | undefined;
    for (let i = 0; i < 5_000 && !refused; i++) {
      const res = await api(h, admin, 'POST', '/api/people', person(i));
      if (res.status === 201) created.push(res.body.id);
      else refused = { i, status: res.status, code: res.body?.error?.code };
    }
    expect(refused).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
    // Reads still answer, and show every acknowledged person whole.
    for (const id of created) {
      const res = await api(h, admin, 'GET', `/api/people/${id}`);
      expect(res.status).toBe(200);
      expect(res.body.phones).toHaveLength(1);
      expect(res.body.emails).toHaveLength(1);
      expect(res.body.tags).toEqual(['disque']);
    }
    // The refused write left nothing: no person, no contact point.
    const refusedName = person(refused!.i).lastName;
    expect(sqlite.prepare('SELECT count(*) FROM people WHERE last_name = ?').pluck().get(refusedName)).toBe(0);
    expect(sqlite.prepare('SELECT count(*) FROM contact_points WHERE value = ?').pluck().get(person(refused!.i).emails[0].address)).toBe(0);

    // Room again: the same server writes, the refused person included.
    sqlite.pragma(`max_page_count = ${unlimited}`);
    const retried = await api(h, admin, 'POST', '/api/people', person(refused!.i));
    expect(retried.status).toBe(201);
    expect((await api(h, admin, 'GET', `/api/people/${retried.body.id}`)).body.lastName).toBe(refusedName);
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
