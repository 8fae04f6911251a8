/**
 * The written permission table (QUALITY 6): who may do what. Each route names one action;
 * a route without one fails the generated permission test. See docs/permissions.md.
 *
 * 'any'  — on every record;  'own' — only on records the user owns, authored or is assigned to.
 */
export const ROLES = ['admin', 'manager', 'frontdesk', 'sales', 'backoffice'] as const;
export type Role = (typeof ROLES)[number];
export type Grant = 'any' | 'own';

const all = { admin: 'any', manager: 'any', frontdesk: 'any', sales: 'any', backoffice: 'any' } as const;
const managers = { admin: 'any', manager: 'any' } as const;
const adminOnly = { admin: 'any' } as const;
/** Everyone acts on their own things; admin and manager on everyone's. */
const ownForStaff = { admin: 'any', manager: 'any', frontdesk: 'own', sales: 'own', backoffice: 'own' } as const;

export const PERMISSIONS = {
  'session.own': all,
  'users.list': all,
  'users.manage': adminOnly,
  'teams.read': all,
  'teams.manage': adminOnly,
  'tokens.manage': all,
  'people.read': all,
  'people.create': all,
  // Sales reps edit their own accounts; the desk and back office keep contact details current for all.
  'people.update': { admin: 'any', manager: 'any', frontdesk: 'any', sales: 'own', backoffice: 'any' },
  'people.delete': managers,
  'people.merge': managers,
  'organisations.read': all,
  'organisations.create': all,
  'organisations.update': { admin: 'any', manager: 'any', frontdesk: 'any', sales: 'own', backoffice: 'any' },
  'organisations.delete': managers,
  'organisations.merge': managers,
  'interactions.read': all,
  'interactions.create': all,
  'interactions.update': ownForStaff,
  'interactions.delete': ownForStaff,
  'tasks.read': all,
  'tasks.create': all,
  'tasks.update': ownForStaff,
  'search.use': all,
  'lookup.phone': all,
  'events.stream': all,
  'notifications.own': all,
  'views.own': all,
  'customFields.read': all,
  'customFields.manage': managers,
  'relationshipTypes.read': all,
  'relationshipTypes.manage': adminOnly,
  'tags.read': all,
  'audit.read': managers,
  'telephony.manage': adminOnly,
  'telephony.overload': managers,
  'telephony.priority': managers,
  'calls.read': all,
  'telephony.originate': all,
  'callbacks.read': all,
  // The front desk works the whole queue; others the call-backs given to them (or free ones they take).
  'callbacks.update': { admin: 'any', manager: 'any', frontdesk: 'any', sales: 'own', backoffice: 'own' },
  'reports.calls': managers,
  'pressure.read': all,
  'pressure.manage': managers,
  'consent.read': all,
  // Every role records consent, on every record: whoever the customer tells ("don't call me to sell
  // me things") must be able to write it down there and then — the desk answering a call, a sales
  // rep on a colleague's account. It states the customer's wish; it edits nothing of the record's.
  // Each change is audited (old → new, who, where it was said).
  'consent.record': all,
  'teams.configure': managers,
  'requestTypes.read': all,
  'requestTypes.manage': managers,
  'requests.read': all,
  'requests.create': all,
  // Staff work the requests of their team, those assigned to them and those they opened.
  'requests.work': ownForStaff,
  'leads.read': all,
  'leads.create': all,
  // Owners decide on their leads and originators follow theirs; managers reassign.
  'leads.work': ownForStaff,
  'leads.reassign': managers,
  'leads.configure': managers,
  'reports.leads': managers,
} as const satisfies Record<string, Partial<Record<Role, Grant>>>;

export type Action = keyof typeof PERMISSIONS;

/** The grant a role has for an action, or undefined when refused. */
export function grantFor(role: string, action: Action): Grant | undefined {
  return (PERMISSIONS[action] as Partial<Record<string, Grant>>)[role];
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
