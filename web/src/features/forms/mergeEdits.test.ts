import { describe, expect, it } from 'vitest';
import { mergeEdits } from './mergeEdits.js';

const record = {
  firstName: 'Marc',
  lastName: 'Petit',
  tags: ['client'],
  customFields: { job_title: 'Acheteur', fleet: '12' } as Record<string, string>,
  contact: { phones: [{ number: '06 12 34 56 78', label: 'mobile' }], emails: [] as { address: string }[] },
};

describe('mergeEdits', () => {
  it('keeps what the user typed and takes in what only the colleague changed', () => {
    const mine = { ...record, lastName: 'Petit-Jean', customFields: { ...record.customFields, fleet: '14' } };
    const theirs = { ...record, tags: ['client', 'urgent'], customFields: { ...record.customFields, job_title: 'Directeur' } };
    const merged = mergeEdits(record, mine, theirs);
    expect(merged.values).toEqual({ ...record, lastName: 'Petit-Jean', tags: ['client', 'urgent'], customFields: { job_title: 'Directeur', fleet: '14' } });
    expect(merged.bothChanged).toEqual([]);
  });

  it('reports a field both changed differently, and keeps the user’s value there', () => {
    const mine = { ...record, lastName: 'Petit-Jean', contact: { ...record.contact, emails: [{ address: 'marc@exemple.fr' }] } };
    const theirs = { ...record, lastName: 'Petitjean', contact: { ...record.contact, emails: [{ address: 'm.petit@exemple.fr' }] } };
    const merged = mergeEdits(record, mine, theirs);
    expect(merged.values.lastName).toBe('Petit-Jean');
    expect(merged.values.contact.emails).toEqual([{ address: 'marc@exemple.fr' }]);
    expect(merged.bothChanged).toEqual(['lastName', 'contact.emails']);
  });

  it('does not report the same change made on both sides', () => {
    const same = { ...record, lastName: 'Petit-Jean' };
    expect(mergeEdits(record, same, { ...same })).toEqual({ values: same, bothChanged: [] });
  });

  it('takes a custom field the colleague filled in that the form did not have', () => {
    const theirs = { ...record, customFields: { ...record.customFields, goods: 'Vrac' } };
    const merged = mergeEdits(record, record, theirs);
    expect(merged.values.customFields).toEqual({ job_title: 'Acheteur', fleet: '12', goods: 'Vrac' });
    expect(merged.bothChanged).toEqual([]);
  });

  it('without the state the user started from, reports every difference and keeps the user’s values', () => {
    const mine = { ...record, lastName: 'Petit-Jean' };
    const theirs = { ...record, tags: ['urgent'] };
    const merged = mergeEdits(null, mine, theirs);
    expect(merged.values).toEqual(mine);
    expect(merged.bothChanged).toEqual(['lastName', 'tags']);
  });
});
