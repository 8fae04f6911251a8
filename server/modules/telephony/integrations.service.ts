import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.js';
import type { Caller } from '../../context.js';
import type { Db } from '../../db/dialect/features.js';
import type { TelephonyIntegrationsTable } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { OutboundRefused, resolveOutbound, type OutboundPolicy } from '../../http/outbound.js';
import { newId } from '../../ids.js';
import { writeAudit } from '../audit/audit.js';
import type { DialFormat } from '../../lib/phone.js';

export const INTEGRATION_KINDS = ['generic', 'twilio', 'asterisk'] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];

/** Kind-specific settings: Twilio's auth token (to verify signatures) and where to ring; AMI's address. */
export interface IntegrationConfig {
  twilioAuthToken?: string;
  /** For click-to-call through Twilio's REST API. */
  twilioAccountSid?: string;
  /** The number Twilio presents when calling out (E.164). */
  twilioCallerId?: string;
  /** Number or SIP URI Twilio dials for calls that should ring (E.164). */
  forwardTo?: string;
  /** Language of the voicemail greeting (Twilio); French when unset. */
  voicemailLanguage?: 'fr' | 'en';
  amiHost?: string;
  amiPort?: number;
  amiUsername?: string;
  amiSecret?: string;
  /** Click-to-call through AMI: the channel technology of agents' phones (PJSIP, SIP, IAX2…). */
  amiChannelTechnology?: string;
  /** Click-to-call through AMI: the dialplan context outgoing calls start in. */
  amiContext?: string;
  /** Click-to-call through AMI: how the dialplan expects numbers (see `dialString`). */
  amiDialFormat?: DialFormat;
  /** Overload mode on Asterisk: the dialplan context callers not under contract are sent to (voicemail). */
  amiVoicemailContext?: string;
}

