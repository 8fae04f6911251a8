/** What every `relais` command shares: configuration, database, services, messages and progress. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { systemClock } from '../clock.js';
import { loadConfig, type Config } from '../config.js';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from '../db/connect.js';
import { ERROR_MESSAGES, type ErrorCode } from '../../common/errors.js';
import { AppError } from '../errors.js';
import { explainError } from '../lib/system-errors.js';
import { createAuthService } from '../modules/access/auth.service.js';
import { createUsersService } from '../modules/access/users.service.js';

/** An expected failure: printed as its message alone, exit code 1 (or the one given). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Same environment variables as the server (README "Configuration"). */
export function cliConfig(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

/** Where the SQLite database of this configuration lives: the file app.ts `openDatabase` opens. */
export function sqliteFile(config: Config): string {
  return path.join(config.dataDir, 'relais.db');
}

/** Where attachments live (decision D9: files by content hash under the data folder). */
export function filesDir(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'files');
}

/** Opens the configured database; `mustExist` refuses to create an empty SQLite file by accident. */
export function openConfiguredDatabase(config: Config, options: { mustExist?: boolean } = {}): DatabaseHandle {
  if (!config.databaseUrl && options.mustExist && !fs.existsSync(sqliteFile(config))) {
    throw new CliError(
      `No database at ${sqliteFile(config)} (check RELAIS_DATA_DIR).\nAucune base de données à ${sqliteFile(config)} (vérifiez RELAIS_DATA_DIR).`,
    );
  }
  // connectDatabase rather than app.ts openDatabase: importing app.ts would load the whole server
  // (Fastify, every module) for a command that needs a database connection only.
  return connectDatabase({ databaseUrl: config.databaseUrl, sqlitePath: sqliteFile(config) });
}

/**
 * Runs a command that may be the first to open an SQLite database (the users service checks its
 * input once the database is open): when it fails, the database it created goes again, and the
 * data folder too when it made it, so a mistyped e-mail leaves no empty installation behind.
 * `command` opens the database (and closes it, as withHandle does, before this cleans up).
 */
export async function withFreshDatabaseUndone<T>(config: Config, command: () => Promise<T>): Promise<T> {
  const file = sqliteFile(config);
  const fresh = !config.databaseUrl && !fs.existsSync(file);
  const folderWasThere = fs.existsSync(config.dataDir);
  try {
    return await command();
  } catch (error) {
    if (fresh) {
      if (folderWasThere) for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
      else fs.rmSync(config.dataDir, { recursive: true, force: true });
    }
    throw error;
  }
}

/** A logger for services run from the command line: quiet unless RELAIS_LOG_LEVEL asks for detail. */
export function cliLogger(level: string): FastifyBaseLogger {
  const order = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
  // Security events are also stored in the database; on a terminal only warnings and worse matter.
  const threshold = level === 'silent' ? Infinity : Math.max(order.indexOf(level), order.indexOf('warn'));
  const write = (at: string) => (obj: unknown, msg?: string) => {
    if (order.indexOf(at) < threshold) return;
    const line = typeof obj === 'string' ? { msg: obj } : { ...(obj as object), msg };
    process.stderr.write(`${JSON.stringify({ level: at, ...line })}\n`);
  };
  const logger = {
    level,
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    fatal: write('fatal'),
    silent: () => undefined,
    child: () => logger,
  };
  return logger as unknown as FastifyBaseLogger;
}

/**
 * The database, brought up to date, and the account services the user and token commands need.
 * `mustExist`: for commands that only make sense on existing data (a mistyped RELAIS_DATA_DIR must
 * not quietly create an empty database); `user create` may make the first admin before the first start.
 */
export async function openAccountServices(config: Config, options: { mustExist?: boolean } = {}) {
  const handle = openConfiguredDatabase(config, options);
  try {
    await migrateToLatest(handle);
  } catch (error) {
    await handle.close();
    throw error;
  }
  const log = cliLogger(config.logLevel);
  // Built directly rather than through buildApp: buildApp would create the first-start admin
  // with a random password as a side effect, which a CLI command must not do silently.
  const auth = createAuthService({ db: handle.db, clock: systemClock, log, sessionHours: config.sessionHours });
  const users = createUsersService({ db: handle.db, dialect: handle.dialect, clock: systemClock, log, auth });
  return { handle, auth, users };
}

/** Runs `fn` with the database open and always closes it, so the process can exit. */
export async function withHandle<T>(handle: DatabaseHandle, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } finally {
    await handle.close();
  }
}

/** 144 random bits, URL-safe: strong enough for any password rule, short enough to type once. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** UTC timestamp usable in a file name on every system: 20260302-080000Z. */
export function fileTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\.\d+Z$/, 'Z');
}

export function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/**
 * A progress line on stderr (stdout stays clean for what scripts capture): redrawn in place on a
 * terminal, one line per 10 % otherwise (cron mail, CI logs).
 */
export class Progress {
  private lastDraw = 0;
  private lastLine = '';
  private drawn = false;
  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update(done: number, total: number, phase: string): void {
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    const percent = Math.floor(fraction * 100);
    if (this.stream.isTTY) {
      const now = Date.now();
      if (now - this.lastDraw < 100 && fraction < 1) return;
      this.lastDraw = now;
      const width = 30;
      const filled = Math.round(fraction * width);
      this.stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(percent).padStart(3)}% ${phase.padEnd(36).slice(0, 36)}`);
      this.drawn = true;
    } else {
      const line = `${String(Math.floor(percent / 10) * 10).padStart(3)}% ${phase}`;
      if (line === this.lastLine) return;
      this.lastLine = line;
      this.stream.write(`${line}\n`);
    }
  }

  /** Ends the in-place line so what follows starts on a fresh one. */
  done(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}

/** Turns any error into a message and an exit code; the stack only when debugging. */
export function reportError(error: unknown, env: NodeJS.ProcessEnv = process.env): number {
  const debug = env.RELAIS_LOG_LEVEL === 'debug' || env.RELAIS_LOG_LEVEL === 'trace';
  let message: string;
  let exitCode = 1;
  if (error instanceof CliError) {
    message = error.message;
    exitCode = error.exitCode;
  } else if (error instanceof AppError) {
    const details = Array.isArray(error.details)
      ? (error.details as Array<{ path?: string; message?: string; messageFr?: string }>)
          .map((d) => `\n  ${d.path ?? ''}: ${d.message ?? ''}${d.messageFr ? ` / ${d.messageFr}` : ''}`)
          .join('')
      : '';
    // The code's message in both languages first, then the specific (English) reason and fields.
    const known = ERROR_MESSAGES[error.code as ErrorCode];
    message = `${known ? `${known.en} / ${known.fr} ` : ''}(${error.code}: ${error.message})${details}`;
  } else {
    message = explainError(error);
  }
  process.stderr.write(`Error / Erreur: ${message}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return exitCode;
}
