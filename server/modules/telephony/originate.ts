import type { Clock } from '../../clock.js';
import type { Caller } from '../../context.js';
import type { Db } from '../../db/dialect/features.js';
import { AppError } from '../../errors.js';
import { newId } from '../../ids.js';
import { dialString, normalizePhone } from '../../lib/phone.js';
import type { ConsentService } from '../consent/consent.service.js';
import { recordOverrides, type PendingOverride, type PressureService } from '../pressure/pressure.service.js';
import type { TimelineService } from '../timeline/timeline.service.js';
import type { AmiConnections } from './asterisk/ami-connections.js';
import type { Integration, IntegrationsService } from './integrations.service.js';

/** What the web needs to offer "call through the phone system". */
export interface OriginateCapability {
  integrationId: string;
  name: string;
  kind: 'asterisk' | 'twilio';
}

/** An integration that can place calls, with the settings it needs present. */
function canOriginate(i: Integration): i is Integration & { kind: 'asterisk' | 'twilio' } {
  if (i.disabled) return false;
  if (i.kind === 'asterisk') return Boolean(i.config.amiHost && i.config.amiUsername && i.config.amiSecret);
  if (i.kind === 'twilio') return Boolean(i.config.twilioAccountSid && i.config.twilioAuthToken && i.config.twilioCallerId && i.config.forwardTo);
  return false;
}

/**
 * Click-to-call: asks the phone system to ring the agent's own phone, then connect it to the number.
 * Asterisk through AMI's Originate action; Twilio through its REST API (Calls resource).
 * The consent and contact-pressure guards apply as for any outbound contact: a refusal of
 * marketing calls or a crossed cap needs a reason (`pressureOverrideReason`), which is recorded
 * with the call on the timeline, in its transaction: a call never placed leaves none.
 * The call is written in the call log and as an outbound call on the contact's timeline at once,
 * so the caps count it even before (or without) the phone system reporting on it; the phone
 * system's later events (AMI channel events, Twilio status callbacks) complete that same call.
 */
/** What Twilio click-to-call needs from the integration's settings, or a 409 naming them. */
function twilioSettings(integration: Integration) {
  const { twilioAccountSid, twilioAuthToken, twilioCallerId, forwardTo } = integration.config;
  if (!twilioAccountSid || !twilioAuthToken || !twilioCallerId || !forwardTo) {
    throw new AppError('CONFLICT', 'Twilio click-to-call needs twilioAccountSid, twilioAuthToken, twilioCallerId and forwardTo');
  }
  return { twilioAccountSid, twilioAuthToken, twilioCallerId, agentPhone: forwardTo };
}

