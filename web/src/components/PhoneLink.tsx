import { useState, type MouseEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ActionIcon, Anchor, Group, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Phone } from '../lib/types.js';
import { api } from '../lib/api.js';
import { pathOf } from '../lib/paths.js';
import { ApiError } from '../lib/ApiError.js';
import { useI18n } from '../i18n/useI18n.js';
import type { Translate } from '../i18n/Dictionary.js';
import { translateError } from '../i18n/translateError.js';
import { PressureDialModal } from '../features/telephony/PressureDialModal.js';
import { formatPhone } from '../../../common/phone-display.js';
import { useTelephonyCapabilities } from '../features/telephony/useTelephonyCapabilities.js';
import type { CapExceeded, CapStatus } from '../features/telephony/types.js';
import type { LogCallState } from '../features/calls/useLogCallPanel.js';
import { useContactCheck } from '../features/consent/useContactCheck.js';
import type { ConsentPurpose } from '../features/consent/types.js';
import { noteDial } from '../features/calls/recentDials.js';

/** The strongest refusal a CONSENT_REFUSED answer names (its details list each refusal with its purpose). */
const refusedPurposeOf = (details: unknown): ConsentPurpose =>
  Array.isArray(details) && details.some((d) => (d as { purpose?: string }).purpose === 'service') ? 'service' : 'marketing';

interface PhoneLinkProps {
  phone: Phone;
  /**
   * The record the number belongs to: calling it is an outbound contact, checked against the
   * contact-pressure caps first (a reason is asked when one would be crossed).
   */
  entity?: { type: 'person' | 'organisation'; id: string };
}

/** How the user calls: their own phone through the `tel:` link, or the phone system rings them first. */
type Via = 'tel' | 'originate';

/** The server's refusal details, in the shape the warning shows. */
function capsOfError(details: unknown): CapStatus[] {
  if (!Array.isArray(details)) return [];
  return (details as CapExceeded[]).map((d) => {
    const [scopeType, ...rest] = d.scope.split(':');
    return {
      entityId: d.entityId,
      count: d.count,
      wouldExceed: true,
      rule: { id: d.ruleId, scopeType: scopeType as CapStatus['rule']['scopeType'], scopeValue: rest.join(':'), maxContacts: d.max, periodDays: d.periodDays },
    };
  });
}

function PhoneIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M5 4h4l2 5l-2.5 1.5a11 11 0 0 0 5 5l1.5 -2.5l5 2v4a2 2 0 0 1 -2 2a16 16 0 0 1 -15 -15a2 2 0 0 1 2 -2" />
      <path d="M15 3l6 0l0 6" />
      <path d="M21 3l-6 6" />
    </svg>
  );
}

/**
 * A phone number as a `tel:` link (E.164 when known, so it dials from anywhere), and, when a phone
 * system that can place calls is set up, a button that has it ring the user's phone then the number.
 * Both first check the record's contact-pressure caps and consent; over them a reason is asked.
 */
