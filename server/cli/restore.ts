/**
 * `relais restore <file>` (QUALITY 28): puts a backup back into the configured database, then runs
 * the integrity check and the migrations (a backup from an older release comes back up to date).
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { Command } from 'commander';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { connectDatabase, migrateToLatest } from '../db/connect.js';
import { sqliteFeatures } from '../db/dialect/sqlite.js';
import type { Database } from '../db/schema.js';
import { ensureDirectory } from '../lib/directories.js';
import { createFileStore } from '../modules/files/file-store.js';
import { attachmentsDirFor, copyTree, countFiles, openSqliteReadOnly, type ProgressFn } from './backup.js';
import { displayUrl, libpqConnection, runPipeline, runTool } from './pg-tools.js';
import { countRows, formatCounts } from './row-counts.js';
import { CliError, cliConfig, fileTimestamp, filesDir, out, Progress, sqliteFile, withHandle } from './shared.js';

export interface RestoreOptions {
  /** Replace a database (and attachments) that already hold data. */
  yes?: boolean;
  onProgress?: ProgressFn;
  now?: Date;
  /** Restore even when attachment files the backup's database lists are not beside it. */
  allowMissingAttachments?: boolean;
}

export interface RestoreResult {
  /** Migrations applied after the restore (a backup from an older release). */
  migrations: string[];
  counts: Record<string, number>;
  attachmentCount: number;
  /** Where the replaced SQLite file and attachments were moved, if there were any. */
  setAside: string[];
  /** Attachments the restored database lists whose file is not in the attachments folder. */
  missingAttachments: number;
}

/** The content hashes among `hashes` that have no file in the attachments folder `dir`. */
function missingFiles(hashes: string[], dir: string): string[] {
  const store = createFileStore(dir);
  return hashes.filter((hash) => {
    try {
      return !fs.existsSync(store.pathOf(hash));
    } catch {
      return true; // not a content hash: no file can match it
    }
  });
}

async function listedAttachments(db: Kysely<Database>): Promise<string[]> {
  return (await db.selectFrom('attachments').select('sha256').distinct().execute()).map((r) => r.sha256);
}

export async function restoreDatabase(config: Config, backupFile: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const file = path.resolve(backupFile);
  if (!fs.existsSync(file)) throw new CliError(`${file}: no such file / fichier introuvable`);
  if (!fs.statSync(file).isFile()) throw new CliError(`${file}: not a file, so not a backup / n’est pas un fichier, donc pas une sauvegarde`);
  const stamp = fileTimestamp(options.now);
  const files = filesDir(config);
  // A data folder this restore creates goes again if it fails: no half-made instance left behind.
  const madeDataDir = !fs.existsSync(config.dataDir);
  const target = config.databaseUrl ? displayUrl(config.databaseUrl) : sqliteFile(config);
  const targetHasData = config.databaseUrl ? await postgresHasTables(config.databaseUrl) : fs.existsSync(sqliteFile(config));
  if (!options.yes && (targetHasData || countFiles(files) > 0)) {
    throw new CliError(
      `${target} or ${files} already holds data; add --yes to replace it with the backup.\n` +
        `${target} ou ${files} contient déjà des données ; ajoutez --yes pour les remplacer par la sauvegarde.`,
    );
  }

  // A backup is its database and the attachments folder written beside it: a database copied
  // without that folder would restore records whose files are gone (downloads failing later).
  // Checked before anything is touched; PostgreSQL dumps are checked once restored (below).
  const backupFiles = attachmentsDirFor(file);
  if (!config.databaseUrl && !options.allowMissingAttachments) {
    const backup = openSqliteReadOnly(file);
    const missing = await listedAttachments(backup)
      .then((hashes) => missingFiles(hashes, backupFiles))
      .catch(() => [] as string[]) // not a Relais backup: restoreSqlite says so
      .finally(() => backup.destroy());
    if (missing.length) throw missingAttachmentsError(missing.length, backupFiles);
  }

  // Attachments are copied in first, beside the current folder, so running out of disk here
  // stops the restore before the database has been touched.
  options.onProgress?.(0, 1, 'attachments');
  const incoming = `${files}.restoring`;
  fs.rmSync(incoming, { recursive: true, force: true });
  copyTree(backupFiles, incoming);
  options.onProgress?.(1, 1, 'attachments');

  const setAside: string[] = [];
  let migrations: string[] = [];
  try {
    if (config.databaseUrl) {
      await restorePostgres(config.databaseUrl, file, options);
    } else {
      const restored = await restoreSqlite(sqliteFile(config), file, stamp, options);
      migrations = restored.migrations;
      if (restored.aside) setAside.push(restored.aside);
    }
  } catch (error) {
    fs.rmSync(madeDataDir ? config.dataDir : incoming, { recursive: true, force: true });
    throw error;
  }

  // The backup's attachments replace the current ones, which are kept aside, not deleted.
  if (countFiles(files) > 0) {
    const aside = `${files}.before-restore-${stamp}`;
    fs.renameSync(files, aside);
    setAside.push(aside);
  } else {
    fs.rmSync(files, { recursive: true, force: true });
  }
  if (fs.existsSync(incoming)) fs.renameSync(incoming, files);

  // Last word from the database as the server will open it.
  const handle = connectDatabase({ databaseUrl: config.databaseUrl, sqlitePath: sqliteFile(config) });
  return withHandle(handle, async () => {
    options.onProgress?.(0, 1, 'migrations');
    migrations.push(...(await migrateToLatest(handle)));
    const problems = await handle.dialect.integrityCheck(handle.db);
    if (problems.length) throw new CliError(`The restored database failed its integrity check / la base restaurée échoue au contrôle d’intégrité:\n${problems.join('\n')}`);
    options.onProgress?.(1, 1, 'migrations');
    const counts = await countRows(async (table) => Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(handle.db)).rows[0].n));
    const missingAttachments = missingFiles(await listedAttachments(handle.db), files).length;
    return { migrations, counts, attachmentCount: countFiles(files), setAside, missingAttachments };
  });
}

