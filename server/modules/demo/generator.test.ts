import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type RelaisApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from '../../db/connect.js';
import { fullTextPhoneForms, isValidPhone, normalizePhone } from '../../lib/phone.js';
import { fold, tokenText } from '../../lib/text.js';
import { createThrowawayDatabase, DIALECTS } from '../../test/harness.js';
import { generateDemoData, type DemoResult } from './generator.js';
import { WRITTEN_FORMS } from './french-phones.js';

const NOW = new Date('2026-03-02T08:00:00.000Z');
const SIZE = 300;

describe.each(DIALECTS)('demo data on %s', (dialect) => {
  let handle: DatabaseHandle;
  let app: RelaisApp;
  let result: DemoResult;
  let drop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const throwaway = dialect === 'postgres' ? await createThrowawayDatabase() : undefined;
    drop = throwaway?.drop;
    const config = loadConfig({
      RELAIS_DATA_DIR: `/tmp/relais-test-${randomBytes(4).toString('hex')}`,
      RELAIS_LOG_LEVEL: 'silent',
      RELAIS_JOB_POLL_MS: '0',
      RELAIS_ADMIN_PASSWORD: 'Correct-Horse-Battery-Staple-42',
      ...(throwaway ? { DATABASE_URL: throwaway.url } : {}),
    });
    handle = connectDatabase({ databaseUrl: config.databaseUrl, sqlitePath: ':memory:' });
    app = await buildApp(config, { handle, logger: false });
    const phases = new Set<string>();
    result = await generateDemoData(handle, { size: SIZE, seed: 7, withUsers: true, now: NOW, onProgress: (_d, _t, phase) => phases.add(phase) });
    expect([...phases]).toEqual(expect.arrayContaining(['organisations', 'people', 'done']));
  });

  afterAll(async () => {
    await app?.close();
    await handle?.close();
    await drop?.();
  });

  const count = async (table: 'people' | 'organisations' | 'interactions' | 'tasks' | 'search_documents') =>
    Number((await handle.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('writes the counts it promises', async () => {
    expect(result.people).toBe(SIZE);
    expect(result.organisations).toBe(SIZE / 5);
    expect(result.interactions).toBeGreaterThan(SIZE * 1.5);
    expect(result.interactions).toBeLessThan(SIZE * 2.5);
    expect(await count('people')).toBe(result.people);
    expect(await count('organisations')).toBe(result.organisations);
    expect(await count('interactions')).toBe(result.interactions);
    expect(await count('tasks')).toBe(result.tasks);
    expect(await count('search_documents')).toBe(result.people + result.organisations);
    expect(result.users.map((u) => u.role).sort()).toEqual(['backoffice', 'frontdesk', 'manager', 'sales']);
    // The printed password really opens the account.
    const login = await app.relais.services.auth.login(result.users[0].email, result.users[0].password, { ip: '127.0.0.1' });
    expect(login.token).toBeTruthy();
  });

  it('sets up hand-offs: a team with the back-office user in it, and request types it receives, which the front desk can pass a request to', async () => {
    const password = result.users[0].password;
    const token = async (role: string) => {
      const user = result.users.find((u) => u.role === role)!;
      const caller = (await app.relais.services.auth.fromSession((await app.relais.services.auth.login(user.email, password, { ip: '127.0.0.1' })).token))!;
      return (await app.relais.services.auth.createApiToken(caller, { name: 'test', scopes: ['read', 'write'] })).token;
    };
    const frontdesk = { authorization: `Bearer ${await token('frontdesk')}` };
    const teams = (await app.inject({ method: 'GET', url: '/api/teams', headers: frontdesk })).json().items as { id: string; name: string; managerId: string | null }[];
    expect(teams).toHaveLength(1);
    const types = (await app.inject({ method: 'GET', url: '/api/request-types', headers: frontdesk })).json().items as { id: string; key: string; teamId: string }[];
    expect(types.map((t) => t.key).sort()).toEqual(['facturation', 'litige']);
    expect(types.every((t) => t.teamId === teams[0].id)).toBe(true);
    const person = await handle.db.selectFrom('people').select('id').limit(1).executeTakeFirstOrThrow();
    const passed = await app.inject({ method: 'POST', url: '/api/requests', headers: frontdesk, payload: { typeId: types[0].id, subject: 'Palette abîmée à la livraison', personId: person.id } });
    expect(passed.statusCode).toBe(201);
    // It lands in the queue of the back-office user, a member of the team.
    const backoffice = { authorization: `Bearer ${await token('backoffice')}` };
    const queue = (await app.inject({ method: 'GET', url: `/api/requests?teamId=${teams[0].id}`, headers: backoffice })).json().items as { id: string }[];
    expect(queue.map((r) => r.id)).toContain(passed.json().id);
  });

  it('gives every interaction its person and organisation as participants, so timelines show it', async () => {
    const interactions = await handle.db.selectFrom('interactions').select(['id', 'person_id', 'organisation_id']).execute();
    const expected = interactions
      .flatMap((i) => [...(i.person_id ? [`${i.id} person ${i.person_id}`] : []), ...(i.organisation_id ? [`${i.id} organisation ${i.organisation_id}`] : [])])
      .sort();
    const written = (await handle.db.selectFrom('interaction_participants').select(['interaction_id', 'entity_type', 'entity_id']).execute())
      .map((p) => `${p.interaction_id} ${p.entity_type} ${p.entity_id}`)
      .sort();
    expect(written).toEqual(expected);
    const busiest = interactions.find((i) => i.person_id && interactions.filter((j) => j.person_id === i.person_id).length >= 3)!;
    const timeline = await app.relais.services.timeline.list({ personId: busiest.person_id!, limit: 50 });
    expect(timeline.items.map((i) => i.id).sort()).toEqual(interactions.filter((i) => i.person_id === busiest.person_id).map((i) => i.id).sort());
  });

  it('finds a generated person by an accent-free name', async () => {
    const people = await handle.db.selectFrom('people').select(['id', 'first_name', 'last_name']).execute();
    const accented = people.find((p) => fold(p.first_name) !== p.first_name.toLowerCase()) ?? people[0];
    const query = `${fold(accented.first_name)} ${fold(accented.last_name)}`.normalize('NFC');
    expect(query).toMatch(/^[a-z \-']+$/);
    const hits = await app.relais.services.search.search(query, 50, 'person');
    expect(hits.map((h) => h.id)).toContain(accented.id);
  });

  it('finds a generated person by another written form of their number', async () => {
    const phone = await handle.db
      .selectFrom('contact_points')
      .select(['entity_id', 'value', 'normalized'])
      .where('entity_type', '=', 'person')
      .where('kind', '=', 'phone')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const national = phone.normalized!.slice(3);
    const other = WRITTEN_FORMS.map((f) => f(national)).find((w) => w !== phone.value)!;
    const found = await app.relais.services.lookup.byPhone(other);
    expect(found.e164).toBe(phone.normalized);
    expect(found.matches.map((m) => m.id)).toContain(phone.entity_id);
  });

  it('stores what normalizePhone() gives for every generated number, each a real French number', async () => {
    const phones = await handle.db.selectFrom('contact_points').select(['value', 'normalized']).where('kind', '=', 'phone').execute();
    expect(phones.length).toBeGreaterThan(SIZE);
    for (const p of phones) {
      expect(normalizePhone(p.value, 'FR').e164).toBe(p.normalized);
      // Saving the record again through the API must not refuse its own numbers.
      expect(isValidPhone(p.value, 'FR'), p.value).toBe(true);
    }
    expect(new Set(phones.map((p) => p.normalized)).size).toBe(phones.length);
  });

  it('writes the search documents the services would write', async () => {
    const docs = await handle.db.selectFrom('search_documents').selectAll().execute();
    const byId = new Map(docs.map((d) => [d.entity_id, d]));
    const services = app.relais.services;
    const ids = docs.map((d) => ({ type: d.entity_type, id: d.entity_id }));
    for (const { type, id } of ids) {
      const view = type === 'person' ? await services.people.get(id) : await services.organisations.get(id);
      const phones = (view.phones as { number: string }[]).flatMap((p) => fullTextPhoneForms(p.number, 'FR'));
      const custom = Object.values(view.customFields as Record<string, unknown>).filter((v): v is string => typeof v === 'string');
      const orgNames = ((view.organisations as { name: string }[] | undefined) ?? []).map((o) => o.name);
      const expected = tokenText(
        ...(view.emails as { address: string }[]).map((e) => e.address),
        phones.join(' '),
        ...(view.addresses as { city: string; postalCode: string }[]).map((a) => `${a.city ?? ''} ${a.postalCode ?? ''}`),
        ...(view.tags as string[]),
        ...custom,
        ...orgNames,
      );
      const doc = byId.get(id)!;
      expect(doc.title).toBe(tokenText(view.displayName));
      expect(doc.content.split(' ').sort()).toEqual(expected.split(' ').sort());
      expect(doc.display_title).toBe(view.displayName);
    }
  });

  it('gives the same data for the same seed, generated in a worker thread or not', async () => {
    // On PostgreSQL the worker thread also encodes the rows for COPY, name beginnings included.
    const throwaway = dialect === 'postgres' ? await createThrowawayDatabase() : undefined;
    const again = connectDatabase({ databaseUrl: throwaway?.url, sqlitePath: ':memory:' });
    await migrateToLatest(again);
    try {
      // A second database with the same users: same e-mails, so the same roles in the same order.
      // Large imports generate in a worker thread: it must give the very same rows.
      await generateDemoData(again, { size: SIZE, seed: 7, withUsers: true, now: NOW, worker: true });
      const snapshot = async (h: DatabaseHandle) => ({
        people: await h.db.selectFrom('people').select(['first_name', 'last_name', 'created_at']).orderBy('id').execute(),
        organisations: await h.db.selectFrom('organisations').select(['name', 'created_at']).orderBy('id').execute(),
        points: await h.db.selectFrom('contact_points').select(['kind', 'label', 'value', 'normalized', 'postal_code', 'city', 'city_key']).orderBy('id').execute(),
        interactions: await h.db.selectFrom('interactions').select(['channel', 'direction', 'occurred_at', 'duration_seconds', 'summary', 'outcome']).orderBy('id').execute(),
        tasks: await h.db.selectFrom('tasks').select(['title', 'due_at', 'status']).orderBy('id').execute(),
        search: await h.db.selectFrom('search_documents').select(['title', 'content', 'display_title', 'display_subtitle', 'name_beginnings']).orderBy('id').execute(),
        participants: (await h.db.selectFrom('interaction_participants').select('entity_type').select((eb) => eb.fn.countAll().as('n')).groupBy('entity_type').orderBy('entity_type').execute()).map((r) => [r.entity_type, Number(r.n)]),
      });
      expect(await snapshot(again)).toEqual(await snapshot(handle));
    } finally {
      await again.close();
      await throwaway?.drop();
    }
  });

  it('leaves indexes and search triggers in place for later writes', async () => {
    const admin = (await app.relais.services.auth.fromSession((await app.relais.services.auth.login('admin@relais.local', 'Correct-Horse-Battery-Staple-42', { ip: '127.0.0.1' })).token))!;
    const created = await app.relais.services.people.create(admin, 'any', { names: { firstName: 'Anaïs', lastName: 'Zyxwvutsrq' }, phones: [{ number: '06 99 88 77 66' }] });
    expect((await app.relais.services.search.search('zyxwv', 5)).map((h) => h.id)).toEqual([created.id]);
    expect((await app.relais.services.lookup.byPhone('+33699887766')).matches.map((m) => m.id)).toEqual([created.id]);
    const expected = ['contact_points_lookup', 'people_name', 'interactions_occurred', 'tags_tag', 'interaction_participants_entity'];
    if (handle.sqlite) {
      const names = (handle.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger')`).all() as { name: string }[]).map((r) => r.name);
      expect(names).toEqual(
        expect.arrayContaining([...expected, 'search_documents_ai', 'search_documents_au', 'search_documents_ad', 'search_documents_titles_ai', 'search_documents_titles_au', 'search_documents_titles_ad']),
      );
      expect(handle.sqlite.pragma('foreign_key_check')).toEqual([]);
      // The search indexes were filled in bulk during the import: they must match the documents.
      handle.sqlite.exec(`INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)`);
      handle.sqlite.exec(`INSERT INTO search_titles(search_titles, rank) VALUES ('integrity-check', 1)`);
    } else {
      const names = (await sql<{ indexname: string }>`SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()`.execute(handle.db)).rows.map((r) => r.indexname);
      expect(names).toEqual(expect.arrayContaining([...expected, 'search_documents_tsv', 'search_names_rotation', 'search_names_document']));
      // search_names was filled in bulk, its triggers set aside meanwhile: every rotation of every
      // name is there, once, and the triggers are back on.
      const filling = await sql<{ rows: number; distinct: number; rotations: number }>`
        SELECT (SELECT count(*)::int FROM search_names) AS rows,
               (SELECT count(DISTINCT (document_id, rotation))::int FROM search_names) AS distinct,
               (SELECT count(*)::int FROM search_documents d, relais_name_rotations(d.title)) AS rotations`.execute(handle.db);
      expect(filling.rows[0]).toEqual({ rows: filling.rows[0].rotations, distinct: filling.rows[0].rotations, rotations: filling.rows[0].rotations });
      expect(filling.rows[0].rotations).toBeGreaterThan(await count('search_documents'));
      const triggers = await sql<{ tgname: string; tgenabled: string }>`SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'search_documents'::regclass AND NOT tgisinternal ORDER BY 1`.execute(handle.db);
      expect(triggers.rows).toEqual([{ tgname: 'search_documents_names', tgenabled: 'O' }, { tgname: 'search_documents_names_update', tgenabled: 'O' }]);
      // Foreign keys between the imported tables are set aside during the import, then added back.
      const keys = (await sql<{ conname: string }>`SELECT conname FROM pg_constraint WHERE contype = 'f'`.execute(handle.db)).rows.map((r) => r.conname);
      expect(keys).toEqual(expect.arrayContaining(['interactions_person_id_fkey', 'interaction_participants_interaction_id_fkey', 'person_organisations_organisation_id_fkey']));
      // Vacuumed by the import: pages marked all-visible, for index-only scans from the first request.
      const visible = (await sql<{ relname: string; relallvisible: number }>`SELECT relname, relallvisible FROM pg_class WHERE relname IN ('people', 'interactions', 'contact_points', 'search_names')`.execute(handle.db)).rows;
      expect(visible.map((r) => [r.relname, r.relallvisible > 0]).sort()).toEqual([['contact_points', true], ['interactions', true], ['people', true], ['search_names', true]]);
    }
  });
});

describe('demo import into a SQLite file', () => {
  it('still gets the first start its administrator when loaded into a new folder before it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-demo-'));
    const config = loadConfig({ RELAIS_DATA_DIR: dir, RELAIS_LOG_LEVEL: 'silent', RELAIS_JOB_POLL_MS: '0', RELAIS_ADMIN_EMAIL: 'boss@example.fr', RELAIS_ADMIN_PASSWORD: 'Correct-Horse-Battery-Staple-42' });
    const handle = connectDatabase({ sqlitePath: path.join(dir, 'relais.db') });
    try {
      // `relais demo` first: its staff (front desk, sales, back office, manager) include no administrator.
      await migrateToLatest(handle);
      await generateDemoData(handle, { size: 20, seed: 2, withUsers: true, now: NOW });
      const first = await buildApp(config, { handle, logger: false });
      expect(first.relais.bootstrap.createdAdmin).toEqual({ email: 'boss@example.fr', password: null });
      const login = await first.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'boss@example.fr', password: 'Correct-Horse-Battery-Staple-42' } });
      expect(login.statusCode).toBe(200);
      expect(login.json()).toMatchObject({ user: { role: 'admin' } });
      await first.close();
      const again = await buildApp(config, { handle, logger: false });
      expect(again.relais.bootstrap.createdAdmin).toBeNull();
      await again.close();
    } finally {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('builds the search index in a thread of its own, then copies it in whole', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-demo-'));
    const file = path.join(dir, 'relais.db');
    const handle = connectDatabase({ sqlitePath: file });
    try {
      await migrateToLatest(handle);
      // Large imports use the threads; `worker: true` asks for them at a test's size.
      await generateDemoData(handle, { size: 120, seed: 5, now: NOW, worker: true });
      const sqlite = handle.sqlite!;
      // Both indexes match the documents exactly (FTS5 compares every entry with the content table)…
      const checkIndexes = () => {
        sqlite.exec(`INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)`);
        sqlite.exec(`INSERT INTO search_titles(search_titles, rank) VALUES ('integrity-check', 1)`);
      };
      checkIndexes();
      const documents = sqlite.prepare('SELECT id, title FROM search_documents ORDER BY id').all() as { id: number; title: string }[];
      expect(documents).toHaveLength(120 + 24);
      // …every document is found by the beginning of each word of its title…
      for (const d of documents.filter((_, i) => i % 7 === 0)) {
        const match = d.title.split(' ').map((w) => `"${w.slice(0, 3)}"*`).join(' AND ');
        const found = sqlite.prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH ?').pluck().all(`title : (${match})`);
        expect(found).toContain(d.id);
        // …and in the names' own index, by their first letters too.
        const initials = d.title.split(' ').map((w) => `"${w.slice(0, 1)}"*`).join(' AND ');
        expect(sqlite.prepare('SELECT rowid FROM search_titles WHERE search_titles MATCH ?').pluck().all(initials)).toContain(d.id);
      }
      // …later writes keep it in step through the triggers, and the scratch file is gone.
      sqlite.prepare(`INSERT INTO search_documents (entity_type, entity_id, title, content, display_title) VALUES ('person', 'x', 'zyxwv', '', 'Zyxwv')`).run();
      expect(sqlite.prepare(`SELECT count(*) FROM search_fts WHERE search_fts MATCH 'zyx*'`).pluck().get()).toBe(1);
      expect(sqlite.prepare(`SELECT count(*) FROM search_titles WHERE search_titles MATCH 'zyx*'`).pluck().get()).toBe(1);
      checkIndexes();
      expect(fs.readdirSync(dir).filter((f) => f.includes('search-import'))).toEqual([]);
      // Detached too ('temp' is SQLite's own, listed once anything, ALTER TABLE … RENAME included, has looked at it).
      expect((sqlite.pragma('database_list') as { name: string }[]).map((d) => d.name).filter((name) => name !== 'temp')).toEqual(['main']);
    } finally {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps WAL mode, alone or beside a running server', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-demo-'));
    const file = path.join(dir, 'relais.db');
    const handle = connectDatabase({ sqlitePath: file });
    try {
      await migrateToLatest(handle);
      // Alone: the import may switch to a rollback journal, and must switch back.
      await generateDemoData(handle, { size: 40, seed: 3, now: NOW });
      expect(handle.sqlite!.pragma('journal_mode', { simple: true })).toBe('wal');
      // Beside another connection (a running server): the import stays in WAL and the reader sees it after the commit.
      const reader = new SQLite(file);
      try {
        expect((reader.prepare('SELECT count(*) AS n FROM people').get() as { n: number }).n).toBe(40);
        await generateDemoData(handle, { size: 60, seed: 4, now: NOW });
        expect((reader.prepare('SELECT count(*) AS n FROM people').get() as { n: number }).n).toBe(100);
        expect(handle.sqlite!.pragma('journal_mode', { simple: true })).toBe('wal');
      } finally {
        reader.close();
      }
      expect(handle.sqlite!.pragma('integrity_check', { simple: true })).toBe('ok');
      // The import writes without checking foreign keys (for speed): every reference must hold.
      expect(handle.sqlite!.pragma('foreign_key_check')).toEqual([]);
      expect(handle.sqlite!.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
