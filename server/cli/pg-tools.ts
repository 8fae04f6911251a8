/** Running PostgreSQL's own client tools (pg_dump, pg_restore) without a shell. */
import { spawn } from 'node:child_process';
import { CliError } from './shared.js';

/**
 * The connection for libpq tools: the URL without its password, which travels in PGPASSWORD
 * instead, because command-line arguments are readable by every user of the machine (`ps`).
 */
export function libpqConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  // libpq also reads a password from the query string (?password=…): moved out the same way.
  const password = decodeURIComponent(parsed.password) || parsed.searchParams.get('password') || '';
  parsed.password = '';
  parsed.searchParams.delete('password');
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (password) env.PGPASSWORD = password;
  return { dbname: parsed.toString(), env };
}

/** The URL with any password masked, for messages. */
export function displayUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
  return parsed.toString();
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
    let pending = '';
    const tail: string[] = [];
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        onLine(line);
        tail.push(line);
        if (tail.length > 20) tail.shift();
      }
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new CliError(
              `${command} not found: install the PostgreSQL client tools (apt-get install postgresql-client), the same major version as the server or newer.\n` +
                `${command} introuvable : installez les outils clients PostgreSQL (apt-get install postgresql-client), de même version majeure que le serveur ou plus récente.`,
            )
          : error,
      );
    });
    child.on('close', (code) => {
      if (pending) tail.push(pending);
      if (code === 0) resolve(stdout);
      else {
        // With --verbose the tail is mostly progress chatter; keep the lines that say what went wrong.
        const errors = tail.filter((l) => /error|fatal|erreur/i.test(l));
        reject(new CliError(`${command} failed (exit code ${code}) / ${command} a échoué (code ${code}):\n${(errors.length ? errors : tail).join('\n')}`));
      }
    });
  });
}
