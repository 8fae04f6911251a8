import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Caller } from '../context.js';
import { CliError, cliConfig, openAccountServices, out, withHandle } from './shared.js';

const SCOPES = ['read', 'write'];

export function registerToken(program: Command): void {
  const token = program
    .command('token')
    .summary('create API tokens — créer des jetons d’API')
    .description('API tokens for integrations.\nJetons d’API pour les intégrations.');

  token
    .command('create')
    .summary('create an API token for a user — créer un jeton d’API pour un utilisateur')
    .description(
      'Create an API token acting as the given user, with that user’s rights narrowed to the scopes. The token is printed once; only its hash is stored. Use it as `Authorization: Bearer <token>`.\n' +
        'Crée un jeton d’API qui agit comme l’utilisateur donné, avec ses droits limités aux portées. Le jeton est affiché une seule fois ; seule son empreinte est conservée. À utiliser comme `Authorization: Bearer <jeton>`.',
    )
    .requiredOption('--email <email>', 'the user the token acts as — l’utilisateur pour qui agit le jeton')
    .option('--name <name>', 'label shown in the token list — libellé affiché dans la liste des jetons', parseLabel, 'cli')
    .addOption(
      new Option('--scopes <scopes>', 'comma-separated: read,write — séparées par des virgules')
        .default(['read', 'write'], 'read,write')
        .argParser(parseScopes),
    )
    .option('--expires-days <n>', 'lifetime in days (default: no expiry) — durée de validité en jours (par défaut : sans expiration)', parseDays)
    .action(async (options: { email: string; name: string; scopes: string[]; expiresDays?: number }) => {
      const { handle, auth } = await openAccountServices(cliConfig(), { mustExist: true });
      const created = await withHandle(handle, async () => {
        // No users repository exposes a lookup by e-mail yet; this read is the only SQL here.
        const user = await handle.db
          .selectFrom('users')
          .select(['id', 'email', 'name', 'role', 'team_id', 'locale', 'disabled'])
          .where('email', '=', options.email.trim().toLowerCase())
          .executeTakeFirst();
        if (!user) throw new CliError(`No user ${options.email} / Aucun utilisateur ${options.email}`);
        if (user.disabled) throw new CliError(`${user.email} is disabled / est désactivé`);
        const caller: Caller = {
          id: user.id,
          email: user.email,
          name: user.name,
          role: user.role,
          teamId: user.team_id,
          locale: user.locale,
          via: 'session',
          scopes: SCOPES,
        };
        return auth.createApiToken(caller, { name: options.name, scopes: options.scopes, expiresInDays: options.expiresDays });
      });
      out(`Token for / Jeton pour ${options.email} — scopes: ${created.scopes.join(',')}, expires / expire: ${created.expiresAt ?? 'never / jamais'}`);
      out(created.token);
      out('(shown once / affiché une seule fois)');
    });
}

function parseScopes(value: string): string[] {
  const scopes = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = scopes.filter((s) => !SCOPES.includes(s));
  if (scopes.length === 0 || unknown.length) throw new InvalidArgumentError('use read and/or write / utilisez read et/ou write');
  return scopes;
}

function parseDays(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new InvalidArgumentError('a whole number from 1 to 3650 / un entier de 1 à 3650');
  return days;
}

/** A label the API would accept too: not blank, at most 200 characters. */
function parseLabel(value: string): string {
  const label = value.trim();
  if (!label || label.length > 200) throw new InvalidArgumentError('1 to 200 characters / de 1 à 200 caractères');
  return label;
}
