/**
 * Demo data for a French freight broker ("courtier en fret"): shippers and carriers, their staff,
 * calls, e-mails, notes and call-backs. Built for speed (a million people in about a minute on
 * SQLite): rows are generated as arrays and written in large batches by ./bulk-writers.ts, around
 * the per-record services, but they are the rows those services would write — contact points with
 * E.164, tags, custom field values, relationships, memberships, folded search documents, timeline
 * participants, tasks and their reminder jobs — so search, caller lookup, lists and the timeline
 * work on them. Not written: audit rows (an import is not a user's change).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { systemClock } from '../../clock.js';
import type { DatabaseHandle } from '../../db/connect.js';
import { newId } from '../../ids.js';
import { tokens } from '../../lib/text.js';
import { createAuthService } from '../access/auth.service.js';
import { createUsersService } from '../access/users.service.js';
import { emptyBatch, postgresWriter, sqliteWriter, type Batch, type BulkWriter } from './bulk-writers.js';
import { FastIds } from './fast-ids.js';
import * as fr from './french-data.js';
import { makePhone, NumberPlan, type DemoPhone } from './french-phones.js';
import { Random, Weighted } from './random.js';

export interface DemoOptions {
  /** Number of people; organisations ≈ size/5; interactions ≈ size*2. */
  size: number;
  seed?: number;
  onProgress?: (done: number, total: number, phase: string) => void;
  /** Also create a few demo users (frontdesk, sales, backoffice, manager) with a printed password. */
  withUsers?: boolean;
  /** Reference date for "the last two years" (tests fix it to compare two runs); now by default. */
  now?: Date;
}

export interface DemoResult {
  people: number;
  organisations: number;
  interactions: number;
  tasks: number;
  users: { email: string; password: string; role: string }[];
}

const DAY = 86_400_000;
const YEAR = 365 * DAY;
/** People per batch: one write, one progress report. */
const PEOPLE_PER_BATCH = 10_000;
/** Database bytes per generated person with their share of organisations and timeline (measured: 5 KB). */
const BYTES_PER_PERSON = 6_000;

type OrgKind = 'shipper' | 'carrier' | 'prospect' | 'supplier';
const ORG_KINDS = new Weighted<[OrgKind, number]>(
  [['shipper', 50], ['carrier', 38], ['prospect', 9], ['supplier', 3]],
  (k) => k[1],
);
const RELATIONSHIP_OF: Record<OrgKind, string> = { shipper: 'client', carrier: 'carrier', prospect: 'prospect', supplier: 'supplier' };
/** Interactions per person: mean ≈ 1.9, a few customers called very often. */
const INTERACTIONS_PER_PERSON = new Weighted<[number, number]>(
  [[0, 30], [1, 22], [2, 18], [3, 12], [4, 8], [5, 5], [6, 3], [8, 1], [12, 1]],
  (k) => k[1],
);
const CHANNELS = new Weighted<[string, number]>([['call', 55], ['email', 30], ['note', 10], ['meeting', 5]], (k) => k[1]);

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

interface DemoOrg {
  id: string;
  name: string;
  kind: OrgKind;
  city: fr.City;
  domain: string;
}

