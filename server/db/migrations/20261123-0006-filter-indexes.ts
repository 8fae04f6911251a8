import { sql, type Kysely } from 'kysely';

/**
 * Lists at a million records (see filterCondition in parties/party.service.ts):
 * - filters count and fetch matching ids straight from the city and tag indexes, without reading
 *   table rows: the covering versions replace the narrower ones;
 * - the sort indexes of people and organisations hold live records only (partial indexes), so a
 *   list walking one in sort order checks each record's filters without reading its row first.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('contact_points_city').execute();
  await db.schema.createIndex('contact_points_city').on('contact_points').columns(['city', 'kind', 'entity_type', 'entity_id']).execute();
  await db.schema.dropIndex('tags_tag').execute();
  await db.schema.createIndex('tags_tag').on('tags').columns(['tag', 'entity_type', 'entity_id']).execute();

  const live = sql<boolean>`deleted_at IS NULL`;
  const sortIndexes: [table: string, name: string, columns: string[]][] = [
    ['people', 'people_name', ['last_name', 'first_name', 'id']],
    ['organisations', 'organisations_name', ['name', 'id']],
  ];
  for (const table of ['people', 'organisations']) {
    sortIndexes.push([table, `${table}_created`, ['created_at', 'id']], [table, `${table}_updated`, ['updated_at', 'id']]);
  }
  for (const [table, name, columns] of sortIndexes) {
    await db.schema.dropIndex(name).execute();
    await db.schema.createIndex(name).on(table).columns(columns).where(live).execute();
  }
}
