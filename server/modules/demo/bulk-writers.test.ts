import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, migrateToLatest, type DatabaseHandle } from '../../db/connect.js';
import { createThrowawayDatabase, DIALECTS, type DialectName } from '../../test/harness.js';
import { emptyBatch, type Batch } from './batch.js';
import { postgresWriter, sqliteWriter, type BulkWriter } from './bulk-writers.js';

const NOW = '2026-03-02T08:00:00.000Z';
/** Text that COPY's text format must escape, or could mistake for something else. */
const AWKWARD = ['tab\there', 'two\nlines', 'carriage\rreturn', 'back\\slash', '\\N', 'a\\tb', '', 'Hélène Œuvre'];
const ORG = '00000000-0000-7000-8000-0000000000aa';

function organisation(batch: Batch, id: string, name: string, owner: string | null = null) {
  batch.organisations.push(id, name, name.toLowerCase(), owner, null, NOW, null, NOW, null, 1, null, null);
}

/** A migrated throw-away database of the dialect, and a way to run one import batch into it. */
function database(dialect: DialectName) {
  const ctx = { handle: undefined as unknown as DatabaseHandle, drop: undefined as (() => Promise<void>) | undefined };
  beforeAll(async () => {
    const throwaway = dialect === 'postgres' ? await createThrowawayDatabase() : undefined;
    ctx.drop = throwaway?.drop;
    ctx.handle = connectDatabase({ databaseUrl: throwaway?.url, sqlitePath: ':memory:' });
    await migrateToLatest(ctx.handle);
  });
  afterAll(async () => {
    await ctx.handle?.close();
    await ctx.drop?.();
  });
  /** One import of `batches` into the (empty) database, as the demo import does it. */
  const importBatch = async (...batches: Batch[]) => {
    const { handle } = ctx;
    const writer: BulkWriter = handle.sqlite
      ? sqliteWriter(handle, { deferIndexes: true, expectedBytes: 1 << 20 })
      : await postgresWriter(handle, { deferIndexes: true });
    try {
      for (const batch of batches) await writer.write(batch);
      await writer.finish(() => undefined);
    } finally {
      await writer.close();
    }
  };
  const organisationIds = async () => (await ctx.handle.db.selectFrom('organisations').select('id').execute()).map((o) => o.id);
  return { ctx, importBatch, organisationIds };
}

describe.each(DIALECTS)('bulk writer on %s', (dialect) => {
  const { ctx, importBatch, organisationIds } = database(dialect);

  it('lands nothing when a write fails', async () => {
    const batch = emptyBatch();
    organisation(batch, ORG, 'Fine');
    // The same id twice: the primary key rejects the second row.
    organisation(batch, ORG, 'Again');
    await expect(importBatch(batch)).rejects.toThrow();
    expect(await organisationIds()).toEqual([]);
  });

  it('lands nothing when a write fails while later batches follow', async () => {
    // PostgreSQL writes a batch while the next one is prepared: the failure of the first must still
    // stop the import, whichever call it surfaces in.
    const failing = emptyBatch();
    organisation(failing, ORG, 'Fine');
    organisation(failing, ORG, 'Again');
    const later = [1, 2].map((n) => {
      const batch = emptyBatch();
      organisation(batch, `00000000-0000-7000-8000-0000000000c${n}`, `Later ${n}`);
      return batch;
    });
    await expect(importBatch(failing, ...later)).rejects.toThrow();
    expect(await organisationIds()).toEqual([]);
  });

  it('writes every batch of a multi-batch import', async () => {
    const batches = [1, 2, 3].map((n) => {
      const batch = emptyBatch();
      organisation(batch, `00000000-0000-7000-8000-0000000000d${n}`, `Batch ${n}`);
      return batch;
    });
    await importBatch(...batches);
    expect(await organisationIds()).toEqual([1, 2, 3].map((n) => `00000000-0000-7000-8000-0000000000d${n}`));
    await ctx.handle.db.deleteFrom('organisations').execute();
  });

  it('stores every value as given, whatever characters it holds', async () => {
    const batch = emptyBatch();
    AWKWARD.forEach((text, i) => {
      const id = `00000000-0000-7000-8000-00000000000${i}`;
      organisation(batch, id, text);
      batch.custom_field_values.push('organisation', id, 'goods_type', text, text.toLowerCase(), i === 0 ? null : i + 0.25);
    });
    await importBatch(batch);
    const { db } = ctx.handle;
    const names = await db.selectFrom('organisations').select(['name', 'version', 'deleted_at']).orderBy('id').execute();
    expect(names.map((n) => n.name)).toEqual(AWKWARD);
    expect(names.every((n) => Number(n.version) === 1 && n.deleted_at === null)).toBe(true);
    const values = await db.selectFrom('custom_field_values').select(['value_text', 'value_number']).orderBy('entity_id').execute();
    expect(values.map((v) => v.value_text)).toEqual(AWKWARD);
    expect(values.map((v) => (v.value_number === null ? null : Number(v.value_number)))).toEqual(AWKWARD.map((_, i) => (i === 0 ? null : i + 0.25)));
  });
});

