import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { MemoryEventBus, RESYNC, type EventBus, type EventBusStatus, type LiveEvent } from './bus.js';

const CHANNEL = 'relais_events';
/** NOTIFY payloads are capped at 8000 bytes by PostgreSQL: an event over this travels in parts. */
const MAX_PAYLOAD = 7900;
/** Characters of base64 per part: the part's envelope stays well under MAX_PAYLOAD. */
const PART_CHARS = 7000;
/** Larger than any event a service raises; beyond it an event reaches this instance's streams only. */
const MAX_EVENT_BYTES = 8 * 1024 * 1024;
/** An event whose parts have not all arrived after this long is dropped (the sender failed half-way). */
const PARTS_TTL_MS = 60_000;

/**
 * What travels through NOTIFY: the sending instance (`o`), and the event whole (`e`) or one part
 * of it (`p`: `d` is part `i` of `n` of the base64 of the event's JSON).
 */
interface Envelope {
  o: string;
  e?: LiveEvent;
  p?: { id: string; i: number; n: number; d: string };
}

export interface PostgresEventBusOptions {
  log?: { error: (obj: unknown, msg?: string) => void; warn: (obj: unknown, msg?: string) => void };
  /** How often the listening connection is checked with a query (0: never; tests call checkListener()). */
  livenessMs?: number;
  /** How long that query may take before the connection is taken for dead and replaced. */
  livenessTimeoutMs?: number;
  /** Bound on close(): a connection that does not say goodbye in time is cut. */
  closeTimeoutMs?: number;
}

const quiet = { error: () => undefined, warn: () => undefined };

/**
 * Events published on any instance reach the streams of every instance through LISTEN/NOTIFY.
 *
 * - An instance's own events go to its streams at once, in-process, and the copy that comes back
 *   through NOTIFY is skipped: they arrive even while its LISTEN connection is down, never twice.
 * - An event of any size is delivered: one too large for a NOTIFY is sent as parts in one
 *   statement (so in one transaction: every part or none) and put together by each listener.
 * - publish() never throws (see EventBus): a failed NOTIFY is logged.
 * - One dedicated connection listens, with TCP keepalive, and is checked with a query every
 *   `livenessMs`: a connection cut silently (a NAT or firewall forgetting it) does not answer,
 *   and is replaced. It reconnects with back-off when it ends; once listening again, every stream
 *   of this instance is sent `resync`, since events sent meanwhile were missed.
 */
export class PostgresEventBus implements EventBus {
  private local = new MemoryEventBus();
  private listener?: pg.Client;
  private publisher: pg.Pool;
  private closed = false;
  private ready: Promise<void>;
  private connectedOnce = false;
  private state: EventBusStatus['state'] = 'connecting';
  private liveness?: NodeJS.Timeout;
  private reconnectTimer?: NodeJS.Timeout;
  /** Events arriving in parts, by id. */
  private partial = new Map<string, { parts: string[]; received: number; since: number }>();
  /** This instance, in every envelope it sends. */
  readonly origin = randomBytes(9).toString('base64url');
  private log: NonNullable<PostgresEventBusOptions['log']>;
  private livenessTimeoutMs: number;
  private closeTimeoutMs: number;

  constructor(
    private connectionString: string,
    options: PostgresEventBusOptions = {},
  ) {
    this.log = options.log ?? quiet;
    this.livenessTimeoutMs = options.livenessTimeoutMs ?? 10_000;
    this.closeTimeoutMs = options.closeTimeoutMs ?? 5_000;
    this.publisher = new pg.Pool({
      connectionString,
      max: 2,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      connectionTimeoutMillis: 5_000,
      // A NOTIFY on a connection that died silently must not hold the publisher forever.
      query_timeout: 10_000,
    });
    this.publisher.on('error', () => undefined);
    this.ready = this.listen();
    const livenessMs = options.livenessMs ?? 30_000;
    if (livenessMs > 0) {
      this.liveness = setInterval(() => void this.checkListener(), livenessMs);
      this.liveness.unref();
    }
  }

