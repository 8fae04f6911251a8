import { useState, type FormEvent } from 'react';
import { Badge, Button, Card, Center, Checkbox, Divider, Group, Loader, NativeSelect, Stack, Text, Textarea, Timeline, Title } from '@mantine/core';
import { getHotkeyHandler } from '@mantine/hooks';
import { DetailDrawer } from '../../components/DetailDrawer.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useAuth } from '../../auth/useAuth.js';
import { canWorkRequest } from '../../auth/permissions.js';
import { RecordLink, RecordPhones } from '../tasks/RecordLink.js';
import { useUsers } from '../users/useUsers.js';
import { localLabel, statusLabel } from './labels.js';
import { DeadlineMarks, PriorityBadge, RequestStatusBadge } from './RequestBadges.js';
import { TransitionForm } from './TransitionForm.js';
import type { RequestHistoryEntry, RequestType, RequestWithHistory } from './types.js';
import { useRequest, useRequestActions, useRequestTypes, useTeams } from './useRequests.js';

/**
 * A request with everything to work it: take, reassign, move along its workflow, comment, history.
 * Its subject is the page’s title (h1) on the request’s own page, a heading under the drawer’s title in a drawer.
 */
export function RequestDetail({ requestId, headingOrder = 3 }: { requestId: string; headingOrder?: 1 | 3 }) {
  const { t, lang, formatDateTime } = useI18n();
  const request = useRequest(requestId);
  const { typeOf } = useRequestTypes();
  const teams = useTeams();
  const { nameOf } = useUsers();
  const { user } = useAuth();

  if (request.isPending) {
    return (
      <Center>
        <Loader size="sm" />
      </Center>
    );
  }
  if (request.error) return <ErrorAlert error={request.error} onReload={() => request.refetch()} />;
  const r = request.data;
  const type = typeOf(r.typeId);
  const team = teams.data?.find((item) => item.id === r.teamId);
  const canWork = canWorkRequest(user, r);

  return (
    <Stack gap="md" data-testid="request-detail" data-request-id={r.id}>
      <Stack gap={4}>
        <Title order={headingOrder} size="h3" data-testid="request-detail-subject" style={{ overflowWrap: 'anywhere' }}>
          {r.subject}
        </Title>
        <Group gap={6}>
          <RequestStatusBadge request={r} type={type} />
          <PriorityBadge priority={r.priority} />
          <Text size="sm" c="dimmed">
            {localLabel(type, lang, '…')}
            {team ? ` · ${team.name}` : ''}
          </Text>
        </Group>
        <DeadlineMarks request={r} />
        <Group gap="xs">
          {(r.personId || r.organisationId) && <RecordLink personId={r.personId} organisationId={r.organisationId} />}
          <Text size="xs" c="dimmed">
            {t('requests.openedBy', { name: nameOf(r.openedBy) || '…', date: formatDateTime(r.createdAt) })}
          </Text>
        </Group>
        <RecordPhones personId={r.personId} organisationId={r.organisationId} />
      </Stack>

      {r.description && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="request-description">
          {r.description}
        </Text>
      )}
      {type && type.definition.fields.some((field) => r.fields[field.key] !== undefined && r.fields[field.key] !== null && r.fields[field.key] !== '') && (
        <Stack gap={2} data-testid="request-fields">
          {type.definition.fields
            .filter((field) => r.fields[field.key] !== undefined && r.fields[field.key] !== null && r.fields[field.key] !== '')
            .map((field) => (
              <Text key={field.key} size="sm">
                <Text span c="dimmed" size="sm">
                  {localLabel(field, lang, field.key)} :{' '}
                </Text>
                {String(r.fields[field.key])}
              </Text>
            ))}
        </Stack>
      )}
      {!r.open && (
        <Card withBorder padding="sm" bg="teal.0" data-testid="request-closure">
          <Text size="sm" fw={600}>
            {t('requests.closedOn', { status: statusLabel(type, r.status, lang), date: formatDateTime(r.closedAt) })}
          </Text>
          {r.resolutionNote && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="request-detail-resolution">
              {r.resolutionNote}
            </Text>
          )}
        </Card>
      )}

      {/* Taking, moving and commenting are for its team, its assignee and who opened it (the
          server's rule): others follow it here, rather than meet "not allowed" on each click. */}
      {canWork ? (
        <>
          {type && <RequestWork request={r} type={type} headingOrder={headingOrder === 1 ? 2 : 4} />}
          <Divider />
          <CommentForm requestId={r.id} />
        </>
      ) : (
        <Text size="sm" c="dimmed" data-testid="request-follow-only">
          {t('requests.followOnly', { team: team?.name ?? '…' })}
        </Text>
      )}
      <Divider />
      <RequestHistory history={r.history} type={type} headingOrder={headingOrder === 1 ? 2 : 4} />
    </Stack>
  );
}