/**
 * SQLite: check the backup, copy it to a temporary file beside the database, bring that copy up
 * to date, then swap it in with a rename (atomic: the database is always either the old or the
 * new one). The replaced file is kept aside; returns where, and the migrations applied to the copy.
 */
async function restoreSqlite(
  target: string,
  backupFile: string,
  stamp: string,
  options: RestoreOptions,
): Promise<{ aside: string | null; migrations: string[] }> {
  const backup = openSqliteReadOnly(backupFile);
  try {
    await sql`SELECT 1 FROM relais_migrations LIMIT 1`.execute(backup).catch(() => {
      throw new CliError(`${backupFile} is not a Relais SQLite backup / n’est pas une sauvegarde SQLite de Relais`);
    });
    const problems = await sqliteFeatures.integrityCheck(backup).catch((error: Error) => [error.message]);
    if (problems.length) throw new CliError(`${backupFile} failed its integrity check / échoue au contrôle d’intégrité:\n${problems.join('\n')}`);
  } finally {
    await backup.destroy();
  }

  const exists = fs.existsSync(target);
  // A damaged database is what a restore is for: it is set aside like any other.
  if (exists) assertNotInUse(target);

  ensureDirectory(path.dirname(target), 0o700);
  const temp = `${target}.restoring`;
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(temp + suffix, { force: true });
  const reader = new SQLite(backupFile, { readonly: true, fileMustExist: true });
  try {
    await reader.backup(temp, {
      progress: ({ totalPages, remainingPages }) => {
        options.onProgress?.(totalPages - remainingPages, totalPages, 'database');
        return Math.max(1000, Math.ceil(totalPages / 50));
      },
    });
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  } finally {
    reader.close();
  }
  options.onProgress?.(1, 1, 'database');

  // Migrate the copy before the swap: if a migration fails, the current database is untouched.
  const handle = connectDatabase({ sqlitePath: temp });
  const migrations = await withHandle(handle, async () => {
    const applied = await migrateToLatest(handle);
    // Back to a single file, so the rename below carries everything (no -wal left behind).
    handle.sqlite!.pragma('journal_mode = DELETE');
    return applied;
  }).catch((error: unknown) => {
    fs.rmSync(temp, { force: true });
    throw error;
  });

  let aside: string | null = null;
  if (exists) {
    // A second name for the old file, then one rename over it: at every instant relais.db is
    // either the old database or the restored one, never missing. (SQLite itself drops the WAL or
    // journal of a file it cannot read, when the probe opens it.)
    aside = `${target}.before-restore-${stamp}`;
    fs.linkSync(target, aside);
  } else {
    // Companions of a database that is gone would be replayed onto the restored one.
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(target + suffix, { force: true });
  }
  fs.renameSync(temp, target);
  return { aside, migrations };
}

