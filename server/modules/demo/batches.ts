/**
 * The demo rows themselves (see ./generator.ts): a deterministic generator of batches of rows, in
 * a module of its own so that a worker thread can run it without loading the services.
 */
import { cityKey, fold, sortKey, tokens } from '../../lib/text.js';
import { emptyBatch, type Batch } from './batch.js';
import { FastIds } from './fast-ids.js';
import { IsoTimes } from './iso-time.js';
import * as fr from './french-data.js';
import { makePhone, NumberPlan, type DemoPhone } from './french-phones.js';
import { Random, Weighted } from './random.js';

const DAY = 86_400_000;
const YEAR = 365 * DAY;
/**
 * People per batch: one write, one progress report. Small enough that a batch's rows die young:
 * with 10,000 people the garbage collector copied every batch through the young generation and
 * promoted it, and took a third of the generator's time (measured: 1,000 people halve GC time).
 */
const PEOPLE_PER_BATCH = 1_000;

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

interface DemoOrg {
  id: string;
  name: string;
  kind: OrgKind;
  city: fr.City;
  domain: string;
}

export interface Staff {
  id: string;
  role: string;
}

/** Memoised `f`: the same few thousand names, cities and titles are folded millions of times. */
function memo<T>(f: (text: string) => T) {
  const cache = new Map<string, T>();
  return (text: string): T => {
    let t = cache.get(text);
    if (t === undefined) {
      t = f(text);
      cache.set(text, t);
    }
    return t;
  };
}

/**
 * Space-joined unique tokens in first-seen order: what tokenText() returns, from pre-folded parts.
 * A document has a dozen tokens or so: an array scan beats building a Set (measured: generating
 * 300,000 people 8% faster).
 */
