/**
 * Demo data for a French freight broker ("courtier en fret"): shippers and carriers, their staff,
 * calls, e-mails, notes and call-backs. Built for speed (figures in bench/RESULTS.md): rows are
 * generated as arrays (./batches.ts, in a worker thread for large imports) and written in large
 * batches by ./bulk-writers.ts (on SQLite, with the full-text index built by a second thread), around the per-record services, but they are
 * the rows those services would write — contact points with E.164, tags, custom field values,
 * relationships, memberships, folded search documents, timeline participants, tasks and their
 * reminder jobs — so search, caller lookup, lists and the timeline work on them. Not written:
 * audit rows (an import is not a user's change).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { systemClock } from '../../clock.js';
import type { DatabaseHandle } from '../../db/connect.js';
import { fullTextPhoneForms } from '../../lib/phone.js';
import { newId } from '../../ids.js';
import { createAuthService } from '../access/auth.service.js';
import { createUsersService } from '../access/users.service.js';
import { produceBatches, type Counts, type GeneratorSettings } from './batches.js';
import type { Batch } from './batch.js';
import { postgresWriter, sqliteWriter, type EncodedBatch } from './bulk-writers.js';
import * as fr from './french-data.js';
import { startDemoThread } from './threads.js';

export interface DemoOptions {
  /** Number of people; organisations ≈ size/5; interactions ≈ size*2. */
  size: number;
  seed?: number;
  onProgress?: (done: number, total: number, phase: string) => void;
  /** Also create a few demo users (frontdesk, sales, backoffice, manager) with a printed password. */
  withUsers?: boolean;
  /** Called with the demo users created (and their password) as soon as they exist, before the data. */
  onUsers?: (users: DemoResult['users']) => void;
  /** The installation's region (RELAIS_DEFAULT_REGION), which decides how numbers are searched; FR by default. */
  defaultRegion?: string;
  /** Reference date for "the last two years" (tests fix it to compare two runs); now by default. */
  now?: Date;
  /** Generate (and, on SQLite, build the full-text index) in worker threads while this one writes; by default for large imports. */
  worker?: boolean;
}

export interface DemoResult {
  people: number;
  organisations: number;
  interactions: number;
  tasks: number;
  users: { email: string; password: string; role: string }[];
}

/** Database bytes per generated person with their share of organisations and timeline (measured: 5 KB). */
const BYTES_PER_PERSON = 6_000;
/**
 * From this size on, the rows are generated in a worker thread while this one writes them: on two
 * cores generating and writing overlap (measured at 1M people: generation and its garbage
 * collection took 35 s of the importing thread). Below it, starting a thread is not worth it.
 */
const WORKER_FROM_PEOPLE = 50_000;
const iso = (ms: number) => new Date(ms).toISOString();

const DEMO_USERS = [
  { role: 'frontdesk', email: 'accueil@demo.relais.local', name: 'Camille Lefèvre' },
  { role: 'sales', email: 'commercial@demo.relais.local', name: 'Julien Moreau' },
  { role: 'backoffice', email: 'backoffice@demo.relais.local', name: 'Sophie Garnier' },
  { role: 'manager', email: 'direction@demo.relais.local', name: 'Hélène Dubois' },
] as const;

/** Custom fields the demo fills, created when missing (an admin may already have defined them). */
const FIELD_DEFINITIONS = [
  { entity_type: 'organisation', key: 'goods_type', label_en: 'Goods', label_fr: 'Marchandises', type: 'choice', choices: JSON.stringify(fr.GOODS_TYPES) },
  { entity_type: 'organisation', key: 'fleet_size', label_en: 'Fleet size', label_fr: 'Taille de flotte', type: 'number', choices: null },
  { entity_type: 'person', key: 'job_title', label_en: 'Job title', label_fr: 'Fonction', type: 'text', choices: null },
];

/** A silent logger for the services reused here (user creation logs a security event). */
const quietLog = {
  info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined,
  trace: () => undefined, fatal: () => undefined, child: () => quietLog, level: 'silent', silent: () => undefined,
} as unknown as FastifyBaseLogger;

