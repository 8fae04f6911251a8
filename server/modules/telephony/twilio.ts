import { createHmac, timingSafeEqual } from 'node:crypto';
import fastifyFormbody from '@fastify/formbody';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { AppError } from '../../errors.js';
import type { App, DocumentedContent } from '../../http/types.js';
import type { CallEventInput, CallEventName, CallsService } from './calls.service.js';
import type { IntegrationsService } from './integrations.service.js';

/**
 * Twilio's request signature: HMAC-SHA1 (auth token as key) over the full URL followed by every
 * POST parameter name and value, sorted by name, base64-encoded. Twilio publishes no TypeScript
 * library lighter than its whole SDK, and the rule is six lines, so it is written here.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

export function validTwilioSignature(authToken: string, url: string, params: Record<string, string>, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Twilio CallStatus -> Relais call event. */
const STATUS_EVENTS: Record<string, CallEventName> = {
  queued: 'ringing',
  initiated: 'ringing',
  ringing: 'ringing',
  'in-progress': 'answered',
  answered: 'answered',
  completed: 'ended',
  busy: 'missed',
  'no-answer': 'missed',
  canceled: 'missed',
  failed: 'missed',
};

/**
 * Translates one Twilio webhook into generic call events:
 * - a recording (from <Record>) means the caller left a voicemail;
 * - a <Dial> action reports how the dialled leg went: "completed" means answered, then ended;
 * - otherwise the CallStatus of a voice or status callback.
 */
export function twilioToCallEvents(params: Record<string, string>, now: Date): CallEventInput[] {
  const at = params.Timestamp && !Number.isNaN(Date.parse(params.Timestamp)) ? new Date(params.Timestamp) : now;
  const base = {
    callId: params.CallSid,
    from: params.From || params.Caller || 'unknown',
    to: params.To || params.Called || 'unknown',
    direction: params.Direction?.startsWith('outbound') ? ('out' as const) : ('in' as const),
  };
  if (!params.CallSid) throw new AppError('VALIDATION_FAILED', 'CallSid: required', [{ path: 'CallSid', message: 'required' }]);
  if (params.RecordingUrl) return [{ ...base, event: 'voicemail', at: at.toISOString(), recordingUrl: params.RecordingUrl }];
  if (params.DialCallStatus) {
    if (params.DialCallStatus !== 'completed') {
      // Relais answers this one with voicemail TwiML (see the status route): the call says so.
      return [{ ...base, event: 'missed', at: at.toISOString(), routing: { decision: 'voicemail', reason: `nobody answered (${params.DialCallStatus}): voicemail offered` } }];
    }
    const talked = Number(params.DialCallDuration ?? 0) * 1000;
    return [
      { ...base, event: 'answered', at: new Date(at.getTime() - talked).toISOString() },
      { ...base, event: 'ended', at: at.toISOString() },
    ];
  }
  const status = params.CallStatus ?? 'ringing';
  const event = STATUS_EVENTS[status];
  if (!event) throw new AppError('VALIDATION_FAILED', `CallStatus: unknown value ${status}`, [{ path: 'CallStatus', message: 'unknown' }]);
  return [{ ...base, event, at: at.toISOString() }];
}

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** What callers hear before leaving a message, in the integration's language. */
const GREETINGS = {
  fr: '<Say language="fr-FR">Bonjour, toutes nos lignes sont occupées. Laissez votre nom et votre numéro après le bip, nous vous rappelons rapidement.</Say>',
  en: '<Say language="en-GB">Hello, all our lines are busy. Please leave your name and number after the tone and we will call you back shortly.</Say>',
} as const;