interface Staff {
  id: string;
  role: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Memoised folding: the same few thousand names and cities are folded millions of times. */
function memoTokens() {
  const cache = new Map<string, string[]>();
  return (text: string): string[] => {
    let t = cache.get(text);
    if (!t) {
      t = tokens(text);
      cache.set(text, t);
    }
    return t;
  };
}

/** Space-joined unique tokens in first-seen order: what tokenText() returns, from pre-folded parts. */
function uniqueJoin(parts: readonly (readonly string[])[]): string {
  const seen = new Set<string>();
  for (const part of parts) for (const t of part) seen.add(t);
  return [...seen].join(' ');
}

/** Tokens of text already lower-case ASCII (generated e-mails): folding would change nothing. */
function asciiTokens(text: string): string[] {
  return text.split(/[^a-z0-9]+/).filter((t) => t.length > 0);
}

/** "Jean-François Le Gall" -> "jean-francois", "le-gall": safe for e-mail local parts and domains. */
function slug(text: string, tok: (t: string) => string[]): string {
  return tok(text).join('-');
}

function fill(template: string, random: Random, from: fr.City, to: fr.City): string {
  return template
    .replace('{from}', from.name)
    .replace('{to}', to.name)
    .replace('{n}', String(random.int(1, 33)))
    .replace('{ref}', `F${random.int(2024, 2026)}-${String(random.int(1, 99999)).padStart(5, '0')}`);
}

class DemoGenerator {
  readonly random: Random;
  readonly ids = new FastIds();
  readonly plan: NumberPlan;
  readonly tok = memoTokens();
  readonly firstNames = new Weighted(fr.FIRST_NAMES, (n) => n[1]);
  readonly lastNames = new Weighted(fr.LAST_NAMES, (n) => n[1]);
  readonly cities = new Weighted(fr.CITIES, (c) => c.weight);
  batch: Batch = emptyBatch();
  orgs: DemoOrg[] = [];
  counts = { people: 0, organisations: 0, interactions: 0, tasks: 0 };

  constructor(
    seed: number,
    readonly now: number,
    readonly staff: Staff[],
    readonly writer: BulkWriter,
  ) {
    this.random = new Random(seed);
    this.plan = new NumberPlan(this.random);
  }

  /** The write of the previous batch, still running on the database server (PostgreSQL). */
  private pending: Promise<void> = Promise.resolve();

  /** Sends the batch; returns once the previous one is written, so generation overlaps writing. */
  async flush() {
    await this.pending;
    this.pending = this.writer.write(this.batch);
    this.batch = emptyBatch();
  }

  async drain() {
    await this.pending;
  }

  /** A user with one of the roles, or any user, or null when the database has none. */
  staffMember(roles: readonly string[]): Staff | null {
    if (this.staff.length === 0) return null;
    const fitting = this.staff.filter((s) => roles.includes(s.role));
    return this.random.pick(fitting.length ? fitting : this.staff);
  }

  /** A working-hours moment between `from` and now (weekdays, 07:00–18:00 Paris time, roughly). */
  workingMoment(from: number): number {
    const r = this.random;
    const t = from + r.next() * (this.now - from);
    let day = Math.floor(t / DAY);
    const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday, 6 = Saturday
    if (weekday === 6) day -= 1;
    else if (weekday === 0) day -= 2;
    const moment = day * DAY + (6 * 3600 + r.int(0, 11 * 3600 - 1)) * 1000;
    return Math.min(moment, this.now - 60_000);
  }

  addPhone(entityType: string, entityId: string, phone: DemoPhone, label: string, position: number) {
    this.batch.contact_points.push(this.ids.next(), entityType, entityId, 'phone', label, phone.written, phone.e164, null, null, null, position);
  }

  addEmail(entityType: string, entityId: string, address: string, label: string | null, position: number) {
    this.batch.contact_points.push(this.ids.next(), entityType, entityId, 'email', label, address, address, null, null, null, position);
  }

  addAddress(entityType: string, entityId: string, street: string, city: fr.City, label: string | null, position: number) {
    this.batch.contact_points.push(this.ids.next(), entityType, entityId, 'address', label, street, null, city.postalCode, city.name, 'FR', position);
  }

  street(business: boolean): string {
    const r = this.random;
    if (business && r.chance(0.5)) return `${r.int(1, 60)} ${r.pick(fr.BUSINESS_PARKS)}`;
    return `${r.int(1, 180)}${r.chance(0.05) ? ' bis' : ''} ${r.pick(fr.STREET_TYPES)} ${r.pick(fr.STREET_NAMES)}`;
  }