/**
 * Refuses while another process (a running server) has the SQLite file open: leaving WAL mode
 * needs the only connection, so it fails exactly when someone else is connected. It also folds
 * the WAL into the file, so the file set aside is complete on its own. A file SQLite cannot read
 * (damaged, or not a database) is no server's: the restore may replace it.
 */
function assertNotInUse(target: string): void {
  let mode: string;
  try {
    const probe = new SQLite(target, { fileMustExist: true, timeout: 1000 });
    try {
      mode = String(probe.pragma('journal_mode = DELETE', { simple: true }));
    } finally {
      probe.close();
    }
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return;
    mode = 'busy';
  }
  if (mode !== 'delete') {
    throw new CliError(
      `${target} is in use: stop the Relais server first.\n${target} est en cours d’utilisation : arrêtez d’abord le serveur Relais.`,
    );
  }
}

/**
 * Empties the schema before the backup's objects are created, as SQLite's restore replaces the
 * whole file: pg_restore --clean drops only what the archive holds, so what a later release added
 * (a backup from before an upgrade) stayed, depending on the archive's tables (their drop then
 * failed) or in the way of the migrations that create it again. Objects of extensions are theirs.
 */
const EMPTY_SCHEMA = `SET client_min_messages = warning;
DO $relais$
DECLARE
  drops text[];
  statement text;
BEGIN
  -- Every name is read before anything is dropped; CASCADE takes a table's indexes, triggers,
  -- constraints and owned sequences with it, and IF EXISTS passes over what went that way.
  SELECT coalesce(array_agg(format('DROP %s IF EXISTS %s CASCADE', CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
           WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, c.oid::regclass)), '{}')
    INTO drops FROM pg_class c
   WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e');
  SELECT drops || coalesce(array_agg(format('DROP ROUTINE IF EXISTS %s CASCADE', p.oid::regprocedure)), '{}') INTO drops FROM pg_proc p
   WHERE p.pronamespace = current_schema()::regnamespace
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e');
  FOREACH statement IN ARRAY drops LOOP
    EXECUTE statement;
  END LOOP;
END $relais$;`;

/**
 * PostgreSQL: the schema emptied (EMPTY_SCHEMA), then pg_restore's script run by psql, all in one
 * transaction, so a failure leaves the database as it was. Refuses while other sessions are
 * connected (a running server would see tables vanish).
 */