describe.each(DIALECTS.filter((d) => d === 'postgres'))('bulk writer on %s, per-row key checks skipped', (dialect) => {
  const { ctx, importBatch, organisationIds } = database(dialect);

  it('skips nothing while an imported table has a trigger of its own', async () => {
    // Skipping the key checks skips every trigger of the session: a table's own trigger must still run.
    const { db } = ctx.handle;
    await sql`CREATE FUNCTION refuse_tag() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'tag refused'; END $$`.execute(db);
    await sql`CREATE TRIGGER tags_refuse BEFORE INSERT ON tags FOR EACH ROW EXECUTE FUNCTION refuse_tag()`.execute(db);
    try {
      const batch = emptyBatch();
      organisation(batch, ORG, 'Fine');
      batch.tags.push('organisation', ORG, 'vip');
      await expect(importBatch(batch)).rejects.toThrow(/tag refused/);
      expect(await organisationIds()).toEqual([]);
    } finally {
      await sql`DROP TRIGGER tags_refuse ON tags`.execute(db);
      await sql`DROP FUNCTION refuse_tag()`.execute(db);
    }
  });

  // The test role is a superuser: the writer skips the per-row checks and checks each key at the end.
  it.each([
    ['a relationship type', (b: Batch) => b.relationships.push('00000000-0000-7000-8000-0000000000bb', 'no-such-type', 'organisation', ORG, null, null, NOW, null)],
    ['a user', (b: Batch) => b.interactions.push('00000000-0000-7000-8000-0000000000bc', 'note', 'internal', NOW, null, '00000000-0000-7000-8000-00000000dead', null, ORG, 'x', null, null, NOW, null, NOW, null, 1, null)],
  ])('still refuses a reference to a missing row: %s', async (_what, refer) => {
    const batch = emptyBatch();
    organisation(batch, ORG, 'Fine');
    refer(batch);
    await expect(importBatch(batch)).rejects.toThrow(/foreign key/);
    expect(await organisationIds()).toEqual([]);
  });
});

describe.each(DIALECTS.filter((d) => d === 'postgres'))('bulk writer on %s, rows written frozen', (dialect) => {
  const { ctx, importBatch } = database(dialect);

  it('empties again only the tables that, with every table referencing them, were empty; leaves the others’ rows alone', async () => {
    const { db } = ctx.handle;
    // A queued job of the server's own: `jobs` is imported into, and must keep it.
    await db.insertInto('jobs').values({
      id: '00000000-0000-7000-8000-0000000000e1', kind: 'server.own', payload: '{}', run_at: NOW, status: 'queued', attempts: 0,
      max_attempts: 5, locked_by: null, locked_until: null, last_error: null, unique_key: null, created_at: NOW, updated_at: NOW,
    }).execute();
    // A call-back from an unknown caller: `callbacks` references organisations, which must then keep it.
    await db.insertInto('callbacks').values({
      id: '00000000-0000-7000-8000-0000000000e2', call_id: null, number: '0612345678', e164: '+33612345678', person_id: null, organisation_id: null,
      reason: 'missed', status: 'open', assignee_id: null, attempts: 0, last_attempt_at: null, outcome: null, note: null, created_at: NOW, updated_at: NOW, version: 1,
      missed_calls: 1, last_missed_at: NOW,
    }).execute();
    const batch = emptyBatch();
    organisation(batch, ORG, 'Frozen');
    batch.tags.push('organisation', ORG, 'vip');
    await importBatch(batch);

    expect((await db.selectFrom('jobs').select('kind').execute()).map((j) => j.kind)).toEqual(['server.own']);
    expect((await db.selectFrom('callbacks').select('number').execute()).map((c) => c.number)).toEqual(['0612345678']);
    // Tags were emptied again and written frozen; organisations, which a call-back could reference,
    // were not: vacuumed after the commit, their page is all-visible but not all-frozen (the rows are too young).
    await sql`CREATE EXTENSION IF NOT EXISTS pg_visibility`.execute(db);
    for (const [table, frozen] of [['tags', true], ['organisations', false]] as const) {
      const pages = await sql<{ all_visible: boolean; all_frozen: boolean }>`SELECT all_visible, all_frozen FROM pg_visibility_map(${table}::regclass)`.execute(db);
      expect(pages.rows, table).toEqual([{ all_visible: true, all_frozen: frozen }]);
    }
  });
});
