import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { documentedSchemaTransform } from './http/openapi.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from './db/connect.js';
import { MemoryEventBus, type EventBus } from './events/bus.js';
import { PostgresEventBus, type PostgresEventBusOptions } from './events/postgres-bus.js';
import { createAuthHook } from './http/auth-hook.js';
import { clientErrorHandler, frameworkErrors } from './http/client-errors.js';
import { createIdempotencyHooks } from './http/idempotency.js';
import { acceptEmptyJsonBodies } from './http/json-body.js';
import { createErrorHandler, sendError } from './http/error-handler.js';
import { refuseBadText } from './http/input-guard.js';
import { healthResponse } from './http/responses.js';
import type { App, RoutePermission } from './http/types.js';
import type { Db, DialectFeatures } from './db/dialect/features.js';
import { AppError } from './errors.js';
import { JobRunner } from './jobs/runner.js';
import { ensureDirectory } from './lib/directories.js';
import { registerAccessRoutes } from './modules/access/access.routes.js';
import { createAuthService } from './modules/access/auth.service.js';
import { createUsersService } from './modules/access/users.service.js';
import { registerCatalogueRoutes } from './modules/catalogue/catalogue.routes.js';
import { createCustomFieldsService } from './modules/custom-fields/custom-fields.service.js';
import { registerEventRoutes } from './modules/live/events.routes.js';
import { createLookupService } from './modules/lookup/lookup.service.js';
import { registerNotificationRoutes } from './modules/notifications/notifications.routes.js';
import { createNotificationsService } from './modules/notifications/notifications.service.js';
import { createOrganisationsService } from './modules/organisations/organisations.service.js';
import { createOrganisationBody, listOrganisationsQuery, updateOrganisationBody } from './modules/organisations/organisations.schemas.js';
import { createPartiesRepository } from './modules/parties/parties.repository.js';
import { registerPartyRoutes } from './modules/parties/party.routes.js';
import { createPeopleService } from './modules/people/people.service.js';
import { createPersonBody, listPeopleQuery, updatePersonBody } from './modules/people/people.schemas.js';
import { registerSearchRoutes } from './modules/search/search.routes.js';
import { createSearchService } from './modules/search/search.service.js';
import { REMINDER_JOB, createTasksService } from './modules/tasks/tasks.service.js';
import { registerTasksRoutes } from './modules/tasks/tasks.routes.js';
import { createAttachmentsService } from './modules/timeline/attachments.js';
import { registerTimelineRoutes } from './modules/timeline/timeline.routes.js';
import { createFileStore } from './modules/files/file-store.js';
import { createTimelineService } from './modules/timeline/timeline.service.js';
import { registerViewRoutes } from './modules/views/views.routes.js';
import { createPressureService } from './modules/pressure/pressure.service.js';
import { createConsentService, consentChannelOf } from './modules/consent/consent.service.js';
import { registerConsentRoutes } from './modules/consent/consent.routes.js';
import { createSettingsService } from './modules/settings/settings.service.js';
import { createCallCardService } from './modules/telephony/call-card.js';
import { createCallbacksService } from './modules/telephony/callbacks.service.js';
import { createCallsService } from './modules/telephony/calls.service.js';
import { createIntegrationsService } from './modules/telephony/integrations.service.js';
import { registerTelephonyRoutes } from './modules/telephony/telephony.routes.js';
import { registerTwilioRoutes } from './modules/telephony/twilio.js';
import { createAmiConnections } from './modules/telephony/asterisk/ami-connections.js';
import { createOriginateService } from './modules/telephony/originate.js';
import { createWrapUpService } from './modules/telephony/wrap-up.js';
import { LEAD_ESCALATION_JOB, createLeadsService } from './modules/leads/leads.service.js';
import { registerLeadRoutes } from './modules/leads/leads.routes.js';
import { DEADLINE_JOB, createRequestsService } from './modules/requests/requests.service.js';
import { registerRequestRoutes } from './modules/requests/requests.routes.js';

