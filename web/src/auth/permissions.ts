import type { Role, User } from '../lib/types.js';

type Grant = 'any' | 'own';

/**
 * The rows of the server's permission table (server/modules/access/permissions.ts) the web app
 * decides on, copied so the app builds on its own; permissions.test.ts fails when they drift.
 * 'own' is checked here the way the server checks it for each action.
 */
export const PERMISSIONS = {
  'people.update': { admin: 'any', manager: 'any', frontdesk: 'any', sales: 'own', backoffice: 'any' },
  'organisations.update': { admin: 'any', manager: 'any', frontdesk: 'any', sales: 'own', backoffice: 'any' },
  'people.delete': { admin: 'any', manager: 'any' },
  'people.merge': { admin: 'any', manager: 'any' },
  'organisations.delete': { admin: 'any', manager: 'any' },
  'organisations.merge': { admin: 'any', manager: 'any' },
  'tasks.update': { admin: 'any', manager: 'any', frontdesk: 'own', sales: 'own', backoffice: 'own' },
  'interactions.update': { admin: 'any', manager: 'any', frontdesk: 'own', sales: 'own', backoffice: 'own' },
  'requests.work': { admin: 'any', manager: 'any', frontdesk: 'own', sales: 'own', backoffice: 'own' },
} as const satisfies Record<string, Partial<Record<Role, Grant>>>;

type Action = keyof typeof PERMISSIONS;
export type RecordType = 'person' | 'organisation';

function grantFor(user: Pick<User, 'role'> | null, action: Action): Grant | undefined {
  return user ? (PERMISSIONS[action] as Partial<Record<Role, Grant>>)[user.role] : undefined;
}

const resource = (type: RecordType) => (type === 'person' ? 'people' : 'organisations');

/** May the user edit this person or organisation? A sales rep edits only the records they own. */
export function canEditRecord(user: Pick<User, 'id' | 'role'> | null, type: RecordType, record: { ownerId: string | null }): boolean {
  const grant = grantFor(user, `${resource(type)}.update`);
  return grant === 'any' || (grant === 'own' && record.ownerId === user?.id);
}

/**
 * Whom the user may make a record's owner, as the server decides (party.service assertOwnerAllowed):
 * 'anyone' (admins and managers: hand it to a colleague, or to nobody), 'self' (others who edit
 * every record: take it while nobody owns it, give it up while theirs), or null (nothing to change).
 */
export function ownerChoice(user: Pick<User, 'id' | 'role'> | null, type: RecordType, record: { ownerId: string | null }): 'anyone' | 'self' | null {
  const grant = grantFor(user, `${resource(type)}.update`);
  if (grant !== 'any') return null;
  if (user?.role === 'admin' || user?.role === 'manager') return 'anyone';
  return record.ownerId === null || record.ownerId === user?.id ? 'self' : null;
}

/** May the user merge two records of this type (managers and admins)? */
export function canMergeRecords(user: Pick<User, 'role'> | null, type: RecordType): boolean {
  return grantFor(user, `${resource(type)}.merge`) !== undefined;
}

/** May the user delete a record of this type (managers and admins)? */
export function canDeleteRecords(user: Pick<User, 'role'> | null, type: RecordType): boolean {
  return grantFor(user, `${resource(type)}.delete`) !== undefined;
}

/** May the user change this task (postpone, reassign, complete)? Staff: tasks given to them or that they created. */
export function canUpdateTask(user: Pick<User, 'id' | 'role'> | null, task: { assigneeId: string | null; createdBy: string | null }): boolean {
  const grant = grantFor(user, 'tasks.update');
  return grant === 'any' || (grant === 'own' && (task.assigneeId === user?.id || task.createdBy === user?.id));
}

/**
 * May the user work this request (take it, move it, comment)? Staff: those it is assigned to, who
 * opened it, and the members of its team — the server's rule (requests.service assertCanWork).
 */
export function canWorkRequest(user: Pick<User, 'id' | 'role' | 'teamId'> | null, request: { assigneeId: string | null; openedBy: string; teamId: string }): boolean {
  const grant = grantFor(user, 'requests.work');
  if (grant === 'any') return true;
  return grant === 'own' && (request.assigneeId === user?.id || request.openedBy === user?.id || (Boolean(user?.teamId) && user?.teamId === request.teamId));
}

/** May the user correct this timeline entry? Staff: the entries they logged themselves. */
export function canEditInteraction(user: Pick<User, 'id' | 'role'> | null, interaction: { authorId: string | null }): boolean {
  const grant = grantFor(user, 'interactions.update');
  return grant === 'any' || (grant === 'own' && interaction.authorId !== null && interaction.authorId === user?.id);
}
