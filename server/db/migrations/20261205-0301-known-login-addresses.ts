import type { Kysely } from 'kysely';
import type { DialectFeatures } from '../dialect/features.js';

/**
 * Addresses each user has signed in from (QUALITY 1): failed guesses at an account from elsewhere
 * no longer lock its owner out of the addresses they use (see auth.service.ts
 * recordAttemptOrThrottle). Kept 90 days after the last success.
 */
export async function up(db: Kysely<unknown>, dialect: DialectFeatures): Promise<void> {
  await db.schema
    .createTable('known_login_addresses')
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('ip', 'varchar(64)', (c) => c.notNull())
    .addColumn('last_success_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('known_login_addresses_pk', ['user_id', 'ip'])
    .execute();
  await dialect.compareTextAsBytes(db);
}
