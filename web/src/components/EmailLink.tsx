import { Anchor } from '@mantine/core';
import type { Email } from '../lib/types.js';

/** An e-mail address as a `mailto:` link. */
export function EmailLink({ email }: { email: Email }) {
  return (
    <Anchor href={`mailto:${email.address}`} data-testid="email-link">
      {email.address}
    </Anchor>
  );
}