  organisation(index: number, total: number) {
    const r = this.random;
    const kind = ORG_KINDS.pick(r)[0];
    const city = this.cities.pick(r);
    const last = this.lastNames.pick(r)[0];
    const patterns = kind === 'carrier' ? fr.CARRIER_NAME_PATTERNS : kind === 'supplier' ? fr.SUPPLIER_NAME_PATTERNS : fr.SHIPPER_NAME_PATTERNS;
    const name = r.pick(patterns).replace('{last}', last).replace('{LAST}', last.toUpperCase()).replace('{city}', city.name);
    const id = this.ids.next();
    const domain = `${slug(name, this.tok).replace(/-(et|de|du|des|la|le)-/g, '-')}.fr`;
    const org: DemoOrg = { id, name, kind, city, domain };
    this.orgs.push(org);

    // Created over four years, in order, so ids and creation dates grow together.
    const created = this.now - 4 * YEAR + Math.floor(((index + r.next()) / total) * (4 * YEAR - 30 * DAY));
    const owner = kind === 'shipper' || kind === 'prospect' ? this.staffMember(['sales']) : null;
    const by = this.staffMember(['sales', 'backoffice', 'manager'])?.id ?? null;
    this.batch.organisations.push(id, name, owner?.id ?? null, null, iso(created), by, iso(created), by, 1, null, null);

    const phones = [makePhone(r, this.plan, city.zone)];
    this.addPhone('organisation', id, phones[0], 'standard', 0);
    if (r.chance(0.25)) {
      phones.push(makePhone(r, this.plan, city.zone));
      this.addPhone('organisation', id, phones[1], kind === 'carrier' ? 'exploitation' : 'logistique', 1);
    }
    const emails = [`contact@${domain}`];
    if (r.chance(0.5)) emails.push(`${kind === 'carrier' ? r.pick(['exploitation', 'affretement', 'dispatch']) : r.pick(['logistique', 'transport', 'expeditions'])}@${domain}`);
    emails.forEach((e, i) => this.addEmail('organisation', id, e, null, i));
    const cities = [city];
    this.addAddress('organisation', id, this.street(true), city, 'siège', 0);
    if (r.chance(0.2)) {
      cities.push(this.cities.pick(r));
      this.addAddress('organisation', id, this.street(true), cities[1], 'dépôt', 1);
    }

    const tags = new Set<string>();
    if (kind === 'carrier') {
      const n = r.int(1, 3);
      for (let i = 0; i < n; i++) tags.add(r.pick(fr.CARRIER_TAGS));
    } else if (kind !== 'supplier') {
      for (const [tag, p] of [['contract', 0.4], ['vip', 0.08], ['spot', 0.3], ['export', 0.1], ['palettes', 0.3], ['vrac', 0.1], ['saisonnier', 0.05]] as const) {
        if (r.chance(kind === 'prospect' && tag === 'contract' ? 0 : p)) tags.add(tag);
      }
    }
    const sortedTags = [...tags].sort();
    for (const tag of sortedTags) this.batch.tags.push('organisation', id, tag);

    // Custom field values, in key order (the order the service reads them back in).
    const customText: string[] = [];
    if (kind === 'carrier') {
      const fleet = Math.max(1, Math.round(Math.exp(r.next() * 5.5)));
      this.batch.custom_field_values.push('organisation', id, 'fleet_size', null, fleet);
    } else if (kind !== 'supplier') {
      const goods = r.pick(fr.GOODS_TYPES);
      customText.push(goods);
      this.batch.custom_field_values.push('organisation', id, 'goods_type', goods, null);
    }

    this.batch.relationships.push(this.ids.next(), RELATIONSHIP_OF[kind], 'organisation', id, null, null, iso(created), by);
    // Some carriers also buy freight from us.
    if (kind === 'carrier' && r.chance(0.03)) this.batch.relationships.push(this.ids.next(), 'client', 'organisation', id, null, null, iso(created), by);

    this.batch.search_documents.push(
      'organisation',
      id,
      uniqueJoin([this.tok(name)]),
      uniqueJoin([
        ...emails.map(asciiTokens),
        ...phones.map((p) => p.searchForms),
        ...cities.map((c) => this.tok(`${c.name} ${c.postalCode}`)),
        ...sortedTags.map(this.tok),
        ...customText.map(this.tok),
      ]),
      name.slice(0, 400),
      city.name,
    );
    this.counts.organisations++;

    // Calls to the switchboard nobody in particular made.
    if (r.chance(0.3)) {
      const n = r.int(1, 3);
      for (let i = 0; i < n; i++) this.interaction(null, org, created);
    }
  }

