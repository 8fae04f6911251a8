/**
 * PostgreSQL ends a transaction that met another one on the same rows (a deadlock, a serialization
 * failure): the API answers 409 "send it again", not a 500. Real errors from the machine's
 * PostgreSQL, through the dialect's translation.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { createThrowawayDatabase, DIALECTS } from '../../test/harness.js';
import { postgresFeatures } from './postgres.js';

describe.runIf(DIALECTS.includes('postgres'))('PostgreSQL errors of concurrent transactions', () => {
  let drop: () => Promise<void>;
  let a: pg.Client;
  let b: pg.Client;
  beforeAll(async () => {
    const throwaway = await createThrowawayDatabase();
    drop = throwaway.drop;
    a = new pg.Client({ connectionString: throwaway.url });
    b = new pg.Client({ connectionString: throwaway.url });
    await Promise.all([a.connect(), b.connect()]);
    await a.query('CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL); INSERT INTO t VALUES (1, 0), (2, 0)');
  });
  afterAll(async () => {
    await Promise.all([a?.end(), b?.end()]);
    await drop?.();
  });

  const expectConflict = (error: unknown, code: string) => {
    expect((error as { code?: string }).code).toBe(code);
    const translated = postgresFeatures.translateError(error);
    expect(translated).toBeInstanceOf(AppError);
    expect(translated).toMatchObject({ code: 'CONFLICT', status: 409, details: { reason: 'CONCURRENT_CHANGE' } });
  };

  it('a deadlock is a 409 to send again', async () => {
    // Each holds one row and asks for the other's: PostgreSQL ends one of the two.
    for (const c of [a, b]) await c.query("BEGIN; SET LOCAL deadlock_timeout = '50ms'");
    await a.query('UPDATE t SET v = v + 1 WHERE id = 1');
    await b.query('UPDATE t SET v = v + 1 WHERE id = 2');
    const outcomes = await Promise.allSettled([a.query('UPDATE t SET v = v + 1 WHERE id = 2'), b.query('UPDATE t SET v = v + 1 WHERE id = 1')]);
    for (const c of [a, b]) await c.query('ROLLBACK');
    const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(failed).toHaveLength(1);
    expectConflict(failed[0].reason, '40P01');
  });

  it('a serialization failure is a 409 to send again', async () => {
    await a.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await a.query('SELECT v FROM t WHERE id = 1');
    await b.query('UPDATE t SET v = v + 1 WHERE id = 1');
    const error = await a.query('UPDATE t SET v = v + 1 WHERE id = 1').then(
      () => null,
      (e: unknown) => e,
    );
    await a.query('ROLLBACK');
    expectConflict(error, '40001');
  });
});
