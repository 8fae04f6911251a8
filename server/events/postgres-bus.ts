import pg from 'pg';
import { MemoryEventBus, type EventBus, type LiveEvent } from './bus.js';

const CHANNEL = 'relais_events';
/** NOTIFY payloads are capped at 8000 bytes by PostgreSQL. */
const MAX_PAYLOAD = 7900;

/**
 * Events published on any instance reach the streams of every instance through LISTEN/NOTIFY.
 * One dedicated connection listens; it reconnects with back-off when the database drops it.
 */
export class PostgresEventBus implements EventBus {
  private local = new MemoryEventBus();
  private listener?: pg.Client;
  private publisher: pg.Pool;
  private closed = false;
  private ready: Promise<void>;

  constructor(private connectionString: string) {
    this.publisher = new pg.Pool({ connectionString, max: 2 });
    this.publisher.on('error', () => undefined);
    this.ready = this.listen();
  }

  private async listen(attempt = 0): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return;
      try {
        this.local.deliver(JSON.parse(msg.payload) as LiveEvent);
      } catch {
        // a malformed payload is dropped, not fatal
      }
    });
    client.on('error', () => undefined);
    // Only the listening connection starts a new one when it ends: a failed attempt retries
    // below, and two chains of attempts would each LISTEN and deliver every event twice.
    client.on('end', () => {
      if (this.closed || this.listener !== client) return;
      this.listener = undefined;
      setTimeout(() => void this.listen(1), 500);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.listener = client;
    } catch {
      await client.end().catch(() => undefined);
      if (this.closed) return;
      const delay = Math.min(10_000, 250 * 2 ** attempt);
      await new Promise((r) => setTimeout(r, delay));
      return this.listen(attempt + 1);
    }
  }

  /** Resolves once this instance is listening (tests wait on it). */
  whenReady(): Promise<void> {
    return this.ready;
  }

  async publish(event: LiveEvent): Promise<void> {
    const payload = JSON.stringify(event);
    if (Buffer.byteLength(payload) > MAX_PAYLOAD) {
      throw new Error(`live event ${event.type} too large for NOTIFY (${payload.length} bytes)`);
    }
    await this.publisher.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]);
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    return this.local.subscribe(listener);
  }

  subscriberCount(): number {
    return this.local.subscriberCount();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.local.close();
    await this.listener?.end().catch(() => undefined);
    await this.publisher.end().catch(() => undefined);
  }
}