export interface BuildOptions {
  /** A clock tests control; the system clock otherwise. */
  clock?: Clock;
  /** An already open database (tests share one); opened from the config otherwise. */
  handle?: DatabaseHandle;
  /** Fastify logger; silent when the config says so. */
  logger?: boolean;
  /** Twilio's REST API base URL; tests point it at a local stand-in. */
  twilioApiBase?: string;
  /** Where counting a list's total stops (10,000); tests make it small to see the cap without 10,000 records. */
  listTotalCap?: number;
  /** Where log lines go instead of stdout (tests read them back to check for secrets and forged lines). */
  logStream?: NodeJS.WritableStream;
  /** Told of each pending migration as it starts, before the server exists to log it. */
  onMigration?: (name: string) => void;
  /** PostgreSQL live events: liveness check and close bounds (tests shorten them). */
  liveEvents?: Omit<PostgresEventBusOptions, 'log'>;
  /**
   * Leaves the first administrator to `relais.ensureFirstAdmin()` (the server start calls it once
   * listening, for a generated password): a start that fails, on a port in use say, then prints no
   * password it would lose.
   */
  deferFirstAdmin?: boolean;
}

/** One registered route and the permission it declares (the generated permission test walks these). */
export interface RouteEntry {
  method: string;
  url: string;
  permission: RoutePermission | undefined;
  /** The status it answers on success, as its config declares it for the OpenAPI document. */
  successStatus: number;
}

/** Where the built web app lives, whether we run from sources (server/) or from dist/server/. */
function defaultWebDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = path.basename(path.dirname(here)) === 'dist' ? path.resolve(here, '../..') : path.resolve(here, '..');
  return path.join(root, 'web', 'dist');
}

export function openDatabase(config: Config): DatabaseHandle {
  return connectDatabase({ databaseUrl: config.databaseUrl, sqlitePath: path.join(config.dataDir, 'relais.db') });
}