/** Take, reassign and move along the workflow. */
function RequestWork({ request, type, headingOrder }: { request: RequestWithHistory; type: RequestType; headingOrder: 2 | 4 }) {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const { users } = useUsers();
  const { take, update } = useRequestActions();
  const teams = useTeams();
  const [target, setTarget] = useState<string | null>(null);
  const targetDef = type.definition.statuses.find((status) => status.key === target);
  // The workflow may name the statuses that follow this one; otherwise any other status.
  const allowedNext = type.definition.statuses.find((status) => status.key === request.status)?.next;
  const nextStatuses = type.definition.statuses.filter((status) => status.key !== request.status && (!allowedNext || allowedNext.includes(status.key)));
  // The request's team first, then everyone else.
  const members = users.filter((u) => u.teamId === request.teamId);
  const others = users.filter((u) => u.teamId !== request.teamId);
  const userLabel = (u: { id: string; name: string }) => (u.id === user?.id ? t('requests.me', { name: u.name }) : u.name);

  return (
    <Stack gap="sm" data-testid="request-work">
      <Group gap="xs" align="flex-end" wrap="wrap">
        {/* A closed request is not taken: reopening it is a step of its workflow, below. */}
        {request.open && request.assigneeId !== user?.id && (
          <Button size="sm" onClick={() => take.mutate(request.id)} loading={take.isPending} data-testid="request-take">
            {t('requests.take')}
          </Button>
        )}
        <NativeSelect
          size="sm"
          label={t('requests.assignee')}
          value={request.assigneeId ?? ''}
          onChange={(event) => update.mutate({ id: request.id, assigneeId: event.currentTarget.value || null, version: request.version })}
          data={[
            { value: '', label: t('requests.unassigned') },
            ...(members.length ? [{ group: t('requests.teamMembers'), items: members.map((u) => ({ value: u.id, label: userLabel(u) })) }] : []),
            ...(others.length ? [{ group: t('requests.otherUsers'), items: others.map((u) => ({ value: u.id, label: userLabel(u) })) }] : []),
          ]}
          disabled={update.isPending}
          data-testid="request-reassign"
        />
        <NativeSelect
          size="sm"
          label={t('requests.team')}
          description={t('requests.teamHint')}
          value={request.teamId}
          onChange={(event) => update.mutate({ id: request.id, teamId: event.currentTarget.value, version: request.version })}
          data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
          disabled={update.isPending}
          data-testid="request-team"
        />
      </Group>
      {update.error && <ErrorAlert error={update.error} onReload={() => update.reset()} />}
      {/* A final step its workflow leads nowhere from: no "reopen to" with nothing after it. */}
      {nextStatuses.length > 0 && (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {request.open ? t('requests.nextStep') : t('requests.reopenStep')}
          </Text>
          <Group gap="xs" wrap="wrap">
            {nextStatuses.map((status) => (
              <Button
                key={status.key}
                size="xs"
                variant={target === status.key ? 'filled' : status.terminal ? 'light' : 'default'}
                color={status.terminal ? 'teal' : undefined}
                onClick={() => setTarget(status.key)}
                data-testid={`transition-to-${status.key}`}
              >
                {localLabel(status, lang, status.key)}
                {status.required.length > 0 ? ' *' : ''}
              </Button>
            ))}
          </Group>
        </Stack>
      )}
      {targetDef && (
        <Card withBorder padding="sm">
          <TransitionForm key={`${targetDef.key}-${request.id}`} request={request} type={type} target={targetDef} headingOrder={headingOrder} onDone={() => setTarget(null)} onCancel={() => setTarget(null)} />
        </Card>
      )}
    </Stack>
  );
}