function uniqueJoin(parts: readonly (readonly string[])[]): string {
  const unique: string[] = [];
  for (const part of parts) for (const t of part) if (!unique.includes(t)) unique.push(t);
  return unique.join(' ');
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
  readonly times = new IsoTimes();
  readonly plan: NumberPlan;
  readonly tok = memo(tokens);
  readonly folded = memo(fold);
  readonly sortKey = memo(sortKey);
  readonly cityKey = memo(cityKey);
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
    /** Whether French numbers go into search documents: only when they are not the installation's own (see fullTextPhoneForms). */
    readonly phonesInFullText: boolean,
  ) {
    this.random = new Random(seed);
    this.plan = new NumberPlan(this.random);
  }

  /** The rows generated since the last call. */
  take(): Batch {
    const batch = this.batch;
    this.batch = emptyBatch();
    return batch;
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
    this.batch.contact_points.push(this.ids.next(), entityType, entityId, 'phone', label, phone.written, phone.e164, null, null, null, position, null);
  }

  addEmail(entityType: string, entityId: string, address: string, label: string | null, position: number) {
    this.batch.contact_points.push(this.ids.next(), entityType, entityId, 'email', label, address, address, null, null, null, position, null);
  }

  addAddress(entityType: string, entityId: string, street: string, city: fr.City, label: string | null, position: number) {
    this.batch.contact_points.push(this.ids.next(), entityType, entityId, 'address', label, street, null, city.postalCode, city.name, 'FR', position, this.cityKey(city.name));
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
    const createdAt = this.times.format(created);
    this.batch.organisations.push(id, name, sortKey(name), owner?.id ?? null, null, createdAt, by, createdAt, by, 1, null, null);

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
      this.batch.custom_field_values.push('organisation', id, 'fleet_size', null, null, fleet);
    } else if (kind !== 'supplier') {
      const goods = r.pick(fr.GOODS_TYPES);
      customText.push(goods);
      this.batch.custom_field_values.push('organisation', id, 'goods_type', goods, this.folded(goods), null);
    }

    this.batch.relationships.push(this.ids.next(), RELATIONSHIP_OF[kind], 'organisation', id, null, null, createdAt, by);
    // Some carriers also buy freight from us.
    if (kind === 'carrier' && r.chance(0.03)) this.batch.relationships.push(this.ids.next(), 'client', 'organisation', id, null, null, createdAt, by);

    this.batch.search_documents.push(
      'organisation',
      id,
      uniqueJoin([this.tok(name)]),
      uniqueJoin([
        ...emails.map(asciiTokens),
        ...(this.phonesInFullText ? phones.map((p) => p.searchForms) : []),
        ...cities.map((c) => this.tok(`${c.name} ${c.postalCode}`)),
        ...sortedTags.map(this.tok),
        ...customText.map(this.tok),
      ]),
      name.slice(0, 400),
      city.name,
      null, // name_beginnings: read by nothing since migration 20261206-0601
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
    const createdAt = this.times.format(created);
    this.batch.people.push(id, first, last, this.sortKey(first), this.sortKey(last), owner?.id ?? null, null, createdAt, by, createdAt, by, 1, null, null);
    if (org) this.batch.person_organisations.push(id, org.id, createdAt);

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
      this.batch.custom_field_values.push('person', id, 'job_title', jobTitle, this.folded(jobTitle), null);
    }
    if (!org) {
      // Owner-drivers ("artisans transporteurs") and small private shippers deal with us directly.
      const type = r.chance(0.7) ? 'carrier' : 'client';
      this.batch.relationships.push(this.ids.next(), type, 'person', id, null, null, createdAt, by);
    }

    const displayName = `${first} ${last}`;
    this.batch.search_documents.push(
      'person',
      id,
      uniqueJoin([this.tok(first), this.tok(last)]),
      uniqueJoin([
        ...emails.map(asciiTokens),
        ...(this.phonesInFullText ? phones.map((p) => p.searchForms) : []),
        city ? this.tok(`${city.name} ${city.postalCode}`) : [],
        ...tags.map(this.tok),
        jobTitle ? this.tok(jobTitle) : [],
        org ? this.tok(org.name) : [],
      ]),
      displayName.slice(0, 400),
      org?.name ?? emails[0] ?? city?.name ?? null,
      null, // name_beginnings: read by nothing since migration 20261206-0601
    );
    this.counts.people++;

    const n = INTERACTIONS_PER_PERSON.pick(r)[0];
    let lastInteraction: string | null = null;
    for (let i = 0; i < n; i++) lastInteraction = this.interaction({ id, first, last }, org, created);
    // One person in twelve has a call-back or follow-up: a few hundred people give each demo user
    // a handful of tasks on "My tasks", three quarters of them still open.
    if (this.staff.length && r.chance(1 / 12)) this.task({ id, first, last }, org, lastInteraction);
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
    const logged = this.times.format(Math.min(this.now, occurred + (duration ?? 0) * 1000 + r.int(10, 600) * 1000));
    const authorId = author?.id ?? null;
    this.batch.interactions.push(
      id, channel, direction, this.times.format(occurred), duration, authorId, person?.id ?? null, org?.id ?? null,
      summary, body, outcome, logged, authorId, logged, authorId, 1, null,
    );
    // Its participants, the person and the organisation, are added by the writers (see PARTICIPANTS in batch.ts).
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
    const completed = open ? null : this.times.format(Math.min(this.now, due + r.int(0, 48) * 3600_000));
    const id = this.ids.next();
    const dueAt = this.times.format(due);
    const createdAt = this.times.format(created);
    this.batch.tasks.push(
      id, title, dueAt, null, assignee.id, person.id, org?.id ?? null, interactionId, open ? 'open' : 'done',
      open ? null : r.pick(['Client rappelé, cotation envoyée', 'Fait', 'Message laissé, affaire conclue le lendemain']),
      completed, open ? null : assignee.id, createdAt, creator.id, completed ?? createdAt, assignee.id, open ? 1 : 2,
    );
    if (open && due > this.now) {
      this.batch.jobs.push(
        this.ids.next(), 'task.reminder', JSON.stringify({ taskId: id, at: dueAt }), dueAt, 'queued', 0, 5, null, null, null, `task:${id}`, createdAt, createdAt,
      );
    }
    this.counts.tasks++;
  }
}

/** What a generator needs; plain data, so that it can be handed to a worker thread. */
export interface GeneratorSettings {
  size: number;
  seed: number;
  now: number;
  staff: Staff[];
  phonesInFullText: boolean;
  /** The worker thread hands batches over in PostgreSQL COPY's format (./copy-encoder.ts). */
  encodeForPostgres?: boolean;
}

export type Counts = DemoGenerator['counts'];

/**
 * Generates the whole import in batches of rows, handing each to `emit` with the progress it
 * completes; `emit` may make generation wait (a write to finish, a worker's queue to drain).
 */
export async function produceBatches(
  settings: GeneratorSettings,
  emit: (batch: Batch, done: number, total: number, phase: string) => Promise<void>,
): Promise<Counts> {
  const { size } = settings;
  const gen = new DemoGenerator(settings.seed, settings.now, settings.staff, settings.phonesInFullText);
  const orgCount = size === 0 ? 0 : Math.max(1, Math.round(size / 5));
  for (let i = 0; i < orgCount; i++) {
    gen.organisation(i, orgCount);
    if ((i + 1) % (PEOPLE_PER_BATCH / 2) === 0) await emit(gen.take(), i + 1, orgCount, 'organisations');
  }
  await emit(gen.take(), orgCount, orgCount, 'organisations');
  for (let i = 0; i < size; i++) {
    gen.person(i, size);
    if ((i + 1) % PEOPLE_PER_BATCH === 0) await emit(gen.take(), i + 1, size, 'people');
  }
  await emit(gen.take(), size, size, 'people');
  return gen.counts;
}
