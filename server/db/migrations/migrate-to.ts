import { Migrator } from 'kysely';
import type { DatabaseHandle } from '../connect.js';
import { migrationProvider } from './index.js';

/** Migrates up to `name` only, as an older version left the database (migration tests). */
export async function migrateTo(handle: DatabaseHandle, name: string): Promise<void> {
  const migrator = new Migrator({
    db: handle.db,
    provider: migrationProvider(handle.dialect),
    migrationTableName: 'relais_migrations',
    migrationLockTableName: 'relais_migrations_lock',
  });
  const { error } = await migrator.migrateTo(name);
  if (error) throw error;
}
