import { useEffect, useState, type FormEvent } from 'react';
import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Kbd,
  Loader,
  Modal,
  NativeSelect,
  Radio,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { getHotkeyHandler } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../lib/api.js';
import type { Page } from '../lib/types.js';
import { useI18n } from '../i18n/useI18n.js';
import type { MessageKey } from '../i18n/Dictionary.js';
import { useAuth } from '../auth/useAuth.js';
import { useUsers } from '../features/users/useUsers.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { PhoneLink } from '../components/PhoneLink.js';
import { RecordLink, useRecordName } from '../features/tasks/RecordLink.js';
import { CALL_OUTCOMES, outcomeLabel } from '../features/calls/callOutcomes.js';
import { useUrlParams } from '../lib/useUrlParams.js';
import { formatPhone } from '../../../common/phone-display.js';
import { CallbackLeadModal } from '../features/telephony/CallbackLeadModal.js';
import { VoicemailLink } from '../features/telephony/VoicemailLink.js';
import { CALLBACK_REASONS, CALLBACK_STATUSES, type Callback, type CallbackStatus } from '../features/telephony/types.js';

type Patch = { assigneeId?: string | null; status?: CallbackStatus; outcome?: string | null; note?: string | null; attempt?: boolean };

/** Roles that work the whole queue; others act on free call-backs (taking them) and their own. */
const QUEUE_ROLES = ['admin', 'manager', 'frontdesk'];

/**
 * The call-back queue: missed calls, voicemails and overload-mode callers, oldest first, updated
 * live. Take one, record each attempt with its outcome, close it.
 */