  person(index: number, total: number) {
    const r = this.random;
    const first = this.firstNames.pick(r)[0];
    const last = this.lastNames.pick(r)[0];
    const id = this.ids.next();
    // Bigger organisations have more contacts: a skewed pick.
    const org = this.orgs.length && r.chance(0.88) ? this.orgs[Math.floor(Math.pow(r.next(), 1.6) * this.orgs.length)] : null;
    const created = this.now - 3 * YEAR + Math.floor(((index + r.next()) / total) * (3 * YEAR - DAY));
    const owner = org && (org.kind === 'shipper' || org.kind === 'prospect') && r.chance(0.6) ? this.staffMember(['sales']) : null;
    const by = this.staffMember(['frontdesk', 'sales', 'backoffice'])?.id ?? null;
    this.batch.people.push(id, first, last, owner?.id ?? null, null, iso(created), by, iso(created), by, 1, null, null);
    if (org) this.batch.person_organisations.push(id, org.id, iso(created));

    const phones: DemoPhone[] = [];
    if (r.chance(0.95)) phones.push(makePhone(r, this.plan, 'mobile'));
    if (org && r.chance(0.3)) phones.push(makePhone(r, this.plan, org.city.zone));
    phones.forEach((p, i) => this.addPhone('person', id, p, p.e164[3] === '6' || p.e164[3] === '7' ? 'mobile' : 'ligne directe', i));

    const emails: string[] = [];
    const local = () => (r.chance(0.8) ? `${slug(first, this.tok)}.${slug(last, this.tok)}` : `${this.tok(first)[0][0]}${slug(last, this.tok)}`);
    if (org && r.chance(0.85)) emails.push(`${local()}@${org.domain}`);
    else if (!org && r.chance(0.7)) emails.push(`${local()}${r.chance(0.4) ? r.int(1, 99) : ''}@${r.pick(fr.PERSONAL_MAIL_DOMAINS)}`);
    emails.forEach((e, i) => this.addEmail('person', id, e, null, i));

    let city: fr.City | null = null;
    if (!org && r.chance(0.9)) {
      city = this.cities.pick(r);
      this.addAddress('person', id, this.street(false), city, null, 0);
    } else if (org && r.chance(0.35)) {
      // The site they work at, so that "contacts in Lyon" finds them.
      city = org.city;
      this.addAddress('person', id, this.street(true), city, 'bureau', 0);
    }

    const tags: string[] = [];
    for (const [tag, p] of [['anglophone', 0.03], ['compta', 0.05], ['decideur', 0.15], ['exploitation', 0.1], ['newsletter', 0.2], ['vip', 0.04]] as const) {
      if (r.chance(p)) {
        tags.push(tag);
        this.batch.tags.push('person', id, tag);
      }
    }

    let jobTitle: string | null = null;
    if (org && r.chance(0.7)) {
      jobTitle = r.pick(org.kind === 'carrier' ? fr.CARRIER_JOB_TITLES : fr.SHIPPER_JOB_TITLES);
      this.batch.custom_field_values.push('person', id, 'job_title', jobTitle, null);
    }
    if (!org) {
      // Owner-drivers ("artisans transporteurs") and small private shippers deal with us directly.
      const type = r.chance(0.7) ? 'carrier' : 'client';
      this.batch.relationships.push(this.ids.next(), type, 'person', id, null, null, iso(created), by);
    }

    const displayName = `${first} ${last}`;
    this.batch.search_documents.push(
      'person',
      id,
      uniqueJoin([this.tok(first), this.tok(last)]),
      uniqueJoin([
        ...emails.map(asciiTokens),
        ...phones.map((p) => p.searchForms),
        city ? this.tok(`${city.name} ${city.postalCode}`) : [],
        ...tags.map(this.tok),
        jobTitle ? this.tok(jobTitle) : [],
        org ? this.tok(org.name) : [],
      ]),
      displayName.slice(0, 400),
      org?.name ?? emails[0] ?? city?.name ?? null,
    );
    this.counts.people++;

    const n = INTERACTIONS_PER_PERSON.pick(r)[0];
    let lastInteraction: string | null = null;
    for (let i = 0; i < n; i++) lastInteraction = this.interaction({ id, first, last }, org, created);
    if (this.staff.length && r.chance(0.02)) this.task({ id, first, last }, org, lastInteraction);
  }

