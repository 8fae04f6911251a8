/**
 * The reference for caller lookup, without any Relais code: plain better-sqlite3 prepared
 * statements doing the same work as GET /api/lookup/phone/:number (the same queries Relais sends):
 * find the record by E.164 in contact_points, load the row, contact points, tags, custom fields,
 * relationships, organisations, the last 5 interactions (as the card gives them: without their
 * participants, attachments and links), open tasks, and the card sections of the requests and leads modules (open requests with
 * their type's status labels and team, open leads with their owner). No authentication, no
 * validation library, no query builder: what is left is the floor for this work on this machine.
 */
import type SQLite from 'better-sqlite3';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

type Row = Record<string, unknown>;

export function createReferenceLookup(db: SQLite.Database) {
  const q = {
    points: db.prepare(`SELECT entity_type, entity_id FROM contact_points WHERE normalized = ? AND kind = 'phone' LIMIT 50`),
    person: db.prepare(`SELECT * FROM people WHERE id = ? AND deleted_at IS NULL`),
    organisation: db.prepare(`SELECT * FROM organisations WHERE id = ? AND deleted_at IS NULL`),
    contactPoints: db.prepare(`SELECT * FROM contact_points WHERE entity_id = ? ORDER BY position`),
    tags: db.prepare(`SELECT tag FROM tags WHERE entity_id = ? ORDER BY tag`),
    fieldTypes: db.prepare(`SELECT key, type FROM custom_field_definitions WHERE entity_type = ?`),
    customFields: db.prepare(`SELECT field_key, value_text, value_number FROM custom_field_values WHERE entity_id = ?`),
    relationships: db.prepare(`SELECT id, type_key, object_type, object_id FROM relationships WHERE subject_id = ? ORDER BY created_at`),
    organisations: db.prepare(`SELECT o.id, o.name FROM person_organisations po JOIN organisations o ON o.id = po.organisation_id
      WHERE po.person_id = ? AND o.deleted_at IS NULL ORDER BY o.name`),
    members: db.prepare(`SELECT p.id FROM person_organisations po JOIN people p ON p.id = po.person_id
      WHERE po.organisation_id = ? AND p.deleted_at IS NULL`),
    interactions: db.prepare(`SELECT * FROM interactions WHERE deleted_at IS NULL
      AND id IN (SELECT interaction_id FROM interaction_participants WHERE entity_id = ?)
      ORDER BY occurred_at DESC, id DESC LIMIT 5`),
    openTasks: db.prepare(`SELECT * FROM tasks WHERE (person_id = ? OR organisation_id = ?) AND status = 'open'
      ORDER BY COALESCE(due_at, '9999-12-31T23:59:59.999Z') LIMIT 10`),
    openRequests: {
      person: db.prepare(`SELECT r.id, r.subject, r.status, r.due_at, t.definition, tm.name AS team_name, COUNT(*) OVER () AS total
        FROM requests r JOIN request_types t ON t.id = r.type_id JOIN teams tm ON tm.id = r.team_id
        WHERE r.person_id = ? AND r.is_open = 1 ORDER BY r.queue_due, r.id LIMIT 3`),
      organisation: db.prepare(`SELECT r.id, r.subject, r.status, r.due_at, t.definition, tm.name AS team_name, COUNT(*) OVER () AS total
        FROM requests r JOIN request_types t ON t.id = r.type_id JOIN teams tm ON tm.id = r.team_id
        WHERE r.organisation_id = ? AND r.is_open = 1 ORDER BY r.queue_due, r.id LIMIT 3`),
    },
    openLeads: {
      person: db.prepare(`SELECT l.id, l.interest, l.status, l.owner_id, l.due_at, u.name AS owner_name, COUNT(*) OVER () AS total
        FROM leads l LEFT JOIN users u ON u.id = l.owner_id WHERE l.person_id = ? AND l.status IN ('new', 'accepted')
        ORDER BY CASE WHEN l.status = 'new' THEN 0 ELSE 1 END, l.due_at, l.id LIMIT 3`),
      organisation: db.prepare(`SELECT l.id, l.interest, l.status, l.owner_id, l.due_at, u.name AS owner_name, COUNT(*) OVER () AS total
        FROM leads l LEFT JOIN users u ON u.id = l.owner_id WHERE l.organisation_id = ? AND l.status IN ('new', 'accepted')
        ORDER BY CASE WHEN l.status = 'new' THEN 0 ELSE 1 END, l.due_at, l.id LIMIT 3`),
    },
  };

  function e164(text: string): string | null {
    const parsed = parsePhoneNumberFromString(text.trim().replace(/^\s*00/, '+'), 'FR');
    return parsed && parsed.isPossible() ? (parsed.number as string) : null;
  }

  function card(type: 'person' | 'organisation', row: Row) {
    const id = row.id as string;
    const points = q.contactPoints.all(id) as Row[];
    const types = new Map((q.fieldTypes.all(type) as { key: string; type: string }[]).map((f) => [f.key, f.type]));
    const customFields: Row = {};
    for (const v of q.customFields.all(id) as Row[]) {
      const t = types.get(v.field_key as string);
      customFields[v.field_key as string] = t === 'number' ? v.value_number : t === 'boolean' ? v.value_number === 1 : v.value_text;
    }
    return {
      type,
      id,
      displayName: type === 'person' ? `${row.first_name} ${row.last_name}`.trim() : row.name,
      organisations: type === 'person' ? q.organisations.all(id) : [],
      memberIds: type === 'organisation' ? (q.members.all(id) as Row[]).map((m) => m.id) : undefined,
      tags: (q.tags.all(id) as Row[]).map((t) => t.tag),
      customFields,
      relationships: (q.relationships.all(id) as Row[]).map((r) => ({ id: r.id, type: r.type_key, targetType: r.object_type, targetId: r.object_id })),
      phones: points.filter((p) => p.kind === 'phone').map((p) => ({ number: p.value, e164: p.normalized, label: p.label })),
      emails: points.filter((p) => p.kind === 'email').map((p) => ({ address: p.value, label: p.label })),
      lastInteractions: q.interactions.all(id),
      openTasks: q.openTasks.all(id, id),
      sections: {
        openRequests: (q.openRequests[type].all(id) as Row[]).map((r) => {
          const status = (JSON.parse(r.definition as string) as { statuses: { key: string; labelEn: string; labelFr: string }[] }).statuses.find((s) => s.key === r.status);
          return { id: r.id, subject: r.subject, status: r.status, statusLabelEn: status?.labelEn, statusLabelFr: status?.labelFr, teamName: r.team_name, dueAt: r.due_at, total: r.total };
        }),
        openLeads: q.openLeads[type].all(id),
      },
    };
  }

  return function lookup(input: string) {
    const normalized = e164(input);
    if (!normalized) return null;
    const matches = [];
    for (const p of q.points.all(normalized) as Row[]) {
      const type = p.entity_type as 'person' | 'organisation';
      const row = (type === 'person' ? q.person : q.organisation).get(p.entity_id) as Row | undefined;
      if (row) matches.push(card(type, row));
    }
    return { input, e164: normalized, matches };
  };
}
