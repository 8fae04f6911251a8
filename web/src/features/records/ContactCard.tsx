import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { Address, Email, Phone } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import { PhoneLink } from '../../components/PhoneLink.js';
import { EmailLink } from '../../components/EmailLink.js';

interface ContactCardProps {
  phones: Phone[];
  emails: Email[];
  addresses: Address[];
  /** The record these belong to: calling it is checked against contact-pressure caps. */
  entity?: { type: 'person' | 'organisation'; id: string };
}

function LabelBadge({ label }: { label?: string | null }) {
  const { t } = useI18n();
  if (!label) return null;
  // Known labels are stored as codes (mobile, work…); anything else is shown as typed.
  const key = `label.${label}` as const;
  const known = ['label.mobile', 'label.work', 'label.home', 'label.other'].includes(key);
  return (
    <Badge size="xs" variant="outline" color="gray">
      {known ? t(key as 'label.mobile') : label}
    </Badge>
  );
}

/** Phones (tel: links), e-mails (mailto:) and postal addresses of a record. */
export function ContactCard({ phones, emails, addresses, entity }: ContactCardProps) {
  const { t, countryName } = useI18n();
  const empty = !phones.length && !emails.length && !addresses.length;
  return (
    <Card withBorder data-testid="contact-card">
      <Title order={2} size="h4" mb="sm">
        {t('record.contact')}
      </Title>
      {empty && (
        <Text size="sm" c="dimmed">
          {t('record.noContact')}
        </Text>
      )}
      {/* A long e-mail address breaks inside the card rather than running out of it. */}
      <Stack gap="xs" style={{ overflowWrap: 'anywhere' }}>
        {phones.map((phone, i) => (
          <Group key={`p${i}`} gap="xs">
            <PhoneLink phone={phone} entity={entity} />
            <LabelBadge label={phone.label} />
          </Group>
        ))}
        {emails.map((email, i) => (
          <Group key={`e${i}`} gap="xs">
            <EmailLink email={email} entity={entity} />
            <LabelBadge label={email.label} />
          </Group>
        ))}
        {addresses.map((a, i) => (
          <Group key={`a${i}`} gap="xs" align="flex-start">
            <Text size="sm" style={{ whiteSpace: 'pre-line' }} data-testid="contact-address">
              {[a.street, [a.postalCode, a.city].filter(Boolean).join(' '), a.country && countryName(a.country)].filter(Boolean).join('\n')}
            </Text>
            <LabelBadge label={a.label} />
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
