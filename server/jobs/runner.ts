import { hostname } from 'node:os';
import type { Clock } from '../clock.js';
import type { Db, DialectFeatures, Tx } from '../db/dialect/features.js';
import { newId } from '../ids.js';

export type JobHandler = (payload: unknown, job: { id: string; attempts: number }) => Promise<void>;

export interface EnqueueOptions {
  kind: string;
  payload: unknown;
  runAt: Date;
  /** Replaces any queued job with the same key (one pending reminder per task). */
  uniqueKey?: string;
  maxAttempts?: number;
}

const LOCK_MS = 5 * 60_000;

/**
 * Durable jobs (decision D7): rows in `jobs`, claimed atomically (SKIP LOCKED on PostgreSQL),
 * retried with back-off, surviving restarts. `runDue()` is what the timer calls and what tests call.
 */
export class JobRunner {
  private handlers = new Map<string, JobHandler>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  readonly workerId = `${hostname()}:${process.pid}:${newId().slice(-6)}`;

  constructor(
    private db: Db,
    private dialect: DialectFeatures,
    private clock: Clock,
    private log: { error: (obj: unknown, msg?: string) => void } = console,
  ) {}

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Enqueues inside the caller's transaction, so the job exists only if the change committed. */
  async enqueue(trx: Tx, options: EnqueueOptions): Promise<void> {
    const now = this.clock.now().toISOString();
    if (options.uniqueKey) {
      await trx.deleteFrom('jobs').where('unique_key', '=', options.uniqueKey).where('status', '=', 'queued').execute();
    }
    await trx
      .insertInto('jobs')
      .values({
        id: newId(),
        kind: options.kind,
        payload: JSON.stringify(options.payload),
        run_at: options.runAt.toISOString(),
        status: 'queued',
        attempts: 0,
        max_attempts: options.maxAttempts ?? 5,
        locked_by: null,
        locked_until: null,
        last_error: null,
        unique_key: options.uniqueKey ?? null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }

  async cancel(trx: Tx, uniqueKey: string): Promise<void> {
    await trx.deleteFrom('jobs').where('unique_key', '=', uniqueKey).where('status', '=', 'queued').execute();
  }

  /** Runs every job due now; returns how many ran. Concurrent calls share one pass. */
  runDue(): Promise<number> {
    if (!this.running) {
      this.running = this.pass().finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  private async pass(): Promise<number> {
    let total = 0;
    for (;;) {
      const now = this.clock.now();
      const lockUntil = new Date(now.getTime() + LOCK_MS).toISOString();
      const jobs = await this.dialect.claimJobs(this.db, this.workerId, now.toISOString(), lockUntil, 20);
      if (jobs.length === 0) return total;
      for (const job of jobs) {
        total += 1;
        const handler = this.handlers.get(job.kind);
        try {
          if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
          await handler(JSON.parse(job.payload), { id: job.id, attempts: job.attempts });
          await this.db
            .updateTable('jobs')
            .set({ status: 'done', locked_by: null, locked_until: null, updated_at: this.clock.now().toISOString() })
            .where('id', '=', job.id)
            .execute();
        } catch (error) {
          const failed = job.attempts >= job.max_attempts;
          const retryAt = new Date(this.clock.now().getTime() + 1000 * 2 ** job.attempts).toISOString();
          this.log.error({ err: error, job: job.id, kind: job.kind }, 'job failed');
          await this.db
            .updateTable('jobs')
            .set({
              status: failed ? 'failed' : 'queued',
              run_at: failed ? job.run_at : retryAt,
              locked_by: null,
              locked_until: null,
              last_error: String((error as Error)?.message ?? error).slice(0, 2000),
              updated_at: this.clock.now().toISOString(),
            })
            .where('id', '=', job.id)
            .execute();
        }
      }
    }
  }

  start(pollMs: number): void {
    if (pollMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      this.runDue().catch((err) => this.log.error({ err }, 'job pass failed'));
    }, pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}
