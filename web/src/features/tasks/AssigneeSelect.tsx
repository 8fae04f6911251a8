import { Select } from '@mantine/core';
import { useAuth } from '../../auth/useAuth.js';
import { useI18n } from '../../i18n/useI18n.js';
import { useUsers } from '../users/useUsers.js';

interface AssigneeSelectProps {
  value: string | null;
  onChange: (userId: string) => void;
  label: string;
  testId: string;
}

/** Whom a task is for: the signed-in user first ("me"), then active colleagues by name. */
export function AssigneeSelect({ value, onChange, label, testId }: AssigneeSelectProps) {
  const { t } = useI18n();
  const { user } = useAuth();
  // Every role may list users (users.list), so any colleague can be chosen.
  const { users } = useUsers();
  const colleagues = users
    .filter((u) => !u.disabled && u.id !== user?.id)
    .sort((a, b) => (a.name || a.email).localeCompare(b.name || b.email))
    .map((u) => ({ value: u.id, label: u.name || u.email }));
  const data = user ? [{ value: user.id, label: t('tasks.me', { name: user.name || user.email }) }, ...colleagues] : colleagues;
  return (
    <Select
      label={label}
      data={data}
      value={value}
      onChange={(id) => id && onChange(id)}
      allowDeselect={false}
      searchable
      comboboxProps={{ withinPortal: true }}
      data-testid={testId}
    />
  );
}