function CommentForm({ requestId }: { requestId: string }) {
  const { t } = useI18n();
  const { comment } = useRequestActions();
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(true);
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!body.trim() || comment.isPending) return;
    comment.mutate({ id: requestId, body: body.trim(), internal }, { onSuccess: () => setBody('') });
  };
  return (
    <form onSubmit={submit} data-testid="request-comment-form">
      <Stack gap="xs">
        <Textarea
          label={t('requests.comment')}
          autosize
          minRows={2}
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          onKeyDown={getHotkeyHandler([['mod+Enter', () => submit()]])}
          data-testid="request-comment"
        />
        <Group justify="space-between">
          <Checkbox label={t('requests.internal')} checked={internal} onChange={(event) => setInternal(event.currentTarget.checked)} data-testid="request-comment-internal" />
          <Button type="submit" size="xs" variant="light" loading={comment.isPending} disabled={!body.trim()} data-testid="request-comment-submit">
            {t('requests.addComment')}
          </Button>
        </Group>
        {comment.error && <ErrorAlert error={comment.error} />}
      </Stack>
    </form>
  );
}

/** What happened to the request, oldest first. */
export function RequestHistory({ history, type, headingOrder }: { history: RequestHistoryEntry[]; type: RequestType | undefined; headingOrder: 2 | 4 }) {
  const { t, lang, formatDateTime } = useI18n();
  const { nameOf } = useUsers();
  const teams = useTeams();
  const actor = (entry: RequestHistoryEntry) => (entry.actorId ? nameOf(entry.actorId) || '…' : t('requests.system'));
  const describe = (entry: RequestHistoryEntry): string => {
    switch (entry.kind) {
      case 'created':
        return t('requests.history.created', { name: actor(entry) });
      case 'assigned':
        if (!entry.body) return t('requests.history.unassigned', { name: actor(entry) });
        // Given to oneself: taken.
        return entry.body === entry.actorId ? t('requests.history.taken', { name: actor(entry) }) : t('requests.history.assigned', { name: actor(entry), to: nameOf(entry.body) || '…' });
      case 'status':
        return t('requests.history.status', { name: actor(entry), from: statusLabel(type, entry.fromStatus, lang), to: statusLabel(type, entry.toStatus, lang) });
      case 'comment':
        return t('requests.history.comment', { name: actor(entry) });
      case 'team':
        return t('requests.history.team', { name: actor(entry), team: teams.data?.find((team) => team.id === entry.body)?.name ?? '…' });
      case 'warning':
        return t('requests.history.warning');
      case 'escalated':
        return t('requests.history.escalated');
      default:
        return t('requests.history.updated', { name: actor(entry) });
    }
  };
  return (
    <Stack gap="xs">
      {/* One level below the request's title, whether on its page (h1) or in a drawer (h3). */}
      <Title order={headingOrder} size="h5">{t('requests.history')}</Title>
      <Timeline bulletSize={12} lineWidth={2} data-testid="request-history">
        {history.map((entry) => (
          <Timeline.Item
            key={entry.id}
            data-testid="request-history-item"
            data-kind={entry.kind}
            title={
              <Group gap={6}>
                <Text size="sm">{describe(entry)}</Text>
                {entry.kind === 'comment' && entry.internal && (
                  <Badge size="xs" variant="outline" color="gray">
                    {t('requests.internalBadge')}
                  </Badge>
                )}
              </Group>
            }
          >
            {entry.body && entry.kind !== 'assigned' && entry.kind !== 'team' && entry.kind !== 'warning' && entry.kind !== 'escalated' && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {entry.body}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {formatDateTime(entry.at)}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </Stack>
  );
}

/** The request detail in a side drawer (full width on a phone). */
export function RequestDrawer({ requestId, onClose }: { requestId: string | null; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <DetailDrawer opened={requestId !== null} onClose={onClose} title={t('requests.detailTitle')} testId="request-drawer">
      {requestId && <RequestDetail requestId={requestId} />}
    </DetailDrawer>
  );
}