/** Creates the demo users through the users service (password rules, hashing, audit) unless they exist. */
async function createDemoUsers(handle: DatabaseHandle): Promise<DemoResult['users']> {
  const auth = createAuthService({ db: handle.db, clock: systemClock, log: quietLog, sessionHours: 12 });
  const users = createUsersService({ db: handle.db, dialect: handle.dialect, clock: systemClock, log: quietLog, auth });
  // Random, never derived from the seed: no demo account with a guessable password (QUALITY 2).
  const password = `relais-demo-${randomBytes(9).toString('base64url')}`;
  const created: DemoResult['users'] = [];
  for (const u of DEMO_USERS) {
    const exists = await handle.db.selectFrom('users').select('id').where('email', '=', u.email).executeTakeFirst();
    if (exists) continue;
    await users.create(null, { email: u.email, password, name: u.name, role: u.role, locale: 'fr' });
    created.push({ email: u.email, password, role: u.role });
  }
  return created;
}

async function ensureFieldDefinitions(handle: DatabaseHandle, now: string) {
  for (const def of FIELD_DEFINITIONS) {
    await handle.db
      .insertInto('custom_field_definitions')
      .values({ id: newId(), ...def, created_at: now })
      .onConflict((oc) => oc.columns(['entity_type', 'key']).doNothing())
      .execute();
  }
}

const OFFICE_HOURS: [string, string][] = [['09:00', '12:30'], ['14:00', '18:00']];

/** Statuses of the demo's request types: new → in progress → resolved (with a note) or cancelled. */
const REQUEST_STATUSES = [
  { key: 'new', labelEn: 'New', labelFr: 'Nouvelle', terminal: false, required: [] as string[], next: ['in_progress', 'cancelled'] },
  { key: 'in_progress', labelEn: 'In progress', labelFr: 'En cours', terminal: false, required: ['assigneeId'], next: ['resolved', 'cancelled'] },
  { key: 'resolved', labelEn: 'Resolved', labelFr: 'Résolue', terminal: true, required: ['resolutionNote'], next: [] as string[] },
  { key: 'cancelled', labelEn: 'Cancelled', labelFr: 'Annulée', terminal: true, required: [] as string[], next: [] as string[] },
];

/**
 * Hand-offs work out of the box (S5, S8): a back-office team working office hours in Paris, with
 * the demo back-office user in it and the demo manager receiving its escalations, and two request
 * types it receives. Only when the installation has no team and no request type yet: an
 * administrator's own set-up is never touched.
 */
async function ensureHandOffSetup(handle: DatabaseHandle, now: string) {
  const db = handle.db;
  if (await db.selectFrom('teams').select('id').executeTakeFirst()) return;
  if (await db.selectFrom('request_types').select('id').executeTakeFirst()) return;
  const byEmail = async (email: string) => (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst())?.id ?? null;
  const manager = await byEmail(DEMO_USERS[3].email);
  const backoffice = await byEmail(DEMO_USERS[2].email);
  const team = { id: newId(), name: 'Back-office exploitation', manager_id: manager, created_at: now,
    calendar: JSON.stringify({ timeZone: 'Europe/Paris', hours: { 1: OFFICE_HOURS, 2: OFFICE_HOURS, 3: OFFICE_HOURS, 4: OFFICE_HOURS, 5: OFFICE_HOURS }, holidays: [] }) };
  const types = [
    { key: 'litige', label_en: 'Transport dispute', label_fr: 'Litige transport', sla: { byPriority: { normal: 'P2D', high: 'PT8H', urgent: 'PT4H' }, warnBefore: 'PT2H' } },
    { key: 'facturation', label_en: 'Billing question', label_fr: 'Question de facturation', sla: { byPriority: { normal: 'P3D', high: 'P1D' } } },
  ];
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('teams').values(team).execute();
    if (backoffice) await trx.updateTable('users').set({ team_id: team.id }).where('id', '=', backoffice).execute();
    for (const type of types) {
      await trx
        .insertInto('request_types')
        .values({ id: newId(), key: type.key, label_en: type.label_en, label_fr: type.label_fr, team_id: team.id, definition: JSON.stringify({ statuses: REQUEST_STATUSES, fields: [], sla: type.sla }), created_at: now, updated_at: now, version: 1 })
        .execute();
    }
  });
}

