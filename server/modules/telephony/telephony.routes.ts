import { z } from 'zod';
import type { PressureStatus } from '../../../common/api/pressure.js';
import { isoDateTime } from '../../http/schemas.js';
import { END_OF_TIME, rangeBound } from '../../lib/day-range.js';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/dialect/features.js';
import type { EventBus } from '../../events/bus.js';
import { AppError } from '../../errors.js';
import { isLiveParty } from '../parties/live-party.js';
import { callerOf, type App } from '../../http/types.js';
import { writeAudit } from '../audit/audit.js';
import type { PressureService } from '../pressure/pressure.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { AmiConnections } from './asterisk/ami-connections.js';
import type { CallCardService } from './call-card.js';
import type { OriginateService } from './originate.js';
import type { WrapUpService } from './wrap-up.js';
import { expectedVersion, ifMatchHeaders } from '../../http/versions.js';
import { callStatistics } from './call-stats.js';
import type { CallbacksService } from './callbacks.service.js';
import { OVERLOAD_SETTING, type CallsService } from './calls.service.js';
import { publicIntegration, type IntegrationsService } from './integrations.service.js';
import { PRIORITY_SETTING, readPriorityRule } from './priority-rule.js';
import {
  callCardResponse,
  callEventResponse,
  callResponse,
  callStatsResponse,
  callbackLeadResponse,
  callbackResponse,
  callbacksPage,
  wrapUpResponse,
  callsPage,
  callsPerContactResponse,
  capabilitiesResponse,
  createdIntegrationResponse,
  dutyResponse,
  extensionResponse,
  extensionsResponse,
  integrationResponse,
  integrationSecretResponse,
  integrationsResponse,
  originateResponse,
  overloadResponse,
  pressureRuleResponse,
  pressureRulesResponse,
  pressureStatusResponse,
  priorityRuleResponse,
} from './telephony.responses.js';
import {
  callbackLeadBody,
  callbackPatch,
  callbacksQuery,
  callWrapUpBody,
  callEventBody,
  callStatsQuery,
  extensionBody,
  integrationBody,
  integrationPatch,
  listCallsQuery,
  originateBody,
  overloadBody,
  pressureRuleBody,
  priorityRuleBody,
} from './telephony.schemas.js';

const idParams = z.object({ id: z.string().min(1).max(36) }).strict();

export interface TelephonyRouteDeps {
  config: Config;
  clock: Clock;
  db: Db;
  events: EventBus;
  calls: CallsService;
  callbacks: CallbacksService;
  integrations: IntegrationsService;
  settings: SettingsService;
  pressure: PressureService;
  cards: CallCardService;
  ami: AmiConnections;
  originate: OriginateService;
  wrapUps: WrapUpService;
}

