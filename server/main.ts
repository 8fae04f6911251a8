import { buildApp } from './app.js';
import { loadConfig } from './config.js';

/** `npm start`: read the environment, build the server, listen, stop cleanly on SIGINT/SIGTERM. */
export async function startServer(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(env);
  const app = await buildApp(config, {
    onMigration: (name) => process.stdout.write(`Applying migration / Application de la migration ${name}…\n`),
  });
  const admin = app.relais.bootstrap.createdAdmin;
  if (admin?.password) {
    // Printed once, on first start only; never logged afterwards.
    process.stdout.write(
      `\n  First start / Premier démarrage\n  Admin: ${admin.email}\n  Password / Mot de passe: ${admin.password}\n  (shown once / affiché une seule fois)\n\n`,
    );
  }
  await app.listen({ port: config.port, host: config.host });
  const where = config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`;
  process.stdout.write(`Relais listening on http://localhost:${config.port} (${where})\n`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void app.close().then(() => process.exit(0));
    });
  }
  return app;
}

const isEntryPoint = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').slice(-2).join('/'));
if (isEntryPoint) {
  startServer().catch((error: Error) => {
    process.stderr.write(`Relais could not start / Relais n'a pas pu démarrer: ${error.message}\n`);
    process.exit(1);
  });
}
