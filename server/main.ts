import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { explainError } from './lib/system-errors.js';

/** Under systemd's default stop timeout (90 s), so Relais stops itself before it is killed. */
const SHUTDOWN_DEADLINE_MS = 25_000;

/** `npm start`: read the environment, build the server, listen, stop cleanly on SIGINT/SIGTERM. */
export async function startServer(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(env);
  const app = await buildApp(config, {
    onMigration: (name) => process.stdout.write(`Applying migration / Application de la migration ${name}…\n`),
    // A generated password is printed once: the admin is made once listening, so that a start that
    // fails before (a port in use) has made none whose password it printed; the next start prints
    // it. With RELAIS_ADMIN_PASSWORD the admin exists before the first request, as scripts expect.
    deferFirstAdmin: !config.adminPassword,
  });
  await app.listen({ port: config.port, host: config.host });
  // Creates nothing when buildApp already did (RELAIS_ADMIN_PASSWORD) or an admin exists.
  const { createdAdmin: admin } = await app.relais.ensureFirstAdmin();
  if (admin?.password) {
    // Printed once, on first start only; never logged afterwards.
    process.stdout.write(
      `\n  First start / Premier démarrage\n  Admin: ${admin.email}\n  Password / Mot de passe: ${admin.password}\n  (shown once / affiché une seule fois)\n\n`,
    );
  }
  const where = config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`;
  process.stdout.write(`Relais listening on http://localhost:${config.port} (${where})\n`);
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) {
        // A second signal: the operator does not want to wait.
        process.stderr.write(`${signal} again: stopping now / arrêt immédiat\n`);
        process.exit(1);
      }
      stopping = true;
      // Requests under way finish and live streams are ended; beyond the deadline, stop anyway.
      const deadline = setTimeout(() => {
        process.stderr.write(`Not stopped cleanly within ${SHUTDOWN_DEADLINE_MS / 1000} s, stopping now / arrêt propre impossible en ${SHUTDOWN_DEADLINE_MS / 1000} s, arrêt immédiat\n`);
        process.exit(1);
      }, SHUTDOWN_DEADLINE_MS);
      deadline.unref();
      app.close().then(
        () => process.exit(0),
        (error: Error) => {
          process.stderr.write(`Relais did not stop cleanly / Relais ne s’est pas arrêté proprement: ${error.message}\n`);
          process.exit(1);
        },
      );
    });
  }
  return app;
}

const isEntryPoint = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').slice(-2).join('/'));
if (isEntryPoint) {
  startServer().catch((error: Error) => {
    // What to do first (a port in use, a missing database…), as `relais start` says it.
    process.stderr.write(`Relais could not start / Relais n’a pas pu démarrer: ${explainError(error)}\n`);
    process.exit(1);
  });
}
