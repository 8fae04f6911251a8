import { Suspense, useEffect, useRef } from 'react';
import { NavLink as RouterNavLink, Outlet, useLocation } from 'react-router';
import { AppShell, Badge, Box, Burger, Center, Group, Loader, NavLink, Text, Tooltip, getDefaultZIndex } from '@mantine/core';
import { useDisclosure, useFocusWithin, useMediaQuery } from '@mantine/hooks';
import { useI18n } from '../i18n/useI18n.js';
import type { MessageKey } from '../i18n/Dictionary.js';
import { GlobalSearch } from './GlobalSearch.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { NotificationBell } from './NotificationBell.js';
import { CallsToLogMenu } from '../features/telephony/CallsToLog.js';
import { UserMenu } from './UserMenu.js';
import { useLiveEvents } from '../features/events/useLiveEvents.js';
import { useAuth } from '../auth/useAuth.js';
import type { Role, User } from '../lib/types.js';
import { TelephonyLive } from '../features/telephony/TelephonyLive.js';
// Registers the screen pop's open requests and leads sections.
import '../features/handoffs/popSections.js';
import { OverloadControl, OverloadNavSwitch } from '../features/telephony/OverloadControl.js';
import { useOpenCallbackCount } from '../features/telephony/useCallbacks.js';

const MANAGERS: Role[] = ['admin', 'manager'];

// `teamOnly`: for members of a team (and managers, who see every team's queue).
const NAV_ITEMS: { to: string; label: MessageKey; testId: string; roles?: Role[]; teamOnly?: boolean }[] = [
  { to: '/tasks', label: 'nav.tasks', testId: 'nav-tasks' },
  { to: '/people', label: 'nav.people', testId: 'nav-people' },
  { to: '/organisations', label: 'nav.organisations', testId: 'nav-organisations' },
  { to: '/requests/queue', label: 'nav.requestQueue', testId: 'nav-request-queue', teamOnly: true },
  { to: '/requests/opened', label: 'nav.requestsOpened', testId: 'nav-requests-opened' },
  { to: '/leads/mine', label: 'nav.myLeads', testId: 'nav-my-leads' },
  { to: '/leads/passed', label: 'nav.leadsPassed', testId: 'nav-leads-passed' },
  { to: '/leads/oversight', label: 'nav.leadOversight', testId: 'nav-lead-oversight', roles: MANAGERS },
  { to: '/callbacks', label: 'nav.callbacks', testId: 'nav-callbacks' },
  { to: '/calls', label: 'nav.calls', testId: 'nav-calls' },
  { to: '/reports/calls', label: 'nav.callStats', testId: 'nav-call-stats', roles: MANAGERS },
  { to: '/settings/telephony', label: 'nav.telephony', testId: 'nav-telephony', roles: MANAGERS },
  { to: '/settings/request-types', label: 'nav.requestTypes', testId: 'nav-request-types', roles: MANAGERS },
  { to: '/settings/catalogue', label: 'nav.catalogue', testId: 'nav-catalogue', roles: MANAGERS },
  { to: '/settings/users', label: 'nav.users', testId: 'nav-users', roles: ['admin'] },
];

function navItemShown(item: (typeof NAV_ITEMS)[number], user: User | null): boolean {
  if (!user) return !item.roles && !item.teamOnly;
  if (item.roles && !item.roles.includes(user.role)) return false;
  return !item.teamOnly || Boolean(user.teamId) || MANAGERS.includes(user.role);
}

/** The signed-in frame: header (search, live status, bell, language, account) and navigation. */
export function AppLayout() {
  const { t } = useI18n();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const live = useLiveEvents();
  const { user } = useAuth();
  const callbacks = useOpenCallbackCount();
  // Below the `sm` breakpoint (48em) a closed navbar only slides off screen; `inert` also takes
  // its links out of the tab order so keyboard users do not land on invisible links.
  const isPhone = useMediaQuery('(max-width: 48em)');
  // Ctrl+K over an open dialog (the call panel) focuses the search: the header then comes above
  // the dialog so the search is seen, and goes back beneath when the focus leaves it.
  const header = useFocusWithin<HTMLElement>();

  // On a phone the navbar covers the page: close it once the user has picked a page.
  useEffect(close, [location.pathname, close]);
  // Escape closes the open navigation and gives the focus back to the button that opened it.
  const burger = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!opened) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      close();
      burger.current?.focus();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [opened, close]);
  const main = useRef<HTMLElement>(null);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header ref={header.ref} style={header.focused ? { zIndex: getDefaultZIndex('modal') + 1 } : undefined}>
        {/* First in the tab order: straight to the page, past the header and the navigation. */}
        <SkipLink
          label={t('app.skipToContent')}
          onSkip={() => {
            main.current?.focus();
            main.current?.scrollIntoView({ block: 'start' });
          }}
        />
        {/* On a phone, tighter: the search box keeps a readable width beside the icons. */}
        <Group h="100%" px={isPhone ? 'xs' : 'md'} gap={isPhone ? 'xs' : 'sm'} wrap="nowrap">
          <Burger
            ref={burger}
            opened={opened}
            onClick={toggle}
            hiddenFrom="sm"
            size="sm"
            aria-label={t('nav.toggle')}
            aria-expanded={opened}
            aria-controls="app-navigation"
            data-testid="nav-burger"
          />
          <Text fw={700} size="lg" c="blue" visibleFrom="xs">
            {t('app.name')}
          </Text>
          <Box style={{ flex: 1, minWidth: 0 }}>
            <GlobalSearch />
          </Box>
          <OverloadControl />
          <Tooltip label={live ? t('live.connected') : t('live.disconnected')}>
            <Box
              data-testid="live-status"
              data-state={live ? 'connected' : 'disconnected'}
              aria-label={live ? t('live.connected') : t('live.disconnected')}
              role="status"
              w={10}
              h={10}
              style={{ borderRadius: '50%', flexShrink: 0 }}
              bg={live ? 'teal' : 'gray.4'}
            />
          </Tooltip>
          <CallsToLogMenu />
          <NotificationBell />
          <LanguageSwitch />
          <UserMenu />
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" inert={isPhone && !opened} id="app-navigation">
        <OverloadNavSwitch />
        {NAV_ITEMS.filter((item) => navItemShown(item, user)).map((item) => (
          <NavLink
            key={item.to}
            component={RouterNavLink}
            to={item.to}
            label={t(item.label)}
            active={location.pathname === item.to || location.pathname.startsWith(`${item.to}/`)}
            data-testid={item.testId}
            // The page already shown changes no address: close here too, not only on navigation.
            onClick={close}
            rightSection={
              item.to === '/callbacks' && callbacks && callbacks !== '0' ? (
                <Badge size="sm" color="orange" circle={callbacks.length < 3} data-testid="callback-count" aria-label={t('callbacks.countLabel', { count: callbacks })}>
                  {callbacks}
                </Badge>
              ) : undefined
            }
          />
        ))}
      </AppShell.Navbar>

      <TelephonyLive />
      <AppShell.Main id="main-content" ref={main} tabIndex={-1} style={{ outline: 'none' }} data-testid="main-content">
        <Suspense
          fallback={
            <Center>
              <Loader />
            </Center>
          }
        >
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

/** "Skip to content": out of sight until it has the keyboard focus. */
function SkipLink({ label, onSkip }: { label: string; onSkip: () => void }) {
  return (
    <a
      href="#main-content"
      className="relais-skip-link"
      onClick={(event) => {
        event.preventDefault();
        onSkip();
      }}
      data-testid="skip-to-content"
    >
      {label}
    </a>
  );
}