  private async listen(attempt = 0): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.connectionString, keepAlive: true, keepAliveInitialDelayMillis: 10_000, connectionTimeoutMillis: 5_000 });
    client.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return;
      this.receive(msg.payload);
    });
    client.on('error', () => undefined);
    // Only the listening connection starts a new one when it ends: a failed attempt retries
    // below, and two chains of attempts would each LISTEN and deliver every event twice.
    client.on('end', () => {
      if (this.closed || this.listener !== client) return;
      this.listener = undefined;
      this.state = 'reconnecting';
      this.partial.clear();
      this.reconnectTimer = setTimeout(() => void this.listen(1), 500);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      if (this.closed) {
        cut(client);
        return;
      }
      this.listener = client;
      this.state = 'listening';
      if (this.connectedOnce) {
        // Events sent while this instance was not listening never reach it: its pages refetch.
        this.local.deliver({ type: RESYNC, audience: { all: true }, data: { reason: 'reconnected' } });
      }
      this.connectedOnce = true;
    } catch {
      cut(client);
      if (this.closed) return;
      if (this.connectedOnce) this.state = 'reconnecting';
      const delay = Math.min(10_000, 250 * 2 ** attempt);
      await new Promise((r) => {
        this.reconnectTimer = setTimeout(r, delay);
      });
      return this.listen(attempt + 1);
    }
  }

  private receive(payload: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(payload) as Envelope;
    } catch {
      return; // a malformed payload is dropped, not fatal
    }
    // This instance's own events were delivered when published.
    if (envelope.o === this.origin) return;
    if (envelope.e) return this.local.deliver(envelope.e);
    const part = envelope.p;
    if (!part || typeof part.id !== 'string' || !(part.n > 0) || !(part.i >= 0 && part.i < part.n)) return;
    const now = Date.now();
    for (const [id, entry] of this.partial) if (now - entry.since > PARTS_TTL_MS) this.partial.delete(id);
    const key = `${envelope.o}:${part.id}`;
    let entry = this.partial.get(key);
    if (!entry) {
      entry = { parts: new Array<string>(part.n), received: 0, since: now };
      this.partial.set(key, entry);
    }
    if (entry.parts[part.i] === undefined) {
      entry.parts[part.i] = part.d;
      entry.received += 1;
    }
    if (entry.received < part.n) return;
    this.partial.delete(key);
    try {
      this.local.deliver(JSON.parse(Buffer.from(entry.parts.join(''), 'base64').toString('utf8')) as LiveEvent);
    } catch {
      // a malformed event is dropped, not fatal
    }
  }

  /** Resolves once this instance is listening (tests wait on it). */
  whenReady(): Promise<void> {
    return this.ready;
  }

  status(): EventBusStatus {
    return { state: this.state, live: this.state === 'listening' };
  }

  /**
   * Asks the listening connection for `SELECT 1`: no answer within livenessTimeoutMs (a connection
   * cut silently) and it is replaced. What the timer runs; tests call it instead of waiting.
   * Resolves true when the connection answered.
   */
  async checkListener(): Promise<boolean> {
    const client = this.listener;
    if (!client || this.closed) return false;
    try {
      await client.query({ text: 'SELECT 1', query_timeout: this.livenessTimeoutMs } as pg.QueryConfig);
      return true;
    } catch (error) {
      if (this.listener === client) {
        this.log.warn({ err: error }, 'live events: the listening connection did not answer, reconnecting');
        // Its 'end' starts the reconnection.
        cut(client);
      }
      return false;
    }
  }

  async publish(event: LiveEvent): Promise<void> {
    // This instance's streams first, in-process: they get it even if NOTIFY fails.
    this.local.deliver(event);
    try {
      await this.send(event);
    } catch (error) {
      this.log.error({ err: error, type: event.type }, 'live event not sent to the other instances');
    }
  }

  private async send(event: LiveEvent): Promise<void> {
    if (this.closed) return;
    const whole = JSON.stringify({ o: this.origin, e: event } satisfies Envelope);
    if (Buffer.byteLength(whole) <= MAX_PAYLOAD) {
      await this.publisher.query('SELECT pg_notify($1, $2)', [CHANNEL, whole]);
      return;
    }
    const json = Buffer.from(JSON.stringify(event), 'utf8');
    if (json.length > MAX_EVENT_BYTES) throw new Error(`live event ${event.type} too large to send (${json.length} bytes)`);
    const data = json.toString('base64');
    const id = randomBytes(9).toString('base64url');
    const n = Math.ceil(data.length / PART_CHARS);
    const payloads = Array.from({ length: n }, (_, i) => JSON.stringify({ o: this.origin, p: { id, i, n, d: data.slice(i * PART_CHARS, (i + 1) * PART_CHARS) } } satisfies Envelope));
    // One statement, one transaction: PostgreSQL delivers all the parts or none.
    const calls = payloads.map((_, i) => `pg_notify($1, $${i + 2})`).join(', ');
    await this.publisher.query(`SELECT ${calls}`, [CHANNEL, ...payloads]);
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    return this.local.subscribe(listener);
  }

  subscriberCount(): number {
    return this.local.subscriberCount();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.state = 'closed';
    clearInterval(this.liveness);
    clearTimeout(this.reconnectTimer);
    await this.local.close();
    const listener = this.listener;
    this.listener = undefined;
    // A connection cut silently never answers the goodbye: bounded, then cut.
    if (listener && !(await within(listener.end(), this.closeTimeoutMs))) cut(listener);
    await within(this.publisher.end(), this.closeTimeoutMs);
  }
}

/** Whether the promise settled within `ms`. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = await Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]);
  clearTimeout(timer);
  return settled;
}

/** Drops a client's socket at once (no goodbye to wait for); its 'end' follows. */
function cut(client: pg.Client): void {
  const stream = (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream;
  if (stream) stream.destroy();
  else void client.end().catch(() => undefined);
}
