import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { systemClock } from '../clock.js';
import { migrateToLatest } from '../db/connect.js';
import { ensureDirectory } from '../lib/directories.js';
import { createIntegrationsService, INTEGRATION_KINDS, type IntegrationKind } from '../modules/telephony/integrations.service.js';
import { integrationBody } from '../modules/telephony/telephony.schemas.js';
import { CliError, cliConfig, openConfiguredDatabase, out, withHandle } from './shared.js';

/** Where the simulator keeps the secret of its own integration, readable by the owner only. */
const secretFile = (dataDir: string) => path.join(dataDir, 'simulator.secret');

async function createIntegration(name: string, kind: IntegrationKind, config: Record<string, unknown>) {
  // The API's own rules (no line break in AMI values, a host name, a port…), not fewer.
  const parsed = integrationBody.safeParse({ name, kind, config });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new CliError(`Invalid integration / intégration invalide:\n${lines.join('\n')}`);
  }
  const settings = cliConfig();
  // Into the instance's database, never a new one made in a mistyped RELAIS_DATA_DIR.
  const handle = openConfiguredDatabase(settings, { mustExist: true });
  return withHandle(handle, async () => {
    await migrateToLatest(handle);
    return createIntegrationsService({ db: handle.db, clock: systemClock, outbound: settings.outbound }).create(null, parsed.data);
  });
}

/** The simulator's secret: --secret, RELAIS_SIMULATOR_SECRET, the saved file, or a new integration. */
async function simulatorSecret(explicit?: string): Promise<string> {
  if (explicit) return explicit;
  if (process.env.RELAIS_SIMULATOR_SECRET) return process.env.RELAIS_SIMULATOR_SECRET;
  const config = cliConfig();
  const file = secretFile(config.dataDir);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const created = await createIntegration('Simulator (CLI)', 'generic', {});
  ensureDirectory(config.dataDir, 0o700);
  fs.writeFileSync(file, created.secret, { mode: 0o600 });
  out(`Created the "Simulator (CLI)" telephony integration; its secret is kept in ${file}.`);
  out(`Intégration téléphonique « Simulator (CLI) » créée ; son secret est gardé dans ${file}.`);
  return created.secret;
}

const seconds = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 3600) throw new InvalidArgumentError('seconds between 0 and 3600 / secondes entre 0 et 3600');
  return n;
};

