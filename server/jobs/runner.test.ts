import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from '../db/connect.js';
import { createThrowawayDatabase, DIALECTS } from '../test/harness.js';
import { JobRunner } from './runner.js';

const quiet = { error: () => undefined };

describe.each(DIALECTS)('durable job runner on %s', (dialect) => {
  let handle: DatabaseHandle;
  let drop: (() => Promise<void>) | undefined;
  const clock = new ManualClock(new Date('2026-06-01T10:00:00.000Z'));

  beforeAll(async () => {
    if (dialect === 'postgres') {
      const db = await createThrowawayDatabase();
      drop = db.drop;
      handle = connectDatabase({ databaseUrl: db.url });
    } else {
      handle = connectDatabase({ sqlitePath: ':memory:' });
    }
    await migrateToLatest(handle);
  });
  afterAll(async () => {
    await handle?.close();
    await drop?.();
  });

  it('retries a failing job with growing back-off, then marks it failed with the error kept', async () => {
    const runner = new JobRunner(handle.db, handle.dialect, clock, quiet);
    let calls = 0;
    runner.register('flaky', async () => {
      calls += 1;
      throw new Error(`boom ${calls}`);
    });
    await runner.enqueue(handle.db, { kind: 'flaky', payload: {}, runAt: clock.now(), maxAttempts: 3 });
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
    const job = await handle.db.selectFrom('jobs').selectAll().where('kind', '=', 'flaky').executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'failed', attempts: 3, last_error: 'boom 3' });
  });

  it('survives a restart: a job claimed by a crashed worker runs again once its lock expires', async () => {
    const crashed = new JobRunner(handle.db, handle.dialect, clock, quiet);
    await crashed.enqueue(handle.db, { kind: 'work', payload: { n: 1 }, runAt: clock.now() });
    // The crashed worker claimed it and died before finishing.
    const claimed = await handle.dialect.claimJobs(handle.db, 'dead-worker', clock.now().toISOString(), new Date(clock.now().getTime() + 300_000).toISOString(), 10);
    expect(claimed).toHaveLength(1);
    const restarted = new JobRunner(handle.db, handle.dialect, clock, quiet);
    const done: unknown[] = [];
    restarted.register('work', async (payload) => void done.push(payload));
    await restarted.runDue();
    expect(done).toEqual([]);
    clock.advance(301_000);
    await restarted.runDue();
    expect(done).toEqual([{ n: 1 }]);
  });

  it('keeps one queued job per unique key, the latest', async () => {
    const runner = new JobRunner(handle.db, handle.dialect, clock, quiet);
    const seen: unknown[] = [];
    runner.register('keyed', async (payload) => void seen.push(payload));
    await runner.enqueue(handle.db, { kind: 'keyed', payload: 'first', runAt: clock.now(), uniqueKey: 'k1' });
    await runner.enqueue(handle.db, { kind: 'keyed', payload: 'second', runAt: clock.now(), uniqueKey: 'k1' });
    await runner.runDue();
    expect(seen).toEqual(['second']);
  });
});
