import type { Kysely } from 'kysely';

/** Request types become editable (PATCH /api/request-types/:id): a version number refuses lost updates. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('request_types').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
}