/** TwiML telling Twilio what to do with a new call: ring the desk, or voicemail in overload mode. */
export function twiml(decision: 'ring' | 'voicemail', options: { forwardTo?: string; statusUrl: string; language?: 'fr' | 'en' }): string {
  const voicemail = GREETINGS[options.language ?? 'fr'] + `<Record maxLength="120" playBeep="true" action="${escapeXml(options.statusUrl)}" />`;
  if (decision === 'voicemail' || !options.forwardTo) return `<?xml version="1.0" encoding="UTF-8"?><Response>${voicemail}</Response>`;
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Dial timeout="25" action="${escapeXml(options.statusUrl)}">${escapeXml(options.forwardTo)}</Dial></Response>`;
}

const twilioParams = z.object({ integrationId: z.string().min(1).max(36) }).strict();

/** What both webhooks answer: TwiML, Twilio's XML instructions for the call. */
const twimlContent = (description: string): DocumentedContent => ({ types: ['text/xml'], description });

/**
 * Twilio Voice webhooks (form-encoded, signed): `voice` for a new call (answers TwiML),
 * `status` for status callbacks. Mounted in their own context so only they parse forms.
 */
export function registerTwilioRoutes(app: App, deps: { config: Config; calls: CallsService; integrations: IntegrationsService }) {
  void app.register(async (scope) => {
    await scope.register(fastifyFormbody);
    const typed = scope as unknown as App;

    const verify = async (request: { params: unknown; body: unknown; headers: Record<string, string | string[] | undefined>; url: string; protocol: string; host: string }) => {
      // Twilio only ever sends forms; anything else is not Twilio.
      if (!String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Twilio webhooks are form-encoded');
      }
      const { integrationId } = request.params as { integrationId: string };
      const integration = await deps.integrations.get(integrationId).catch(() => undefined);
      const token = integration?.config.twilioAuthToken;
      if (!integration || integration.kind !== 'twilio' || integration.disabled || !token) throw new AppError('UNAUTHENTICATED', 'unknown Twilio integration');
      const base = deps.config.publicUrl?.replace(/\/$/, '') ?? `${request.protocol}://${request.host}`;
      const params = Object.fromEntries(Object.entries((request.body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
      const signature = request.headers['x-twilio-signature'];
      if (!validTwilioSignature(token, `${base}${request.url}`, params, typeof signature === 'string' ? signature : undefined)) {
        throw new AppError('FORBIDDEN', 'invalid X-Twilio-Signature');
      }
      return { integration, params, base };
    };

    typed.post('/api/telephony/twilio/:integrationId/voice', {
      schema: { tags: ['telephony'], summary: 'Twilio Voice webhook for incoming calls (signed); answers TwiML', params: twilioParams },
      config: { permission: 'public', documentedContent: twimlContent('TwiML: <Dial> the forwardTo number, or a voicemail (<Say>, <Record>) in overload mode or without one') },
    }, async (request, reply) => {
      const { integration, params, base } = await verify(request);
      let call;
      for (const event of twilioToCallEvents({ ...params, CallStatus: params.CallStatus ?? 'ringing' }, new Date())) {
        ({ call } = await deps.calls.handleEvent(integration, event));
      }
      const decision = call?.routing[0]?.decision ?? 'ring';
      const statusUrl = `${base}/api/telephony/twilio/${integration.id}/status`;
      return reply.type('text/xml; charset=utf-8').send(twiml(decision, { forwardTo: integration.config.forwardTo, statusUrl, language: integration.config.voicemailLanguage }));
    });

    typed.post('/api/telephony/twilio/:integrationId/status', {
      schema: { tags: ['telephony'], summary: 'Twilio status callback (signed)', params: twilioParams },
      config: { permission: 'public', documentedContent: twimlContent('TwiML: an empty <Response/>, or a voicemail when nobody answered the dialled leg') },
    }, async (request, reply) => {
      const { integration, params, base } = await verify(request);
      const events = twilioToCallEvents(params, new Date());
      for (const event of events) await deps.calls.handleEvent(integration, event);
      // Nobody picked up the dialled leg: the caller may leave a message, which comes back here as a recording.
      if (params.DialCallStatus && params.DialCallStatus !== 'completed') {
        return reply.type('text/xml; charset=utf-8').send(twiml('voicemail', { statusUrl: `${base}/api/telephony/twilio/${integration.id}/status`, language: integration.config.voicemailLanguage }));
      }
      return reply.type('text/xml; charset=utf-8').send('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    });
  });
}
