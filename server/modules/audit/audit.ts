import type { Tx } from '../../db/dialect/features.js';

export interface AuditEntry {
  at: string;
  actorId: string | null;
  entityType: string;
  entityId: string;
  /** create | update | delete | merge | login … */
  action: string;
  changes?: Record<string, { old: unknown; new: unknown }>;
}

function serialize(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Field-level differences between two snapshots (only keys present in `after`). */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>) {
  const changes: Record<string, { old: unknown; new: unknown }> = {};
  for (const key of Object.keys(after)) {
    if (after[key] === undefined) continue;
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)) {
      changes[key] = { old: before[key] ?? null, new: after[key] };
    }
  }
  return changes;
}

/**
 * Writes audit rows inside the caller's transaction, so a rolled-back change leaves none (QUALITY 22).
 * One row per changed field; one row without field for actions with no field changes.
 */
export async function writeAudit(trx: Tx, entry: AuditEntry): Promise<void> {
  const fields = Object.entries(entry.changes ?? {});
  const base = {
    at: entry.at,
    actor_id: entry.actorId,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    action: entry.action,
  };
  const rows =
    fields.length === 0
      ? [{ ...base, field: null, old_value: null, new_value: null }]
      : fields.map(([field, c]) => ({ ...base, field, old_value: serialize(c.old), new_value: serialize(c.new) }));
  await trx.insertInto('audit_log').values(rows).execute();
}
