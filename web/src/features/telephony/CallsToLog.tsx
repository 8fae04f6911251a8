import { ActionIcon, Indicator, Menu, Text, Tooltip } from '@mantine/core';
import { Link } from 'react-router';
import { useAuth } from '../../auth/useAuth.js';
import { useI18n } from '../../i18n/useI18n.js';
import { formatDuration } from '../../i18n/formatDuration.js';
import { useRecordName } from '../tasks/RecordLink.js';
import { callStore, useCallStore, type WrapUp } from './callStore.js';
import { formatPhone } from '../../../../common/phone-display.js';

function PhoneNoteIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <path d="M5 4h3l2 5-2.5 1.5a11 11 0 0 0 5 5L14 13l5 2v3a2 2 0 0 1-2 2A15 15 0 0 1 3 6a2 2 0 0 1 2-2" />
      <path d="M15 3l6 6M17 9h4V5" />
    </svg>
  );
}

/**
 * The calls whose after-call form was put off ("Later"), in the header beside the bell: what
 * "later" means, a click away until each is logged, and clear of every page (a panel on the page
 * covered form buttons and menus once it stayed up all day). The server keeps the list (the call's
 * `wrappedUpAt` stays empty): it survives a reload and follows the agent to another device. Nothing
 * about callers is written to the browser's storage (QUALITY 26).
 */
export function CallsToLogMenu() {
  const { t } = useI18n();
  const { user } = useAuth();
  const { later, laterMore, wrapUps } = useCallStore();
  if (later.length === 0) return null;
  const count = laterMore ? `${later.length}+` : String(later.length);
  const label = laterMore ? t('afterCall.toLogMany', { count: later.length }) : t('afterCall.toLog', { count: later.length });
  // A form is open: it is finished (or put off) first, lest what is typed there be lost.
  const busy = wrapUps.length > 0;
  return (
    <Menu position="bottom-end" width={300} withinPortal>
      {/* The icon says what it counts to a mouse too, not only to screen readers. */}
      <Menu.Target>
        <Indicator label={count} size={16} color="orange" offset={4}>
          <Tooltip label={label}>
            <ActionIcon variant="subtle" color="orange" size="lg" aria-label={label} data-testid="calls-to-log">
              <PhoneNoteIcon />
            </ActionIcon>
          </Tooltip>
        </Indicator>
      </Menu.Target>
      <Menu.Dropdown data-testid="calls-to-log-list" style={{ maxHeight: '70vh', overflowY: 'auto' }}>
        <Menu.Label>{label}</Menu.Label>
        {busy && (
          <Text size="xs" c="dimmed" px="sm" pb={4} data-testid="calls-to-log-busy">
            {t('afterCall.toLogBusy')}
          </Text>
        )}
        {/* First, not under fifty calls to scroll through. */}
        <Menu.Item component={Link} to={`/calls?toLog=true${user ? `&agentId=${user.id}` : ''}`} data-testid="calls-to-log-all">
          {t('afterCall.toLogAll')}
        </Menu.Item>
        <Menu.Divider />
        {later.map((call) => (
          <CallToLogItem key={call.callId} call={call} disabled={busy} />
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

/** One call to log, named from the caller's record when the screen pop did not name them. */
function CallToLogItem({ call, disabled }: { call: WrapUp; disabled: boolean }) {
  const { t, formatDateTime } = useI18n();
  const recordName = useRecordName(call.name ? null : call.personId, call.name ? null : call.organisationId);
  const duration = call.durationSeconds !== null ? formatDuration(call.durationSeconds, t) : null;
  return (
    <Menu.Item onClick={() => callStore.resume(call.callId)} disabled={disabled} data-testid="call-to-log">
      <Text size="sm">{t('afterCall.logNow', { name: call.name ?? recordName ?? formatPhone(call.number) })}</Text>
      <Text size="xs" c="dimmed">
        {[formatDateTime(call.at), duration].filter(Boolean).join(' · ')}
      </Text>
    </Menu.Item>
  );
}