  /** One call, e-mail, note or meeting with a person and/or organisation; returns its id. */
  interaction(person: { id: string; first: string; last: string } | null, org: DemoOrg | null, notBefore: number): string {
    const r = this.random;
    const channel = CHANNELS.pick(r)[0];
    const occurred = this.workingMoment(Math.max(notBefore, this.now - 2 * YEAR));
    const from = org?.city ?? this.cities.pick(r);
    const to = this.cities.pick(r);
    let direction = r.chance(0.55) ? 'in' : 'out';
    let duration: number | null = null;
    let outcome: string | null = null;
    let summary: string;
    let body: string | null = null;
    let author: Staff | null;
    if (channel === 'call') {
      outcome = direction === 'in' ? 'reached' : r.pick(fr.CALL_OUTCOMES);
      duration = outcome === 'reached' ? r.int(25, 900) : outcome === 'callback_requested' ? r.int(20, 120) : r.int(0, 35);
      summary = fill(r.pick(fr.CALL_SUMMARIES), r, from, to);
      author = this.staffMember(direction === 'in' ? ['frontdesk', 'backoffice'] : ['sales', 'backoffice']);
    } else if (channel === 'email') {
      summary = fill(r.pick(fr.EMAIL_SUBJECTS), r, from, to);
      if (r.chance(0.4)) body = `Bonjour${person ? ` ${person.first}` : ''},\n\n${summary}.\n\nCordialement,`;
      author = this.staffMember(['sales', 'backoffice']);
    } else if (channel === 'note') {
      direction = 'internal';
      summary = r.pick(fr.NOTE_SUMMARIES);
      author = this.staffMember(['frontdesk', 'sales', 'backoffice', 'manager']);
    } else {
      direction = 'out';
      duration = r.int(30, 120) * 60;
      summary = fill(r.pick(fr.MEETING_SUMMARIES), r, from, to);
      author = this.staffMember(['sales', 'manager']);
    }
    const id = this.ids.next();
    const logged = iso(Math.min(this.now, occurred + (duration ?? 0) * 1000 + r.int(10, 600) * 1000));
    const authorId = author?.id ?? null;
    this.batch.interactions.push(
      id, channel, direction, iso(occurred), duration, authorId, person?.id ?? null, org?.id ?? null,
      summary, body, outcome, logged, authorId, logged, authorId, 1, null,
    );
    if (person) this.batch.interaction_participants.push(id, 'person', person.id);
    if (org) this.batch.interaction_participants.push(id, 'organisation', org.id);
    this.counts.interactions++;
    return id;
  }

