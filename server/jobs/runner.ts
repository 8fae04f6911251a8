import { hostname } from 'node:os';
import { sql } from 'kysely';
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

/** What becomes of a claimed job once its handler has run: done, queued again, or failed for good. */
type Outcome = { status: 'done' } | { status: 'queued' | 'failed'; runAt: string; error: string };

export interface JobRunnerOptions {
  /**
   * Whose clock says a job is due: the database's (production: several instances agree on "due"
   * whatever their own clocks say, and one running ahead cannot take over another's jobs), or the
   * injected clock (tests move time by hand). SQLite runs one instance: its clock is the process's.
   */
  databaseClock?: boolean;
}

/**
 * Durable jobs (decision D7): rows in `jobs`, claimed atomically (SKIP LOCKED on PostgreSQL),
 * retried with back-off, surviving restarts. `runDue()` is what the timer calls and what tests call.
 *
 * Each claimed job is settled on its own: a job whose "done" (or "retry") mark cannot be written —
 * the connection dropped — keeps its claim, the rest of the batch runs, and the mark is written at
 * the start of the next pass, without running the job again. Notifications raised by a job carry
 * its id (jobKey), so even a job that does run twice (its worker killed) notifies once.
 */
export class JobRunner {
  private handlers = new Map<string, JobHandler>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  /** Outcomes not yet written, by job id: written first thing in the next pass. */
  private unsettled = new Map<string, Outcome>();
  readonly workerId = `${hostname()}:${process.pid}:${newId().slice(-6)}`;

  constructor(
    private db: Db,
    private dialect: DialectFeatures,
    private clock: Clock,
    private log: { error: (obj: unknown, msg?: string) => void } = console,
    private options: JobRunnerOptions = {},
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

  /** "Now" for claiming: the database's clock, or the injected one (see JobRunnerOptions). */
  private async now(): Promise<Date> {
    if (!this.options.databaseClock) return this.clock.now();
    if (this.dialect.name !== 'postgres') return new Date();
    const { rows } = await sql<{ now: string }>`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS now`.execute(this.db);
    return new Date(rows[0].now);
  }

  private async pass(): Promise<number> {
    for (const [id, outcome] of [...this.unsettled]) {
      // Still failing (the database is away): the next pass tries again; claiming would fail too.
      if (!(await this.settle(id, outcome))) return 0;
    }
    let total = 0;
    for (;;) {
      const now = await this.now();
      const lockUntil = new Date(now.getTime() + LOCK_MS).toISOString();
      const jobs = await this.dialect.claimJobs(this.db, this.workerId, now.toISOString(), lockUntil, 20);
      if (jobs.length === 0) return total;
      for (const job of jobs) {
        total += 1;
        const handler = this.handlers.get(job.kind);
        let outcome: Outcome;
        try {
          if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
          await handler(JSON.parse(job.payload), { id: job.id, attempts: job.attempts });
          outcome = { status: 'done' };
        } catch (error) {
          const failed = job.attempts >= job.max_attempts;
          this.log.error({ err: error, job: job.id, kind: job.kind }, 'job failed');
          outcome = {
            status: failed ? 'failed' : 'queued',
            runAt: failed ? job.run_at : new Date(now.getTime() + 1000 * 2 ** job.attempts).toISOString(),
            error: String((error as Error)?.message ?? error).slice(0, 2000),
          };
        }
        await this.settle(job.id, outcome);
      }
    }
  }

  /**
   * Writes a job's outcome, if this worker still holds it; false (and kept for the next pass) when
   * the write fails. Never throws: one job's bookkeeping must not strand the rest of its batch.
   */
  private async settle(id: string, outcome: Outcome): Promise<boolean> {
    try {
      const common = { locked_by: null, locked_until: null, updated_at: this.clock.now().toISOString() };
      await this.db
        .updateTable('jobs')
        .set(outcome.status === 'done' ? { ...common, status: 'done' } : { ...common, status: outcome.status, run_at: outcome.runAt, last_error: outcome.error })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .where('locked_by', '=', this.workerId)
        .execute();
      this.unsettled.delete(id);
      return true;
    } catch (error) {
      this.log.error({ err: error, job: id, outcome: outcome.status }, 'job outcome not recorded, retried at the next pass');
      this.unsettled.set(id, outcome);
      return false;
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
    // Outcomes still unwritten: one last try, so a stop does not leave them to run again.
    for (const [id, outcome] of [...this.unsettled]) await this.settle(id, outcome);
  }
}
