import type { Command } from 'commander';

export function registerStart(program: Command): void {
  program
    .command('start')
    .summary('start the server (same as npm start) — démarrer le serveur')
    .description(
      'Apply pending migrations and serve Relais (API, web app, live events, background jobs), exactly like `npm start`.\n' +
        'Applique les migrations en attente et sert Relais (API, application web, événements en direct, tâches de fond), comme `npm start`.',
    )
    .action(async () => {
      // Loaded here, not at the top: the other commands need not load the whole server.
      const { startServer } = await import('../main.js');
      // Listens until SIGINT/SIGTERM; startServer closes the app and exits on its own.
      await startServer(process.env);
    });
}
