import type { Kysely } from 'kysely';

/**
 * List filters count and fetch matching ids straight from these indexes (city, tag), without
 * reading the table rows: the covering versions replace the narrower ones.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('contact_points_city').execute();
  await db.schema.createIndex('contact_points_city').on('contact_points').columns(['city', 'kind', 'entity_id']).execute();
  await db.schema.dropIndex('tags_tag').execute();
  await db.schema.createIndex('tags_tag').on('tags').columns(['tag', 'entity_type', 'entity_id']).execute();
}
