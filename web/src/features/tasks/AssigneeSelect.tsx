import { Select } from '@mantine/core';
import { useAuth } from '../../auth/useAuth.js';
import { useI18n } from '../../i18n/useI18n.js';
import { useUsers } from '../users/useUsers.js';
import { userOptions } from '../users/userOptions.js';

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
  const data = userOptions(users, user, t);
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
