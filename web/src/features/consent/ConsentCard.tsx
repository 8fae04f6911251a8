import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Button, Card, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useI18n } from '../../i18n/useI18n.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useConsents, useSaveConsents, type ConsentChange, type ConsentEntity } from './useConsents.js';
import { CONSENT_CHANNELS, CONSENT_PURPOSES, type Consent, type ConsentChannel, type ConsentPurpose } from './types.js';

type Choice = 'unknown' | 'granted' | 'refused';
const pairKey = (channel: ConsentChannel, purpose: ConsentPurpose) => `${channel}.${purpose}`;

function recordedChoices(items: Consent[] | undefined): Record<string, Choice> {
  const choices: Record<string, Choice> = {};
  for (const channel of CONSENT_CHANNELS) for (const purpose of CONSENT_PURPOSES) choices[pairKey(channel, purpose)] = 'unknown';
  for (const c of items ?? []) choices[pairKey(c.channel, c.purpose)] = c.status;
  return choices;
}

/**
 * Consent per channel × purpose on a record's page: what the customer accepts or refuses, where
 * they said it. Native selects and one form: Tab through, arrows to choose, Enter saves.
 */
export function ConsentCard({ entity }: { entity: ConsentEntity }) {
  const { t, formatDate } = useI18n();
  const consents = useConsents(entity);
  const save = useSaveConsents(entity);
  const recorded = useMemo(() => recordedChoices(consents.data), [consents.data]);
  const [draft, setDraft] = useState<Record<string, Choice>>(recorded);
  const [source, setSource] = useState('');
  // A colleague's change (live event) or our own save shows as soon as it arrives.
  useEffect(() => setDraft(recorded), [recorded]);

  const changes: ConsentChange[] = CONSENT_CHANNELS.flatMap((channel) =>
    CONSENT_PURPOSES.filter((purpose) => draft[pairKey(channel, purpose)] !== recorded[pairKey(channel, purpose)]).map((purpose) => ({
      channel,
      purpose,
      status: draft[pairKey(channel, purpose)],
      ...(source.trim() ? { source: source.trim() } : {}),
    })),
  );
  const byPair = new Map((consents.data ?? []).map((c) => [pairKey(c.channel, c.purpose), c]));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (changes.length === 0 || save.isPending) return;
    save.mutate(changes, {
      onSuccess: () => {
        setSource('');
        notifications.show({ color: 'teal', message: t('consent.saved'), 'data-testid': 'consent-saved-notification' });
      },
    });
  };

  return (
    <Card withBorder data-testid="consent-card">
      <Title order={2} size="h4" mb={4}>
        {t('consent.title')}
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        {t('consent.hint')}
      </Text>
      {consents.error && <ErrorAlert error={consents.error} onReload={() => consents.refetch()} />}
      <form onSubmit={submit}>
        <Stack gap="xs">
          {/* Each choice readable whole ("Non demandé"): a column narrower still scrolls rather than cutting them. */}
          <Table.ScrollContainer minWidth={280} type="native">
            <Table withRowBorders={false} verticalSpacing={4} horizontalSpacing={2}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th />
                  {CONSENT_PURPOSES.map((purpose) => (
                    <Table.Th key={purpose}>
                      <Text size="xs" fw={600}>
                        {t(`consent.purpose.${purpose}`)}
                      </Text>
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {CONSENT_CHANNELS.map((channel) => (
                  <Table.Tr key={channel}>
                    <Table.Th>
                      <Text size="sm">{t(`consent.channel.${channel}`)}</Text>
                    </Table.Th>
                    {CONSENT_PURPOSES.map((purpose) => {
                      const key = pairKey(channel, purpose);
                      const value = draft[key];
                      const row = byPair.get(key);
                      return (
                        <Table.Td key={purpose}>
                          <NativeSelect
                            size="xs"
                            // Narrow chrome: "Non demandé" fits whole in a side column.
                          rightSectionWidth={18}
                            aria-label={t('consent.selectLabel', { channel: t(`consent.channel.${channel}`), purpose: t(`consent.purpose.${purpose}`) })}
                            value={value}
                            onChange={(event) => {
                              // Read now: the event's target is gone by the time the updater runs.
                              const choice = event.currentTarget.value as Choice;
                              setDraft((d) => ({ ...d, [key]: choice }));
                            }}
                            data={(['unknown', 'granted', 'refused'] as const).map((s) => ({ value: s, label: t(`consent.status.${s}`) }))}
                            styles={{ input: { paddingInlineStart: 6, paddingInlineEnd: 18, color: value === 'refused' ? 'var(--mantine-color-red-7)' : value === 'granted' ? 'var(--mantine-color-teal-8)' : undefined, fontWeight: value === 'refused' ? 600 : undefined } }}
                            title={row ? [row.source, t('consent.recorded', { date: formatDate(row.recordedAt), name: row.recordedBy?.name ?? '' })].filter(Boolean).join(' · ') : undefined}
                            data-testid={`consent-${channel}-${purpose}`}
                            data-status={value}
                          />
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {(consents.data ?? []).length > 0 && (
            <Stack gap={0} data-testid="consent-recorded">
              {(consents.data ?? []).map((c) => (
                <Text key={pairKey(c.channel, c.purpose)} size="xs" c="dimmed">
                  {t('consent.selectLabel', { channel: t(`consent.channel.${c.channel}`), purpose: t(`consent.purpose.${c.purpose}`) })} — {t(`consent.status.${c.status}`)}
                  {c.source ? ` · ${c.source}` : ''} · {t('consent.recorded', { date: formatDate(c.recordedAt), name: c.recordedBy?.name ?? '' })}
                </Text>
              ))}
            </Stack>
          )}
          <Group gap="xs" align="flex-end" wrap="wrap">
            <TextInput
              size="xs"
              style={{ flex: '1 1 15rem' }}
              label={t('consent.source')}
              placeholder={t('consent.sourcePlaceholder')}
              maxLength={200}
              value={source}
              onChange={(event) => setSource(event.currentTarget.value)}
              data-testid="consent-source"
            />
            <Button size="xs" type="submit" disabled={changes.length === 0} loading={save.isPending} data-testid="consent-save">
              {t('consent.save')}
            </Button>
          </Group>
          {save.error && <ErrorAlert error={save.error} />}
        </Stack>
      </form>
    </Card>
  );
}