export interface Integration {
  id: string;
  name: string;
  kind: IntegrationKind;
  config: IntegrationConfig;
  disabled: boolean;
  createdAt: string;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

function toIntegration(row: TelephonyIntegrationsTable): Integration {
  return { id: row.id, name: row.name, kind: row.kind as IntegrationKind, config: JSON.parse(row.config) as IntegrationConfig, disabled: Boolean(row.disabled), createdAt: row.created_at };
}

/** What an API answer may show: never the Twilio token or AMI secret. */
export function publicIntegration(i: Integration) {
  const { twilioAuthToken, amiSecret, ...config } = i.config;
  return { ...i, config: { ...config, twilioAuthToken: twilioAuthToken ? '********' : undefined, amiSecret: amiSecret ? '********' : undefined } };
}

/** Telephony integrations: each phone system authenticates its events with its own secret. */
export function createIntegrationsService(deps: { db: Db; clock: Clock; outbound: OutboundPolicy }) {
  const { db, clock } = deps;

  /**
   * An Asterisk host that resolves to a non-public address the operator did not allow is refused
   * at once (400), rather than only when the connection is attempted (QUALITY 15). A name that does
   * not resolve yet is accepted: the connection reports it, and retries.
   */
  async function checkHost(config: IntegrationConfig | undefined) {
    if (!config?.amiHost) return;
    try {
      await resolveOutbound(config.amiHost, deps.outbound);
    } catch (error) {
      if (error instanceof OutboundRefused) {
        throw new AppError('VALIDATION_FAILED', `config.amiHost: ${error.message}`, [{ path: 'config.amiHost', message: error.en, messageFr: error.fr }]);
      }
    }
  }

  /** A Twilio integration signs its webhooks with its auth token: without one, every call it sends is refused. */
  function checkTwilioToken(kind: IntegrationKind, config: IntegrationConfig | undefined) {
    if (kind === 'twilio' && !config?.twilioAuthToken) {
      throw new AppError('VALIDATION_FAILED', 'config.twilioAuthToken: required for a Twilio integration (its webhooks are signed with it)', [
        { path: 'config.twilioAuthToken', message: 'required for a Twilio integration (its webhooks are signed with it)' },
      ]);
    }
  }

  return {
    /** Creates an integration; the secret is returned once and only its hash is kept. */
    async create(caller: Caller | null, input: { name: string; kind: IntegrationKind; config?: IntegrationConfig }) {
      checkTwilioToken(input.kind, input.config);
      await checkHost(input.config);
      const secret = `rlt_${randomBytes(32).toString('base64url')}`;
      const now = clock.now().toISOString();
      const row: TelephonyIntegrationsTable = {
        id: newId(),
        name: input.name,
        kind: input.kind,
        secret_hash: sha256(secret),
        config: JSON.stringify(input.config ?? {}),
        disabled: 0,
        created_at: now,
        created_by: caller?.id ?? null,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('telephony_integrations').values(row).execute();
        // Its settings too (where calls ring, the Asterisk host…), secrets masked as in the API.
        await writeAudit(trx, { at: now, actorId: caller?.id ?? null, entityType: 'telephony_integration', entityId: row.id, action: 'create', changes: { name: { old: null, new: row.name }, kind: { old: null, new: row.kind }, config: { old: null, new: publicIntegration(toIntegration(row)).config } } });
      });
      return { ...publicIntegration(toIntegration(row)), secret };
    },

    async list(): Promise<Integration[]> {
      return (await db.selectFrom('telephony_integrations').selectAll().orderBy('created_at').execute()).map(toIntegration);
    },

    async get(id: string): Promise<Integration> {
      const row = await db.selectFrom('telephony_integrations').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw new AppError('NOT_FOUND', 'integration not found');
      return toIntegration(row);
    },

    /** The enabled integration behind a Bearer secret, or a 401. */
    async authenticate(authorization: string | undefined): Promise<Integration> {
      const secret = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : undefined;
      const row = secret
        ? await db.selectFrom('telephony_integrations').selectAll().where('secret_hash', '=', sha256(secret)).where('disabled', '=', 0).executeTakeFirst()
        : undefined;
      if (!row) throw new AppError('UNAUTHENTICATED', 'unknown or disabled telephony integration');
      return toIntegration(row);
    },

    /**
     * Renames, disables or re-enables an integration, or replaces its settings: the config sent
     * replaces the stored one, except secrets left out (the Twilio token, the AMI secret), which
     * are kept since the API never shows them. Audited, secrets masked.
     */
    async update(caller: Caller, id: string, patch: { name?: string; disabled?: boolean; config?: IntegrationConfig }): Promise<Integration> {
      const before = await this.get(id);
      await checkHost(patch.config);
      const config = patch.config
        ? { ...patch.config, twilioAuthToken: patch.config.twilioAuthToken ?? before.config.twilioAuthToken, amiSecret: patch.config.amiSecret ?? before.config.amiSecret }
        : before.config;
      const after: Integration = { ...before, name: patch.name ?? before.name, disabled: patch.disabled ?? before.disabled, config };
      checkTwilioToken(after.kind, after.config);
      const shown = (i: Integration) => publicIntegration(i).config;
      const changes: Record<string, { old: unknown; new: unknown }> = {};
      if (after.name !== before.name) changes.name = { old: before.name, new: after.name };
      if (after.disabled !== before.disabled) changes.disabled = { old: before.disabled, new: after.disabled };
      if (JSON.stringify(config) !== JSON.stringify(before.config)) changes.config = { old: shown(before), new: shown(after) };
      if (Object.keys(changes).length === 0) return after;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('telephony_integrations')
          .set({ name: after.name, disabled: after.disabled ? 1 : 0, config: JSON.stringify(config) })
          .where('id', '=', id)
          .execute();
        await writeAudit(trx, { at: clock.now().toISOString(), actorId: caller.id, entityType: 'telephony_integration', entityId: id, action: 'update', changes });
      });
      return after;
    },

    /** A new webhook secret, answered once; the old one stops working at once. */
    async rotateSecret(caller: Caller, id: string): Promise<{ secret: string }> {
      await this.get(id);
      const secret = `rlt_${randomBytes(32).toString('base64url')}`;
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('telephony_integrations').set({ secret_hash: sha256(secret) }).where('id', '=', id).execute();
        await writeAudit(trx, { at: clock.now().toISOString(), actorId: caller.id, entityType: 'telephony_integration', entityId: id, action: 'update', changes: { secret: { old: '********', new: '********' } } });
      });
      return { secret };
    },
  };
}

export type IntegrationsService = ReturnType<typeof createIntegrationsService>;
