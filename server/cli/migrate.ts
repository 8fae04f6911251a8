import type { Command } from 'commander';
import { migrateToLatest } from '../db/connect.js';
import { displayUrl } from './pg-tools.js';
import { cliConfig, openConfiguredDatabase, out, sqliteFile, withHandle } from './shared.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .summary('apply database migrations — appliquer les migrations')
    .description(
      'Apply pending database migrations and print which ran. The server also runs them at start; this command lets you run them first, e.g. before starting several instances.\n' +
        'Applique les migrations en attente et affiche lesquelles ont tourné. Le serveur les lance aussi au démarrage ; cette commande permet de les passer avant, par ex. avant de démarrer plusieurs instances.',
    )
    .action(async () => {
      const config = cliConfig();
      const handle = openConfiguredDatabase(config);
      // Each migration as it starts, on stderr: a few rewrite large tables and take a minute.
      const onStart = (name: string) => process.stderr.write(`applying / application : ${name}…\n`);
      const applied = await withHandle(handle, () => migrateToLatest(handle, { onStart }));
      out(`Database / Base: ${config.databaseUrl ? displayUrl(config.databaseUrl) : sqliteFile(config)}`);
      if (applied.length === 0) out('Already up to date / Déjà à jour');
      for (const name of applied) out(`applied / appliquée: ${name}`);
    });
}
