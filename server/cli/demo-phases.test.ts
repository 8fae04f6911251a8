import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../db/connect.js';
import { generateDemoData } from '../modules/demo/generator.js';
import { DIALECTS, useEmptyDatabase } from '../test/harness.js';
import { PHASE_LABELS } from './demo.js';

describe.each(DIALECTS)('relais demo progress on %s', (dialect) => {
  const db = useEmptyDatabase(dialect);

  it('names every phase of an import in English and French', async () => {
    await migrateToLatest(db.handle);
    const phases = new Set<string>();
    await generateDemoData(db.handle, { size: 60, seed: 3, now: new Date('2026-03-02T08:00:00Z'), onProgress: (_done, _total, phase) => phases.add(phase) });
    expect(phases.size).toBeGreaterThan(4);
    expect([...phases].filter((phase) => !PHASE_LABELS[phase])).toEqual([]);
  });
});
