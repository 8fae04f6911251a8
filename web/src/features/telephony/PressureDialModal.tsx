import { useEffect, useState } from 'react';
import { Badge, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';
import { PressureNotice } from './PressureNotice.js';
import { PressureReasonField } from '../timeline/fields/PressureReasonField.js';
import { dial } from './dial.js';
import type { CapStatus } from './types.js';
import type { ContactChannel } from '../consent/useContactCheck.js';
import type { ConsentPurpose } from '../consent/types.js';

export const MIN_REASON_LENGTH = 3;

interface PressureDialModalProps {
  opened: boolean;
  caps: CapStatus[];
  /** What the record refused on the channel (marketing, or any contact): a reason is asked as for a crossed cap. */
  consentRefused?: ConsentPurpose | null;
  /**
   * A call asks the reason here (it is recorded with the call); an e-mail only warns: the reason is
   * asked when the e-mail is added to the timeline.
   */
  channel?: ContactChannel;
  /** The number, or the e-mail address. */
  number: string;
  /** The `tel:` or `mailto:` link "… anyway" follows; without it (a call placed through the phone system) it only confirms. */
  href?: string;
  onClose: () => void;
  /** The user dials anyway, with this reason (recorded when the call is logged). */
  onConfirm: (reason: string) => void;
}

/** Before calling or writing to someone over a contact-pressure cap or who refused marketing there: why, and (for a call) a reason to go ahead. */
export function PressureDialModal({ opened, caps, consentRefused = null, channel = 'phone', number, href, onClose, onConfirm }: PressureDialModalProps) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  useEffect(() => {
    if (opened) setReason('');
  }, [opened]);
  const asksReason = channel === 'phone';
  const valid = !asksReason || reason.trim().length >= MIN_REASON_LENGTH;
  const text =
    channel === 'phone'
      ? ({ title: 'pressure.dialTitle', consent: consentRefused === 'service' ? 'consent.dialIntroService' : 'consent.dialIntro', caps: 'pressure.dialIntro', go: 'pressure.callAnyway' } as const)
      : ({ title: 'pressure.mailTitle', consent: consentRefused === 'service' ? 'consent.mailIntroService' : 'consent.mailIntro', caps: 'pressure.mailIntro', go: 'pressure.writeAnyway' } as const);

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t(text.title, { number })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      data-testid="pressure-dial-modal"
    >
      <Stack>
        {consentRefused && (
          <Stack gap={4} data-testid="consent-dial-warning">
            <Badge color="red" variant="filled" w="fit-content">
              {t(`consent.refused.${channel}.${consentRefused ?? 'marketing'}`)}
            </Badge>
            <Text size="sm">{t(text.consent)}</Text>
          </Stack>
        )}
        {caps.length > 0 && <Text size="sm">{t(text.caps)}</Text>}
        <PressureNotice caps={caps} />
        {asksReason && (
          <PressureReasonField
            value={reason}
            onChange={setReason}
            required={false}
            autoFocus
            onKeyDown={(event) => {
              // Enter dials: the same as clicking "Call anyway" (a real tel: link).
              if (event.key === 'Enter' && valid) {
                event.preventDefault();
                onConfirm(reason.trim());
                if (href) dial(href);
              }
            }}
            testId="pressure-dial-reason"
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          {href ? (
            <Button
              component="a"
              href={valid ? href : undefined}
              color="red"
              disabled={!valid}
              onClick={(event) => {
                if (!valid) {
                  event.preventDefault();
                  return;
                }
                onConfirm(reason.trim());
              }}
              data-testid="pressure-dial-confirm"
            >
              {t(text.go)}
            </Button>
          ) : (
            // Through the phone system: the server places the call, nothing to follow here.
            <Button color="red" disabled={!valid} onClick={() => onConfirm(reason.trim())} data-testid="pressure-dial-confirm">
              {t('pressure.callAnyway')}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
