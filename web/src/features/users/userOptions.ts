import type { Translate } from '../../i18n/Dictionary.js';
import type { User } from '../../lib/types.js';

/**
 * Users as a select offers them to hand something over (a task, a record): the signed-in user
 * first ("Moi (…)"), then the active colleagues by name. `keep`, though disabled, stays listed:
 * the select must show who holds the thing now.
 */
export function userOptions(users: User[], me: Pick<User, 'id' | 'name' | 'email'> | null, t: Translate, keep?: string | null) {
  const colleagues = users
    .filter((u) => u.id !== me?.id && (!u.disabled || u.id === keep))
    .sort((a, b) => (a.name || a.email).localeCompare(b.name || b.email))
    .map((u) => ({ value: u.id, label: u.name || u.email }));
  return me ? [{ value: me.id, label: t('tasks.me', { name: me.name || me.email }) }, ...colleagues] : colleagues;
}
