import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { Anchor, Badge, Box, Button, CloseButton, Divider, Group, Kbd, Paper, Portal, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery, type HotkeyItem } from '@mantine/hooks';
import { useShortcuts } from '../../lib/useShortcuts.js';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import { pathOf } from '../../lib/paths.js';
import { useI18n } from '../../i18n/useI18n.js';
import { TagBadges } from '../../components/TagBadges.js';
import { outcomeLabel } from '../calls/callOutcomes.js';
import { callStore, useCallStore, type PoppedCall } from './callStore.js';
import { sectionRenderer, sectionTitle } from './cardSections.js';
import { ConsentBadges } from '../consent/ConsentBadges.js';
import { PressureNotice } from './PressureNotice.js';
import { nearCaps, usePressure } from './usePressure.js';
import { useRelationshipLabel } from './useRelationshipTypes.js';
import { formatPhone, isPhoneNumber } from '../../../../common/phone-display.js';
import type { CallCardResponse, CardMatch } from './types.js';
import type { CustomFieldValue } from '../../lib/types.js';
import { useCustomFields } from '../records/useCustomFields.js';
import { formatCustomField } from '../records/formatCustomField.js';

// Loaded when first used.
const PassItOnModal = lazy(() => import('../handoffs/PassItOnForm.js').then((m) => ({ default: m.PassItOnModal })));

/** Who is passed on from the card, and the call they are calling about (once answered, it has a timeline entry). */
interface PassTarget {
  match: CardMatch;
  interactionId?: string;
}

/** The organisation a hand-off from the pop is filed on: the one called, or the caller's only one (as the call itself). */
const fileOn = (m: Pick<CardMatch, 'type' | 'id' | 'organisations'>) => (m.type === 'organisation' ? m.id : m.organisations.length === 1 ? m.organisations[0].id : null);

/** The page where a person is created for an unknown caller, number filled in. */
export const newPersonPath = (popped: PoppedCall) =>
  // A withheld caller ("anonymous", "Restricted") has no number to fill in.
  `/people/new?${new URLSearchParams({ ...(isPhoneNumber(popped.card.number) && { phone: popped.card.number }), call: popped.card.callId }).toString()}`;

/** Compact cards are trimmed to fit PostgreSQL NOTIFY (`trimmed` says so); a large one may have lost detail: fetch it whole. */
const MAYBE_TRIMMED_BYTES = 5_500;

/**
 * The screen pop: a card per ringing call at the top of the screen, above the page but not
 * blocking it. Keyboard: Esc closes the first card, N creates a person for an unknown caller,
 * 1–9 open a matching record.
 */