export function PhoneLink({ phone, entity }: PhoneLinkProps) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const contactCheck = useContactCheck('phone');
  const navigate = useNavigate();
  const location = useLocation();
  const capabilities = useTelephonyCapabilities();
  const through = capabilities.data?.originate[0];
  const [warning, setWarning] = useState<{ caps: CapStatus[]; consentRefused: ConsentPurpose | null; via: Via } | null>(null);
  const shown = formatPhone(phone.number, phone.e164);
  const href = `tel:${phone.e164 || phone.number.replace(/[^\d+]/g, '')}`;
  const warn = (caps: CapStatus[], consentRefused: ConsentPurpose | null, via: Via) => setWarning(caps.length || consentRefused ? { caps, consentRefused, via } : null);

  const originate = useMutation({
    // A refusal over a cap or consent opens the reason prompt instead of a toast.
    meta: { inlineErrors: true },
    mutationFn: (reason: string | undefined) =>
      api.create<{ callId: string; interactionId: string | null }>('/api/telephony/originate', {
        number: phone.e164 || phone.number,
        integrationId: through!.integrationId,
        ...(entity && { entityIds: [entity.id] }),
        ...(reason && { pressureOverrideReason: reason }),
      }),
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('originate.started', { number: phone.number }), 'data-testid': 'originate-started' });
      // The call is on the timeline already, and counts against the caps.
      void queryClient.invalidateQueries({ queryKey: ['interactions'] });
      void queryClient.invalidateQueries({ queryKey: ['pressure'] });
      void queryClient.invalidateQueries({ queryKey: ['calls'] });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'PRESSURE_CAP_EXCEEDED') return warn(capsOfError(error.details), null, 'originate');
      if (error instanceof ApiError && error.code === 'CONSENT_REFUSED') return warn([], refusedPurposeOf(error.details), 'originate');
      notifications.show({ color: 'red', message: t('originate.failed', { reason: originateFailure(error, t) }), 'data-testid': 'error-notification' });
    },
  });

  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (!entity) return;
    // Noting the call made next starts as outgoing (recentDials).
    noteDial(entity.id);
    // Over a cap, or a refusal of calls: a reason is asked before dialling.
    contactCheck.onLinkClick(event, entity, (b) => warn(b.caps, b.consentRefused, 'tel'));
  };

  const onOriginate = () => {
    if (originate.isPending) return;
    // Without a record the server still checks the records behind the number, and says so (409).
    if (!entity) return originate.mutate(undefined);
    contactCheck.check(
      entity,
      () => originate.mutate(undefined),
      (b) => warn(b.caps, b.consentRefused, 'originate'),
    );
  };

  const onConfirm = (reason: string) => {
    const via = warning?.via;
    setWarning(null);
    // Through the phone system the server records the call, with the reason.
    if (via === 'originate') return originate.mutate(reason);
    if (!entity) return;
    // The record's page opens "log a call" as outgoing, carrying the reason to the server.
    const path = pathOf(entity);
    const state: LogCallState = { logCall: { direction: 'out', pressureReason: reason } };
    navigate(path, { state, replace: location.pathname === path });
  };

  return (
    <>
      <Group gap={4} wrap="nowrap" component="span" display="inline-flex">
        {/* One readable form in every list (French numbers as "06 12 34 56 78"), never wrapped. */}
        <Anchor href={href} onClick={onClick} aria-label={t('record.call', { number: shown })} data-testid="phone-link" className="relais-tap" style={{ whiteSpace: 'nowrap' }}>
          {shown}
        </Anchor>
        {through && (
          <Tooltip label={t('originate.label', { system: through.name })}>
            <ActionIcon
              variant="subtle"
              size="sm"
              onClick={onOriginate}
              loading={originate.isPending}
              aria-label={t('originate.aria', { number: phone.number, system: through.name })}
              data-testid="phone-originate"
            >
              <PhoneIcon />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
      <PressureDialModal
        opened={Boolean(warning)}
        caps={warning?.caps ?? []}
        consentRefused={warning?.consentRefused ?? null}
        number={phone.number}
        href={warning?.via === 'originate' ? undefined : href}
        onClose={() => setWarning(null)}
        onConfirm={onConfirm}
      />
    </>
  );
}

/**
 * Why the phone system placed no call, in the interface's language: the server's own words name
 * the integration's state in English (or in the account's language, which may not be the
 * interface's), so the known cases are told from the error's code and details.
 */
function originateFailure(error: Error, t: Translate): string {
  if (!(error instanceof ApiError)) return translateError(error);
  if (error.code === 'UNAVAILABLE') return t('originate.reason.unavailable');
  if (error.code === 'CONFLICT') {
    const fields = Array.isArray(error.details) ? (error.details as { path?: string }[]).map((d) => d.path) : [];
    return fields.includes('extension') ? t('originate.reason.noExtension') : t('originate.reason.integration');
  }
  return translateError(error);
}