export function CallbacksPage() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const { user } = useAuth();
  const { params, set } = useUrlParams();
  const status = (params.get('status') as CallbackStatus | null) ?? 'open';
  const mine = params.get('mine') === '1';
  const reason = params.get('reason') ?? '';
  const [attempting, setAttempting] = useState<Callback | null>(null);
  const [passing, setPassing] = useState<Callback | null>(null);
  const [closing, setClosing] = useState<Callback | null>(null);

  const setParam = (key: string, value: string | null) => set({ [key]: value });

  const list = useInfiniteQuery({
    queryKey: ['callbacks', 'list', { status, mine, reason }],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Callback>>('/api/callbacks', { status, assignee: mine ? 'me' : undefined, reason: reason || undefined, limit: 50, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  const options = {
    mutationFn: ({ callback, patch }: { callback: Callback; patch: Patch; done: MessageKey }) =>
      api.patch<Callback>(`/api/callbacks/${callback.id}`, { ...patch, version: callback.version }),
    onSuccess: (_result: Callback, { done }: { done: MessageKey }) => {
      notifications.show({ color: 'teal', message: t(done), 'data-testid': 'callback-saved' });
      setAttempting(null);
      setClosing(null);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['callbacks'] }),
  };
  // Take / reopen from the list (errors as a toast); attempts and closing in their form (errors inline).
  const update = useMutation(options);
  const attempt = useMutation({ ...options, meta: { inlineErrors: true } });
  const close = useMutation({ ...options, meta: { inlineErrors: true } });

  const canAct = (cb: Callback) =>
    QUEUE_ROLES.includes(user?.role ?? '') || !cb.assigneeId || cb.assigneeId === user?.id;

  return (
    <Stack maw={900}>
      <Title order={1} size="h2">{t('callbacks.title')}</Title>
      <Group gap="md" align="flex-end" wrap="wrap">
        <SegmentedControl
          value={status}
          onChange={(value) => setParam('status', value === 'open' ? null : value)}
          data={CALLBACK_STATUSES.map((s) => ({ value: s, label: t(`callbacks.status.${s}`) }))}
          data-testid="callbacks-status"
        />
        <NativeSelect
          label={t('callbacks.filter.reason')}
          value={reason}
          onChange={(event) => setParam('reason', event.currentTarget.value || null)}
          data={[{ value: '', label: t('callbacks.filter.anyReason') }, ...CALLBACK_REASONS.map((r) => ({ value: r, label: t(`callbacks.reason.${r}`) }))]}
          data-testid="callbacks-reason"
        />
        <Switch
          label={t('callbacks.mine')}
          checked={mine}
          onChange={(event) => setParam('mine', event.currentTarget.checked ? '1' : null)}
          data-testid="callbacks-mine"
        />
      </Group>

      {list.error && <ErrorAlert error={list.error} />}
      {list.isPending && <Loader size="sm" />}
      {!list.isPending && !list.error && items.length === 0 && (
        <Text c="dimmed" data-testid="callbacks-empty">
          {t('callbacks.empty')}
        </Text>
      )}
      <Stack gap="xs" data-testid={list.isPending ? undefined : 'callback-list'}>
        {items.map((cb) => (
          <CallbackRow
            key={cb.id}
            callback={cb}
            me={user?.id ?? ''}
            canAct={canAct(cb)}
            busy={update.isPending && update.variables?.callback.id === cb.id}
            onTake={() => update.mutate({ callback: cb, patch: { assigneeId: user?.id }, done: 'callbacks.taken' })}
            onAttempt={() => setAttempting(cb)}
            onClose={() => setClosing(cb)}
            onReopen={() => update.mutate({ callback: cb, patch: { status: 'open' }, done: 'callbacks.reopened' })}
            onPass={() => setPassing(cb)}
          />
        ))}
      </Stack>
      {list.hasNextPage && (
        <Button variant="default" size="xs" w="fit-content" onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
      {/* Overload-mode callers are often sales prospects: hand them to sales as a lead, known or not. */}
      <CallbackLeadModal callback={passing} onClose={() => setPassing(null)} />
      <CloseModal
        callback={closing}
        saving={close.isPending}
        error={close.error}
        onClose={() => {
          setClosing(null);
          close.reset();
        }}
        onSave={(patch) => closing && close.mutate({ callback: closing, patch, done: patch.status === 'done' ? 'callbacks.closed' : 'callbacks.cancelled' })}
      />
      <AttemptModal
        callback={attempting}
        saving={attempt.isPending}
        error={attempt.error}
        onClose={() => {
          setAttempting(null);
          attempt.reset();
        }}
        onSave={(patch) =>
          attempting &&
          attempt.mutate({
            callback: attempting,
            // Recording an attempt on a free call-back takes it.
            patch: { ...patch, attempt: true, ...(attempting.assigneeId ? {} : { assigneeId: user?.id }) },
            done: patch.status === 'done' ? 'callbacks.closed' : 'callbacks.attemptSaved',
          })
        }
      />
    </Stack>
  );
}

interface CallbackRowProps {
  callback: Callback;
  me: string;
  canAct: boolean;
  busy: boolean;
  onTake: () => void;
  onAttempt: () => void;
  onClose: () => void;
  onReopen: () => void;
  onPass: () => void;
}

function CallbackRow({ callback: cb, me, canAct, busy, onTake, onAttempt, onClose, onReopen, onPass }: CallbackRowProps) {
  const { t, formatDateTime } = useI18n();
  const { nameOf } = useUsers();
  const entity = cb.personId ? ({ type: 'person', id: cb.personId } as const) : cb.organisationId ? ({ type: 'organisation', id: cb.organisationId } as const) : undefined;
  return (
    <Card withBorder padding="sm" data-testid="callback-item" data-callback-id={cb.id} data-reason={cb.reason}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
          <Group gap="xs" wrap="wrap">
            {entity ? (
              <RecordLink personId={cb.personId} organisationId={cb.personId ? null : cb.organisationId} />
            ) : (
              <Text size="sm" fw={500}>
                {t('pop.unknown')}
              </Text>
            )}
            <Text size="sm" data-testid="callback-number">
              <PhoneLink phone={{ number: formatPhone(cb.number, cb.e164), e164: cb.e164 }} entity={entity} />
            </Text>
            <Badge size="sm" variant="light" color={cb.reason === 'overload' ? 'red' : 'orange'} data-testid="callback-reason">
              {t(`callbacks.reason.${cb.reason}`)}
            </Badge>
            {cb.status !== 'open' && (
              <Badge size="sm" variant="outline" color="gray" data-testid="callback-status">
                {t(`callbacks.badge.${cb.status}`)}
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {/* A closed call-back is not waiting any more: when it came, and when it was closed (its last change). */}
            {cb.status === 'open'
              ? t('callbacks.waiting', { date: formatDateTime(cb.createdAt) })
              : t('callbacks.closedOn', { since: formatDateTime(cb.createdAt), date: formatDateTime(cb.updatedAt) })}
            {cb.missedCalls > 1 && (
              <span data-testid="callback-missed-calls">{` · ${t('callbacks.missedCalls', { count: cb.missedCalls, date: formatDateTime(cb.lastMissedAt) })}`}</span>
            )}
            {cb.attempts > 0 && ` · ${t('callbacks.attempts', { count: cb.attempts, date: formatDateTime(cb.lastAttemptAt) })}`}
            {' · '}
            <span data-testid="callback-assignee">
              {cb.assigneeId ? (cb.assigneeId === me ? t('callbacks.takenByMe') : t('callbacks.assignee', { name: nameOf(cb.assigneeId) || '…' })) : t('callbacks.free')}
            </span>
          </Text>
          <VoicemailLink url={cb.recordingUrl} />
          {(cb.outcome || cb.note) && (
            <Text size="sm" data-testid="callback-outcome">
              {cb.outcome ? (cb.outcome === 'lead' ? t('callbacks.outcomeLead') : outcomeLabel(cb.outcome, t)) : ''}
              {cb.outcome && cb.note ? ' — ' : ''}
              {cb.note}
            </Text>
          )}
        </Stack>
        {canAct && cb.status !== 'open' && (
          <Button size="xs" variant="default" onClick={onReopen} loading={busy} data-testid="callback-reopen">
            {t('callbacks.reopen')}
          </Button>
        )}
        {canAct && cb.status === 'open' && (
          <Group gap="xs">
            {cb.assigneeId !== me && (
              <Button size="xs" variant="light" onClick={onTake} loading={busy} data-testid="callback-take">
                {t('callbacks.take')}
              </Button>
            )}
            <Button size="xs" onClick={onAttempt} data-testid="callback-attempt">
              {t('callbacks.attempt')}
            </Button>
            <Button size="xs" variant="subtle" onClick={onPass} data-testid="callback-pass">
              {t('callbacks.pass')}
            </Button>
            <Button size="xs" variant="default" onClick={onClose} disabled={busy} data-testid="callback-close">
              {t('callbacks.close')}
            </Button>
          </Group>
        )}
      </Group>
    </Card>
  );
}

/**
 * A call-back dialog's title: whom it is for when known (a name is what the agent asks for on the
 * phone), and the number.
 */
function useCallbackTitle(callback: Callback | null, named: MessageKey, unnamed: MessageKey): string {
  const { t } = useI18n();
  const name = useRecordName(callback?.personId ?? null, callback?.organisationId ?? null);
  if (!callback) return '';
  const number = formatPhone(callback.number, callback.e164);
  return name ? t(named, { name, number }) : t(unnamed, { number });
}

interface AttemptModalProps {
  callback: Callback | null;
  saving: boolean;
  error: unknown;
  onClose: () => void;
  onSave: (patch: Patch) => void;
}

/** One call-back attempt: outcome, note, and whether that settles it. Ctrl+Enter saves. */
function AttemptModal({ callback, saving, error, onClose, onSave }: AttemptModalProps) {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState('');
  const title = useCallbackTitle(callback, 'callbacks.attemptTitleNamed', 'callbacks.attemptTitle');
  const [note, setNote] = useState('');
  const [close, setClose] = useState(false);
  useEffect(() => {
    setOutcome('');
    setNote('');
    setClose(false);
  }, [callback?.id]);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (saving || !outcome) return;
    onSave({ outcome, note: note.trim() || null, ...(close ? { status: 'done' as const } : {}) });
  };

  return (
    <Modal
      opened={Boolean(callback)}
      onClose={onClose}
      title={title}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} onKeyDown={getHotkeyHandler([['mod+Enter', () => submit()]])} data-testid="callback-attempt-form">
        <Stack>
          <NativeSelect
            label={t('call.outcome')}
            value={outcome}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setOutcome(value);
              // Reaching the caller usually settles it; the user can still untick.
              if (value === 'reached' || value === 'info_given') setClose(true);
            }}
            data={[{ value: '', label: t('call.outcomePlaceholder') }, ...CALL_OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) }))]}
            required
            data-autofocus
            data-testid="callback-attempt-outcome"
          />
          <Textarea label={t('call.note')} autosize minRows={2} value={note} onChange={(event) => setNote(event.currentTarget.value)} data-testid="callback-attempt-note" />
          <Checkbox label={t('callbacks.closeAfter')} checked={close} onChange={(event) => setClose(event.currentTarget.checked)} data-testid="callback-attempt-close" />
          {Boolean(error) && <ErrorAlert error={error} />}
          <Group justify="space-between">
            <Text size="xs" c="dimmed" visibleFrom="sm">
              <Kbd size="xs">Ctrl</Kbd> + <Kbd size="xs">Enter</Kbd> {t('call.submitHint')}
            </Text>
            <Button type="submit" loading={saving} disabled={!outcome} data-testid="callback-attempt-submit">
              {t('callbacks.saveAttempt')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

interface CloseModalProps {
  callback: Callback | null;
  saving: boolean;
  error: unknown;
  onClose: () => void;
  onSave: (patch: Patch) => void;
}

/**
 * Closing a call-back without an attempt: the caller will not be called back from the queue, so
 * it says so and asks why — settled another way (they called again, a colleague dealt with it) is
 * "done", not needed any more (a wrong number, a cold call) is "cancelled" — with an optional note.
 * One click on "Clore" no longer drops a waiting caller.
 */
function CloseModal({ callback, saving, error, onClose, onSave }: CloseModalProps) {
  const { t } = useI18n();
  const title = useCallbackTitle(callback, 'callbacks.closeTitleNamed', 'callbacks.closeTitle');
  const [status, setStatus] = useState<'' | 'done' | 'cancelled'>('');
  const [note, setNote] = useState('');
  useEffect(() => {
    setStatus('');
    setNote('');
  }, [callback?.id]);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (saving || !status) return;
    onSave({ status, ...(note.trim() ? { note: note.trim() } : {}) });
  };

  return (
    <Modal
      opened={Boolean(callback)}
      onClose={onClose}
      title={title}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} onKeyDown={getHotkeyHandler([['mod+Enter', () => submit()]])} data-testid="callback-close-form">
        <Stack>
          <Text size="sm">{t('callbacks.closeWarning')}</Text>
          <Radio.Group label={t('callbacks.closeWhy')} value={status} onChange={(value) => setStatus(value as 'done' | 'cancelled')} required>
            <Stack gap="xs" mt="xs">
              <Radio value="done" label={t('callbacks.closeDone')} data-autofocus data-testid="callback-close-done" />
              <Radio value="cancelled" label={t('callbacks.closeCancelled')} data-testid="callback-close-cancelled" />
            </Stack>
          </Radio.Group>
          <Textarea label={t('callbacks.closeNote')} autosize minRows={2} maxLength={10_000} value={note} onChange={(event) => setNote(event.currentTarget.value)} data-testid="callback-close-note" />
          {Boolean(error) && <ErrorAlert error={error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('callbacks.closeBack')}
            </Button>
            <Button type="submit" loading={saving} disabled={!status} data-testid="callback-close-submit">
              {t('callbacks.closeSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