export function createOriginateService(deps: {
  db: Db;
  clock: Clock;
  defaultRegion: string;
  /** Where Twilio reaches Relais (status callbacks); without it Twilio cannot report on the call. */
  publicUrl?: string;
  integrations: IntegrationsService;
  ami: AmiConnections;
  pressure: PressureService;
  consent: ConsentService;
  timeline: TimelineService;
  /** Twilio's API base; replaced in tests by a local stand-in. */
  twilioApiBase?: string;
}) {
  const { db, clock, integrations, ami, pressure, consent, timeline } = deps;

  async function agentExtension(userId: string): Promise<string | undefined> {
    return (await db.selectFrom('phone_extensions').select('extension').where('user_id', '=', userId).orderBy('extension').executeTakeFirst())?.extension;
  }

  /** The records called: the person (and organisation) the call is filed under, everyone as a participant. */
  async function targets(entityIds: string[]) {
    if (entityIds.length === 0) return { personId: null, organisationId: null, participants: [] as { type: 'person' | 'organisation'; id: string }[] };
    const [people, orgs] = await Promise.all([
      db.selectFrom('people').select('id').where('id', 'in', entityIds).where('deleted_at', 'is', null).execute(),
      db.selectFrom('organisations').select('id').where('id', 'in', entityIds).where('deleted_at', 'is', null).execute(),
    ]);
    return {
      personId: people.length === 1 ? people[0].id : null,
      organisationId: orgs.length === 1 && people.length <= 1 ? orgs[0].id : null,
      participants: [...people.map((p) => ({ type: 'person' as const, id: p.id })), ...orgs.map((o) => ({ type: 'organisation' as const, id: o.id }))],
    };
  }

  /**
   * Writes the outgoing call before the phone system can report on it: its events then find the
   * call by its id and never pop it up or queue it as a missed incoming call.
   */
  async function openCall(caller: Caller, integration: Integration, externalId: string, number: string, e164: string, extension: string | null, target: Awaited<ReturnType<typeof targets>>) {
    const now = clock.now().toISOString();
    await db
      .insertInto('calls')
      .values({
        id: newId(),
        integration_id: integration.id,
        external_id: externalId,
        direction: 'out',
        from_number: extension ?? integration.config.twilioCallerId ?? '',
        from_e164: null,
        to_number: number,
        to_e164: e164,
        extension,
        agent_id: caller.id,
        person_id: target.personId,
        organisation_id: target.organisationId,
        state: 'ringing',
        ringing_at: now,
        answered_at: null,
        ended_at: null,
        terminal_event: null,
        duration_seconds: null,
        wait_seconds: null,
        recording_url: null,
        interaction_id: null,
        priority: 0,
        routing: JSON.stringify([{ at: now, decision: 'ring', reason: 'click-to-call', userIds: [caller.id] }]),
        popped: 1,
        created_at: now,
        updated_at: now,
      })
      // Should the phone system's first report win the race, the call it opened is ours: say whom it is to.
      .onConflict((oc) =>
        oc.columns(['integration_id', 'external_id']).doUpdateSet({ direction: 'out', to_number: number, to_e164: e164, agent_id: caller.id, person_id: target.personId, organisation_id: target.organisationId, updated_at: now }),
      )
      .execute();
    const row = await db.selectFrom('calls').select('id').where('integration_id', '=', integration.id).where('external_id', '=', externalId).executeTakeFirstOrThrow();
    return row.id;
  }

  /**
   * The outbound call on the timeline (what contact-pressure caps count), once the phone system
   * took it, with the reasons for going over a cap or a refusal (they exist if and only if it does).
   */
  async function logCall(caller: Caller, callId: string, number: string, target: Awaited<ReturnType<typeof targets>>, overrides: PendingOverride[]) {
    const row = await db.transaction().execute(async (trx) => {
      await recordOverrides(trx, overrides);
      const call = await trx.selectFrom('calls').select(['interaction_id', 'ringing_at']).where('id', '=', callId).executeTakeFirstOrThrow();
      if (call.interaction_id) {
        // The phone system reported first and logged the call without knowing whom it was to: tell it.
        await trx
          .updateTable('interactions')
          .set((eb) => ({ person_id: target.personId, organisation_id: target.organisationId, author_id: eb.fn.coalesce('author_id', eb.val(caller.id)) }))
          .where('id', '=', call.interaction_id)
          .where('person_id', 'is', null)
          .where('organisation_id', 'is', null)
          .execute();
        if (target.participants.length) {
          await trx
            .insertInto('interaction_participants')
            .values(target.participants.map((p) => ({ interaction_id: call.interaction_id!, entity_type: p.type, entity_id: p.id })))
            .onConflict((oc) => oc.doNothing())
            .execute();
        }
        return trx.selectFrom('interactions').selectAll().where('id', '=', call.interaction_id).executeTakeFirstOrThrow();
      }
      const interaction = await timeline.record(trx, caller.id, {
        channel: 'call',
        direction: 'out',
        occurredAt: call.ringing_at ?? clock.now().toISOString(),
        personId: target.personId,
        organisationId: target.organisationId,
        participants: target.participants,
        // The other party's number, as the call log writes it: no English text on French timelines.
        summary: number,
        links: [{ type: 'call', id: callId }],
      });
      await trx.updateTable('calls').set({ interaction_id: interaction.id }).where('id', '=', callId).execute();
      return interaction;
    });
    if (row) await timeline.announce({ id: row.id, channel: 'call', personId: row.person_id, organisationId: row.organisation_id });
    return row?.id ?? null;
  }

  return {
    /** The integrations this user may place calls through (Asterisk needs their own extension). */
    async capabilities(caller: Caller): Promise<{ originate: OriginateCapability[] }> {
      const extension = await agentExtension(caller.id);
      const usable = (await integrations.list()).filter(canOriginate).filter((i) => i.kind === 'twilio' || (extension && ami.client(i.id)));
      return { originate: usable.map((i) => ({ integrationId: i.id, name: i.name, kind: i.kind })) };
    },

    async originate(caller: Caller, input: { number: string; integrationId: string; entityIds?: string[]; pressureOverrideReason?: string }) {
      const e164 = normalizePhone(input.number, deps.defaultRegion).e164;
      if (!e164) throw new AppError('VALIDATION_FAILED', 'number: not a phone number', [{ path: 'number', message: 'not a phone number' }]);
      const matched = (await db.selectFrom('contact_points').select('entity_id').where('normalized', '=', e164).where('kind', '=', 'phone').execute()).map((r) => r.entity_id);
      const entityIds = [...new Set([...(input.entityIds ?? []), ...matched])];
      const integration = await integrations.get(input.integrationId).catch(() => {
        throw new AppError('VALIDATION_FAILED', 'integrationId: unknown telephony integration', [{ path: 'integrationId', message: 'unknown' }]);
      });
      // Whether the call can be placed at all, before the guards: their 409 asks for a reason,
      // which is pointless for a call that cannot happen.
      if (integration.disabled) throw new AppError('CONFLICT', 'this telephony integration is disabled');
      const extension = await agentExtension(caller.id);
      const client = integration.kind === 'asterisk' ? ami.client(integration.id) : undefined;
      if (integration.kind === 'asterisk') {
        if (!client) throw new AppError('UNAVAILABLE', 'not connected to Asterisk');
        if (!extension) throw new AppError('CONFLICT', 'you have no phone extension to ring first', [{ path: 'extension', message: 'missing' }]);
      }
      const twilio = integration.kind === 'twilio' ? twilioSettings(integration) : undefined;
      // Written with the logged call only: a call the phone system refuses leaves no reason behind.
      const overrides = [
        ...(await consent.guard(caller, entityIds, 'phone', input.pressureOverrideReason, 'click-to-call')),
        ...(await pressure.guard(caller, entityIds, input.pressureOverrideReason, 'click-to-call')),
      ];
      const target = await targets(entityIds);

      if (integration.kind === 'asterisk' && client && extension) {
        const { amiChannelTechnology = 'PJSIP', amiContext = 'from-internal', amiDialFormat = 'national' } = integration.config;
        // Our id becomes the first channel's Uniqueid, hence the Linkedid AMI events carry for this call.
        const channelId = `relais-${newId()}`;
        const callId = await openCall(caller, integration, channelId, input.number, e164, extension, target);
        const response = await client
          .action({
            Action: 'Originate',
            Channel: `${amiChannelTechnology}/${extension}`,
            Context: amiContext,
            Exten: dialString(e164, amiDialFormat, deps.defaultRegion),
            Priority: '1',
            CallerID: `Relais <${extension}>`,
            ChannelId: channelId,
            Async: 'true',
          })
          .catch((err: unknown) => ({ Response: 'Error', Message: String(err) }) as Record<string, string>);
        if (response.Response !== 'Success') {
          // No call was placed: nothing to keep in the log, nothing to count against the caps.
          await db.deleteFrom('calls').where('id', '=', callId).execute();
          throw new AppError('UNAVAILABLE', `Asterisk refused the call: ${response.Message ?? 'unknown reason'}`);
        }
        const interactionId = await logCall(caller, callId, input.number, target, overrides);
        return { status: 'originated', via: 'asterisk', number: e164, callId, interactionId, externalId: channelId };
      }

      if (integration.kind === 'twilio') {
        const { twilioAccountSid, twilioAuthToken, twilioCallerId, agentPhone } = twilio!;
        const base = deps.twilioApiBase ?? 'https://api.twilio.com';
        // Twilio calls the agent first; when they pick up, the TwiML dials the customer.
        const twimlText = `<Response><Dial callerId="${twilioCallerId}">${e164}</Dial></Response>`;
        const form = new URLSearchParams({ To: agentPhone, From: twilioCallerId, Twiml: twimlText });
        if (deps.publicUrl) {
          // Twilio reports the call's progress to the same signed webhook as incoming calls.
          form.set('StatusCallback', `${deps.publicUrl.replace(/\/$/, '')}/api/telephony/twilio/${integration.id}/status`);
          form.set('StatusCallbackMethod', 'POST');
          for (const event of ['answered', 'completed']) form.append('StatusCallbackEvent', event);
        }
        const response = await fetch(`${base}/2010-04-01/Accounts/${encodeURIComponent(twilioAccountSid)}/Calls.json`, {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${twilioAccountSid}:${twilioAuthToken}`).toString('base64')}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: form.toString(),
          redirect: 'error',
          signal: AbortSignal.timeout(10_000),
        }).catch(async (error: unknown) => {
          // Failed on the way (no answer, cut off): the call may have been placed, so its reasons stay.
          await recordOverrides(db, overrides);
          throw error;
        });
        // Refused outright: no call, no reason.
        if (!response.ok) throw new AppError('UNAVAILABLE', `Twilio refused the call (HTTP ${response.status})`);
        const body = (await response.json()) as { sid?: string };
        const callId = await openCall(caller, integration, body.sid ?? `relais-${newId()}`, input.number, e164, extension ?? null, target);
        const interactionId = await logCall(caller, callId, input.number, target, overrides);
        return { status: 'originated', via: 'twilio', number: e164, callId, interactionId, externalId: body.sid ?? null };
      }
      throw new AppError('CONFLICT', 'this integration cannot place calls; use the tel: link');
    },
  };
}

export type OriginateService = ReturnType<typeof createOriginateService>;
