import { InvalidArgumentError, type Command } from 'commander';
import { migrateToLatest } from '../db/connect.js';
import { logSecurityEvent } from '../modules/access/security-log.js';
import { generateDemoData } from '../modules/demo/generator.js';
import { CliError, cliConfig, cliLogger, openConfiguredDatabase, out, Progress, withHandle } from './shared.js';

/**
 * Security-event kinds that mark a database as holding demo data. The generator writes no marker
 * of its own, and a security event is also the right record of an operator loading fake data.
 */
const DEMO_STARTED = 'demo.started';
const DEMO_FINISHED = 'demo.finished';

/** What the progress line shows for each phase of generateDemoData(), in English and French. */
export const PHASE_LABELS: Record<string, string> = {
  users: 'users / utilisateurs',
  organisations: 'organisations',
  people: 'people / personnes',
  indexes: 'indexes / index',
  'search index': 'search index / index de recherche',
  'search names': 'names for search / noms pour la recherche',
  statistics: 'statistics / statistiques',
  'foreign keys': 'key checks / contrôle des clés',
  commit: 'commit / validation',
  vacuum: 'vacuum / nettoyage',
  optimize: 'optimize / optimisation',
  done: 'done / terminé',
};

/** The phases generateDemoData() reports once its transaction has committed. */
const AFTER_COMMIT = new Set(['optimize', 'vacuum', 'done']);

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .summary('load demo data (a French freight broker) — charger des données de démonstration')
    .description(
      'Load demo data: a French freight broker with shippers, carriers, their staff, calls, e-mails and call-backs, plus four demo users (one per role) whose password is printed once. Refuses a database that already holds demo data or people unless --force.\n' +
        'Charge des données de démonstration : un courtier en fret avec chargeurs, transporteurs, leurs équipes, appels, e-mails et rappels, et quatre utilisateurs de démonstration (un par rôle) dont le mot de passe est affiché une fois. Refuse une base qui contient déjà des données de démonstration ou des personnes, sauf avec --force.',
    )
    .option('--size <n>', 'number of people (organisations ≈ n/5, interactions ≈ 2n) — nombre de personnes', parseCount, 300)
    .option('--seed <n>', 'random seed: the same seed gives the same data — graine : même graine, mêmes données', parseSeed, 1)
    .option('--no-users', 'do not create the demo users — ne pas créer les utilisateurs de démonstration')
    .option('--force', 'load even if the database already holds data — charger même si la base contient déjà des données')
    .action(async (options: { size: number; seed: number; users: boolean; force?: boolean }) => {
      const config = cliConfig();
      const handle = openConfiguredDatabase(config);
      const log = cliLogger(config.logLevel);
      const progress = new Progress();
      const started = Date.now();
      // Stopped half-way, the import's transaction is rolled back by the database itself; stopped
      // in the phases after its commit (statistics, clean-up), the data is there. Say which.
      let saved = false;
      process.once('SIGINT', () => {
        progress.done();
        process.stderr.write(
          saved
            ? 'Stopped after the demo data was saved: it is all there.\nInterrompu après l’enregistrement des données de démonstration : elles sont toutes là.\n'
            : 'Stopped: no demo data was loaded (demo users listed above, if any, were kept).\n' +
                'Interrompu : aucune donnée de démonstration n’a été chargée (les utilisateurs de démonstration affichés plus haut, s’il y en a, sont conservés).\n',
        );
        process.exit(130);
      });
      const result = await withHandle(handle, async () => {
        await migrateToLatest(handle);
        if (!options.force) await refuseExistingData(handle.db);
        await logSecurityEvent(handle.db, log, new Date(), DEMO_STARTED, { details: { size: options.size, seed: options.seed } });
        const generated = await generateDemoData(handle, {
          size: options.size,
          seed: options.seed,
          withUsers: options.users,
          // Printed before the long part: stopped half-way (Ctrl-C), the accounts still exist.
          onUsers: (users) => {
            progress.done();
            printUsers(users);
          },
          defaultRegion: config.defaultRegion,
          onProgress: (done, total, phase) => {
            if (AFTER_COMMIT.has(phase)) saved = true;
            progress.update(done, total, PHASE_LABELS[phase] ?? phase);
          },
        }).finally(() => progress.done());
        const { users, ...counts } = generated;
        await logSecurityEvent(handle.db, log, new Date(), DEMO_FINISHED, { details: counts });
        return generated;
      });
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      out(`Demo data loaded in ${seconds} s / Données de démonstration chargées en ${seconds} s:`);
      out(`  people / personnes            ${result.people.toLocaleString('en-US').padStart(10)}`);
      out(`  organisations                 ${result.organisations.toLocaleString('en-US').padStart(10)}`);
      out(`  interactions                  ${result.interactions.toLocaleString('en-US').padStart(10)}`);
      out(`  tasks / tâches                ${result.tasks.toLocaleString('en-US').padStart(10)}`);
    });
}

function printUsers(users: { email: string; role: string; password: string }[]): void {
  out('Demo users / Utilisateurs de démonstration (password shown once / mot de passe affiché une seule fois):');
  for (const u of users) out(`  ${u.email.padEnd(32)} ${u.role.padEnd(11)} ${u.password}`);
}

async function refuseExistingData(db: Parameters<typeof logSecurityEvent>[0]): Promise<void> {
  const marker = await db.selectFrom('security_events').select('kind').where('kind', 'in', [DEMO_STARTED, DEMO_FINISHED]).execute();
  if (marker.length) {
    const interrupted = !marker.some((m) => m.kind === DEMO_FINISHED);
    throw new CliError(
      (interrupted ? 'A previous demo load was interrupted' : 'This database already holds demo data') +
        '; add --force to load more.\n' +
        (interrupted ? 'Un chargement de démonstration précédent a été interrompu' : 'Cette base contient déjà des données de démonstration') +
        ' ; ajoutez --force pour en charger davantage.',
    );
  }
  const people = await db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(people.n) > 0) {
    throw new CliError(
      `This database already holds ${people.n} people; demo data would be mixed with them. Add --force to load anyway.\n` +
        `Cette base contient déjà ${people.n} personnes ; les données de démonstration s’y mêleraient. Ajoutez --force pour charger quand même.`,
    );
  }
}

function parseCount(value: string): number {
  // Digits only: Number('') is 0, Number('0x14') 20, Number('1e3') 1000.
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 10_000_000) throw new InvalidArgumentError('a whole number from 0 to 10000000 / un entier de 0 à 10000000');
  return n;
}

function parseSeed(value: string): number {
  // Digits only, as --size: Number('') is 0 and Number('0x10') 16, seeds nobody meant.
  const n = /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('a whole number / un nombre entier');
  return n;
}
