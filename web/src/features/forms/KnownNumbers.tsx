import { Link } from 'react-router';
import { Alert, Anchor, Group, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueries } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import { useI18n } from '../../i18n/useI18n.js';
import { formatPhone } from '../telephony/formatPhone.js';
import type { PhoneRow } from './ContactPointsFields.js';

interface LookupAnswer {
  e164: string;
  matches: { type: 'person' | 'organisation'; id: string; displayName: string }[];
}

/** Enough digits to be a whole number rather than one being typed. */
const wholeNumber = (text: string) => text.replace(/\D/g, '').length >= 8;

/**
 * While a new record is typed, the records that already have one of its phone numbers (the caller
 * lookup, which knows every written form): the duplicate is seen before it is saved, not after,
 * when only a manager may merge it away.
 */
export function KnownNumbers({ phones }: { phones: PhoneRow[] }) {
  const { t } = useI18n();
  const [numbers] = useDebouncedValue(
    phones.map((p) => p.number.trim()).filter(wholeNumber),
    300,
  );
  const answers = useQueries({
    queries: numbers.map((number) => ({
      queryKey: ['lookup', 'phone', number],
      // A number the lookup refuses (not a phone number yet) is the form's to report, not this hint's.
      queryFn: () => api.get<LookupAnswer>(`/api/lookup/phone/${encodeURIComponent(number)}`).catch(() => null),
      staleTime: 30_000,
    })),
  });
  const known = answers.flatMap((a) => (a.data?.matches.length ? [a.data] : []));
  if (known.length === 0) return null;
  return (
    <Alert color="yellow" title={t('duplicates.knownNumberTitle')} data-testid="known-numbers">
      <Stack gap={4}>
        {known.map((answer) => (
          <Group key={answer.e164} gap="xs" wrap="wrap" data-testid="known-number">
            <Text size="sm">{formatPhone(answer.e164, answer.e164)}</Text>
            <Text size="sm" c="dimmed">
              →
            </Text>
            {answer.matches.map((m) => (
              <Anchor key={`${m.type}-${m.id}`} component={Link} to={m.type === 'person' ? `/people/${m.id}` : `/organisations/${m.id}`} size="sm" data-testid="known-number-record">
                {m.displayName}
              </Anchor>
            ))}
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}
