import type { Kysely } from 'kysely';
import type { DialectFeatures } from '../dialect/features.js';

/**
 * PostgreSQL compares text in the database's locale unless told otherwise: with a libc locale
 * such as C.UTF-8 or fr_FR.UTF-8, every comparison of ids, dates, numbers and keys in an index or
 * a sort goes through strcoll(), without the abbreviated keys that make sorts fast (measured at 1M
 * people: index builds 29.2 → 23.7 s, contact points' COPY −11%). The application never relies on
 * a locale's order: it folds and sorts names itself (sort keys), as on SQLite, whose default
 * collation compares bytes. Text columns now compare bytes on PostgreSQL too, which also makes
 * both databases order the same way whatever locale PostgreSQL was set up with. Indexes are
 * rebuilt, rows are not rewritten; nothing changes on SQLite.
 */
export async function up(db: Kysely<unknown>, dialect: DialectFeatures): Promise<void> {
  await dialect.compareTextAsBytes(db);
}