  /** A call-back or follow-up; open ones due later get their reminder job, as the tasks service does. */
  task(person: { id: string; first: string; last: string }, org: DemoOrg | null, interactionId: string | null) {
    const r = this.random;
    const assignee = this.staffMember(['sales', 'frontdesk', 'backoffice'])!;
    // Often a hand-off: the front desk takes the call, a colleague calls back.
    const creator = r.chance(0.5) ? this.staffMember(['frontdesk']) ?? assignee : assignee;
    const open = r.chance(0.75);
    const title = fill(r.pick(fr.TASK_TITLES), r, org?.city ?? this.cities.pick(r), this.cities.pick(r)).replace(/^Rappeler/, `Rappeler ${person.first} ${person.last}`);
    const dayStart = Math.floor(this.now / DAY) * DAY;
    const due = open ? dayStart + r.int(-3, 14) * DAY + r.int(7, 16) * 3600_000 : this.workingMoment(this.now - 60 * DAY);
    const created = Math.min(this.now, due - r.int(1, 5) * DAY);
    const completed = open ? null : iso(Math.min(this.now, due + r.int(0, 48) * 3600_000));
    const id = this.ids.next();
    this.batch.tasks.push(
      id, title, iso(due), null, assignee.id, person.id, org?.id ?? null, interactionId, open ? 'open' : 'done',
      open ? null : r.pick(['Client rappelé, cotation envoyée', 'Fait', 'Message laissé, affaire conclue le lendemain']),
      completed, iso(created), creator.id, completed ?? iso(created), assignee.id, open ? 1 : 2,
    );
    if (open && due > this.now) {
      const at = iso(due);
      this.batch.jobs.push(
        this.ids.next(), 'task.reminder', JSON.stringify({ taskId: id, at }), at, 'queued', 0, 5, null, null, null, `task:${id}`, iso(created), iso(created),
      );
    }
    this.counts.tasks++;
  }
}

/** A silent logger for the services reused here (user creation logs a security event). */
const quietLog = {
  info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined,
  trace: () => undefined, fatal: () => undefined, child: () => quietLog, level: 'silent', silent: () => undefined,
} as unknown as FastifyBaseLogger;

/** Creates the demo users through the users service (password rules, hashing, audit) unless they exist. */
async function createDemoUsers(handle: DatabaseHandle): Promise<DemoResult['users']> {
  const auth = createAuthService({ db: handle.db, clock: systemClock, log: quietLog, sessionHours: 12 });
  const users = createUsersService({ db: handle.db, clock: systemClock, log: quietLog, auth });
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

/** Generates and imports the demo data; deterministic for a given seed and `now` (ids aside). */
export async function generateDemoData(handle: DatabaseHandle, options: DemoOptions): Promise<DemoResult> {
  const size = Math.max(0, Math.floor(options.size));
  const now = (options.now ?? new Date()).getTime();
  const progress = options.onProgress ?? (() => undefined);

  progress(0, size, 'users');
  const users = options.withUsers ? await createDemoUsers(handle) : [];
  await ensureFieldDefinitions(handle, iso(now));
  // Staff who log calls and take call-backs: everyone but administrators, unless there is nobody
  // else. Sorted by e-mail so the same seed gives the same data whatever order users were created in.
  const active = await handle.db.selectFrom('users').select(['id', 'role']).where('disabled', '=', 0).orderBy('email').execute();
  const staff = active.some((u) => u.role !== 'admin') ? active.filter((u) => u.role !== 'admin') : active;
  // Setting indexes aside pays when the import is most of the data (a fresh demo database).
  const existing = Number((await handle.db.selectFrom('people').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const writer = handle.sqlite
    ? sqliteWriter(handle, { deferIndexes: size > existing, expectedBytes: size * BYTES_PER_PERSON })
    : await postgresWriter(handle, { deferIndexes: existing === 0 });
  const gen = new DemoGenerator(options.seed ?? 1, now, staff, writer);
  try {
    const orgCount = size === 0 ? 0 : Math.max(1, Math.round(size / 5));
    for (let i = 0; i < orgCount; i++) {
      gen.organisation(i, orgCount);
      if ((i + 1) % (PEOPLE_PER_BATCH / 2) === 0) {
        await gen.flush();
        progress(i + 1, orgCount, 'organisations');
      }
    }
    await gen.flush();
    progress(orgCount, orgCount, 'organisations');
    for (let i = 0; i < size; i++) {
      gen.person(i, size);
      if ((i + 1) % PEOPLE_PER_BATCH === 0) {
        await gen.flush();
        progress(i + 1, size, 'people');
      }
    }
    await gen.flush();
    await gen.drain();
    progress(size, size, 'people');
    await writer.finish((phase) => progress(size, size, phase));
  } finally {
    // A failed write surfaces here rather than as an unhandled rejection.
    await gen.drain().catch(() => undefined);
    await writer.close();
  }
  progress(size, size, 'done');
  return { ...gen.counts, users };
}
