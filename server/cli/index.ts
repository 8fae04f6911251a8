/**
 * The `relais` command (bin/relais.mjs runs the built copy of this file). One file per command;
 * configuration comes from the same environment variables as the server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { registerBackup } from './backup.js';
import { registerCall } from './call.js';
import { bilingualHelp, withFrench } from './commander-french.js';
import { registerDemo } from './demo.js';
import { registerMigrate } from './migrate.js';
import { registerRestore } from './restore.js';
import { reportError } from './shared.js';
import { registerStart } from './start.js';
import { registerToken } from './token.js';
import { registerUser } from './user.js';

/** The package version, found from sources (server/cli) and from dist/server/cli alike. */
function packageVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++, dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return 'unknown';
}

export function buildProgram(): Command {
  const program = new Command('relais')
    .description('Relais, the open-source CRM — command line.\nRelais, le CRM libre — ligne de commande.')
    .version(packageVersion(), '-V, --version', 'print the version — afficher la version')
    .helpOption('-h, --help', 'show help — afficher l’aide')
    .helpCommand('help [command]', 'show help for a command — afficher l’aide d’une commande')
    .showHelpAfterError('(add --help for usage / ajoutez --help pour l’aide)')
    // Inherited by every command registered below.
    .configureOutput({ outputError: (message, write) => write(withFrench(message)) })
    .configureHelp(bilingualHelp)
    // Errors come back to runCli as exceptions instead of exiting, so one place sets the exit code.
    .exitOverride()
    .addHelpText(
      'after',
      '\nConfiguration: the same environment variables as the server (RELAIS_DATA_DIR, DATABASE_URL, …), see README.md.\n' +
        'Configuration : les mêmes variables d’environnement que le serveur (RELAIS_DATA_DIR, DATABASE_URL, …), voir README.md.',
    );
  registerStart(program);
  registerMigrate(program);
  registerUser(program);
  registerToken(program);
  registerDemo(program);
  registerBackup(program);
  registerRestore(program);
  registerCall(program);
  return program;
}

/**
 * `relais backup | head -2`: once the reader has gone, writing to stdout fails with EPIPE, an
 * 'error' event that would crash the command with a stack trace while its work is still going on.
 */
let stdoutGuarded = false;
function ignoreClosedStdout() {
  if (stdoutGuarded) return;
  stdoutGuarded = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

/** Runs the command line; resolves to the process exit code. */
export async function runCli(argv: string[] = process.argv): Promise<number> {
  ignoreClosedStdout();
  try {
    const program = buildProgram();
    // Commander answers `help nosuch` with the general help as if asked for; say what was wrong.
    const [first, second] = argv.slice(2);
    if (first === 'help' && second && !program.commands.some((command) => command.name() === second)) {
      program.error(`error: unknown command '${second}'`, { code: 'commander.unknownCommand' });
    }
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    // Commander has already printed its own message (unknown option, missing argument, help).
    if (error instanceof CommanderError) return error.exitCode;
    return reportError(error);
  }
}

// Also runnable straight from sources: `node --import tsx server/cli/index.ts <command>`.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await runCli();
}
