import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThrowawayDatabase, DIALECTS } from '../test/harness.js';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from './connect.js';
import { prepared, preparedStatementName } from './prepared.js';

describe.each(DIALECTS)('prepared queries on %s', (dialect) => {
  let handle: DatabaseHandle;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const throwaway = dialect === 'postgres' ? await createThrowawayDatabase() : undefined;
    drop = throwaway?.drop;
    // One connection, so that the statements seen below are those of the connection that ran the queries.
    handle = connectDatabase({ databaseUrl: throwaway?.url, poolSize: 1 });
    await migrateToLatest(handle);
    await handle.db
      .insertInto('teams')
      .values([
        { id: 't1', name: 'Accueil', manager_id: null, created_at: '2026-12-02T00:00:00.000Z' },
        { id: 't2', name: 'Back-office', manager_id: null, created_at: '2026-12-02T00:00:00.000Z' },
      ])
      .execute();
  });
  afterAll(async () => {
    await handle?.close();
    await drop?.();
  });

  it('runs with new values each time, one shape per length of a list argument', async () => {
    const names = prepared((ids: readonly string[]) => handle.db.selectFrom('teams').select('name').where('id', 'in', ids).orderBy('name'));
    expect(await names(handle.db, ['t1'])).toEqual([{ name: 'Accueil' }]);
    expect(await names(handle.db, ['t2'])).toEqual([{ name: 'Back-office' }]);
    expect(await names(handle.db, ['t2', 't1'])).toEqual([{ name: 'Accueil' }, { name: 'Back-office' }]);
    expect(await names(handle.db, ['nobody'])).toEqual([]);
  });

  it('names its SQL, and PostgreSQL keeps it prepared on the connection that ran it', async () => {
    const byId = prepared((id: string) => handle.db.selectFrom('teams').select(['id', 'name']).where('id', '=', id).where('name', '<>', 'prepared-test'));
    expect(await byId(handle.db, 't1')).toEqual([{ id: 't1', name: 'Accueil' }]);
    expect(await byId(handle.db, 't2')).toEqual([{ id: 't2', name: 'Back-office' }]);
    const text = handle.db.selectFrom('teams').select(['id', 'name']).where('id', '=', 't1').where('name', '<>', 'prepared-test').compile().sql;
    const name = preparedStatementName(text);
    expect(name).toMatch(/^relais_\d+$/);
    expect(preparedStatementName('SELECT 1')).toBeUndefined();
    if (dialect === 'postgres') {
      const statements = await sql<{ name: string }>`SELECT name FROM pg_prepared_statements`.execute(handle.db);
      expect(statements.rows.map((r) => r.name)).toContain(name);
    }
  });
});
