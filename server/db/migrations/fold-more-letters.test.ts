import { describe, expect, it } from 'vitest';
import { DIALECTS, useEmptyDatabase } from '../../test/harness.js';
import { migrateToLatest } from '../connect.js';
import { migrateTo } from './migrate-to.js';

describe.each(DIALECTS)('migration 20261203-0102 (fold more letters) on %s', (dialect) => {
  const db = useEmptyDatabase(dialect);

  it('rewrites the search titles and folded values that fold differently now, and search finds them', async () => {
    const { handle } = db;
    await migrateTo(handle, '20261203-0101-name-sort-keys');
    const loose = handle.db as any;
    // As the previous folding wrote them: ł, ę and Cyrillic letters dropped from the words.
    const docs = [
      { entity_id: 'p1', display_title: 'Łukasz Wałęsa', title: 'ukasz wa esa' },
      { entity_id: 'p2', display_title: 'Дмитрий Иванов', title: '' },
      { entity_id: 'p3', display_title: 'Hélène Quin', title: 'helene quin' },
    ];
    const beginnings = (title: string) => handle.dialect.nameBeginnings(title);
    for (const d of docs) {
      await loose.insertInto('search_documents').values({ entity_type: 'person', ...d, content: '', display_subtitle: null, name_beginnings: beginnings(d.title) }).execute();
    }
    await loose.insertInto('custom_field_values').values([
      { entity_type: 'person', entity_id: 'p1', field_key: 'city_of_birth', value_text: 'Łódź', value_folded: 'odz', value_number: null },
      { entity_type: 'person', entity_id: 'p3', field_key: 'city_of_birth', value_text: 'Évreux', value_folded: 'evreux', value_number: null },
    ]).execute();

    await migrateToLatest(handle);
    const titles = await handle.db.selectFrom('search_documents').select(['entity_id', 'title']).orderBy('entity_id').execute();
    expect(titles).toEqual([
      { entity_id: 'p1', title: 'lukasz walesa' },
      // Marks are folded in every script (й -> и), in the query as in the index.
      { entity_id: 'p2', title: 'дмитрии иванов' },
      { entity_id: 'p3', title: 'helene quin' },
    ]);
    const folded = await handle.db.selectFrom('custom_field_values').select(['entity_id', 'value_folded']).orderBy('entity_id').execute();
    expect(folded).toEqual([
      { entity_id: 'p1', value_folded: 'lodz' },
      { entity_id: 'p3', value_folded: 'evreux' },
    ]);
    const found = async (terms: string[]) => (await handle.dialect.search(handle.db, terms, 10)).map((hit) => hit.entity_id);
    expect(await found(['luka'])).toEqual(['p1']);
    expect(await found(['иван'])).toEqual(['p2']);
    expect(await found(['helene'])).toEqual(['p3']);
  });
});