export function ScreenPop() {
  const { pathname } = useLocation();
  const onForm = /\/(new|edit)$/.test(pathname);
  // On a phone even the narrow card covers a form's first fields (the name of the caller being
  // created): there it shrinks to its header at the bottom of the screen, opened on demand.
  const isPhone = useMediaQuery('(max-width: 48em)');
  const compact = Boolean(onForm && isPhone);
  const { t } = useI18n();
  const navigate = useNavigate();
  const { popped } = useCallStore();
  const first = popped[0];
  // Held here, not in the card: the form stays open when the call ends and its card goes away.
  const [passing, setPassing] = useState<PassTarget | null>(null);

  const open = (index: number) => {
    const match = first?.card.matches[index];
    if (match) void navigate(pathOf(match));
  };
  const hotkeys: HotkeyItem[] = [];
  if (first) {
    hotkeys.push(['Escape', () => callStore.dismiss(first.card.callId)]);
    if (first.card.matches.length === 0 && !first.createdPerson) hotkeys.push(['n', () => void navigate(newPersonPath(first))]);
    first.card.matches.slice(0, 9).forEach((_, i) => hotkeys.push([String(i + 1), () => open(i)]));
  }
  useShortcuts(hotkeys);

  const passItOn = passing && (
    <Suspense fallback={null}>
      <PassItOnModal
        opened
        onClose={() => setPassing(null)}
        personId={passing.match.type === 'person' ? passing.match.id : null}
        organisationId={fileOn(passing.match)}
        recordName={passing.match.displayName}
        interaction={passing.interactionId ? { id: passing.interactionId, channel: 'call', summary: null } : null}
        defaultSource="call"
        onDone={() => setPassing(null)}
      />
    </Suspense>
  );
  if (popped.length === 0) return passItOn || null;
  return (
    <>
      <Portal>
        <Box
          role="region"
          aria-label={t('pop.region')}
          data-testid="screen-pop"
          style={{
            position: 'fixed',
            ...(compact ? { bottom: 8 } : { top: 68 }),
            right: 8,
            left: 'auto',
            // Narrower beside a form (the new person the pop just opened): it keeps clear of its fields.
            width: onForm ? 'min(320px, calc(100vw - 16px))' : 'min(460px, calc(100vw - 16px))',
            // Under the pass-it-on dialog (Mantine modals sit at 200) while it is open.
            zIndex: passing ? 150 : 1000,
            pointerEvents: 'none',
          }}
        >
          <Stack gap="xs">
            {popped.slice(0, 3).map((p, i) => (
              <PopCard key={p.card.callId} popped={p} first={i === 0} compact={compact} onPass={(match) => setPassing({ match, interactionId: p.interactionId })} />
            ))}
            {popped.length > 3 && (
              <Paper shadow="md" p={6} withBorder style={{ pointerEvents: 'auto' }}>
                <Text size="xs">{t('pop.more', { count: popped.length - 3 })}</Text>
              </Paper>
            )}
          </Stack>
        </Box>
      </Portal>
      {passItOn}
    </>
  );
}

function PopCard({ popped, first, compact, onPass }: { popped: PoppedCall; first: boolean; compact: boolean; onPass: (match: CardMatch) => void }) {
  const { t } = useI18n();
  const { card } = popped;
  const [opened, setOpened] = useState(false);
  const folded = compact && !opened;
  const several = card.matches.length > 1;

  const full = useQuery({
    queryKey: ['calls', card.callId, 'card'],
    queryFn: () => api.get<CallCardResponse>(`/api/calls/${card.callId}/card`),
    enabled: Boolean(card.trimmed) || JSON.stringify(card).length > MAYBE_TRIMMED_BYTES,
    staleTime: Infinity,
  });
  useEffect(() => {
    if (full.data) callStore.refine(card.callId, full.data.matches);
  }, [full.data, card.callId]);

  return (
    <Paper
      shadow="xl"
      withBorder
      radius="md"
      p="sm"
      data-testid="pop-card"
      data-call-id={card.callId}
      data-state={popped.answered ? 'answered' : 'ringing'}
      style={{ pointerEvents: 'auto', borderLeft: `4px solid var(--mantine-color-${card.priority ? 'red' : 'teal'}-6)` }}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start" mb={4}>
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Group gap={6}>
            <Badge size="sm" color={popped.answered ? 'blue' : 'teal'} variant={popped.answered ? 'light' : 'filled'} data-testid="pop-state">
              {popped.answered ? t('pop.inCall') : t('pop.incoming')}
            </Badge>
            {card.priority && (
              <Badge size="sm" color="red" variant="light" data-testid="pop-priority">
                {t('pop.priority')}
              </Badge>
            )}
          </Group>
          <Text fw={700} size="lg" data-testid="pop-number">
            {formatPhone(card.number, card.e164)}
          </Text>
          <Text size="xs" c="dimmed" data-testid="pop-line">
            {t('pop.line', { line: formatPhone(card.to, card.toE164) })}
          </Text>
        </Stack>
        <Group gap={4} wrap="nowrap">
          {compact && (
            <Button size="compact-xs" variant="light" onClick={() => setOpened((o) => !o)} aria-expanded={opened} data-testid="pop-unfold">
              {opened ? t('pop.fold') : t('pop.unfold')}
            </Button>
          )}
          <CloseButton
            aria-label={t('pop.close')}
            title={t('pop.close')}
            onClick={() => callStore.dismiss(card.callId)}
            data-testid="pop-close"
          />
        </Group>
      </Group>

      {!folded && (
        <ScrollArea.Autosize mah={compact ? '50vh' : 'calc(100vh - 220px)'} type="auto" offsetScrollbars>
          {card.matches.length === 0 ? (
            <UnknownCaller popped={popped} first={first} />
          ) : (
            <Stack gap="xs">
              {several && (
                <Text size="sm" c="orange.8" fw={500} data-testid="pop-several">
                  {t('pop.severalMatches', { count: card.matches.length })}
                </Text>
              )}
              {card.matches.map((match, i) => (
                <Box key={`${match.type}-${match.id}`}>
                  {i > 0 && <Divider my={4} />}
                  <MatchBlock match={match} index={first && several ? i + 1 : null} onPass={() => onPass(match)} />
                </Box>
              ))}
            </Stack>
          )}
        </ScrollArea.Autosize>
      )}
      {first && !folded && (
        <Text size="xs" c="dimmed" mt={4} visibleFrom="sm">
          <Kbd size="xs">Esc</Kbd> {t('pop.escHint')}
          {card.matches.length > 0 && (
            <>
              {' · '}
              <Kbd size="xs">{card.matches.length > 1 ? `1–${Math.min(9, card.matches.length)}` : '1'}</Kbd> {t('pop.openHint')}
            </>
          )}
        </Text>
      )}
    </Paper>
  );
}

