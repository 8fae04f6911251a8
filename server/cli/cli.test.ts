/**
 * The `relais` command end to end: real processes (the CLI run from sources through tsx), a real
 * data folder, and the result checked through a server built on that folder.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import type { Command } from 'commander';
import { buildProgram } from './index.js';
import { migrationProvider } from '../db/migrations/index.js';
import { sqliteFeatures } from '../db/dialect/sqlite.js';
import { displayUrl, libpqConnection } from './pg-tools.js';
import { DIALECTS, PG_ADMIN_URL } from '../test/harness.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SLOW = 240_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `relais <args>` as its own process, as an operator would (from sources, so no build is needed). */
function relais(args: string[], env: Record<string, string>): Promise<Run> {
  const { DATABASE_URL: _ignored, ...base } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'server/cli/index.ts', ...args],
      { cwd: ROOT, env: { ...base, RELAIS_LOG_LEVEL: 'warn', ...env }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('relais command line', () => {
  let dir: string;
  let dataDir: string;
  let password: string;
  let token: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-cli-'));
    dataDir = path.join(dir, 'data');
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates the first admin with a generated password, refuses a duplicate, lists users, issues a token', { timeout: SLOW }, async () => {
    const env = { RELAIS_DATA_DIR: dataDir };
    const created = await relais(['user', 'create', '--email', 'Ada@Example.fr', '--name', 'Ada Admin', '--role', 'admin'], env);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('User created / Utilisateur créé: ada@example.fr (admin)');
    password = /Password \/ Mot de passe: (\S+)/.exec(created.stdout)![1];
    expect(password.length).toBeGreaterThanOrEqual(20);
    // The new data folder (the whole customer base) is readable by its owner only.
    expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);

    const duplicate = await relais(['user', 'create', '--email', 'ada@example.fr', '--name', 'Ada', '--role', 'sales', '--password', 'another-long-passphrase-9'], env);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('ALREADY_EXISTS');
    expect(duplicate.stderr).toContain('This already exists. / Cela existe déjà.');
    expect(duplicate.stderr).toContain('email: already used / déjà utilisé');
    expect(duplicate.stderr).not.toMatch(/^\s+at /m);

    // The same rules as POST /api/users: an e-mail address and a name.
    const notAnEmail = await relais(['user', 'create', '--email', 'notanemail', '--name', 'Paul', '--role', 'sales'], env);
    expect(notAnEmail.code).toBe(1);
    expect(notAnEmail.stderr).toContain('email: not an e-mail address / pas une adresse e-mail');
    const noName = await relais(['user', 'create', '--email', 'paul@example.fr', '--name', '  ', '--role', 'sales'], env);
    expect(noName.code).toBe(1);
    expect(noName.stderr).toContain('name: 1 to 200 characters');

    // Refused on a data folder that did not exist: nothing is left there, no empty database.
    const elsewhere = path.join(dir, 'typo');
    const refusedFirst = await relais(['user', 'create', '--email', 'notanemail', '--name', 'Paul', '--role', 'admin'], { RELAIS_DATA_DIR: elsewhere });
    expect(refusedFirst.code).toBe(1);
    expect(fs.existsSync(elsewhere)).toBe(false);

    const badRole = await relais(['user', 'create', '--email', 'x@example.fr', '--name', 'X', '--role', 'boss'], env);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('Allowed choices are admin, manager, frontdesk, sales, backoffice');
    expect(badRole.stderr).toContain("erreur : la valeur 'boss' de l’option '--role <role>' n’est pas permise ; valeurs possibles : admin, manager, frontdesk, sales, backoffice.");
    const noRole = await relais(['user', 'create', '--email', 'x@example.fr', '--name', 'X'], env);
    expect(noRole.code).toBe(1);
    expect(noRole.stderr).toContain("error: required option '--role <role>' not specified\nerreur : l’option obligatoire '--role <role>' manque");
    const unknown = await relais(['usr', 'list'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("erreur : commande inconnue 'usr'");
    // `help` of a command that does not exist says so, instead of the general help as if asked for.
    const unknownHelp = await relais(['help', 'usr'], env);
    expect(unknownHelp.code).toBe(1);
    expect(unknownHelp.stderr).toContain("error: unknown command 'usr'\nerreur : commande inconnue 'usr'");
    expect(unknownHelp.stdout).toBe('');

    const list = await relais(['user', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/ada@example\.fr\s+Ada Admin\s+admin\s+active/);

    const issued = await relais(['token', 'create', '--email', 'ada@example.fr', '--name', 'erp', '--scopes', 'read', '--expires-days', '30'], env);
    expect(issued.code).toBe(0);
    token = /^(rls_\S+)$/m.exec(issued.stdout)![1];

    // What the commands wrote works on a server started on that folder.
    const app = await buildApp(loadConfig({ RELAIS_DATA_DIR: dataDir, RELAIS_LOG_LEVEL: 'silent', RELAIS_JOB_POLL_MS: '0' }), { logger: false });
    try {
      expect(app.relais.bootstrap.createdAdmin).toBeNull();
      const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ user: { email: 'ada@example.fr', role: 'admin' } });
      const write = await app.inject({ method: 'POST', url: '/api/people', headers: { authorization: `Bearer ${token}` }, payload: { lastName: 'X' } });
      expect(write.statusCode).toBe(403);
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'ada@example.fr', password } });
      expect(login.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('loads demo data once, backs up and restores into another folder', { timeout: SLOW }, async () => {
    const env = { RELAIS_DATA_DIR: dataDir };
    const demo = await relais(['demo', '--size', '40', '--seed', '7'], env);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/people \/ personnes\s+40/);
    expect(demo.stdout).toContain('accueil@demo.relais.local');
    expect(demo.stderr).toMatch(/100% /);
    const again = await relais(['demo', '--size', '40'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already holds demo data');

    const backupFile = path.join(dir, 'backups', 'nightly.db');
    const backup = await relais(['backup', '--output', backupFile], env);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain(`Backup written / Sauvegarde écrite: ${backupFile}`);
    expect(backup.stdout).toMatch(/people\s+40\n/);

    const otherDir = path.join(dir, 'other');
    const restore = await relais(['restore', backupFile], { RELAIS_DATA_DIR: otherDir });
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/people\s+40\n/);
    const twice = await relais(['restore', backupFile], { RELAIS_DATA_DIR: otherDir });
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('--yes');
    const list = await relais(['user', 'list'], { RELAIS_DATA_DIR: otherDir });
    expect(list.stdout).toContain('ada@example.fr');
    expect(list.stdout).toContain('direction@demo.relais.local');
  });

  it('reports errors in one line, with the stack only at debug level', { timeout: SLOW }, async () => {
    const quiet = await relais(['restore', path.join(dir, 'missing.db')], { RELAIS_DATA_DIR: dataDir });
    expect(quiet.code).toBe(1);
    expect(quiet.stderr.trim()).toBe(`Error / Erreur: ${path.join(dir, 'missing.db')}: no such file / fichier introuvable`);
    const debug = await relais(['restore', path.join(dir, 'missing.db')], { RELAIS_DATA_DIR: dataDir, RELAIS_LOG_LEVEL: 'debug' });
    expect(debug.stderr).toMatch(/^\s+at /m);
    const badConfig = await relais(['migrate'], { RELAIS_DATA_DIR: dataDir, PORT: 'eighty' });
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toContain('PORT: expected a port number / attendu : un numéro de port');
    // A mistyped data folder is reported, not created and migrated as a new empty database.
    const typo = path.join(dir, 'dta');
    const listed = await relais(['user', 'list'], { RELAIS_DATA_DIR: typo });
    expect(listed.code).toBe(1);
    expect(listed.stderr).toContain(`No database at ${path.join(typo, 'relais.db')} (check RELAIS_DATA_DIR)`);
    expect(fs.existsSync(typo)).toBe(false);
    const unreachable = await relais(['migrate'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain("the database did not answer / la base de données n’a pas répondu");
    // Values the commands used to take: an empty, hexadecimal or exponent size, a blank token label.
    for (const size of ['', '0x14', '1e3']) {
      const demo = await relais(['demo', '--size', size], { RELAIS_DATA_DIR: dataDir });
      expect(demo.code, size).not.toBe(0);
      expect(demo.stderr, size).toContain('un entier de 0 à 10000000');
      const seed = await relais(['demo', '--seed', size], { RELAIS_DATA_DIR: dataDir });
      expect(seed.code, size).not.toBe(0);
      expect(seed.stderr, size).toContain('un nombre entier');
    }
    const blank = await relais(['token', 'create', '--email', 'ada@example.fr', '--name', ' '], { RELAIS_DATA_DIR: dataDir });
    expect(blank.code).not.toBe(0);
    expect(blank.stderr).toContain('de 1 à 200 caractères');
    // A port in use and a file where the data folder should be: what to do, in both languages.
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const busy = await relais(['start'], { RELAIS_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String((taken.address() as net.AddressInfo).port) });
      expect(busy.code).not.toBe(0);
      expect(busy.stderr).toContain('le port est déjà utilisé');
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
    const notAFolder = path.join(dir, 'a-file');
    fs.writeFileSync(notAFolder, 'x');
    const migrated = await relais(['migrate'], { RELAIS_DATA_DIR: path.join(notAFolder, 'data') });
    expect(migrated.code).not.toBe(0);
    expect(migrated.stderr).toContain('vérifiez RELAIS_DATA_DIR');
  });

  it('npm start says what to do when it cannot start, as relais start does', { timeout: SLOW }, async () => {
    // `npm start` runs server/main.ts itself, not the CLI: the README's first command.
    const npmStart = (env: Record<string, string>) => {
      const { DATABASE_URL: _ignored, ...base } = process.env;
      return new Promise<Run>((resolve) =>
        execFile(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env: { ...base, RELAIS_LOG_LEVEL: 'warn', ...env }, timeout: 120_000 }, (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        ),
      );
    };
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const busy = await npmStart({ RELAIS_DATA_DIR: path.join(dir, 'npm-start'), HOST: '127.0.0.1', PORT: String((taken.address() as net.AddressInfo).port) });
      expect(busy.code).toBe(1);
      expect(busy.stderr).toContain('the port is already in use: stop what listens there or set PORT / le port est déjà utilisé');
      // No administrator was made in a start that failed: none whose password the newcomer missed.
      expect(busy.stdout).not.toContain('Mot de passe');
      const admins = await relais(['user', 'list'], { RELAIS_DATA_DIR: path.join(dir, 'npm-start') });
      expect(admins.stdout).not.toContain('admin@relais.local');
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
    // The next start, on a free port, creates the administrator once listening and prints the password.
    const free = net.createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const port = String((free.address() as net.AddressInfo).port);
    await new Promise((resolve) => free.close(resolve));
    const { DATABASE_URL: _ignored, ...base } = process.env;
    const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { ...base, RELAIS_DATA_DIR: path.join(dir, 'npm-start'), HOST: '127.0.0.1', PORT: port, RELAIS_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => server.on('close', resolve));
    try {
      await expect.poll(() => output, { timeout: 60_000 }).toMatch(/Password \/ Mot de passe: \S{20,}/);
      expect(output).toContain('Admin: admin@relais.local');
      await expect.poll(() => output, { timeout: 10_000 }).toContain('Relais listening');
    } finally {
      server.kill('SIGTERM');
      await exited;
    }
    if (DIALECTS.includes('postgres')) {
      const missing = new URL(PG_ADMIN_URL);
      missing.pathname = `/relais_missing_${Date.now()}`;
      const noDatabase = await npmStart({ DATABASE_URL: missing.toString() });
      expect(noDatabase.code).toBe(1);
      expect(noDatabase.stderr).toContain('this database does not exist: create it or check DATABASE_URL');
    }
  });

  it('stopped by Ctrl-C, a demo load says what it kept, and the next one leaves no scratch file behind', { timeout: SLOW }, async () => {
    const stopped = path.join(dir, 'stopped-demo');
    const { DATABASE_URL: _ignored, ...base } = process.env;
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/index.ts', 'demo', '--size', '300000'], {
      cwd: ROOT,
      env: { ...base, RELAIS_DATA_DIR: stopped, RELAIS_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // The accounts are printed before the data, and the full-text thread's scratch file is open.
    await expect.poll(() => stdout, { timeout: 60_000 }).toMatch(/accueil@demo\.relais\.local\s+frontdesk\s+relais-demo-\S+/);
    await expect.poll(() => fs.existsSync(path.join(stopped, 'relais.db.search-import')), { timeout: 60_000 }).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('Stopped: no demo data was loaded');

    const again = await relais(['demo', '--size', '40', '--force'], { RELAIS_DATA_DIR: stopped });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/people \/ personnes\s+40\n/);
    expect(fs.readdirSync(stopped).filter((name) => name.includes('search-import'))).toEqual([]);
  });

  it('finishes quietly when the reader of its output goes away (relais user list | head -1)', { timeout: SLOW }, async () => {
    const { DATABASE_URL: _ignored, ...base } = process.env;
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/index.ts', 'user', 'list'], {
      cwd: ROOT,
      env: { ...base, RELAIS_DATA_DIR: dataDir, RELAIS_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Closed before the command has started: every line it writes meets a closed pipe (EPIPE).
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('explains every command with --help, in English and French', () => {
    // Walks the real command tree: a command added without a description fails here.
    const check = (command: Command, name: string): number => {
      const help = command.helpInformation();
      expect(help, name).toMatch(/^Usage: relais/);
      // Each description is written twice: English, then French.
      expect(help, name).toMatch(/[éèàùç’]|\b(les?|la|des|une?|et)\b/);
      for (const option of command.options) expect(option.description, `${name} ${option.flags}`).toMatch(/ — /);
      return 1 + command.commands.reduce((n, sub) => n + check(sub, `${name} ${sub.name()}`), 0);
    };
    expect(check(buildProgram(), 'relais')).toBeGreaterThanOrEqual(12);
    // Commander's own words about choices and defaults too.
    const create = buildProgram().commands.find((c) => c.name() === 'user')!.commands.find((c) => c.name() === 'create')!;
    expect(create.helpInformation().replace(/\s+/g, ' ')).toContain('(choices / choix: "fr", "en", default / par défaut: "fr")');
  });

  it('migrates a new data folder, then says there is nothing left to run', { timeout: SLOW }, async () => {
    const fresh = path.join(dir, 'migrate-only');
    const first = await relais(['migrate'], { RELAIS_DATA_DIR: fresh });
    expect(first.code, first.stderr).toBe(0);
    const again = await relais(['migrate'], { RELAIS_DATA_DIR: fresh });
    expect(again.code, again.stderr).toBe(0);
    expect(first.stdout).not.toBe(again.stdout);
    // Each migration is announced as it starts (some take a minute on a large database), then listed.
    const applied = [...first.stdout.matchAll(/applied \/ appliquée: (\S+)/g)].map((m) => m[1]);
    expect(applied).toEqual(Object.keys(await migrationProvider(sqliteFeatures).getMigrations()));
    expect(first.stderr.trim().split('\n')).toEqual(applied.map((name) => `applying / application : ${name}…`));
    expect(again.stderr).toBe('');
    expect(fs.existsSync(path.join(fresh, 'relais.db'))).toBe(true);
  });

  it('tells in French and English to build first when dist/ is missing', { timeout: SLOW }, async () => {
    const copy = path.join(dir, 'pkg', 'bin', 'relais.mjs');
    fs.mkdirSync(path.dirname(copy), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'bin', 'relais.mjs'), copy);
    const result = await new Promise<Run>((resolve) =>
      execFile(process.execPath, [copy, '--help'], (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr })),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('run `npm run build`');
    expect(result.stderr).toContain('lancez `npm run build`');
  });
});

describe('PostgreSQL tool arguments', () => {
  it('keeps the password out of the command line (visible in ps) and in PGPASSWORD', () => {
    const { dbname, env } = libpqConnection('postgres://relais:s%40cret@db.example:5432/relais?sslmode=require');
    expect(dbname).toBe('postgres://relais@db.example:5432/relais?sslmode=require');
    expect(env.PGPASSWORD).toBe('s@cret');
    // libpq's other way of giving it: ?password=, moved out too, and masked in messages.
    const query = libpqConnection('postgres://relais@db.example:5432/relais?password=s%40cret&sslmode=require');
    expect(query.dbname).toBe('postgres://relais@db.example:5432/relais?sslmode=require');
    expect(query.env.PGPASSWORD).toBe('s@cret');
    expect(displayUrl('postgres://relais@db.example:5432/relais?password=s3cret')).not.toContain('s3cret');
  });

  it('passes the other connection parameters as written: a space stays %20, which libpq decodes (it reads "+" as a plus)', () => {
    const url = 'postgres://relais@db.example:5432/relais?options=-c%20max_parallel_workers_per_gather%3D2&sslmode=require';
    expect(libpqConnection(url).dbname).toBe(url);
    const withPassword = libpqConnection('postgres://relais@db.example:5432/relais?options=-c%20statement_timeout%3D0&password=a%2Bb+c');
    expect(withPassword.dbname).toBe('postgres://relais@db.example:5432/relais?options=-c%20statement_timeout%3D0');
    expect(withPassword.env.PGPASSWORD).toBe('a+b+c');
  });
});