/** Builds the whole server: database, services, routes, live events and jobs. `listen` is the caller's. */
export async function buildApp(config: Config, options: BuildOptions = {}) {
  const clock = options.clock ?? systemClock;
  const handle = options.handle ?? openDatabase(config);
  await migrateToLatest(handle, { onStart: options.onMigration });
  const { db, dialect } = handle;

  const fastify = Fastify({
    logger:
      options.logger === false || config.logLevel === 'silent'
        ? false
        : { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'], ...(options.logStream && { stream: options.logStream }) },
    bodyLimit: config.bodyLimit,
    // The router's own limit (100) answered a longer path parameter with a bare 400; past it, each
    // route's schema names the parameter (an id is at most 36 characters). Node's header limit
    // (16 KB) still bounds the whole URL.
    routerOptions: { maxParamLength: 2048 },
    frameworkErrors,
    clientErrorHandler,
    trustProxy: config.trustProxy,
    // Per-request lines only when debugging: they cost throughput and fill disks at a busy switchboard.
    logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace' }),
  }).withTypeProvider<ZodTypeProvider>();
  const app = fastify as unknown as App;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Registered first, so it sees every route, plugins' included (QUALITY 6: no route without a rule).
  const routes: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, permission: route.config?.permission, successStatus: route.config?.successStatus ?? 200 });
  });
  const log: FastifyBaseLogger = app.log;

  const events: EventBus = handle.postgresUrl ? new PostgresEventBus(handle.postgresUrl, { ...options.liveEvents, log }) : new MemoryEventBus();
  // Jobs fall due by the database's clock, unless a test drives time by hand.
  const jobs = new JobRunner(db, dialect, clock, log, { databaseClock: !options.clock });
  const context: AppContext = { config, handle, db, dialect, clock, events, jobs, log };

  // Services, each given only what it needs.
  const auth = createAuthService({ db, clock, log, events, sessionHours: config.sessionHours });
  const users = createUsersService({ db, dialect, clock, log, auth });
  const customFields = createCustomFieldsService({ db, dialect, clock });
  const parties = createPartiesRepository(db, config.defaultRegion);
  const search = createSearchService({ db, dialect, defaultRegion: config.defaultRegion });
  const partyDeps = { db, dialect, clock, parties, customFields, search, defaultRegion: config.defaultRegion, totalCap: options.listTotalCap };
  const people = createPeopleService(partyDeps);
  const organisations = createOrganisationsService({
    ...partyDeps,
    members: { typesFor: () => customFields.typesFor('person'), refreshSearchDocuments: people.refreshSearchDocuments },
  });
  const notifications = createNotificationsService({ db, clock, events, log });
  const settings = createSettingsService({ db, clock });
  const pressure = createPressureService({ db, clock });
  const consent = createConsentService({ db, dialect, clock, events });
  const timeline = createTimelineService({
    db,
    dialect,
    clock,
    events,
    timeZone: config.timeZone,
    beforeOutboundContact: async (handle, caller, entityIds, reason, channel, options = { caps: true }) => {
      const consentChannel = consentChannelOf(channel);
      const overrides = consentChannel ? await consent.guard(caller, entityIds, consentChannel, reason, 'interaction', handle) : [];
      return [...overrides, ...(options.caps ? await pressure.guard(caller, entityIds, reason, 'interaction', handle) : [])];
    },
  });
  // The data folder holds the attachments on PostgreSQL too: created (private) or refused at start, not at the first upload.
  ensureDirectory(config.dataDir, 0o700);
  const attachments = createAttachmentsService({ db, clock, log, files: createFileStore(path.join(config.dataDir, 'files')) });
  const tasks = createTasksService({ db, dialect, clock, events, jobs, notifications, timeZone: config.timeZone });
  const requests = createRequestsService({ db, dialect, clock, events, jobs, notifications, timeZone: config.timeZone });
  const leads = createLeadsService({ db, dialect, clock, events, jobs, notifications, settings, timeZone: config.timeZone });
  // The screen pop shows the caller's open requests and leads (sections other modules may add to).
  const lookup = createLookupService({
    db,
    dialect,
    defaultRegion: config.defaultRegion,
    people,
    organisations,
    timeline,
    tasks,
    sections: [requests.cardSection, leads.cardSection],
  });
  const cards = createCallCardService({ db, lookup, pressure, settings, consent });
  const integrations = createIntegrationsService({ db, clock, outbound: config.outbound });
  const calls = createCallsService({ db, dialect, clock, events, defaultRegion: config.defaultRegion, settings, timeline, cards });
  const callbacks = createCallbacksService({ db, clock, events, leads });
  const ami = createAmiConnections({ integrations, calls, log, outbound: config.outbound });
  const originate = createOriginateService({ db, clock, defaultRegion: config.defaultRegion, publicUrl: config.publicUrl, integrations, ami, pressure, consent, timeline, twilioApiBase: options.twilioApiBase });
  jobs.register(REMINDER_JOB, (payload, job) => tasks.remind(payload as { taskId: string; at: string }, job));
  jobs.register(DEADLINE_JOB, (payload, job) => requests.onDeadline(payload as Parameters<typeof requests.onDeadline>[0], job));
  jobs.register(LEAD_ESCALATION_JOB, (payload, job) => leads.onEscalation(payload as Parameters<typeof leads.onEscalation>[0], job));

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Relais API',
        version: '0.1.0',
        description:
          'REST API of Relais. Errors: { error: { code, message, details } }. Creating POSTs accept an Idempotency-Key header: a retry with the same key and body answers the first answer (Idempotent-Replayed: true), the same key with another body 422, while the first runs 409.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token from POST /api/tokens' },
          session: { type: 'apiKey', in: 'cookie', name: 'relais_session', description: 'Session from POST /api/auth/login; writes need X-CSRF-Token' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: documentedSchemaTransform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // The plugin's policy asks browsers to upgrade every request to HTTPS, which leaves the page
    // blank when Relais is served over plain HTTP on a LAN address (a small office, no TLS).
    transformStaticCSP: (header) => header.replace(/\s*upgrade-insecure-requests;?/, ''),
    uiConfig: { docExpansion: 'list' },
  });

  app.setErrorHandler(createErrorHandler({ dialect, db, clock }));
  acceptEmptyJsonBodies(fastify);
  // Every body here is JSON, a form (webhooks) or a file: plain text is a 415 like any other type,
  // not a string handed to a schema that expected an object.
  fastify.removeContentTypeParser('text/plain');
  app.addHook('onRequest', createAuthHook({ auth, db, clock }));
  app.addHook('preValidation', refuseBadText);
  // Only on the routes that opt in (registered below): the others, the caller lookup among them, pay nothing.
  const idempotency = createIdempotencyHooks({ db, clock });
  // An API route that takes no query parameter refuses one, naming it, as the others refuse those
  // they do not know: a typo in a parameter must not pass for a filter that matched nothing.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs') || route.schema?.querystring) return;
    route.schema = { ...route.schema, querystring: z.object({}).strict() };
  });
  app.addHook('onRoute', (route) => {
    if (!route.config?.idempotent) return;
    route.onRequest = [route.onRequest ?? [], idempotency.onRequest].flat();
    route.preHandler = [route.preHandler ?? [], idempotency.preHandler].flat();
    route.onSend = [route.onSend ?? [], idempotency.onSend].flat();
  });
  // Synchronous (done callback): one promise less on every answer.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.headers(SECURITY_HEADERS);
    const route = routePath(request);
    // Personal data must not linger in caches (QUALITY 26).
    if (route.startsWith('/api/')) reply.header('Cache-Control', 'no-store');
    // A route's own, stricter policy stands (attachments are served sandboxed); so does the docs UI's.
    if (!route.startsWith('/api/docs') && !reply.hasHeader('Content-Security-Policy')) reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    done(null, payload);
  });

  app.get('/api/health', { schema: { tags: ['system'], summary: 'Liveness, database reachability and live events' }, config: { permission: 'public', documentedResponse: healthResponse } }, async (_request, reply) => {
    const liveEvents = events.status().state;
    try {
      // Bounded: a pooled connection cut silently must not hold the load balancer's probe.
      await withTimeout(sql`SELECT 1`.execute(db), HEALTH_TIMEOUT_MS);
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: dialect.name, liveEvents });
    }
    // An instance that does not receive the others' events would miss screen pops and reminders:
    // taken out of rotation until it listens again (its streams then get `resync`).
    if (!events.status().live) return reply.status(503).send({ status: 'degraded', database: dialect.name, liveEvents });
    return { status: 'ok', database: dialect.name, liveEvents };
  });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { permission: 'public' } }, async () => app.swagger());

  registerAccessRoutes(app, { auth, users, config });
  registerPartyRoutes(app, {
    prefix: '/api/people', resource: 'people', service: people, tag: 'people',
    createBody: createPersonBody, updateBody: updatePersonBody, listQuery: listPeopleQuery, defaultRegion: config.defaultRegion,
  });
  registerPartyRoutes(app, {
    prefix: '/api/organisations', resource: 'organisations', service: organisations, tag: 'organisations',
    createBody: createOrganisationBody, updateBody: updateOrganisationBody, listQuery: listOrganisationsQuery, defaultRegion: config.defaultRegion,
  });
  registerTimelineRoutes(app, timeline, attachments);
  registerTasksRoutes(app, tasks);
  registerSearchRoutes(app, { search, lookup });
  const liveStreams = registerEventRoutes(app, { events, auth });
  registerNotificationRoutes(app, notifications);
  registerViewRoutes(app, { db, dialect, clock, customFields });
  registerCatalogueRoutes(app, { db, dialect, clock, customFields, settings });
  registerConsentRoutes(app, consent);
  registerTelephonyRoutes(app, { config, clock, db, events, calls, callbacks, integrations, settings, pressure, cards, ami, originate, wrapUps: createWrapUpService({ db, clock, events, timeline, tasks }) });
  registerTwilioRoutes(app, { config, calls, integrations });
  registerRequestRoutes(app, requests);
  registerLeadRoutes(app, leads);

  const webDir = config.webDir ?? defaultWebDir();
  const hasWeb = fs.existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDir, wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    if (routePath(request).startsWith('/api/') || !hasWeb || request.method !== 'GET') {
      const path = request.url.split('?')[0];
      // The address exists with other methods: 405 naming them (Allow), not a 404 that reads as a wrong path.
      const allowed = path.startsWith('/api/') ? HTTP_METHODS.filter((method) => app.findRoute({ method, url: path })) : [];
      if (allowed.length) {
        reply.header('Allow', allowed.join(', '));
        return sendError(request, reply, new AppError('METHOD_NOT_ALLOWED', `${request.method} ${path}: this address takes ${allowed.join(', ')}`));
      }
      return sendError(request, reply, new AppError('NOT_FOUND', `no route ${request.method} ${path}`));
    }
    // Single-page app: every other GET path is a client-side route.
    return reply.type('text/html; charset=utf-8').sendFile('index.html');
  });

  // First start: an admin from the environment, or one with a random password printed once.
  const ensureFirstAdmin = () => ensureAdmin(config, users, dialect, db, log);
  const bootstrap = options.deferFirstAdmin ? { createdAdmin: null } : await ensureFirstAdmin();

  app.addHook('onReady', async () => {
    jobs.start(config.jobPollMs);
    await ami.start();
  });
  app.addHook('onClose', async () => {
    ami.stop();
    await jobs.stop();
    await events.close();
    if (!options.handle) await handle.close();
  });

  const services = { auth, liveStreams, users, customFields, people, organisations, notifications, timeline, attachments, tasks, search, lookup, settings, pressure, consent, integrations, calls, callbacks, cards, ami, requests, leads };
  return Object.assign(app, { relais: { context, services, bootstrap, ensureFirstAdmin, routes } });
}