export function registerCall(program: Command): void {
  const call = program
    .command('call')
    .summary('telephony: simulate calls, create integrations — téléphonie : simuler des appels, créer des intégrations')
    .description('Telephony tools.\nOutils de téléphonie.');

  call
    .command('simulate')
    .summary('send a simulated call to a running server — envoyer un appel simulé à un serveur démarré')
    .description(
      'Posts ringing, answered and ended (or missed / voicemail) events for one call to the generic webhook of a running Relais, as a phone system would: for demos and tests.\n' +
        'Envoie au webhook générique d’un Relais démarré les événements sonnerie, décroché et raccroché (ou manqué / messagerie) d’un appel, comme le ferait un standard : pour les démonstrations et les tests.',
    )
    .requiredOption('--from <number>', 'calling number, any written form — numéro appelant, toute écriture')
    .option('--to <number>', 'called line — ligne appelée', '0140000000')
    // An empty PORT counts as unset, as everywhere (README).
    .option('--url <url>', 'server address — adresse du serveur', `http://localhost:${process.env.PORT?.trim() || 3000}`)
    .option('--secret <secret>', 'integration secret (default: the simulator’s own) — secret de l’intégration (par défaut : celui du simulateur)')
    .option('--extension <ext>', 'extension that rings and answers — poste qui sonne et décroche')
    .option('--agent-email <email>', 'Relais user who answers — utilisateur Relais qui décroche')
    .option('--ring <seconds>', 'seconds of ringing — secondes de sonnerie', seconds, 2)
    .option('--talk <seconds>', 'seconds of conversation — secondes de conversation', seconds, 3)
    .addOption(new Option('--outcome <outcome>', 'how the call ends — comment l’appel se termine').choices(['answered', 'missed', 'voicemail']).default('answered'))
    .action(async (o: { from: string; to: string; url: string; secret?: string; extension?: string; agentEmail?: string; ring: number; talk: number; outcome: string }) => {
      const secret = await simulatorSecret(o.secret);
      const callId = `sim-${Date.now().toString(36)}`;
      const base = o.url.replace(/\/$/, '');
      const send = async (event: string) => {
        const response = await fetch(`${base}/api/telephony/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
          body: JSON.stringify({ callId, event, from: o.from, to: o.to, at: new Date().toISOString(), extension: o.extension, agentEmail: o.agentEmail }),
        }).catch((error: Error) => {
          throw new CliError(`Cannot reach ${base}: ${error.message}\nImpossible de joindre ${base} : ${error.message}`);
        });
        const body = (await response.json().catch(() => ({}))) as { state?: string; error?: { message?: string } };
        if (!response.ok) throw new CliError(`${event}: HTTP ${response.status} ${body.error?.message ?? ''}`);
        out(`${event.padEnd(9)} → ${body.state}`);
      };
      await send('ringing');
      await sleep(o.ring * 1000);
      if (o.outcome !== 'answered') return send(o.outcome);
      await send('answered');
      await sleep(o.talk * 1000);
      await send('ended');
    });

  call
    .command('integration')
    .summary('create a telephony integration and print its secret — créer une intégration téléphonique et afficher son secret')
    .description(
      'Creates an integration and prints, once, the secret its events to /api/telephony/events carry as Authorization: Bearer. A Twilio integration needs its auth token (its webhooks are signed with it); click-to-call through Twilio also needs the account SID, the caller ID and the number to ring first.\n' +
        'Crée une intégration et affiche, une seule fois, le secret que ses événements vers /api/telephony/events portent en Authorization: Bearer. Une intégration Twilio demande son jeton (ses webhooks en sont signés) ; l’appel au clic par Twilio demande aussi l’identifiant du compte, le numéro présenté et le numéro à faire sonner d’abord.',
    )
    .requiredOption('--name <name>', 'label — libellé')
    .addOption(new Option('--kind <kind>', 'phone system — type de standard').choices([...INTEGRATION_KINDS]).default('generic'))
    .option('--twilio-auth-token <token>', 'Twilio auth token (signatures; required for Twilio) — jeton Twilio (obligatoire pour Twilio)')
    .option('--twilio-account-sid <sid>', 'Twilio account SID (click-to-call) — identifiant du compte Twilio (appel au clic)')
    .option('--twilio-caller-id <number>', 'Twilio: number shown to the called party (click-to-call) — Twilio : numéro présenté (appel au clic)')
    .option('--forward-to <number>', 'Twilio: number to ring — Twilio : numéro à faire sonner')
    .option('--ami-host <host>', 'Asterisk AMI host — hôte AMI')
    .option('--ami-port <port>', 'Asterisk AMI port — port AMI', parsePort)
    .option('--ami-username <user>', 'Asterisk AMI user — utilisateur AMI')
    .option('--ami-secret <secret>', 'Asterisk AMI secret — secret AMI')
    .action(async (o: { name: string; kind: IntegrationKind; twilioAuthToken?: string; twilioAccountSid?: string; twilioCallerId?: string; forwardTo?: string; amiHost?: string; amiPort?: number; amiUsername?: string; amiSecret?: string }) => {
      const { name, kind, ...config } = o;
      const created = await createIntegration(name, kind, Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)));
      out(`Integration / Intégration ${created.id} (${created.kind})`);
      out(`Secret (Authorization: Bearer …): ${created.secret}`);
      out('(shown once / affiché une seule fois)');
      if (kind === 'twilio') out(`Twilio webhooks / webhooks Twilio: /api/telephony/twilio/${created.id}/voice, /api/telephony/twilio/${created.id}/status`);
    });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) throw new InvalidArgumentError('a port from 1 to 65535 / un port de 1 à 65535');
  return port;
}
