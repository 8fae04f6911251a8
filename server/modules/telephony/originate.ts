import type { Caller } from '../../context.js';
import type { Db } from '../../db/dialect/features.js';
import { AppError } from '../../errors.js';
import { normalizePhone } from '../../lib/phone.js';
import type { ConsentService } from '../consent/consent.service.js';
import type { PressureService } from '../pressure/pressure.service.js';
import type { AmiConnections } from './asterisk/ami-connections.js';
import type { IntegrationsService } from './integrations.service.js';

/**
 * Click-to-call: asks the phone system to ring the agent's own phone, then connect it to the number.
 * Asterisk through AMI's Originate action; Twilio through its REST API (Calls resource).
 * The consent and contact-pressure guards apply as for any outbound contact: a refusal of
 * marketing calls or a crossed cap needs a reason (`pressureOverrideReason`), which is recorded.
 */
export function createOriginateService(deps: {
  db: Db;
  defaultRegion: string;
  integrations: IntegrationsService;
  ami: AmiConnections;
  pressure: PressureService;
  consent: ConsentService;
  /** Twilio's API base; replaced in tests by a local stand-in. */
  twilioApiBase?: string;
}) {
  const { db, integrations, ami, pressure, consent } = deps;

  async function agentExtension(userId: string): Promise<string | undefined> {
    return (await db.selectFrom('phone_extensions').select('extension').where('user_id', '=', userId).orderBy('extension').executeTakeFirst())?.extension;
  }

  return {
    async originate(caller: Caller, input: { number: string; integrationId: string; entityIds?: string[]; pressureOverrideReason?: string }) {
      const e164 = normalizePhone(input.number, deps.defaultRegion).e164;
      if (!e164) throw new AppError('VALIDATION_FAILED', 'number: not a phone number', [{ path: 'number', message: 'not a phone number' }]);
      const matched = (await db.selectFrom('contact_points').select('entity_id').where('normalized', '=', e164).where('kind', '=', 'phone').execute()).map((r) => r.entity_id);
      const entityIds = [...new Set([...(input.entityIds ?? []), ...matched])];
      await consent.guard(caller, entityIds, 'phone', input.pressureOverrideReason, 'click-to-call');
      await pressure.guard(caller, entityIds, input.pressureOverrideReason, 'click-to-call');
      const integration = await integrations.get(input.integrationId);
      if (integration.disabled) throw new AppError('CONFLICT', 'this telephony integration is disabled');
      const extension = await agentExtension(caller.id);

      if (integration.kind === 'asterisk') {
        const client = ami.client(integration.id);
        if (!client) throw new AppError('UNAVAILABLE', 'not connected to Asterisk');
        if (!extension) throw new AppError('CONFLICT', 'you have no phone extension to ring first', [{ path: 'extension', message: 'missing' }]);
        const response = await client.action({
          Action: 'Originate',
          Channel: `PJSIP/${extension}`,
          Context: 'from-internal',
          Exten: e164.replace('+33', '0'),
          Priority: '1',
          CallerID: `Relais <${extension}>`,
          Async: 'true',
        });
        if (response.Response !== 'Success') throw new AppError('UNAVAILABLE', `Asterisk refused the call: ${response.Message ?? 'unknown reason'}`);
        return { status: 'originated', via: 'asterisk', number: e164 };
      }

      if (integration.kind === 'twilio') {
        const { twilioAccountSid, twilioAuthToken, twilioCallerId } = integration.config;
        const agentPhone = integration.config.forwardTo;
        if (!twilioAccountSid || !twilioAuthToken || !twilioCallerId || !agentPhone) {
          throw new AppError('CONFLICT', 'Twilio click-to-call needs twilioAccountSid, twilioAuthToken, twilioCallerId and forwardTo');
        }
        const base = deps.twilioApiBase ?? 'https://api.twilio.com';
        // Twilio calls the agent first; when they pick up, the TwiML dials the customer.
        const twimlText = `<Response><Dial callerId="${twilioCallerId}">${e164}</Dial></Response>`;
        const response = await fetch(`${base}/2010-04-01/Accounts/${encodeURIComponent(twilioAccountSid)}/Calls.json`, {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${twilioAccountSid}:${twilioAuthToken}`).toString('base64')}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ To: agentPhone, From: twilioCallerId, Twiml: twimlText }).toString(),
          redirect: 'error',
          signal: AbortSignal.timeout(10_000),
        });
        if (!response.ok) throw new AppError('UNAVAILABLE', `Twilio refused the call (HTTP ${response.status})`);
        const body = (await response.json()) as { sid?: string };
        return { status: 'originated', via: 'twilio', number: e164, externalId: body.sid ?? null };
      }
      throw new AppError('CONFLICT', 'this integration cannot place calls; use the tel: link');
    },
  };
}

export type OriginateService = ReturnType<typeof createOriginateService>;