function UnknownCaller({ popped, first }: { popped: PoppedCall; first: boolean }) {
  const { t } = useI18n();
  if (popped.createdPerson) {
    return (
      <Group gap="xs" data-testid="pop-created">
        <Text size="sm">{t('pop.created')}</Text>
        <Anchor component={Link} to={`/people/${popped.createdPerson.id}`} size="sm" fw={600}>
          {popped.createdPerson.name}
        </Anchor>
      </Group>
    );
  }
  return (
    <Stack gap="xs">
      <Title order={2} size="h4" data-testid="pop-unknown">
        {t('pop.unknown')}
      </Title>
      <Button
        component={Link}
        to={newPersonPath(popped)}
        variant="light"
        size="xs"
        w="fit-content"
        data-testid="pop-create-person"
        rightSection={first ? <Kbd size="xs">N</Kbd> : undefined}
      >
        {t('pop.createPerson')}
      </Button>
    </Stack>
  );
}

/** Where the caller is and what matters about them (S1: "address, usual goods"): place and custom fields. */
function MatchDetails({ match }: { match: CardMatch }) {
  const { fields, labelOf } = useCustomFields(match.type);
  const values = Object.entries(match.customFields ?? {})
    .map(([key, value]) => {
      const field = fields.find((f) => f.key === key);
      const text = formatCustomField(field, value as CustomFieldValue);
      return text ? `${field ? labelOf(field) : key} : ${text}` : null;
    })
    .filter((v): v is string => v !== null);
  if (!match.place && values.length === 0) return null;
  return (
    <Text size="sm" data-testid="pop-details">
      {[match.place, ...values].filter(Boolean).join(' · ')}
    </Text>
  );
}