/** How long /api/health waits for the database. */
const HEALTH_TIMEOUT_MS = 5_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** The methods a 405 may name in its Allow header. */
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

async function ensureAdmin(config: Config, users: ReturnType<typeof createUsersService>, dialect: DialectFeatures, db: Db, log: FastifyBaseLogger) {
  // No administrator rather than no user: demo data loaded into a new folder brings staff, none of them admin.
  if ((await users.countAdmins()) > 0) {
    // Said once at start when it matters: an account the operator expects to sign in with is not there.
    if (config.adminEmail && !(await db.selectFrom('users').select('id').where('email', '=', config.adminEmail.toLowerCase()).executeTakeFirst())) {
      log.warn(
        `RELAIS_ADMIN_EMAIL ${config.adminEmail}: no such account, and none was created, as an administrator already exists (the variable only makes the first one; "relais user create" makes others) / ` +
          `aucun compte à cette adresse, et aucun n’a été créé : un administrateur existe déjà (la variable ne crée que le premier ; « relais user create » en crée d’autres)`,
      );
    }
    return { createdAdmin: null };
  }
  const email = config.adminEmail ?? 'admin@relais.local';
  const generated = !config.adminPassword;
  const password = config.adminPassword ?? randomPassphrase();
  try {
    // Named in French like its locale: timelines read "par Administrateur" (renamable on the users page).
    const user = await users.create(null, { email, password, name: 'Administrateur', role: 'admin', locale: 'fr' });
    return { createdAdmin: { email: user.email, password: generated ? password : null } };
  } catch (error) {
    // Another instance starting on the same PostgreSQL created it first: theirs is the one printed.
    const known = error instanceof AppError ? error : dialect.translateError(error);
    if (known?.code === 'ALREADY_EXISTS') return { createdAdmin: null };
    // A weak or malformed RELAIS_ADMIN_PASSWORD / RELAIS_ADMIN_EMAIL: say which setting to fix.
    if (known?.code === 'VALIDATION_FAILED') {
      const details = Array.isArray(known.details) ? (known.details as { path: string; message: string }[]) : [];
      const reasons = details.map((d) => `${d.path}: ${d.message}`).join('; ') || known.message;
      throw new Error(
        `RELAIS_ADMIN_EMAIL / RELAIS_ADMIN_PASSWORD cannot create the first administrator (${reasons}) / ne permettent pas de créer le premier administrateur (${reasons})`,
      );
    }
    throw error;
  }
}

/** 144 random bits, URL-safe: printed once, to be changed at first login. */
function randomPassphrase(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return Buffer.from(bytes).toString('base64url');
}

export type RelaisApp = Awaited<ReturnType<typeof buildApp>>;

/** On every answer. */
const SECURITY_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'same-origin', 'X-Frame-Options': 'DENY' };
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

/**
 * The path a request was routed by: its route's pattern, or for an unknown address the decoded
 * path. Never the raw URL, which may spell the same route differently ("/%61pi/people" is routed
 * as /api/people) and so dodge a test on its prefix.
 */
function routePath(request: FastifyRequest): string {
  if (request.routeOptions.url) return request.routeOptions.url;
  // "//api//people" is an API path mistyped, not a page of the web app (which would answer 200 HTML).
  const rawPath = request.url.split('?')[0].replace(/\/{2,}/g, '/');
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return rawPath;
  }
}
