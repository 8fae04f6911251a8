import { sql, type Kysely } from 'kysely';
import { sortKey } from '../../lib/text.js';
import type { DialectFeatures } from '../dialect/features.js';

const NAME_MAX = 100;

/**
 * One saved view name per user and list, case and accents ignored ("Équipe Lyon" and "equipe
 * lyon" are one name), now held by a unique index on the folded name rather than by a check
 * before the insert, which two tabs saving at once could both pass. Names that already collide
 * (saved before the check existed, or by such a race) get " (2)", " (3)"… in creation order.
 */
export async function up(db: Kysely<unknown>, dialect: DialectFeatures): Promise<void> {
  await db.schema.alterTable('saved_views').addColumn('name_key', 'text').execute();
  await dialect.compareTextAsBytes(db);
  const views = (
    await sql<{ id: string; user_id: string; entity_type: string; name: string }>`
      SELECT id, user_id, entity_type, name FROM saved_views ORDER BY created_at, id`.execute(db)
  ).rows;
  const taken = new Set<string>();
  const keyOf = (v: { user_id: string; entity_type: string }, name: string) => `${v.user_id}\u0000${v.entity_type}\u0000${sortKey(name)}`;
  for (const view of views) {
    let name = view.name;
    for (let n = 2; taken.has(keyOf(view, name)); n++) {
      const suffix = ` (${n})`;
      name = `${view.name.slice(0, NAME_MAX - suffix.length)}${suffix}`;
    }
    taken.add(keyOf(view, name));
    await sql`UPDATE saved_views SET name = ${name}, name_key = ${sortKey(name)} WHERE id = ${view.id}`.execute(db);
  }
  await db.schema.createIndex('saved_views_name').on('saved_views').columns(['user_id', 'entity_type', 'name_key']).unique().execute();
}
