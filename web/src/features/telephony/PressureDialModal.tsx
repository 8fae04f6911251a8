import { useEffect, useState } from 'react';
import { Badge, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';
import { PressureNotice } from './PressureNotice.js';
import { PressureReasonField } from '../timeline/fields/PressureReasonField.js';
import { dial } from './dial.js';
import type { CapStatus } from './types.js';

export const MIN_REASON_LENGTH = 3;

interface PressureDialModalProps {
  opened: boolean;
  caps: CapStatus[];
  /** The record refused marketing calls: a reason is asked as for a crossed cap. */
  consentRefused?: boolean;
  number: string;
  /** The `tel:` link "Call anyway" follows; without it (a call placed through the phone system) it only confirms. */
  href?: string;
  onClose: () => void;
  /** The user dials anyway, with this reason (recorded when the call is logged). */
  onConfirm: (reason: string) => void;
}

/** Before calling someone over a contact-pressure cap or who refused marketing calls: why, and a reason to go ahead. */
export function PressureDialModal({ opened, caps, consentRefused = false, number, href, onClose, onConfirm }: PressureDialModalProps) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  useEffect(() => {
    if (opened) setReason('');
  }, [opened]);
  const valid = reason.trim().length >= MIN_REASON_LENGTH;

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('pressure.dialTitle', { number })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      data-testid="pressure-dial-modal"
    >
      <Stack>
        {consentRefused && (
          <Stack gap={4} data-testid="consent-dial-warning">
            <Badge color="red" variant="filled" w="fit-content">
              {t('consent.refused.phone.marketing')}
            </Badge>
            <Text size="sm">{t('consent.dialIntro')}</Text>
          </Stack>
        )}
        {caps.length > 0 && <Text size="sm">{t('pressure.dialIntro')}</Text>}
        <PressureNotice caps={caps} />
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
              {t('pressure.callAnyway')}
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
