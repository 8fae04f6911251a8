import { useState, type MouseEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { Anchor } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { Phone } from '../lib/types.js';
import { api } from '../lib/api.js';
import { useI18n } from '../i18n/useI18n.js';
import { PressureDialModal } from '../features/telephony/PressureDialModal.js';
import { crossedCaps } from '../features/telephony/usePressure.js';
import { dial } from '../features/telephony/dial.js';
import type { CapStatus, PressureStatus } from '../features/telephony/types.js';
import type { LogCallState } from '../features/calls/useLogCallPanel.js';
import { consentsKey, fetchConsents, refusesMarketingCalls } from '../features/consent/useConsents.js';
import type { Consent } from '../features/consent/types.js';

interface PhoneLinkProps {
  phone: Phone;
  /**
   * The record the number belongs to: calling it is an outbound contact, checked against the
   * contact-pressure caps first (a reason is asked when one would be crossed).
   */
  entity?: { type: 'person' | 'organisation'; id: string };
}

/** A phone number as a `tel:` link (E.164 when known, so it dials from anywhere). */
export function PhoneLink({ phone, entity }: PhoneLinkProps) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const [caps, setCaps] = useState<CapStatus[]>([]);
  const [consentRefused, setConsentRefused] = useState(false);
  const href = `tel:${phone.e164 || phone.number.replace(/[^\d+]/g, '')}`;
  const warn = (crossed: CapStatus[], refused: boolean) => {
    setCaps(crossed);
    setConsentRefused(refused);
  };

  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (!entity) return;
    const key = ['pressure', entity.id];
    const fresh = (k: unknown[]) => {
      const state = queryClient.getQueryState(k);
      return Boolean(state?.data && Date.now() - state.dataUpdatedAt < 30_000);
    };
    if (fresh(key) && fresh(consentsKey(entity))) {
      const crossed = crossedCaps(queryClient.getQueryData<PressureStatus>(key));
      const refused = refusesMarketingCalls(queryClient.getQueryData<Consent[]>(consentsKey(entity)));
      if (crossed.length || refused) {
        event.preventDefault();
        warn(crossed, refused);
      }
      return;
    }
    // Not known yet: ask the server before dialling (contact-pressure caps, and a refusal of marketing calls).
    event.preventDefault();
    void Promise.all([
      queryClient.fetchQuery({ queryKey: key, queryFn: () => api.get<PressureStatus>('/api/pressure', { entityId: entity.id }), staleTime: 30_000 }),
      fetchConsents(queryClient, entity),
    ]).then(
      ([status, consents]) => {
        const crossed = crossedCaps(status);
        const refused = refusesMarketingCalls(consents);
        if (crossed.length || refused) warn(crossed, refused);
        else dial(href);
      },
      // The check failed (offline…): dialling must still work.
      () => dial(href),
    );
  };

  const onConfirm = (reason: string) => {
    warn([], false);
    if (!entity) return;
    // The record's page opens "log a call" as outgoing, carrying the reason to the server.
    const path = entity.type === 'person' ? `/people/${entity.id}` : `/organisations/${entity.id}`;
    const state: LogCallState = { logCall: { direction: 'out', pressureReason: reason } };
    navigate(path, { state, replace: location.pathname === path });
  };

  return (
    <>
      <Anchor href={href} onClick={onClick} aria-label={t('record.call', { number: phone.number })} data-testid="phone-link">
        {phone.number}
      </Anchor>
      {entity && (
        <PressureDialModal
          opened={caps.length > 0 || consentRefused}
          caps={caps}
          consentRefused={consentRefused}
          number={phone.number}
          href={href}
          onClose={() => warn([], false)}
          onConfirm={onConfirm}
        />
      )}
    </>
  );
}
