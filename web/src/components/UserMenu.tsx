import { Avatar, Menu, Switch, Text, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import { useAuth } from '../auth/useAuth.js';
import { useI18n } from '../i18n/useI18n.js';
import { useDuty } from '../features/telephony/useDuty.js';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('');
}

/** The signed-in user's avatar with their name and the logout action. */
export function UserMenu() {
  const { user, logout } = useAuth();
  const { t } = useI18n();
  const duty = useDuty();
  if (!user) return null;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={t('nav.userMenu')} data-testid="user-menu">
          <Avatar size="sm" color="blue" radius="xl">
            {initials(user.name || user.email)}
          </Avatar>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={500}>
            {user.name}
          </Text>
          <Text size="xs" c="dimmed">
            {user.email}
          </Text>
        </Menu.Label>
        {user.role === 'frontdesk' && (
          <Menu.Item
            closeMenuOnClick={false}
            onClick={() => duty.set.mutate(!duty.onDuty)}
            data-testid="duty-toggle"
            data-state={duty.onDuty ? 'on' : 'off'}
            rightSection={<Switch size="xs" checked={duty.onDuty} readOnly tabIndex={-1} aria-hidden="true" />}
          >
            {t('duty.label')}
          </Menu.Item>
        )}
        <Menu.Item component={Link} to="/settings/password" data-testid="menu-password">
          {t('nav.password')}
        </Menu.Item>
        <Menu.Item component={Link} to="/settings/tokens" data-testid="menu-tokens">
          {t('nav.tokens')}
        </Menu.Item>
        <Menu.Item data-testid="logout" onClick={() => logout.mutate()}>
          {t('nav.logout')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
