import { describe, expect, it } from 'vitest';
import type { Relationship } from '../../lib/types.js';
import { relationshipsFromRecord, relationshipsPayload } from './relationshipsPayload.js';

const stored: Relationship[] = [
  { id: 'r1', type: 'carrier', targetType: null, targetId: null },
  { id: 'r2', type: 'contact-of', targetType: 'organisation', targetId: 'o1' },
];

describe('relationshipsPayload', () => {
  it('sends nothing when the record’s relationships are left as they were', () => {
    expect(relationshipsPayload(relationshipsFromRecord(stored), stored).body).toEqual({});
    // An empty row added and left empty is no change either.
    expect(relationshipsPayload([...relationshipsFromRecord(stored), { type: '', target: null }], stored).body).toEqual({});
  });

  it('sends the whole list, kept ones with their type and target, once one is added or removed', () => {
    const rows = relationshipsFromRecord(stored);
    const added = relationshipsPayload([...rows, { type: 'supplier', target: { type: 'person', id: 'p9' } }], stored);
    expect(added.body).toEqual({
      relationships: [
        { type: 'carrier' },
        { type: 'contact-of', targetType: 'organisation', targetId: 'o1' },
        { type: 'supplier', targetType: 'person', targetId: 'p9' },
      ],
    });
    expect(relationshipsPayload(rows.slice(1), stored).body).toEqual({ relationships: [{ type: 'contact-of', targetType: 'organisation', targetId: 'o1' }] });
    expect(relationshipsPayload([], stored).body).toEqual({ relationships: [] });
  });

  it('on a new record sends what was chosen, and maps the server’s row numbers back past empty rows', () => {
    const payload = relationshipsPayload([{ type: '', target: null }, { type: '', target: { type: 'organisation', id: 'o2' } }], undefined);
    // A target without a type is sent, for the server to say the type is missing beside the row.
    expect(payload.body).toEqual({ relationships: [{ type: '', targetType: 'organisation', targetId: 'o2' }] });
    expect(payload.indexMap).toEqual([1]);
  });
});
