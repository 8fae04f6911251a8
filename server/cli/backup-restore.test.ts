/**
 * Restore drill (QUALITY 28): a populated instance is backed up, restored into a fresh instance,
 * and the two must match both ways — every table's row count and content, and every attachment.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Migrator, sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from '../db/connect.js';
import { migrationProvider } from '../db/migrations/index.js';
import type { Database } from '../db/schema.js';
import { api, createHarness, createThrowawayDatabase, DIALECTS, TEST_PASSWORD, type Harness } from '../test/harness.js';
import { backupDatabase, type BackupResult } from './backup.js';
import { restoreDatabase } from './restore.js';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex')]);

/** Every table of the database (FTS shadow tables and the migrations table included). */
async function tableNames(db: Kysely<Database>): Promise<string[]> {
  return (await db.introspection.getTables()).filter((t) => !t.isView).map((t) => t.name).sort();
}

/** Row count and a checksum of the sorted rows of every table: equal checksums mean the same rows both ways. */
async function fingerprint(db: Kysely<Database>): Promise<Record<string, { rows: number; sha256: string }>> {
  const result: Record<string, { rows: number; sha256: string }> = {};
  for (const table of await tableNames(db)) {
    const rows = (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(db)).rows;
    const lines = rows.map((row) => JSON.stringify(row, (_k, v) => (Buffer.isBuffer(v) ? v.toString('base64') : v))).sort();
    result[table] = { rows: rows.length, sha256: createHash('sha256').update(lines.join('\n')).digest('hex') };
  }
  return result;
}

async function ids(db: Kysely<Database>, table: 'people' | 'interactions'): Promise<string[]> {
  return (await db.selectFrom(table).select('id').orderBy('id').execute()).map((r) => r.id);
}

/** Relative path → sha256 of the content, for every file under a folder. */
function fileHashes(dir: string): Record<string, string> {
  if (!fs.existsSync(dir)) return {};
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, full)] = createHash('sha256').update(fs.readFileSync(full)).digest('hex');
  }
  return out;
}

function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `relais-${label}-`));
}

