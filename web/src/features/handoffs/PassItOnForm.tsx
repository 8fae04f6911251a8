import { useEffect, useMemo, useRef, useState, type FormEvent, type RefObject } from 'react';
import { Alert, Button, CloseButton, Group, Kbd, Modal, NativeSelect, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { getHotkeyHandler, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useI18n } from '../../i18n/useI18n.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { ApiError } from '../../lib/ApiError.js';
import type { Channel } from '../../lib/types.js';
import { useAuth } from '../../auth/useAuth.js';
import { useUsers } from '../users/useUsers.js';
import { localLabel } from '../requests/labels.js';
import { requiredMessage, TypeFieldInput } from '../requests/TypeFieldInput.js';
import { parseDecimal, toFieldValues } from '../requests/fieldValues.js';
import { PRIORITIES, type HandOffRequest, type Priority } from '../requests/types.js';
import { useRequestActions, useRequestTypes, useTeams } from '../requests/useRequests.js';
import { LEAD_SOURCES, type Lead, type LeadSource } from '../leads/types.js';
import { useLeadActions } from '../leads/useLeads.js';
import { isPhoneNumber } from '../../../../common/phone-display.js';
import { DiscardQuestion } from '../timeline/fields/DiscardQuestion.js';
import { useDiscardQuestion } from '../timeline/fields/useDiscardQuestion.js';

export type HandOffKind = 'request' | 'lead';

/** The conversation being passed on (e.g. the call just taken), shown and linked to what is created. */
export interface HandOffInteraction {
  id: string;
  channel?: Channel | string;
  occurredAt?: string;
  summary?: string | null;
}

export type HandOffResult = { kind: 'request'; request: HandOffRequest } | { kind: 'lead'; lead: Lead };

export interface PassItOnProps {
  /** The customer: a person, an organisation, or both (a person within an organisation). */
  personId?: string | null;
  organisationId?: string | null;
  /** The customer's name, shown in the title. */
  recordName?: string;
  /** The conversation being passed on; its summary pre-fills the subject. */
  interaction?: HandOffInteraction | null;
  /** Which form opens first (default: request). */
  defaultKind?: HandOffKind;
  /** Subject / interest to start from when there is no interaction summary. */
  defaultSubject?: string;
  /** Lead source; default `call` when the interaction is a call, else `front_desk` for the front desk, else `colleague`. */
  defaultSource?: LeadSource;
  /** After the request or lead was created (the form already showed a confirmation). */
  onDone?: (result: HandOffResult) => void;
  onCancel?: () => void;
  /** Set at each render to whether closing would lose something typed (the modal then asks first). */
  typedRef?: RefObject<boolean>;
}

interface RequestDraft {
  typeId: string;
  teamId: string;
  subject: string;
  priority: Priority;
  description: string;
  fields: Record<string, string>;
}

interface LeadDraft {
  interest: string;
  potential: string;
  suggestedOwnerId: string;
  source: LeadSource;
  note: string;
}

/**
 * "Pass it on": turns the current conversation into a request for a team (type, subject,
 * priority, the type's own fields with the required ones marked) or a lead for sales (interest,
 * potential, suggested owner), linked to the customer and the interaction. Ctrl+Enter sends.
 */
export function PassItOnForm({ personId, organisationId, interaction, defaultKind = 'request', defaultSubject = '', defaultSource, onDone, onCancel, typedRef }: PassItOnProps) {
  const { t, lang, formatDateTime } = useI18n();
  const { user } = useAuth();
  const { users } = useUsers();
  const { types, isPending: typesPending } = useRequestTypes();
  const teams = useTeams();
  const requests = useRequestActions();
  const leads = useLeadActions();
  const [kind, setKind] = useState<HandOffKind>(defaultKind);
  const [linked, setLinked] = useState<HandOffInteraction | null>(interaction ?? null);
  // A phone system's call is titled with the caller's number until someone writes what it was about: not a subject.
  const summary = interaction?.summary?.trim() ?? '';
  const startText = (isPhoneNumber(summary) ? '' : summary) || defaultSubject;
  const source: LeadSource =
    defaultSource ?? (interaction?.channel === 'call' ? 'call' : user?.role === 'frontdesk' ? 'front_desk' : 'colleague');
  const [request, setRequest] = useState<RequestDraft>({ typeId: '', teamId: '', subject: startText, priority: 'normal', description: '', fields: {} });
  const [lead, setLead] = useState<LeadDraft>({ interest: startText, potential: '', suggestedOwnerId: '', source, note: '' });
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const submitting = useRef(false);
  const firstInput = useRef<HTMLSelectElement | HTMLInputElement | null>(null);

  useEffect(() => setLinked(interaction ?? null), [interaction]);
  // Whether closing would lose something typed (the subject the call gave is not typed).
  const typed =
    request.subject !== startText || request.description.trim() !== '' || Object.values(request.fields).some((value) => value.trim() !== '') ||
    lead.interest !== startText || lead.potential.trim() !== '' || lead.note.trim() !== '';
  // A ref, not state lifted up by an effect: an Escape pressed right after typing must see it.
  if (typedRef) typedRef.current = typed;
  // The first request type is the starting choice; typing its first letters picks another.
  useEffect(() => {
    if (!request.typeId && types.length > 0) setRequest((r) => ({ ...r, typeId: types[0].id }));
  }, [types, request.typeId]);
  // Switching between request and lead puts the cursor in the first field of the other form.
  useEffect(() => {
    firstInput.current?.focus();
    setError(null);
  }, [kind]);

  const type = types.find((item) => item.id === request.typeId);
  const initial = type?.definition.statuses[0];
  const required = useMemo(() => new Set(initial?.required ?? []), [initial]);
  const initialName = localLabel(initial, lang, initial?.key ?? '');
  const issues = error instanceof ApiError ? error.issues : [];
  const errorOf = (path: string) => requiredMessage(issues.find((issue) => issue.path === path)?.message, initialName, t);
  const sellers = users.filter((u) => u.role === 'sales' || u.role === 'manager' || u.role === 'admin');
  const shownRequestPaths = new Set(['typeId', 'teamId', 'subject', 'priority', 'description', ...(type?.definition.fields.map((f) => `fields.${f.key}`) ?? [])]);
  const shownLeadPaths = new Set(['interest', 'potential', 'suggestedOwnerId', 'source', 'note']);
  const customerMissing = !personId && !organisationId;
  const potentialInvalid = Number.isNaN(parseDecimal(lead.potential));

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (submitting.current || (kind === 'lead' && potentialInvalid)) return;
    submitting.current = true;
    setPending(true);
    setError(null);
    try {
      let result: HandOffResult;
      if (kind === 'request') {
        const created = await requests.create.mutateAsync({
          typeId: request.typeId,
          subject: request.subject.trim(),
          priority: request.priority,
          ...(request.description.trim() && { description: request.description.trim() }),
          ...(request.teamId && { teamId: request.teamId }),
          ...(personId && { personId }),
          ...(organisationId && { organisationId }),
          ...(linked && { interactionId: linked.id }),
          fields: Object.fromEntries(Object.entries(toFieldValues(type?.definition.fields ?? [], request.fields)).filter(([, value]) => value !== null)),
        });
        const team = teams.data?.find((item) => item.id === created.teamId);
        notifications.show({ color: 'teal', message: t('passItOn.requestDone', { team: team?.name ?? '' }), 'data-testid': 'pass-it-on-done' });
        result = { kind: 'request', request: created };
      } else {
        const potential = parseDecimal(lead.potential);
        const created = await leads.create.mutateAsync({
          source: lead.source,
          interest: lead.interest.trim(),
          ...(potential !== undefined && { potential }),
          ...(lead.suggestedOwnerId && { suggestedOwnerId: lead.suggestedOwnerId }),
          ...(lead.note.trim() && { note: lead.note.trim() }),
          ...(personId && { personId }),
          ...(organisationId && { organisationId }),
          ...(linked && { interactionId: linked.id }),
        });
        const owner = users.find((u) => u.id === created.ownerId)?.name ?? '';
        notifications.show({ color: 'teal', message: t('passItOn.leadDone', { owner }), 'data-testid': 'pass-it-on-done' });
        result = { kind: 'lead', lead: created };
      }
      onDone?.(result);
    } catch (cause) {
      setError(cause);
    } finally {
      submitting.current = false;
      setPending(false);
    }
  };

  const shown = kind === 'request' ? shownRequestPaths : shownLeadPaths;
  const allShown = issues.length > 0 && issues.every((issue) => shown.has(issue.path));
  const noTypes = !typesPending && types.length === 0;

  return (
    <form onSubmit={submit} onKeyDown={getHotkeyHandler([['mod+Enter', () => void submit()]])} data-testid="pass-it-on-form" data-kind={kind}>
      <Stack gap="sm">
        <SegmentedControl
          fullWidth
          value={kind}
          onChange={(value) => setKind(value as HandOffKind)}
          data={[
            { value: 'request', label: t('passItOn.request') },
            { value: 'lead', label: t('passItOn.lead') },
          ]}
          aria-label={t('passItOn.kind')}
          data-testid="pass-it-on-kind"
        />
        {linked && (
          <Group gap="xs" wrap="nowrap" data-testid="pass-it-on-interaction">
            <Text size="xs" c="dimmed" style={{ flex: 1, minWidth: 0 }} truncate>
              {t('passItOn.from', {
                what: [linked.channel && t(`channel.${linked.channel as Channel}`), linked.occurredAt && formatDateTime(linked.occurredAt), linked.summary].filter(Boolean).join(' · ') || t('passItOn.currentConversation'),
              })}
            </Text>
            <CloseButton size="sm" aria-label={t('passItOn.unlink')} onClick={() => setLinked(null)} data-testid="pass-it-on-unlink" />
          </Group>
        )}
        {customerMissing && (
          <Text size="sm" c="orange" data-testid="pass-it-on-no-customer">
            {t('passItOn.noCustomer')}
          </Text>
        )}

        {kind === 'request' ? (
          <>
            {noTypes && (
              <Alert color="orange" variant="light" data-testid="pass-it-on-no-types">
                {t('passItOn.noTypes')}
              </Alert>
            )}
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              <NativeSelect
                ref={(element) => {
                  if (kind === 'request') firstInput.current = element;
                }}
                label={t('passItOn.type')}
                value={request.typeId}
                onChange={(event) => {
                  const typeId = event.currentTarget.value;
                  setRequest((r) => ({ ...r, typeId, teamId: '' }));
                }}
                data={types.map((item) => ({ value: item.id, label: localLabel(item, lang, item.key) }))}
                error={errorOf('typeId')}
                data-autofocus
                data-testid="pass-request-type"
              />
              <NativeSelect
                label={t('passItOn.team')}
                value={request.teamId}
                onChange={(event) => {
                  const teamId = event.currentTarget.value;
                  setRequest((r) => ({ ...r, teamId }));
                }}
                data={[
                  { value: '', label: t('passItOn.typeTeam', { team: teams.data?.find((item) => item.id === type?.teamId)?.name ?? t('common.none') }) },
                  ...(teams.data ?? []).map((team) => ({ value: team.id, label: team.name })),
                ]}
                error={errorOf('teamId')}
                data-testid="pass-request-team"
              />
            </SimpleGrid>
            <TextInput
              label={t('passItOn.subject')}
              withAsterisk
              value={request.subject}
              onChange={(event) => {
                const subject = event.currentTarget.value;
                setRequest((r) => ({ ...r, subject }));
              }}
              error={errorOf('subject')}
              data-testid="pass-request-subject"
            />
            <Stack gap={4}>
              <Text size="sm" fw={500} id="pass-request-priority-label">
                {t('passItOn.priority')}
              </Text>
              <SegmentedControl
                fullWidth
                value={request.priority}
                onChange={(value) => setRequest((r) => ({ ...r, priority: value as Priority }))}
                data={PRIORITIES.map((priority) => ({ value: priority, label: t(`requests.priority.${priority}`) }))}
                aria-labelledby="pass-request-priority-label"
                data-testid="pass-request-priority"
              />
            </Stack>
            {type?.definition.fields.map((field) => (
              <TypeFieldInput
                key={`${type.id}-${field.key}`}
                field={field}
                value={request.fields[field.key] ?? ''}
                onChange={(value) => setRequest((r) => ({ ...r, fields: { ...r.fields, [field.key]: value } }))}
                required={required.has(`fields.${field.key}`)}
                error={errorOf(`fields.${field.key}`)}
                testId={`pass-request-field-${field.key}`}
              />
            ))}
            <Textarea
              label={t('requests.description')}
              withAsterisk={required.has('description')}
              autosize
              minRows={2}
              value={request.description}
              onChange={(event) => {
                const description = event.currentTarget.value;
                setRequest((r) => ({ ...r, description }));
              }}
              error={errorOf('description')}
              data-testid="pass-request-description"
            />
          </>
        ) : (
          <>
            <TextInput
              ref={(element) => {
                if (kind === 'lead') firstInput.current = element;
              }}
              label={t('passItOn.interest')}
              placeholder={t('passItOn.interestPlaceholder')}
              withAsterisk
              value={lead.interest}
              onChange={(event) => {
                const interest = event.currentTarget.value;
                setLead((l) => ({ ...l, interest }));
              }}
              error={errorOf('interest')}
              data-testid="pass-lead-interest"
            />
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              <TextInput
                label={t('passItOn.potential')}
                inputMode="decimal"
                value={lead.potential}
                onChange={(event) => {
                  const potential = event.currentTarget.value;
                  setLead((l) => ({ ...l, potential }));
                }}
                error={potentialInvalid ? t('passItOn.potentialInvalid') : errorOf('potential')}
                data-testid="pass-lead-potential"
              />
              <NativeSelect
                label={t('passItOn.source')}
                value={lead.source}
                onChange={(event) => {
                  const value = event.currentTarget.value as LeadSource;
                  setLead((l) => ({ ...l, source: value }));
                }}
                data={LEAD_SOURCES.map((item) => ({ value: item, label: t(`leads.source.${item}`) }))}
                data-testid="pass-lead-source"
              />
            </SimpleGrid>
            <NativeSelect
              label={t('passItOn.suggestedOwner')}
              value={lead.suggestedOwnerId}
              onChange={(event) => {
                const suggestedOwnerId = event.currentTarget.value;
                setLead((l) => ({ ...l, suggestedOwnerId }));
              }}
              data={[{ value: '', label: t('passItOn.routing') }, ...sellers.map((u) => ({ value: u.id, label: u.name }))]}
              error={errorOf('suggestedOwnerId')}
              data-testid="pass-lead-owner"
            />
            <Textarea
              label={t('passItOn.note')}
              autosize
              minRows={2}
              value={lead.note}
              onChange={(event) => {
                const note = event.currentTarget.value;
                setLead((l) => ({ ...l, note }));
              }}
              data-testid="pass-lead-note"
            />
          </>
        )}

        {Boolean(error) && !allShown && (
          <ErrorAlert error={error} isShown={(path) => shown.has(path)} />
        )}
        {error instanceof ApiError && error.code === 'CONFLICT' && kind === 'lead' && (
          <Text size="sm" c="red" data-testid="pass-lead-no-owner">
            {t('passItOn.noSeller')}
          </Text>
        )}
        <Group justify="space-between">
          <Text size="xs" c="dimmed" visibleFrom="sm">
            <Kbd size="xs">Ctrl</Kbd> + <Kbd size="xs">Enter</Kbd> {t('passItOn.submitHint')}
          </Text>
          <Group gap="xs">
            {onCancel && (
              <Button variant="default" onClick={onCancel}>
                {t('common.cancel')}
              </Button>
            )}
            <Button type="submit" loading={pending} disabled={kind === 'request' && noTypes} data-testid="pass-it-on-submit">
              {kind === 'request' ? t('passItOn.sendRequest') : t('passItOn.sendLead')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

export interface PassItOnModalProps extends PassItOnProps {
  opened: boolean;
  onClose: () => void;
}

/** PassItOnForm in a modal (full screen on a phone); closes itself once the hand-off is created. */
export function PassItOnModal({ opened, onClose, onDone, recordName, ...props }: PassItOnModalProps) {
  const { t } = useI18n();
  const isPhone = useMediaQuery('(max-width: 48em)');
  // Escape, a click outside or the close button ask before losing what was typed, often during a call.
  const typed = useRef(false);
  const question = useDiscardQuestion({ opened, hasInput: () => opened && typed.current, onDiscard: onClose, fallbackTestId: 'pass-request-subject' });
  return (
    <>
      <Modal
        opened={opened}
        onClose={question.requestClose}
        size="lg"
        fullScreen={isPhone}
        title={recordName ? t('passItOn.titleFor', { name: recordName }) : t('passItOn.title')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        data-testid="pass-it-on"
      >
        {opened && (
          <div onFocus={question.trackFocus}>
            <PassItOnForm
              {...props}
              recordName={recordName}
              typedRef={typed}
              onCancel={onClose}
              onDone={(result) => {
                onDone?.(result);
                onClose();
              }}
            />
          </div>
        )}
      </Modal>
      {question.asking && <DiscardQuestion kind="typed" onDiscard={question.discard} onKeepEditing={question.keepEditing} />}
    </>
  );
}