async function restorePostgres(url: string, backupFile: string, options: RestoreOptions): Promise<void> {
  const { dbname, env } = libpqConnection(url);
  const list = await runTool('pg_restore', ['--list', backupFile], env).catch(() => {
    throw new CliError(`${backupFile} is not a pg_dump archive / n’est pas une archive pg_dump`);
  });
  if (!/TABLE DATA \S+ relais_migrations /.test(list)) {
    throw new CliError(`${backupFile} is not a Relais backup / n’est pas une sauvegarde de Relais`);
  }
  const tableCount = (list.match(/TABLE DATA /g) ?? []).length;

  const client = new pg.Client({ connectionString: url, application_name: 'relais restore' });
  await client.connect();
  try {
    const others = await client.query(
      `SELECT coalesce(nullif(application_name, ''), '?') AS app, coalesce(host(client_addr), 'local') AS addr
       FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    if (others.rowCount) {
      const who = others.rows.map((r) => `${r.app}@${r.addr}`).join(', ');
      throw new CliError(
        `${others.rowCount} other session(s) connected (${who}): stop the Relais servers first.\n` +
          `${others.rowCount} autre(s) session(s) connectée(s) (${who}) : arrêtez d’abord les serveurs Relais.`,
      );
    }
  } finally {
    await client.end();
  }

  let done = 0;
  options.onProgress?.(0, tableCount, 'pg_restore');
  // pg_restore writes the script (--clean: its own drops too, harmless once the schema is empty);
  // psql runs it after EMPTY_SCHEMA in one transaction, stopping at the first error (rolled back).
  await runPipeline(
    { command: 'pg_restore', args: ['--clean', '--if-exists', '--no-owner', '--verbose', '--file=-', backupFile] },
    { command: 'psql', args: ['--no-psqlrc', '--quiet', '--no-password', '--single-transaction', '--set=ON_ERROR_STOP=1', `--dbname=${dbname}`, `--command=${EMPTY_SCHEMA}`, '--file=-'] },
    env,
    (line) => {
      if (/processing data for table/.test(line)) options.onProgress?.(++done, tableCount, 'pg_restore');
    },
  );
  options.onProgress?.(tableCount, tableCount, 'pg_restore');
}

async function postgresHasTables(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, application_name: 'relais restore' });
  await client.connect();
  try {
    const tables = await client.query(`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema()`);
    return Number(tables.rows[0].n) > 0;
  } finally {
    await client.end();
  }
}

function missingAttachmentsError(count: number, dir: string): CliError {
  return new CliError(
    `${count} attachment file(s) listed in the backup are not in ${dir}, the folder \`relais backup\` writes beside the backup file. Nothing was changed. ` +
      'Put that folder back beside the file, or add --allow-missing-attachments to restore without those files.\n' +
      `${count} pièce(s) jointe(s) de la sauvegarde sont absentes de ${dir}, le dossier que \`relais backup\` écrit à côté du fichier. Rien n’a été modifié. ` +
      'Remettez ce dossier à côté du fichier, ou ajoutez --allow-missing-attachments pour restaurer sans ces fichiers.',
  );
}

export function registerRestore(program: Command): void {
  program
    .command('restore')
    .summary('restore a backup into the configured database — restaurer une sauvegarde')
    .description(
      'Restore a backup made by `relais backup` into the configured database and attachments folder, then run the integrity check and the migrations. Stop the server first. What it replaces is kept aside (SQLite file and attachments).\n' +
        'Restaure une sauvegarde faite par `relais backup` dans la base configurée et le dossier des pièces jointes, puis lance le contrôle d’intégrité et les migrations. Arrêtez d’abord le serveur. Ce qui est remplacé est mis de côté (fichier SQLite et pièces jointes).',
    )
    .argument('<file>', 'backup file (.db for SQLite, .dump for PostgreSQL) — fichier de sauvegarde')
    .option('-y, --yes', 'replace a database that already holds data — remplacer une base qui contient déjà des données')
    .option(
      '--allow-missing-attachments',
      'restore even if attachment files are missing beside the backup — restaurer même si des pièces jointes manquent à côté de la sauvegarde',
    )
    .action(async (file: string, options: { yes?: boolean; allowMissingAttachments?: boolean }) => {
      const config = cliConfig();
      const progress = new Progress();
      const result = await restoreDatabase(config, file, {
        yes: options.yes,
        allowMissingAttachments: options.allowMissingAttachments,
        onProgress: (d, t, p) => progress.update(d, t, p),
      }).finally(() => progress.done());
      out(`Restored / Restauré: ${file} → ${config.databaseUrl ? displayUrl(config.databaseUrl) : sqliteFile(config)}`);
      out(`Attachments / Pièces jointes: ${result.attachmentCount} files / fichiers in / dans ${filesDir(config)}`);
      const missing = result.missingAttachments;
      if (missing) out(`Warning / Attention: ${missing} attachment(s) without a file / pièce(s) jointe(s) sans fichier`);
      for (const aside of result.setAside) out(`Previous data kept in / Anciennes données conservées dans: ${aside}`);
      out(
        result.migrations.length
          ? `Migrations applied / appliquées: ${result.migrations.join(', ')}`
          : 'Migrations: up to date / à jour',
      );
      out('Integrity check / Contrôle d’intégrité: ok');
      out('Rows / Lignes:');
      out(formatCounts(result.counts));
      // A PostgreSQL dump can only be checked once restored: the data is in, but say it loudly.
      if (missing && !options.allowMissingAttachments) {
        throw new CliError(
          `restored, but ${missing} attachment file(s) are missing from ${filesDir(config)}; copy the backup's .files folder there.\n` +
            `restauré, mais ${missing} pièce(s) jointe(s) manquent dans ${filesDir(config)} ; copiez-y le dossier .files de la sauvegarde.`,
        );
      }
    });
}
