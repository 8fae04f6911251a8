import type { Clock } from '../../clock.js';
import type { Db, Tx } from '../../db/dialect/features.js';

/** Installation-wide settings (overload mode, priority rule…), stored as JSON by key. */
export function createSettingsService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  return {
    async get<T>(key: string, fallback: T, handle: Tx = db): Promise<T> {
      const row = await handle.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return row ? (JSON.parse(row.value) as T) : fallback;
    },
    async set(key: string, value: unknown, userId: string | null, handle: Tx = db): Promise<void> {
      const row = { key, value: JSON.stringify(value), updated_at: clock.now().toISOString(), updated_by: userId };
      await handle
        .insertInto('settings')
        .values(row)
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, updated_at: row.updated_at, updated_by: row.updated_by }))
        .execute();
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
