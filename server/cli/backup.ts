/**
 * `relais backup` (QUALITY 28): SQLite through its online backup API, never a copy of the live
 * file; PostgreSQL through pg_dump. Attachments are copied to a folder beside the backup file.
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { Command } from 'commander';
import { Kysely, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseHandle } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import { ensureDirectory } from '../lib/directories.js';
import { libpqConnection, runTool } from './pg-tools.js';
import { countRows, countSql, formatCounts } from './row-counts.js';
import { CliError, cliConfig, fileTimestamp, filesDir, openConfiguredDatabase, out, Progress, withHandle } from './shared.js';

export type ProgressFn = (done: number, total: number, phase: string) => void;

export interface BackupOptions {
  /** RELAIS_DATA_DIR: default output folder and the attachments to copy. */
  dataDir: string;
  /** Backup file; default RELAIS_DATA_DIR/backups/relais-<UTC timestamp>.db (or .dump on PostgreSQL). */
  output?: string;
  onProgress?: ProgressFn;
  now?: Date;
}

export interface BackupResult {
  file: string;
  bytes: number;
  /** Folder holding the attachments, or null when there were none to copy. */
  attachments: string | null;
  attachmentCount: number;
  /** Row counts of the main tables, read from the backup itself (SQLite) or the dumped snapshot (PostgreSQL). */
  counts: Record<string, number>;
  /** How the written backup was checked. */
  check: string;
}

/** The attachments folder that goes with a backup file: relais-…db → relais-….files/ */
export function attachmentsDirFor(backupFile: string): string {
  return `${backupFile.replace(/\.(db|dump)$/, '')}.files`;
}

/** Copies a folder tree; returns how many files it held (0 when the source does not exist). */
export function copyTree(from: string, to: string): number {
  if (!fs.existsSync(from)) return 0;
  // Attachments are personal data: their folders are the owner's only, as the data folder is
  // (cpSync would give the new ones the usual 0755).
  ensureDirectory(path.dirname(to), 0o700);
  ensureDirectory(to, 0o700);
  fs.cpSync(from, to, {
    recursive: true,
    errorOnExist: true,
    force: false,
    preserveTimestamps: true,
    // The file store writes <hash>.<pid>.tmp then renames: a .tmp is a write in progress, not a file.
    filter: (source) => !source.endsWith('.tmp'),
  });
  return countFiles(to);
}

export function countFiles(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

/** Opens a SQLite file read-only through Kysely, so the dialect's own integrity check can run on it. */
export function openSqliteReadOnly(file: string): Kysely<Database> {
  const database = new SQLite(file, { readonly: true, fileMustExist: true });
  return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
}

export async function backupDatabase(handle: DatabaseHandle, options: BackupOptions): Promise<BackupResult> {
  const extension = handle.sqlite ? '.db' : '.dump';
  // path.resolve('') is the current folder: an empty name is a mistake to name, not a folder to refuse.
  if (options.output !== undefined && options.output.trim() === '') throw new CliError('--output: the file name is empty / le nom de fichier est vide');
  const file = path.resolve(options.output ?? path.join(options.dataDir, 'backups', `relais-${fileTimestamp(options.now)}${extension}`));
  const attachments = attachmentsDirFor(file);
  for (const target of [file, attachments]) {
    if (fs.existsSync(target)) throw new CliError(`${target} already exists / existe déjà`);
  }
  // Private like the data folder: a backup is the whole customer base. Checked before the copy
  // starts, with the folder named (SQLite alone would only say "unable to open database file").
  const folder = path.dirname(file);
  try {
    ensureDirectory(folder, 0o700);
    fs.accessSync(folder, fs.constants.W_OK);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliError(`${folder}: cannot write the backup there (${reason}) / impossible d’y écrire la sauvegarde (${reason})`);
  }
  // Written under another name and renamed once checked: a crash never leaves a file that looks complete.
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });
  // Readable by its owner only, whatever the umask: it holds every password and token hash and
  // all the personal data. Created empty first, so SQLite and pg_dump write into it (keeping its
  // mode; SQLite gives its journal the same) instead of creating it with the umask's.
  fs.writeFileSync(partial, '', { mode: 0o600 });
  fs.chmodSync(partial, 0o600);

  let counts: Record<string, number>;
  try {
    counts = handle.sqlite
      ? await backupSqlite(handle, partial, options.onProgress)
      : await backupPostgres(handle.postgresUrl!, partial, options.onProgress);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    // SQLite's words name no file: these are about the backup's, not the database's.
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_CANTOPEN') throw new CliError(`${file}: the backup file cannot be created there / impossible d’y créer le fichier de sauvegarde`);
    if (code === 'SQLITE_FULL' || code === 'ENOSPC') throw new CliError(`${folder}: the disk is full, no backup written / le disque est plein, aucune sauvegarde écrite`);
    throw error;
  }
  fs.renameSync(partial, file);

  // Attachments after the database: a file written meanwhile is at worst extra, never missing
  // for a row of the backup (files are content-addressed and never change once written).
  const attachmentCount = copyTree(filesDir(options), attachments);
  const check = handle.sqlite ? 'PRAGMA integrity_check on the copy / sur la copie' : 'pg_restore --list';
  return { file, bytes: fs.statSync(file).size, attachments: fs.existsSync(attachments) ? attachments : null, attachmentCount, counts, check };
}