export function registerTelephonyRoutes(app: App, deps: TelephonyRouteDeps) {
  const { calls, callbacks, integrations, settings, pressure, cards, db, events, config, ami, originate, clock, wrapUps } = deps;

  app.post('/api/telephony/events', {
    schema: {
      tags: ['telephony'],
      summary: 'Generic call-event webhook; authenticate with the integration secret as `Authorization: Bearer`. Repeated or out-of-order events are safe: a repeated one answers 200 with duplicate: true.',
      body: callEventBody,
    },
    // Phone systems authenticate with their integration secret, checked in the handler.
    config: { permission: 'public', successStatus: 202, documentedResponse: callEventResponse },
  }, async (request, reply) => {
    const integration = await integrations.authenticate(request.headers.authorization);
    const { call, duplicate } = await calls.handleEvent(integration, request.body);
    return reply.status(duplicate ? 200 : 202).send({ callId: call.id, state: call.state, duplicate, routing: call.routing });
  });

  app.post('/api/telephony/integrations', {
    schema: { tags: ['telephony'], summary: 'Create a telephony integration; answers its secret once', body: integrationBody },
    config: { permission: 'telephony.manage', successStatus: 201, documentedResponse: createdIntegrationResponse },
  }, async (request, reply) => {
    const created = await integrations.create(callerOf(request), request.body);
    ami.add(await integrations.get(created.id));
    return reply.status(201).send(created);
  });

  app.patch('/api/telephony/integrations/:id', {
    schema: { tags: ['telephony'], summary: 'Rename, disable or re-enable an integration, or replace its settings (secrets left out are kept)', params: idParams, body: integrationPatch },
    config: { permission: 'telephony.manage', documentedResponse: integrationResponse },
  }, async (request) => {
    const updated = await integrations.update(callerOf(request), request.params.id, request.body);
    ami.replace(updated);
    return publicIntegration(updated);
  });

  app.post('/api/telephony/integrations/:id/secret', {
    schema: { tags: ['telephony'], summary: 'Give an integration a new webhook secret (answered once; the old one stops working)', params: idParams },
    config: { permission: 'telephony.manage', documentedResponse: integrationSecretResponse },
  }, async (request) => integrations.rotateSecret(callerOf(request), request.params.id));

  app.get('/api/telephony/integrations', { schema: { tags: ['telephony'] }, config: { permission: 'telephony.manage', documentedResponse: integrationsResponse } }, async () => ({
    items: (await integrations.list()).map(publicIntegration),
    nextCursor: null,
  }));

  app.post('/api/telephony/originate', {
    schema: { tags: ['telephony'], summary: 'Click-to-call: ring your phone, then the number (Asterisk or Twilio); pressure caps apply', body: originateBody },
    config: { permission: 'telephony.originate', idempotent: true, documentedResponse: originateResponse },
  }, async (request) => originate.originate(callerOf(request), request.body));

  app.get('/api/telephony/capabilities', {
    schema: { tags: ['telephony'], summary: 'What the phone system can do for you: the integrations you can place calls through (click-to-call)' },
    config: { permission: 'telephony.originate', documentedResponse: capabilitiesResponse },
  }, async (request) => originate.capabilities(callerOf(request)));

  app.get('/api/telephony/overload', { schema: { tags: ['telephony'] }, config: { permission: 'calls.read', documentedResponse: overloadResponse } }, async () => ({
    enabled: await settings.get(OVERLOAD_SETTING, false),
  }));

  app.put('/api/telephony/overload', {
    schema: { tags: ['telephony'], summary: 'Overload mode: callers not under contract go to voicemail and the call-back queue', body: overloadBody },
    config: { permission: 'telephony.overload', documentedResponse: overloadResponse },
  }, async (request) => {
    const caller = callerOf(request);
    const before = await settings.get(OVERLOAD_SETTING, false);
    await db.transaction().execute(async (trx) => {
      await settings.set(OVERLOAD_SETTING, request.body.enabled, caller.id, trx);
      await writeAudit(trx, { at: clock.now().toISOString(), actorId: caller.id, entityType: 'setting', entityId: OVERLOAD_SETTING, action: 'update', changes: { enabled: { old: before, new: request.body.enabled } } });
    });
    await events.publish({ type: 'telephony.overload', audience: { all: true }, data: { enabled: request.body.enabled, by: caller.name } });
    return { enabled: request.body.enabled };
  });

  app.get('/api/telephony/priority-rule', {
    schema: { tags: ['telephony'], summary: 'Who counts as under contract: rings first (also in overload mode), contract badge on the screen pop' },
    config: { permission: 'calls.read', documentedResponse: priorityRuleResponse },
  }, async () => readPriorityRule(settings));

  app.put('/api/telephony/priority-rule', {
    schema: { tags: ['telephony'], summary: 'Set who counts as under contract (tags and relationship types; both empty: nobody)', body: priorityRuleBody },
    config: { permission: 'telephony.priority', documentedResponse: priorityRuleResponse },
  }, async (request) => {
    const caller = callerOf(request);
    const rule = { tags: [...new Set(request.body.tags)], relationshipTypes: [...new Set(request.body.relationshipTypes)] };
    const known = new Set((await db.selectFrom('relationship_types').select('key').execute()).map((r) => r.key));
    const unknown = rule.relationshipTypes.filter((key) => !known.has(key));
    if (unknown.length > 0) {
      throw new AppError('VALIDATION_FAILED', `relationshipTypes: unknown type ${unknown.join(', ')}`, unknown.map((key) => ({ path: 'relationshipTypes', message: `unknown relationship type ${key}` })));
    }
    const before = await readPriorityRule(settings);
    await db.transaction().execute(async (trx) => {
      await settings.set(PRIORITY_SETTING, rule, caller.id, trx);
      await writeAudit(trx, { at: clock.now().toISOString(), actorId: caller.id, entityType: 'setting', entityId: PRIORITY_SETTING, action: 'update', changes: { rule: { old: before, new: rule } } });
    });
    return rule;
  });

  app.get('/api/telephony/extensions', { schema: { tags: ['telephony'] }, config: { permission: 'calls.read', documentedResponse: extensionsResponse } }, async () => ({
    items: (await db.selectFrom('phone_extensions').selectAll().orderBy('extension').execute()).map((e) => ({ extension: e.extension, userId: e.user_id })),
    nextCursor: null,
  }));

  app.put('/api/telephony/extensions', {
    schema: { tags: ['telephony'], summary: "Map a phone extension to a user (that user's calls pop up on their screen)", body: extensionBody },
    config: { permission: 'telephony.manage', documentedResponse: extensionResponse },
  }, async (request) => {
    const { extension, userId } = request.body;
    if (!(await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst())) {
      throw new AppError('VALIDATION_FAILED', 'userId: unknown user', [{ path: 'userId', message: 'unknown user' }]);
    }
    await db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('phone_extensions').select('user_id').where('extension', '=', extension).executeTakeFirst();
      await trx.insertInto('phone_extensions').values({ extension, user_id: userId }).onConflict((oc) => oc.column('extension').doUpdateSet({ user_id: userId })).execute();
      await writeAudit(trx, { at: clock.now().toISOString(), actorId: callerOf(request).id, entityType: 'phone_extension', entityId: extension, action: before ? 'update' : 'create', changes: { userId: { old: before?.user_id ?? null, new: userId } } });
    });
    return { extension, userId };
  });

  app.put('/api/telephony/duty', {
    schema: { tags: ['telephony'], summary: 'Say whether you are on duty at the front desk (receive screen pops for unassigned calls)', body: z.object({ onDuty: z.boolean() }).strict() },
    config: { permission: 'session.own', documentedResponse: dutyResponse },
  }, async (request) => {
    // Who receives the screen pops of unassigned calls: audited, like an extension's user.
    const caller = callerOf(request);
    await db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('users').select('on_duty').where('id', '=', caller.id).executeTakeFirstOrThrow();
      if (Boolean(before.on_duty) === request.body.onDuty) return;
      await trx.updateTable('users').set({ on_duty: request.body.onDuty ? 1 : 0 }).where('id', '=', caller.id).execute();
      await writeAudit(trx, { at: clock.now().toISOString(), actorId: caller.id, entityType: 'user', entityId: caller.id, action: 'update', changes: { onDuty: { old: Boolean(before.on_duty), new: request.body.onDuty } } });
    });
    return { onDuty: request.body.onDuty };
  });

  app.get('/api/calls', {
    schema: { tags: ['telephony'], summary: 'Call log, newest first, with filters', querystring: listCallsQuery },
    config: { permission: 'calls.read', documentedResponse: callsPage },
  }, async (request) => calls.list(request.query, callerOf(request)));

  app.get('/api/calls/per-contact', {
    schema: { tags: ['telephony'], summary: 'Calls per contact over a range, busiest first', querystring: z.object({ from: isoDateTime.optional(), to: isoDateTime.optional(), limit: z.coerce.number().int().min(1).max(500).default(50) }).strict() },
    config: { permission: 'calls.read', documentedResponse: callsPerContactResponse },
  }, async (request) => ({ items: await calls.countsPerContact(request.query), nextCursor: null }));

  app.get('/api/calls/:id', { schema: { tags: ['telephony'], params: idParams }, config: { permission: 'calls.read', documentedResponse: callResponse } }, async (request) =>
    calls.get(request.params.id),
  );

  app.post('/api/calls/:id/wrap-up', {
    schema: {
      tags: ['telephony'],
      summary: "After the call: its outcome, note and follow-up task in one step; send the version of the call's interaction you read (or If-Match). A second wrap-up from a stale form is a 409 and creates nothing",
      params: idParams,
      headers: ifMatchHeaders,
      body: callWrapUpBody,
    },
    config: { permission: 'interactions.update', documentedResponse: wrapUpResponse },
  }, async (request) => wrapUps.wrapUp(callerOf(request), request.grant!, request.params.id, { ...request.body, version: expectedVersion(request, request.body.version) }));

  app.get('/api/calls/:id/card', {
    schema: { tags: ['telephony'], summary: 'The screen-pop card of a call', params: idParams },
    config: { permission: 'calls.read', documentedResponse: callCardResponse },
  }, async (request) => {
    const call = await calls.get(request.params.id);
    const number = call.direction === 'out' ? call.toE164 : call.fromE164;
    return { call, matches: await cards.cardMatches(number) };
  });

  app.get('/api/callbacks', {
    schema: { tags: ['telephony'], summary: 'Call-back queue, oldest first', querystring: callbacksQuery },
    config: { permission: 'callbacks.read', documentedResponse: callbacksPage },
  }, async (request) => callbacks.list(request.query, callerOf(request)));

  app.get('/api/callbacks/:id', { schema: { tags: ['telephony'], params: idParams }, config: { permission: 'callbacks.read', documentedResponse: callbackResponse } }, async (request) =>
    callbacks.get(request.params.id),
  );

  app.patch('/api/callbacks/:id', {
    schema: { tags: ['telephony'], summary: 'Take, assign, record an attempt, close or cancel a call-back', params: idParams, body: callbackPatch },
    config: { permission: 'callbacks.update', documentedResponse: callbackResponse },
  }, async (request) => callbacks.update(callerOf(request), request.grant!, request.params.id, request.body));

  app.post('/api/callbacks/:id/lead', {
    schema: { tags: ['telephony'], summary: 'Pass the caller on to sales: a lead linked to the call, the call-back closed as converted', params: idParams, body: callbackLeadBody },
    config: { permission: 'callbacks.update', successStatus: 201, documentedResponse: callbackLeadResponse },
  }, async (request, reply) => reply.status(201).send(await callbacks.convertToLead(callerOf(request), request.grant!, request.params.id, request.body)));

  app.get('/api/reports/calls', {
    schema: { tags: ['reports'], summary: 'Call statistics: per day, hour-of-week heat map, answer/miss rates, wait and duration, per agent and line', querystring: callStatsQuery },
    config: { permission: 'reports.calls', documentedResponse: callStatsResponse },
  }, async (request) =>
    callStatistics(db, {
      // A plain day is one of the firm's, as in the timeline's filters; the last day of year 9999 ends past any call.
      from: rangeBound(request.query.from, config.timeZone, false) ?? END_OF_TIME,
      to: rangeBound(request.query.to, config.timeZone, true) ?? END_OF_TIME,
      timeZone: config.timeZone,
      direction: request.query.direction,
    }),
  );

  app.get('/api/pressure', {
    schema: { tags: ['telephony'], summary: 'Contact-pressure status of records: caps that apply, counts, and whether one more contact goes over', querystring: z.object({ entityId: z.string().min(1).max(36) }).strict() },
    config: { permission: 'pressure.read', documentedResponse: pressureStatusResponse },
  }, async (request): Promise<PressureStatus> => {
    const { entityId } = request.query;
    // The reasons staff wrote for contacting someone go with their record: gone with it (QUALITY 8).
    if (!(await isLiveParty(db, 'person', entityId)) && !(await isLiveParty(db, 'organisation', entityId))) {
      throw new AppError('NOT_FOUND', 'no such person or organisation');
    }
    return {
      entityId,
      contacts: await pressure.recentContacts(entityId),
      caps: await pressure.status([entityId]),
      overrides: await pressure.overrides(entityId),
    };
  });

  app.get('/api/pressure/rules', { schema: { tags: ['telephony'] }, config: { permission: 'pressure.read', documentedResponse: pressureRulesResponse } }, async () => ({ items: await pressure.rules(), nextCursor: null }));

  app.post('/api/pressure/rules', {
    schema: { tags: ['telephony'], summary: 'Add a cap: at most maxContacts outbound contacts per periodDays for a relationship type or tag', body: pressureRuleBody },
    config: { permission: 'pressure.manage', idempotent: true, successStatus: 201, documentedResponse: pressureRuleResponse },
  }, async (request, reply) => reply.status(201).send(await pressure.addRule(callerOf(request).id, request.body)));

  app.delete('/api/pressure/rules/:id', { schema: { tags: ['telephony'], params: idParams }, config: { permission: 'pressure.manage', successStatus: 204 } }, async (request, reply) => {
    await pressure.removeRule(callerOf(request).id, request.params.id);
    return reply.status(204).send();
  });
}