function MatchBlock({ match, index, onPass }: { match: CardMatch; index: number | null; onPass: () => void }) {
  const { t, formatDateTime, formatDate } = useI18n();
  const relationshipLabel = useRelationshipLabel();
  const pressure = usePressure(match.id);
  const caps = nearCaps(pressure.data);
  const sections = Object.entries(match.sections ?? {}).filter(([, v]) => v !== null && v !== undefined);
  const relationships = [...new Set(match.relationships.map((r) => r.type))];

  return (
    <Stack gap={6} data-testid="pop-match" data-match-id={match.id}>
      <Group gap={6} wrap="nowrap" align="center">
        {index !== null && <Kbd size="xs">{index}</Kbd>}
        <Anchor component={Link} to={pathOf(match)} fw={700} size="lg" data-testid="pop-match-name" style={{ minWidth: 0 }}>
          {match.displayName}
        </Anchor>
        {match.type === 'organisation' && (
          <Badge size="xs" variant="light" color="grape">
            {t('search.type.organisation')}
          </Badge>
        )}
        {match.contract && (
          <Badge size="sm" color="green" data-testid="pop-contract">
            {t('pop.contract')}
          </Badge>
        )}
      </Group>
      {match.organisations.length > 0 && (
        <Group gap={6} data-testid="pop-organisations">
          {match.organisations.map((o) => (
            <Anchor key={o.id} component={Link} to={`/organisations/${o.id}`} size="sm">
              {o.name}
            </Anchor>
          ))}
        </Group>
      )}
      <MatchDetails match={match} />
      {(relationships.length > 0 || match.tags.length > 0) && (
        <Group gap={4}>
          {relationships.map((type) => (
            <Badge key={type} size="sm" variant="outline" color="blue" data-testid="pop-relationship">
              {relationshipLabel(type)}
            </Badge>
          ))}
          <TagBadges tags={match.tags} />
        </Group>
      )}
      <Text size="sm" data-testid="pop-contacts">
        {t('pop.contacts', { week: match.contacts.last7Days, month: match.contacts.last30Days })}
      </Text>
      <ConsentBadges consent={match.consent ?? {}} />
      <PressureNotice caps={caps} compact testId="pop-pressure" />
      {/* What the caller asks for, handed on while still on the line: a request, or a lead for sales. */}
      <Button size="xs" variant="light" w="fit-content" onClick={onPass} data-testid="pop-pass-it-on">
        {t('pop.passItOn')}
      </Button>

      <Box>
        <Text size="xs" fw={600} c="dimmed" tt="uppercase">
          {t('pop.lastInteractions')}
        </Text>
        {match.lastInteractions.length === 0 ? (
          <Text size="xs" c="dimmed">
            {t('pop.noInteractions')}
          </Text>
        ) : (
          <Stack gap={2}>
            {match.lastInteractions.map((i) => (
              <Text key={i.id} size="xs" data-testid="pop-interaction" lineClamp={2}>
                <Text span size="xs" c="dimmed">
                  {formatDateTime(i.occurredAt)} · {channelLabel(i.channel, t)}
                  {i.outcome ? ` · ${outcomeLabel(i.outcome, t)}` : ''}
                </Text>
                {i.summary ? ` — ${i.summary}` : ''}
              </Text>
            ))}
          </Stack>
        )}
      </Box>

      {match.openTasks.length > 0 && (
        <Box>
          <Text size="xs" fw={600} c="dimmed" tt="uppercase">
            {t('pop.openTasks')}
          </Text>
          <Stack gap={2}>
            {match.openTasks.map((task) => (
              <Text key={task.id} size="xs" data-testid="pop-task">
                {task.title}
                {task.dueAt ? (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    · {t('tasks.due', { date: formatDate(task.dueAt) })}
                  </Text>
                ) : null}
              </Text>
            ))}
          </Stack>
        </Box>
      )}

      {sections.map(([name, value]) => {
        const Section = sectionRenderer(name);
        return (
          <Box key={name} data-testid={`pop-section-${name}`}>
            <Text size="xs" fw={600} c="dimmed" tt="uppercase">
              {sectionTitle(name)}
            </Text>
            <Section name={name} value={value} match={match} />
          </Box>
        );
      })}
    </Stack>
  );
}

const CHANNEL_KEYS = ['call', 'email', 'letter', 'fax', 'meeting', 'sms', 'chat', 'social_public', 'social_private', 'web_form', 'note'] as const;
function channelLabel(channel: string, t: ReturnType<typeof useI18n>['t']): string {
  return (CHANNEL_KEYS as readonly string[]).includes(channel) ? t(`channel.${channel as (typeof CHANNEL_KEYS)[number]}`) : channel;
}
