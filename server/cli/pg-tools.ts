/** Running PostgreSQL's own client tools (pg_dump, pg_restore, psql) without a shell. */
import { spawn } from 'node:child_process';
import { CliError } from './shared.js';

/**
 * The connection for libpq tools: the URL without its password, which travels in PGPASSWORD
 * instead, because command-line arguments are readable by every user of the machine (`ps`).
 */
export function libpqConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  // The query string is read as libpq reads it, pair by pair, %XX decoded and "+" kept a plus, and
  // the pairs kept are passed on as written: URLSearchParams would rewrite a space as "+", so the
  // README's "?options=-c%20max_parallel_workers_per_gather%3D2" would reach the server as the
  // setting "+max_parallel_workers_per_gather" and pg_dump would not connect.
  const pairs = parsed.search.slice(1).split('&').filter(Boolean);
  // libpq also reads a password from the query string (?password=…): moved out the same way.
  const inQuery = pairs.find((pair) => isParameter(pair, 'password'));
  const password = decodeURIComponent(parsed.password) || (inQuery?.includes('=') ? decodeURIComponent(inQuery.slice(inQuery.indexOf('=') + 1)) : '');
  parsed.password = '';
  if (inQuery) {
    const kept = pairs.filter((pair) => !isParameter(pair, 'password'));
    parsed.search = kept.length ? `?${kept.join('&')}` : '';
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (password) env.PGPASSWORD = password;
  return { dbname: parsed.toString(), env };
}

/** Whether a `name=value` pair of a query string, as written, is the parameter `name` (libpq decodes %XX only). */
function isParameter(pair: string, name: string): boolean {
  const key = pair.split('=')[0];
  try {
    return decodeURIComponent(key) === name;
  } catch {
    return false;
  }
}

/** The URL with any password masked, for messages. */
export function displayUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
  return parsed.toString();
}

/** A tool's stderr read line by line: each line to `onLine`, the last 20 kept for an error message. */
function readLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): { tail: string[]; flush: () => void } {
  let pending = '';
  const tail: string[] = [];
  const push = (line: string) => {
    onLine(line);
    tail.push(line);
    if (tail.length > 20) tail.shift();
  };
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) push(line);
  });
  return {
    tail,
    flush: () => {
      if (pending) push(pending);
      pending = '';
    },
  };
}

/** The error for a tool that could not start: a missing tool named with how to install it. */
function startError(command: string, error: NodeJS.ErrnoException): Error {
  return error.code === 'ENOENT'
    ? new CliError(
        `${command} not found: install the PostgreSQL client tools (apt-get install postgresql-client), the same major version as the server or newer.\n` +
          `${command} introuvable : installez les outils clients PostgreSQL (apt-get install postgresql-client), de même version majeure que le serveur ou plus récente.`,
      )
    : error;
}

/** The error for a tool that exited non-zero, with its last words. */
function exitError(command: string, code: number | null, tail: string[]): CliError {
  // With --verbose the tail is mostly progress chatter; keep the lines that say what went wrong.
  const errors = tail.filter((l) => /error|fatal|erreur/i.test(l));
  return new CliError(`${command} failed (exit code ${code}) / ${command} a échoué (code ${code}):\n${(errors.length ? errors : tail).join('\n')}`);
}

/**
 * Runs a tool with an argument array (no shell, so nothing in a URL or file name is interpreted),
 * hands each stderr line to `onLine`, and fails with the tool's last words when it exits non-zero.
 */
export function runTool(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  onLine: (line: string) => void = () => undefined,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    const stderr = readLines(child.stderr, onLine);
    child.on('error', (error: NodeJS.ErrnoException) => reject(startError(command, error)));
    child.on('close', (code) => {
      stderr.flush();
      if (code === 0) resolve(stdout);
      else reject(exitError(command, code, stderr.tail));
    });
  });
}

/** A tool and its arguments, for runPipeline. */
export interface ToolRun {
  command: string;
  args: string[];
}

/**
 * Runs `producer | consumer` (no shell), the producer's stderr lines to `onLine`. The consumer's
 * input is ended only once the producer has succeeded: should the producer fail half-way, the
 * consumer is killed instead of reading a cut script to its end (psql --single-transaction would
 * then commit half a restore). Fails with the last words of the tool that failed first.
 */
export function runPipeline(producer: ToolRun, consumer: ToolRun, env: NodeJS.ProcessEnv, onLine: (line: string) => void = () => undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const into = spawn(consumer.command, consumer.args, { env, stdio: ['pipe', 'ignore', 'pipe'] });
    const from = spawn(producer.command, producer.args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const intoErr = readLines(into.stderr, () => undefined);
    const fromErr = readLines(from.stderr, onLine);
    let startFailure: Error | undefined;
    let consumerKilled = false;
    const killConsumer = () => {
      consumerKilled = true;
      into.kill('SIGKILL');
    };
    // A consumer that stopped reading (it failed) must not fail the pipe with EPIPE: its own exit says why.
    into.stdin.on('error', () => undefined);
    from.stdout.pipe(into.stdin, { end: false });
    const exits = new Map<'from' | 'into', number | null>();
    const settle = () => {
      if (exits.size < 2) return;
      const [fromCode, intoCode] = [exits.get('from'), exits.get('into')];
      // The consumer's own failure (an SQL error) is the cause; the producer then only lost its reader.
      if (startFailure) reject(startFailure);
      else if (intoCode !== 0 && !consumerKilled) reject(exitError(consumer.command, intoCode ?? null, intoErr.tail));
      else if (fromCode !== 0) reject(exitError(producer.command, fromCode ?? null, fromErr.tail));
      else resolve();
    };
    // A tool that cannot start may not emit 'close': its side counts as ended with the error.
    from.on('error', (error: NodeJS.ErrnoException) => {
      startFailure ??= startError(producer.command, error);
      killConsumer();
      exits.set('from', -1);
      settle();
    });
    into.on('error', (error: NodeJS.ErrnoException) => {
      startFailure ??= startError(consumer.command, error);
      from.kill('SIGKILL');
      exits.set('into', -1);
      settle();
    });
    from.on('close', (code) => {
      fromErr.flush();
      if (code === 0) into.stdin.end();
      else killConsumer();
      exits.set('from', code);
      settle();
    });
    into.on('close', (code) => {
      intoErr.flush();
      if (code !== 0) from.kill('SIGKILL');
      exits.set('into', code);
      settle();
    });
  });
}