/** Generates and imports the demo data; deterministic for a given seed and `now` (ids aside). */
export async function generateDemoData(handle: DatabaseHandle, options: DemoOptions): Promise<DemoResult> {
  const size = Math.max(0, Math.floor(options.size));
  const now = (options.now ?? new Date()).getTime();
  const progress = options.onProgress ?? (() => undefined);

  progress(0, size, 'users');
  const users = options.withUsers ? await createDemoUsers(handle) : [];
  // Committed already: told now, so that a load stopped half-way still leaves usable accounts.
  if (users.length) options.onUsers?.(users);
  await ensureFieldDefinitions(handle, iso(now));
  if (options.withUsers) await ensureHandOffSetup(handle, iso(now));
  // Staff who log calls and take call-backs: everyone but administrators, unless there is nobody
  // else. Sorted by e-mail so the same seed gives the same data whatever order users were created in.
  const active = await handle.db.selectFrom('users').select(['id', 'role']).where('disabled', '=', 0).orderBy('email').execute();
  const staff = active.some((u) => u.role !== 'admin') ? active.filter((u) => u.role !== 'admin') : active;
  // Setting indexes aside pays when the import is most of the data (a fresh demo database).
  const existing = Number((await handle.db.selectFrom('people').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const threads = options.worker ?? size >= WORKER_FROM_PEOPLE;
  const writer = handle.sqlite
    ? sqliteWriter(handle, { deferIndexes: size > existing, expectedBytes: size * BYTES_PER_PERSON, ftsThread: threads })
    : await postgresWriter(handle, { deferIndexes: existing === 0 });
  // The demo's numbers are French: in the search documents only if French is not the home region.
  const phonesInFullText = fullTextPhoneForms('+33612345678', options.defaultRegion ?? 'FR').length > 0;
  const settings: GeneratorSettings = { size, seed: options.seed ?? 1, now, staff, phonesInFullText, encodeForPostgres: !handle.sqlite };
  // The writer overlaps a batch's write with what comes next (see BulkWriter.write).
  const emit: EmitBatch = async (batch, done, total, phase) => {
    await writer.write(batch);
    progress(done, total, phase);
  };
  try {
    const counts = threads ? await produceInWorker(settings, emit) : await produceBatches(settings, emit);
    await writer.finish((phase) => progress(size, size, phase));
    progress(size, size, 'done');
    return { ...counts, users };
  } finally {
    await writer.close();
  }
}

/** Hands one batch (rows, or COPY text encoded by the worker thread) to the writer, with the progress it completes. */
type EmitBatch = (batch: Batch | EncodedBatch, done: number, total: number, phase: string) => Promise<void>;

/** produceBatches() in a worker thread; `emit` runs here, one batch at a time, in order. */
function produceInWorker(settings: GeneratorSettings, emit: EmitBatch): Promise<Counts> {
  // A young generation large enough for a few batches: their rows then die there, never copied
  // to the old one (measured: 4× less GC time than the default 16 MB semi-spaces).
  const resourceLimits = { maxYoungGenerationSizeMb: 384 };
  const worker = startDemoThread('batches-worker', settings, resourceLimits);
  return new Promise<Counts>((resolve, reject) => {
    let chain = Promise.resolve();
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      void worker.terminate();
      reject(error);
    };
    worker.on('message', (message: { batch: Batch | EncodedBatch; done: number; total: number; phase: string } | { counts: Counts }) => {
      chain = chain.then(async () => {
        if (failed) return;
        if ('counts' in message) return resolve(message.counts);
        await emit(message.batch, message.done, message.total, message.phase);
        worker.postMessage(0);
      }).catch(fail);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`demo data worker stopped (exit code ${code})`));
    });
  });
}
