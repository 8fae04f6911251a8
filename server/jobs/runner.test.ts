import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { DIALECTS, useMigratedDatabase } from '../test/harness.js';
import { JobRunner } from './runner.js';

const quiet = { error: () => undefined };

describe.each(DIALECTS)('durable job runner on %s', (dialect) => {
  const database = useMigratedDatabase(dialect);
  const clock = new ManualClock(new Date('2026-06-01T10:00:00.000Z'));

  it('retries a failing job with growing back-off, then marks it failed with the error kept', async () => {
    const runner = new JobRunner(database.handle.db, database.handle.dialect, clock, quiet);
    let calls = 0;
    runner.register('flaky', async () => {
      calls += 1;
      throw new Error(`boom ${calls}`);
    });
    await runner.enqueue(database.handle.db, { kind: 'flaky', payload: {}, runAt: clock.now(), maxAttempts: 3 });
    await runner.runDue();
    expect(calls).toBe(1);
    await runner.runDue();
    expect(calls).toBe(1); // not yet: back-off
    clock.advance(2_000);
    await runner.runDue();
    expect(calls).toBe(2);
    clock.advance(4_000);
    await runner.runDue();
    expect(calls).toBe(3);
    clock.advance(60_000);
    await runner.runDue();
    expect(calls).toBe(3);
    const job = await database.handle.db.selectFrom('jobs').selectAll().where('kind', '=', 'flaky').executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'failed', attempts: 3, last_error: 'boom 3' });
  });

  it('survives a restart: a job claimed by a crashed worker runs again once its lock expires', async () => {
    const crashed = new JobRunner(database.handle.db, database.handle.dialect, clock, quiet);
    await crashed.enqueue(database.handle.db, { kind: 'work', payload: { n: 1 }, runAt: clock.now() });
    // The crashed worker claimed it and died before finishing.
    const claimed = await database.handle.dialect.claimJobs(database.handle.db, 'dead-worker', clock.now().toISOString(), new Date(clock.now().getTime() + 300_000).toISOString(), 10);
    expect(claimed).toHaveLength(1);
    const restarted = new JobRunner(database.handle.db, database.handle.dialect, clock, quiet);
    const done: unknown[] = [];
    restarted.register('work', async (payload) => void done.push(payload));
    await restarted.runDue();
    expect(done).toEqual([]);
    clock.advance(301_000);
    await restarted.runDue();
    expect(done).toEqual([{ n: 1 }]);
  });

  it('keeps one queued job per unique key, the latest', async () => {
    const runner = new JobRunner(database.handle.db, database.handle.dialect, clock, quiet);
    const seen: unknown[] = [];
    runner.register('keyed', async (payload) => void seen.push(payload));
    await runner.enqueue(database.handle.db, { kind: 'keyed', payload: 'first', runAt: clock.now(), uniqueKey: 'k1' });
    await runner.enqueue(database.handle.db, { kind: 'keyed', payload: 'second', runAt: clock.now(), uniqueKey: 'k1' });
    await runner.runDue();
    expect(seen).toEqual(['second']);
  });
});

describe.each(DIALECTS)('job bookkeeping that fails on %s', (dialect) => {
  const database = useMigratedDatabase(dialect);
  const clock = new ManualClock(new Date('2026-06-01T10:00:00.000Z'));

  /** Refuses, as a dropped connection would, every change of status of the jobs whose payload names `marker`. */
  async function refuseBookkeeping(marker: string) {
    if (dialect === 'postgres') {
      await sql`CREATE OR REPLACE FUNCTION refuse_bookkeeping() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'terminating connection due to administrator command' USING ERRCODE = '57P01'; END; $$ LANGUAGE plpgsql`.execute(database.handle.db);
      await sql`CREATE TRIGGER refuse_bookkeeping BEFORE UPDATE ON jobs FOR EACH ROW
        WHEN (OLD.payload LIKE ${sql.lit(`%${marker}%`)} AND NEW.status <> 'running') EXECUTE FUNCTION refuse_bookkeeping()`.execute(database.handle.db);
    } else {
      await sql`CREATE TRIGGER refuse_bookkeeping BEFORE UPDATE ON jobs
        WHEN OLD.payload LIKE ${sql.lit(`%${marker}%`)} AND NEW.status <> 'running'
        BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`.execute(database.handle.db);
    }
  }
  async function allowBookkeeping() {
    await sql`DROP TRIGGER refuse_bookkeeping${sql.raw(dialect === 'postgres' ? ' ON jobs' : '')}`.execute(database.handle.db);
  }

  it('runs the rest of the batch when one job cannot be marked, and marks it at the next pass without running it again', async () => {
    const runner = new JobRunner(database.handle.db, database.handle.dialect, clock, quiet);
    const runs: string[] = [];
    runner.register('batch', async (payload) => void runs.push((payload as { n: string }).n));
    for (const n of ['a', 'b', 'stuck', 'c', 'd']) await runner.enqueue(database.handle.db, { kind: 'batch', payload: { n }, runAt: clock.now() });
    await refuseBookkeeping('stuck');
    expect(await runner.runDue()).toBe(5);
    expect(runs.sort()).toEqual(['a', 'b', 'c', 'd', 'stuck']);
    const status = async () =>
      Object.fromEntries((await database.handle.db.selectFrom('jobs').select(['payload', 'status']).where('kind', '=', 'batch').execute()).map((j) => [JSON.parse(j.payload).n, j.status]));
    // The four others are done, not left claimed for LOCK_MS.
    expect(await status()).toEqual({ a: 'done', b: 'done', c: 'done', d: 'done', stuck: 'running' });

    await allowBookkeeping();
    await runner.runDue();
    expect(await status()).toEqual({ a: 'done', b: 'done', c: 'done', d: 'done', stuck: 'done' });
    // Its lock expiring changes nothing: it ran once.
    clock.advance(301_000);
    await runner.runDue();
    expect(runs).toHaveLength(5);
  });

  it('claims by the database clock: an instance whose clock runs two hours ahead fires nothing early', async () => {
    const ahead = new ManualClock(new Date(Date.now() + 2 * 3600_000));
    const runner = new JobRunner(database.handle.db, database.handle.dialect, ahead, quiet, { databaseClock: true });
    const runs: string[] = [];
    runner.register('skewed', async (payload) => void runs.push((payload as { n: string }).n));
    await runner.enqueue(database.handle.db, { kind: 'skewed', payload: { n: 'in an hour' }, runAt: new Date(Date.now() + 3600_000) });
    await runner.enqueue(database.handle.db, { kind: 'skewed', payload: { n: 'a minute ago' }, runAt: new Date(Date.now() - 60_000) });
    await runner.runDue();
    expect(runs).toEqual(['a minute ago']);
    // Its lock is the database's time plus LOCK_MS, not its own clock's.
    const claimed = await database.handle.db.selectFrom('jobs').select(['status', 'updated_at']).where('kind', '=', 'skewed').where('status', '=', 'queued').execute();
    expect(claimed).toHaveLength(1);
  });
});
