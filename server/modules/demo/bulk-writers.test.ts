import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from '../../db/connect.js';
import { createThrowawayDatabase, DIALECTS } from '../../test/harness.js';
import { emptyBatch, encodeBatch, postgresWriter, sqliteWriter, type BulkWriter } from './bulk-writers.js';

const NOW = '2026-03-02T08:00:00.000Z';
/** Text that COPY's text format must escape, or could mistake for something else. */
const AWKWARD = ['tab\there', 'two\nlines', 'carriage\rreturn', 'back\\slash', '\\N', 'a\\tb', '', 'Hélène Œuvre'];

describe.each(DIALECTS)('bulk writer on %s', (dialect) => {
  let handle: DatabaseHandle;
  let drop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const throwaway = dialect === 'postgres' ? await createThrowawayDatabase() : undefined;
    drop = throwaway?.drop;
    handle = connectDatabase({ databaseUrl: throwaway?.url, sqlitePath: ':memory:' });
    await migrateToLatest(handle);
  });

  afterAll(async () => {
    await handle?.close();
    await drop?.();
  });

  const open = async (): Promise<BulkWriter> =>
    handle.sqlite ? sqliteWriter(handle, { deferIndexes: true, expectedBytes: 1 << 20 }) : postgresWriter(handle, { deferIndexes: true });

  it('stores every value as given, whatever characters it holds', async () => {
    const batch = emptyBatch();
    AWKWARD.forEach((text, i) => {
      const id = `00000000-0000-7000-8000-00000000000${i}`;
      batch.organisations.push(id, text, null, null, NOW, null, NOW, null, 1, null, null);
      batch.custom_field_values.push('organisation', id, 'goods_type', text, i === 0 ? null : i + 0.25);
    });
    const writer = await open();
    try {
      await writer.write(encodeBatch(batch, writer.encoding));
      await writer.finish(() => undefined);
    } finally {
      await writer.close();
    }
    const names = await handle.db.selectFrom('organisations').select(['id', 'name', 'version', 'deleted_at']).orderBy('id').execute();
    expect(names.map((n) => n.name)).toEqual(AWKWARD);
    expect(names.every((n) => Number(n.version) === 1 && n.deleted_at === null)).toBe(true);
    const values = await handle.db.selectFrom('custom_field_values').select(['value_text', 'value_number']).orderBy('entity_id').execute();
    expect(values.map((v) => v.value_text)).toEqual(AWKWARD);
    expect(values.map((v) => (v.value_number === null ? null : Number(v.value_number)))).toEqual(AWKWARD.map((_, i) => (i === 0 ? null : i + 0.25)));
  });

  it('lands nothing when a write fails', async () => {
    const batch = emptyBatch();
    const id = '00000000-0000-7000-8000-0000000000aa';
    batch.organisations.push(id, 'Fine', null, null, NOW, null, NOW, null, 1, null, null);
    // The same id twice: the primary key rejects the second row.
    batch.organisations.push(id, 'Again', null, null, NOW, null, NOW, null, 1, null, null);
    const writer = await open();
    try {
      await expect(writer.write(encodeBatch(batch, writer.encoding)).then(() => writer.finish(() => undefined))).rejects.toThrow();
    } finally {
      await writer.close();
    }
    expect(await handle.db.selectFrom('organisations').select('id').where('id', '=', id).execute()).toEqual([]);
  });
});