async function backupSqlite(handle: DatabaseHandle, target: string, onProgress?: ProgressFn): Promise<Record<string, number>> {
  let lastRemaining = Number.POSITIVE_INFINITY;
  await handle.sqlite!.backup(target, {
    progress({ totalPages, remainingPages }) {
      onProgress?.(totalPages - remainingPages, totalPages, 'database');
      // A write from another connection (the running server) restarts the copy. In WAL mode a
      // long step does not block writers, so after a restart finish in one step rather than loop.
      if (remainingPages > lastRemaining) return 0x7fffffff;
      lastRemaining = remainingPages;
      return Math.max(1000, Math.ceil(totalPages / 50));
    },
  });
  onProgress?.(1, 1, 'database');

  // The copy keeps the WAL flag of a live database; switch it back so the backup is one
  // self-contained file that opens read-only anywhere without -wal/-shm companions.
  const writable = new SQLite(target, { fileMustExist: true });
  writable.pragma('journal_mode = DELETE');
  writable.close();

  onProgress?.(0, 1, 'integrity check');
  const copy = openSqliteReadOnly(target);
  try {
    const problems = await handle.dialect.integrityCheck(copy);
    if (problems.length) throw new CliError(`The backup failed its integrity check / la sauvegarde échoue au contrôle d’intégrité:\n${problems.join('\n')}`);
    onProgress?.(1, 1, 'integrity check');
    return await countRows(async (table) => Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(copy)).rows[0].n));
  } finally {
    await copy.destroy();
  }
}

async function backupPostgres(url: string, target: string, onProgress?: ProgressFn): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url, application_name: 'relais backup' });
  await client.connect();
  try {
    // pg_dump runs on a snapshot exported from this transaction, so the counts printed below
    // describe exactly the data in the dump, however busy the database is meanwhile.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const snapshot: string = (await client.query('SELECT pg_export_snapshot() AS s')).rows[0].s;
    const tables = await client.query(`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`);
    const total = Number(tables.rows[0].n);
    let done = 0;
    onProgress?.(0, total, 'pg_dump');
    const { dbname, env } = libpqConnection(url);
    const dump = runTool('pg_dump', ['--format=custom', `--snapshot=${snapshot}`, '--no-password', '--verbose', `--file=${target}`, `--dbname=${dbname}`], env, (line) => {
      if (/dumping contents of table/.test(line)) onProgress?.(++done, total, 'pg_dump');
    });
    const [, counts] = await Promise.all([dump, countRows(async (table) => Number((await client.query(countSql(table))).rows[0].n))]);
    await client.query('COMMIT');
    onProgress?.(total, total, 'pg_dump');

    // The archive must at least be readable by pg_restore before we call it a backup.
    onProgress?.(0, 1, 'verify archive');
    const list = await runTool('pg_restore', ['--list', target], env);
    if (!/TABLE DATA \S+ relais_migrations /.test(list)) throw new CliError('pg_dump wrote an archive without Relais data / archive sans données Relais');
    onProgress?.(1, 1, 'verify archive');
    return counts;
  } finally {
    await client.end();
  }
}

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .summary('back up the database and attachments — sauvegarder la base et les pièces jointes')
    .description(
      'Back up the database (SQLite online backup API, or pg_dump on PostgreSQL) and the attachments folder, check the copy and print its row counts. Safe while the server runs.\n' +
        'Sauvegarde la base (API de sauvegarde à chaud de SQLite, ou pg_dump sous PostgreSQL) et le dossier des pièces jointes, vérifie la copie et affiche ses nombres de lignes. Sans arrêter le serveur.',
    )
    .option('-o, --output <file>', 'backup file (default RELAIS_DATA_DIR/backups/relais-<UTC timestamp>.db|.dump) — fichier de sauvegarde')
    .action(async (options: { output?: string }) => {
      const config = cliConfig();
      const handle = openConfiguredDatabase(config, { mustExist: true });
      const progress = new Progress();
      const result = await withHandle(handle, () =>
        backupDatabase(handle, { dataDir: config.dataDir, output: options.output, onProgress: (d, t, p) => progress.update(d, t, p) }),
      ).finally(() => progress.done());
      out(`Backup written / Sauvegarde écrite: ${result.file} (${(result.bytes / 1_048_576).toFixed(1)} MiB)`);
      out(
        result.attachments
          ? `Attachments / Pièces jointes: ${result.attachments} (${result.attachmentCount} files / fichiers)`
          : `Attachments / Pièces jointes: none / aucune (${filesDir(config)} absent)`,
      );
      out(`Check / Vérification: ok (${result.check})`);
      out('Rows / Lignes:');
      out(formatCounts(result.counts));
    });
}
