import { Link } from 'react-router';
import { Alert, Anchor, Badge, Group, List } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { Page, PossibleDuplicate } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import type { ContactPointsValue } from './ContactPointsFields.js';

interface LikelyDuplicatesProps {
  /** Where the kind's records are: '/api/people' or '/api/organisations'. */
  api: string;
  /** The names typed (firstName and lastName, or name). */
  names: Record<string, string>;
  contact: ContactPointsValue;
}

/** Enough of a name, number or address to be worth comparing. */
const worthAsking = (names: string[], numbers: string[], addresses: string[]) =>
  names.some((n) => n.length >= 3) || numbers.some((n) => n.replace(/\D/g, '').length >= 8) || addresses.some((a) => a.includes('@'));

/**
 * While a new record is typed, the existing ones it likely duplicates, by the rule the server
 * applies on create (same phone in any written form, same e-mail, close name): seen before saving,
 * when the user can still open the existing record instead, rather than after, when only a manager
 * may merge the new one away.
 */
export function LikelyDuplicates({ api: base, names, contact }: LikelyDuplicatesProps) {
  const { t } = useI18n();
  const phones = contact.phones.map((p) => p.number.trim()).filter(Boolean);
  const emails = contact.emails.map((e) => e.address.trim()).filter(Boolean);
  const typedNames = Object.fromEntries(Object.entries(names).filter(([, v]) => v.trim()));
  // Debounced as text: the same values typed again are the same value, not a new object each render.
  const [typed] = useDebouncedValue(JSON.stringify({ names: typedNames, phones, emails }), 400);
  const { names: askedNames, phones: askedPhones, emails: askedEmails } = JSON.parse(typed) as { names: Record<string, string>; phones: string[]; emails: string[] };
  const ask = worthAsking(Object.values(askedNames), askedPhones, askedEmails);
  const body = { ...askedNames, phones: askedPhones.map((number) => ({ number })), emails: askedEmails.map((address) => ({ address })) };
  const duplicates = useQuery({
    queryKey: ['duplicates', base, typed],
    // A body the server refuses (a name over its length…) is the form's to report on save, not this hint's.
    queryFn: () => api.post<Page<PossibleDuplicate>>(`${base}/duplicates`, body).catch(() => ({ items: [], nextCursor: null })),
    enabled: ask,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
  const items = ask ? (duplicates.data?.items ?? []) : [];
  if (items.length === 0) return null;
  return (
    <Alert color="yellow" title={t('duplicates.likelyTitle')} data-testid="likely-duplicates">
      <List size="sm" spacing={4}>
        {items.map((d) => (
          <List.Item key={`${d.type}-${d.id}`} data-testid="likely-duplicate">
            <Group gap="xs">
              <Anchor component={Link} to={d.type === 'person' ? `/people/${d.id}` : `/organisations/${d.id}`} data-testid="likely-duplicate-record">
                {d.displayName}
              </Anchor>
              <DuplicateReasons duplicate={d} />
            </Group>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

/** One badge per thing a likely duplicate shares with the record (same phone, same e-mail, close name). */
export function DuplicateReasons({ duplicate }: { duplicate: PossibleDuplicate }) {
  const { t } = useI18n();
  return duplicate.reasons.map((reason) => (
    <Badge key={reason} size="xs" variant="light" color="yellow" data-testid="duplicate-reason">
      {t(`duplicates.reason.${reason}`)}
    </Badge>
  ));
}