async function populate(h: Harness) {
  const org = await api(h, h.users.sales, 'POST', '/api/organisations', { name: 'Transports Giraud', phones: [{ number: '04 72 00 00 00' }] });
  expect(org.status).toBe(201);
  const people = [];
  for (const [firstName, lastName, mail] of [['Hélène', 'Dupont', 'helene'], ['Marc', "O'Brien", 'marc'], ['Zoé', 'Lefèvre', 'zoe'], ['Jean', 'Martin', 'jean']]) {
    const res = await api(h, h.users.frontdesk, 'POST', '/api/people', {
      firstName,
      lastName,
      phones: [{ number: `06 12 34 56 ${String(people.length).padStart(2, '0')}` }],
      emails: [{ address: `${mail}@exemple.fr` }],
      tags: ['client'],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    people.push(res.body);
  }
  const interactions = [];
  for (const [i, person] of people.entries()) {
    const res = await api(h, h.users.frontdesk, 'POST', '/api/interactions', {
      channel: 'call',
      direction: 'in',
      personId: person.id,
      organisationId: org.body.id,
      summary: `Appel ${i} : livraison du lot n°${i} — « urgent »`,
      durationSeconds: 60 + i,
    });
    expect(res.status).toBe(201);
    interactions.push(res.body);
    const task = await api(h, h.users.frontdesk, 'POST', '/api/tasks', { title: `Rappeler ${person.lastName}`, dueAt: '2026-03-03T09:00:00.000Z', personId: person.id, interactionId: res.body.id });
    expect(task.status).toBe(201);
  }
  // Two attachments, so the files folder has content to carry over.
  for (const [name, content] of [['bon.png', PNG], ['note.txt', Buffer.from('Livraison confirmée\n')]] as const) {
    const boundary = '----relais-drill';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await h.app.inject({
      method: 'POST',
      url: `/api/interactions/${interactions[0].id}/attachments`,
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: `Bearer ${h.users.frontdesk.token}` },
    });
    expect(res.statusCode).toBe(201);
  }
  return { people, interactions };
}

describe.each(DIALECTS)('backup and restore drill on %s', (dialect) => {
  let h: Harness;
  let backupDir: string;
  let backup: BackupResult;
  const cleanups: Array<() => Promise<void> | void> = [];

  /** A configuration for a brand-new instance: its own data folder and, on PostgreSQL, its own empty database. */
  async function freshInstance(subfolder?: string): Promise<Config> {
    const parent = tempDir('restored');
    // A folder the restore itself has to create, or one that exists already.
    const dataDir = subfolder ? path.join(parent, subfolder) : parent;
    cleanups.push(() => fs.rmSync(parent, { recursive: true, force: true }));
    const env: Record<string, string> = { RELAIS_DATA_DIR: dataDir, RELAIS_LOG_LEVEL: 'silent', RELAIS_JOB_POLL_MS: '0' };
    if (dialect === 'postgres') {
      const db = await createThrowawayDatabase();
      cleanups.push(db.drop);
      env.DATABASE_URL = db.url;
    }
    return loadConfig(env);
  }

  function open(config: Config): DatabaseHandle {
    const handle = connectDatabase({ databaseUrl: config.databaseUrl, sqlitePath: path.join(config.dataDir, 'relais.db') });
    cleanups.push(() => handle.close());
    return handle;
  }

  beforeAll(async () => {
    h = await createHarness(dialect);
    await populate(h);
    backupDir = tempDir('backups');
    cleanups.push(() => fs.rmSync(backupDir, { recursive: true, force: true }));
    const phases = new Set<string>();
    backup = await backupDatabase(h.handle, {
      dataDir: h.config.dataDir,
      output: path.join(backupDir, dialect === 'sqlite' ? 'drill.db' : 'drill.dump'),
      onProgress: (_done, _total, phase) => phases.add(phase),
    });
    expect([...phases]).toContain(dialect === 'sqlite' ? 'database' : 'pg_dump');
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await h?.close();
    if (h) fs.rmSync(h.config.dataDir, { recursive: true, force: true });
  });

  it('writes a checked backup with the main row counts and the attachments beside it', async () => {
    expect(fs.existsSync(backup.file)).toBe(true);
    expect(fs.existsSync(`${backup.file}.partial`)).toBe(false);
    // The whole customer base with every password hash: its owner's only, whatever the umask.
    expect(fs.statSync(backup.file).mode & 0o777).toBe(0o600);
    expect(backup.counts).toMatchObject({ people: 4, organisations: 1, interactions: 4, tasks: 4, attachments: 2 });
    expect(backup.attachmentCount).toBe(2);
    expect(backup.attachments).toBe(path.join(backupDir, 'drill.files'));
    // Never overwrites an earlier backup.
    await expect(backupDatabase(h.handle, { dataDir: h.config.dataDir, output: backup.file })).rejects.toThrow(/already exists/);
    // A folder it cannot write to is named before any copy starts.
    const blocker = path.join(backupDir, 'not-a-folder');
    fs.writeFileSync(blocker, 'x');
    await expect(backupDatabase(h.handle, { dataDir: h.config.dataDir, output: path.join(blocker, 'x.db') })).rejects.toThrow(
      `${blocker}: cannot write the backup there (ENOTDIR)`,
    );
  });

  it('restores into a fresh instance that matches the original both ways', async () => {
    const config = await freshInstance('new-data');
    const result = await restoreDatabase(config, backup.file);
    // Personal data: the folders it made are the owner's only, as a start would make them.
    expect(fs.statSync(config.dataDir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(config.dataDir, 'files')).mode & 0o777).toBe(0o700);
    expect(fs.statSync(backup.attachments!).mode & 0o777).toBe(0o700);
    expect(result.counts).toEqual(backup.counts);
    expect(result.migrations).toEqual([]);

    const restored = open(config);
    expect(await restored.dialect.integrityCheck(restored.db)).toEqual([]);
    // Same tables, same row counts, same rows (a sorted-rows checksum per table).
    const before = await fingerprint(h.handle.db);
    const after = await fingerprint(restored.db);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(after).toEqual(before);
    for (const table of ['people', 'interactions'] as const) {
      const original = await ids(h.handle.db, table);
      const copy = await ids(restored.db, table);
      expect(copy.filter((id) => !original.includes(id)), `${table} only in the restored copy`).toEqual([]);
      expect(original.filter((id) => !copy.includes(id)), `${table} missing from the restored copy`).toEqual([]);
    }
    // Attachments: the same files with the same bytes, each still hashing to its own name.
    const originalFiles = fileHashes(path.join(h.config.dataDir, 'files'));
    const restoredFiles = fileHashes(path.join(config.dataDir, 'files'));
    expect(Object.keys(originalFiles)).toHaveLength(2);
    expect(restoredFiles).toEqual(originalFiles);
    for (const [name, hash] of Object.entries(restoredFiles)) expect(path.basename(name)).toBe(hash);
  });

  it('serves the restored data from a server started on it (same tokens, same answers)', async () => {
    const config = await freshInstance();
    await restoreDatabase(config, backup.file);
    const app = await buildApp(config, { logger: false });
    cleanups.push(() => app.close());
    const read = async (target: { inject: typeof app.inject }, url: string) =>
      (await target.inject({ method: 'GET', url, headers: { authorization: `Bearer ${h.users.manager.token}` } }));
    for (const url of ['/api/people?limit=50', '/api/interactions?limit=50', '/api/tasks?assignee=' + h.users.frontdesk.id]) {
      const [original, copy] = await Promise.all([read(h.app, url), read(app, url)]);
      expect(copy.statusCode, url).toBe(200);
      expect(copy.json(), url).toEqual(original.json());
    }
    const interactions = (await read(app, '/api/interactions?limit=50')).json().items as Array<{ id: string }>;
    const withFiles = await Promise.all(interactions.map(async (i) => (await read(app, `/api/interactions/${i.id}`)).json()));
    const attachment = withFiles.flatMap((i) => i.attachments ?? []).find((a: { fileName: string }) => a.fileName === 'bon.png');
    const download = await read(app, `/api/attachments/${attachment.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PNG)).toBe(true);
    // Passwords survive too: the first admin logs in on the restored instance.
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'admin@test.local', password: TEST_PASSWORD } });
    expect(login.statusCode).toBe(200);
  });

  it('refuses to overwrite data without --yes, and with it keeps what it replaced aside', async () => {
    const config = await freshInstance();
    await restoreDatabase(config, backup.file);
    const handle = open(config);
    await handle.db.updateTable('people').set({ last_name: 'Changed after backup' }).execute();
    await handle.close();

    await expect(restoreDatabase(config, backup.file)).rejects.toThrow(/already holds data.*--yes/s);
    const result = await restoreDatabase(config, backup.file, { yes: true });
    const reopened = open(config);
    const names = (await reopened.db.selectFrom('people').select('last_name').execute()).map((r) => r.last_name);
    expect(names).not.toContain('Changed after backup');
    expect(names).toHaveLength(4);
    if (dialect === 'sqlite') {
      // The replaced file is kept, whole, beside the database.
      const aside = result.setAside.find((p) => p.includes('relais.db.before-restore-'))!;
      const old = connectDatabase({ sqlitePath: aside });
      const oldNames = (await old.db.selectFrom('people').select('last_name').execute()).map((r) => r.last_name);
      await old.close();
      expect(oldNames.every((n) => n === 'Changed after backup')).toBe(true);
    }
    expect(result.setAside.some((p) => p.includes('files.before-restore-'))).toBe(true);
  });

  it('refuses while the database is in use', async () => {
    const config = await freshInstance();
    await restoreDatabase(config, backup.file);
    if (dialect === 'sqlite') {
      const server = open(config);
      await sql`SELECT 1`.execute(server.db);
      await expect(restoreDatabase(config, backup.file, { yes: true })).rejects.toThrow(/in use: stop the Relais server/);
    } else {
      const client = new pg.Client({ connectionString: config.databaseUrl, application_name: 'relais server' });
      await client.connect();
      cleanups.push(() => client.end());
      await expect(restoreDatabase(config, backup.file, { yes: true })).rejects.toThrow(/other session\(s\) connected \(relais server@/);
    }
  });

  it('does not lose attachments quietly when the backup file was copied without its .files folder', async () => {
    const lone = path.join(tempDir('lone-backup'), path.basename(backup.file));
    fs.copyFileSync(backup.file, lone);
    cleanups.push(() => fs.rmSync(path.dirname(lone), { recursive: true, force: true }));
    const config = await freshInstance();
    if (dialect === 'sqlite') {
      // The backup's database is read first: refused before anything is touched.
      await expect(restoreDatabase(config, lone)).rejects.toThrow(/2 attachment file\(s\) listed in the backup are not in .*Nothing was changed/s);
      expect(fs.existsSync(path.join(config.dataDir, 'relais.db'))).toBe(false);
    }
    // Asked for explicitly (and always on PostgreSQL, whose dump is only readable once restored):
    // the restore goes through and counts the attachments left without a file.
    const result = await restoreDatabase(config, lone, { allowMissingAttachments: true });
    expect(result.counts.attachments).toBe(2);
    expect(result.missingAttachments).toBe(2);
    expect(result.attachmentCount).toBe(0);
  });

  it('names what is wrong with a path: an empty backup name, a folder given as the backup to restore', async () => {
    await expect(backupDatabase(h.handle, { dataDir: h.config.dataDir, output: '' })).rejects.toThrow('--output: the file name is empty / le nom de fichier est vide');
    const config = await freshInstance();
    await expect(restoreDatabase(config, backupDir)).rejects.toThrow(`${backupDir}: not a file, so not a backup`);
  });

  it('refuses a file that is not a Relais backup and leaves the target untouched', async () => {
    const config = await freshInstance();
    const junk = path.join(backupDir, dialect === 'sqlite' ? 'junk.db' : 'junk.dump');
    fs.writeFileSync(junk, randomBytes(4096));
    await expect(restoreDatabase(config, junk)).rejects.toThrow(/not a/);
    expect(fs.existsSync(path.join(config.dataDir, 'relais.db'))).toBe(false);
    // Into a folder it had to create: the folder goes again, no half-made instance is left.
    const fresh = await freshInstance('new-data');
    await expect(restoreDatabase(fresh, junk)).rejects.toThrow(/not a/);
    expect(fs.existsSync(fresh.dataDir)).toBe(false);
  });
});

describe.runIf(DIALECTS.includes('sqlite'))('restoring over a damaged SQLite database', () => {
  it('replaces it (the case a restore is for) instead of calling it in use, and keeps it aside', async () => {
    const dir = tempDir('damaged');
    try {
      const handle = connectDatabase({ sqlitePath: path.join(dir, 'source.db') });
      await migrateToLatest(handle);
      const backup = await backupDatabase(handle, { dataDir: dir, output: path.join(dir, 'backup.db') });
      await handle.close();
      const config = loadConfig({ RELAIS_DATA_DIR: path.join(dir, 'data'), RELAIS_LOG_LEVEL: 'silent' });
      fs.mkdirSync(config.dataDir);
      const damaged = randomBytes(50_000);
      fs.writeFileSync(path.join(config.dataDir, 'relais.db'), damaged);

      const result = await restoreDatabase(config, backup.file, { yes: true });
      expect(result.counts.people).toBe(0);
      const aside = result.setAside.find((p) => p.includes('relais.db.before-restore-'))!;
      expect(fs.readFileSync(aside).equals(damaged)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(DIALECTS.includes('sqlite'))('restoring a backup from an older release', () => {
  it('runs the migrations it lacks after the restore', async () => {
    const dir = tempDir('old');
    try {
      const handle = connectDatabase({ sqlitePath: path.join(dir, 'old.db') });
      const migrator = new Migrator({
        db: handle.db,
        provider: migrationProvider(handle.dialect),
        migrationTableName: 'relais_migrations',
        migrationLockTableName: 'relais_migrations_lock',
      });
      const all = Object.keys(await migrationProvider(handle.dialect).getMigrations());
      const { error } = await migrator.migrateTo(all[0]);
      expect(error).toBeUndefined();
      const old = await backupDatabase(handle, { dataDir: dir, output: path.join(dir, 'old-backup.db') });
      await handle.close();

      const config = loadConfig({ RELAIS_DATA_DIR: path.join(dir, 'new'), RELAIS_LOG_LEVEL: 'silent' });
      const result = await restoreDatabase(config, old.file);
      expect(result.migrations).toEqual(all.slice(1));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(DIALECTS.includes('postgres'))('backing up and restoring a PostgreSQL database addressed with connection options', () => {
  it('passes ?options=-c%20… to pg_dump and pg_restore as the server reads it (the README’s form)', async () => {
    const dir = tempDir('pg-options');
    const source = await createThrowawayDatabase();
    const target = await createThrowawayDatabase();
    // The README's own example: a space written %20 in the setting given to every session.
    const withOptions = (url: string) => `${url}?options=-c%20max_parallel_workers_per_gather%3D2`;
    let handle: DatabaseHandle | undefined;
    try {
      handle = connectDatabase({ databaseUrl: withOptions(source.url) });
      await migrateToLatest(handle);
      const backup = await backupDatabase(handle, { dataDir: dir, output: path.join(dir, 'options.dump') });
      expect(backup.counts.people).toBe(0);
      await handle.close();
      handle = undefined;
      const config = loadConfig({ RELAIS_DATA_DIR: path.join(dir, 'restored'), RELAIS_LOG_LEVEL: 'silent', DATABASE_URL: withOptions(target.url) });
      const restored = await restoreDatabase(config, backup.file);
      expect(restored.migrations).toEqual([]);
    } finally {
      await handle?.close();
      await source.drop();
      await target.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(DIALECTS)('restoring a backup from an older release over an upgraded database on %s', (dialect) => {
  it('replaces the newer schema whole (--yes), then runs the migrations the backup lacks', async () => {
    const dir = tempDir('over-newer');
    const dbs = dialect === 'postgres' ? [await createThrowawayDatabase(), await createThrowawayDatabase()] : [];
    try {
      const old = connectDatabase({ databaseUrl: dbs[0]?.url, sqlitePath: path.join(dir, 'old.db') });
      const all = Object.keys(await migrationProvider(old.dialect).getMigrations());
      const migrator = new Migrator({ db: old.db, provider: migrationProvider(old.dialect), migrationTableName: 'relais_migrations', migrationLockTableName: 'relais_migrations_lock' });
      expect((await migrator.migrateTo(all[0])).error).toBeUndefined();
      const backup = await backupDatabase(old, { dataDir: dir, output: path.join(dir, dialect === 'sqlite' ? 'old-backup.db' : 'old-backup.dump') });
      await old.close();

      // The firm upgraded (every migration applied, records written), then restores the backup taken before.
      const config = loadConfig({ RELAIS_DATA_DIR: path.join(dir, 'upgraded'), RELAIS_LOG_LEVEL: 'silent', ...(dbs[1] ? { DATABASE_URL: dbs[1].url } : {}) });
      const upgraded = connectDatabase({ databaseUrl: config.databaseUrl, sqlitePath: path.join(config.dataDir, 'relais.db') });
      await migrateToLatest(upgraded);
      await upgraded.close();

      const result = await restoreDatabase(config, backup.file, { yes: true });
      expect(result.migrations).toEqual(all.slice(1));
      const restored = connectDatabase({ databaseUrl: config.databaseUrl, sqlitePath: path.join(config.dataDir, 'relais.db') });
      try {
        const applied = await restored.db.selectFrom('relais_migrations' as never).select('name' as never).execute();
        expect(applied).toHaveLength(all.length);
      } finally {
        await restored.close();
      }
    } finally {
      for (const db of dbs) await db.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
