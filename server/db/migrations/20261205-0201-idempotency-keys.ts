import type { Kysely } from 'kysely';
import type { DialectFeatures } from '../dialect/features.js';

/**
 * Idempotency keys (QUALITY 21): a client that retries a creating POST with the same
 * `Idempotency-Key` gets the first answer again instead of a second record. Keys are per user, kept
 * a day (see server/http/idempotency.ts).
 */
export async function up(db: Kysely<unknown>, dialect: DialectFeatures): Promise<void> {
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('key', 'varchar(255)', (c) => c.notNull())
    // sha256 of the method, the address and the body: the same key with another request is refused.
    .addColumn('fingerprint', 'varchar(64)', (c) => c.notNull())
    // Random per claim: a request that lost its claim (taken over) cannot record or release it.
    .addColumn('claim_token', 'varchar(32)', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_headers', 'text')
    .addColumn('response_body', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['user_id', 'key'])
    .execute();
  // Expired answers are purged by age (server/http/idempotency.ts purgeExpired).
  await db.schema.createIndex('idempotency_keys_age').on('idempotency_keys').column('created_at').execute();
  await dialect.compareTextAsBytes(db);
}
