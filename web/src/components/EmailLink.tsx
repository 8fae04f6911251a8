import { useState, type MouseEvent } from 'react';
import { Anchor } from '@mantine/core';
import type { Email } from '../lib/types.js';
import type { ConsentEntity } from '../features/consent/useConsents.js';
import { useContactCheck, type ContactBlock } from '../features/consent/useContactCheck.js';
import { PressureDialModal } from '../features/telephony/PressureDialModal.js';

/**
 * An e-mail address as a `mailto:` link. With the record it belongs to, writing is an outbound
 * contact: its contact-pressure caps and its consent to marketing e-mails are checked first, and
 * a warning shows what stands in the way before the mail program opens.
 */
export function EmailLink({ email, entity }: { email: Email; entity?: ConsentEntity }) {
  const contactCheck = useContactCheck('email');
  const [warning, setWarning] = useState<ContactBlock | null>(null);
  const href = `mailto:${email.address}`;

  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (entity) contactCheck.onLinkClick(event, entity, setWarning);
  };

  return (
    <>
      <Anchor href={href} onClick={onClick} data-testid="email-link">
        {email.address}
      </Anchor>
      <PressureDialModal
        opened={Boolean(warning)}
        caps={warning?.caps ?? []}
        consentRefused={warning?.consentRefused ?? null}
        channel="email"
        number={email.address}
        href={href}
        onClose={() => setWarning(null)}
        onConfirm={() => setWarning(null)}
      />
    </>
  );
}
