import { Option, type Command } from 'commander';
import { ROLES } from '../modules/access/permissions.js';
import { generatePassword, openAccountServices, out, cliConfig, withFreshDatabaseUndone, withHandle } from './shared.js';

export function registerUser(program: Command): void {
  const user = program
    .command('user')
    .summary('create and list users — créer et lister les utilisateurs')
    .description('Create and list users.\nCréer et lister les utilisateurs.');

  user
    .command('create')
    .summary('create a user — créer un utilisateur')
    .description(
      'Create a user without any prompt. Without --password a strong one is generated and printed once. The first administrator can be created this way before the first start.\n' +
        'Crée un utilisateur sans aucune question. Sans --password, un mot de passe robuste est généré et affiché une seule fois. Le premier administrateur peut être créé ainsi avant le premier démarrage.',
    )
    .requiredOption('--email <email>', 'login e-mail — e-mail de connexion')
    .requiredOption('--name <name>', 'display name — nom affiché')
    .addOption(new Option('--role <role>', 'role — rôle').choices(ROLES).makeOptionMandatory())
    .option('--password <password>', 'password (12+ characters; beware of shell history) — mot de passe (12 caractères ou plus ; attention à l’historique du shell)')
    .addOption(new Option('--locale <locale>', 'interface language — langue de l’interface').choices(['fr', 'en']).default('fr'))
    .action(async (options: { email: string; name: string; role: string; password?: string; locale: string }) => {
      const config = cliConfig();
      const password = options.password ?? generatePassword();
      const created = await withFreshDatabaseUndone(config, async () => {
        const { handle, users } = await openAccountServices(config);
        return withHandle(handle, () => users.create(null, { email: options.email, name: options.name, role: options.role, password, locale: options.locale }));
      });
      out(`User created / Utilisateur créé: ${created.email} (${created.role})`);
      if (!options.password) out(`Password / Mot de passe: ${password}\n(shown once / affiché une seule fois)`);
    });

  user
    .command('list')
    .summary('list users — lister les utilisateurs')
    .description('List every user with role and status.\nListe tous les utilisateurs avec leur rôle et leur état.')
    .action(async () => {
      const { handle, users } = await openAccountServices(cliConfig(), { mustExist: true });
      const all = await withHandle(handle, async () => {
        const items = [];
        let cursor: string | undefined;
        do {
          const page = await users.list(200, cursor);
          items.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return items;
      });
      const rows = all.map((u) => [u.email, u.name, u.role, u.disabled ? 'disabled / désactivé' : 'active / actif', u.createdAt.slice(0, 10)]);
      const header = ['e-mail', 'name / nom', 'role / rôle', 'status / état', 'created / créé'];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
      for (const row of [header, ...rows]) out(row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
      out(`${all.length} user(s) / utilisateur(s)`);
    });
}
