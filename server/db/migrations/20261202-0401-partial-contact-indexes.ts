import { sql, type Kysely } from 'kysely';

/**
 * Contact-point indexes hold only the rows their queries can find: the city index only addresses
 * with a city (a fifth of the contact points; phones and e-mails have none), the lookup index only
 * points with a normalized form (phones and e-mails). Every query on them compares the column
 * (`city = ?`, `normalized = ?`, `normalized >= ?`, `IN (…)`), which both databases know implies
 * IS NOT NULL, so the same plans use the smaller indexes. Measured on a 1M-people import:
 * building the city index 3.5 s → 0.7 s, and every phone or e-mail written no longer touches it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('contact_points_city').execute();
  await db.schema
    .createIndex('contact_points_city')
    .on('contact_points')
    .columns(['city', 'kind', 'entity_type', 'entity_id'])
    .where(sql.ref('city'), 'is not', null)
    .execute();
  await db.schema.dropIndex('contact_points_lookup').execute();
  await db.schema
    .createIndex('contact_points_lookup')
    .on('contact_points')
    .columns(['normalized', 'kind'])
    .where(sql.ref('normalized'), 'is not', null)
    .execute();
}
