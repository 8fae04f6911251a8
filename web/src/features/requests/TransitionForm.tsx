import { useRef, useState, type FormEvent } from 'react';
import { Alert, Button, Group, Kbd, NativeSelect, Stack, Text, Textarea, Title } from '@mantine/core';
import { getHotkeyHandler } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useI18n } from '../../i18n/useI18n.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { ApiError } from '../../lib/ApiError.js';
import { useAuth } from '../../auth/useAuth.js';
import { useUsers } from '../users/useUsers.js';
import { localLabel } from './labels.js';
import { fromFieldValues, requiredMessage, toFieldValues, TypeFieldInput } from './TypeFieldInput.js';
import type { HandOffRequest, RequestStatusDef, RequestType } from './types.js';
import { useRequestActions } from './useRequests.js';

interface TransitionFormProps {
  request: HandOffRequest;
  type: RequestType;
  target: RequestStatusDef;
  /** One level below the request's title: on its page (h1) or in a drawer (h3). */
  headingOrder: 2 | 4;
  onDone: () => void;
  onCancel: () => void;
}

const isEmpty = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/**
 * Moves a request to `target`: the fields that status requires are marked, the resolution note is
 * asked for when closing, and a refusal (400) names the missing fields beside their inputs.
 */
export function TransitionForm({ request, type, target, headingOrder, onDone, onCancel }: TransitionFormProps) {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const { users } = useUsers();
  const { transition, update } = useRequestActions();
  const [fields, setFields] = useState<Record<string, string>>(() => fromFieldValues(request.fields));
  const [resolutionNote, setResolutionNote] = useState(request.resolutionNote ?? '');
  const [description, setDescription] = useState(request.description ?? '');
  const [assigneeId, setAssigneeId] = useState(request.assigneeId ?? '');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const submitting = useRef(false);
  const targetName = localLabel(target, lang, target.key);

  // Paths named by the server's refusal: shown even if the type changed since it was loaded.
  const issues = error instanceof ApiError ? error.issues : [];
  const errorOf = (path: string) => requiredMessage(issues.find((issue) => issue.path === path)?.message, targetName, t);
  const required = new Set(target.required);
  const wanted = new Set([...target.required, ...issues.map((issue) => issue.path)]);
  const typeFields = type.definition.fields.filter((field) => wanted.has(`fields.${field.key}`));
  const showResolution = target.terminal || wanted.has('resolutionNote');
  const showDescription = wanted.has('description');
  const showAssignee = wanted.has('assigneeId');
  const missingCustomer = (['personId', 'organisationId'] as const).filter((path) => wanted.has(path) && isEmpty(request[path]));
  const shownPaths = new Set([...typeFields.map((f) => `fields.${f.key}`), ...(showResolution ? ['resolutionNote'] : []), ...(showDescription ? ['description'] : []), ...(showAssignee ? ['assigneeId'] : [])]);
  const labelOfPath = (path: string) => {
    if (path.startsWith('fields.')) return localLabel(type.definition.fields.find((f) => f.key === path.slice(7)), lang, path.slice(7));
    if (path === 'resolutionNote') return t('requests.resolutionNote');
    if (path === 'description') return t('requests.description');
    if (path === 'assigneeId') return t('requests.assignee');
    if (path === 'personId' || path === 'organisationId') return t('requests.customer');
    return path;
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (submitting.current) return;
    submitting.current = true;
    setPending(true);
    setError(null);
    try {
      let version = request.version;
      // Description and assignee are not part of a transition: set them first when this status needs them.
      const patch: { description?: string; assigneeId?: string } = {};
      if (showDescription && description.trim() !== (request.description ?? '')) patch.description = description.trim();
      if (showAssignee && assigneeId && assigneeId !== request.assigneeId) patch.assigneeId = assigneeId;
      if (Object.keys(patch).length) version = (await update.mutateAsync({ id: request.id, ...patch, version })).version;
      const changedFields = toFieldValues(
        type.definition.fields,
        Object.fromEntries(Object.entries(fields).filter(([key, value]) => value !== (fromFieldValues(request.fields)[key] ?? ''))),
      );
      await transition.mutateAsync({
        id: request.id,
        status: target.key,
        version,
        ...(showResolution && resolutionNote.trim() && { resolutionNote: resolutionNote.trim() }),
        ...(Object.keys(changedFields).length > 0 && { fields: changedFields }),
        ...(note.trim() && { note: note.trim() }),
      });
      notifications.show({ color: 'teal', message: t('requests.moved', { status: targetName }), 'data-testid': 'transition-done' });
      onDone();
    } catch (cause) {
      setError(cause);
    } finally {
      submitting.current = false;
      setPending(false);
    }
  };

  const missingNamed = issues.filter((issue) => issue.message.startsWith('required'));
  const isShown = (path: string) => shownPaths.has(path) || missingNamed.some((issue) => issue.path === path);

  return (
    <form onSubmit={submit} onKeyDown={getHotkeyHandler([['mod+Enter', () => void submit()]])} data-testid="transition-form" data-target={target.key}>
      <Stack gap="sm">
        <Title order={headingOrder} size="h5">{target.terminal ? t('requests.closeAs', { status: targetName }) : t('requests.moveTo', { status: targetName })}</Title>
        {target.required.length > 0 && missingNamed.length === 0 && (
          <Text size="xs" c="dimmed">
            {t('requests.requiredHint', { fields: target.required.map(labelOfPath).join(', ') })}
          </Text>
        )}
        {missingNamed.length > 0 && (
          <Alert color="red" variant="light" data-testid="transition-missing" role="alert">
            {t('requests.missingFor', { status: targetName, fields: missingNamed.map((issue) => labelOfPath(issue.path)).join(', ') })}
          </Alert>
        )}
        {typeFields.map((field) => (
          <TypeFieldInput
            key={field.key}
            field={field}
            value={fields[field.key] ?? ''}
            onChange={(value) => setFields((current) => ({ ...current, [field.key]: value }))}
            required={required.has(`fields.${field.key}`)}
            error={errorOf(`fields.${field.key}`)}
            testId={`transition-field-${field.key}`}
          />
        ))}
        {showDescription && (
          <Textarea
            label={t('requests.description')}
            withAsterisk={required.has('description')}
            autosize
            minRows={2}
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
            error={errorOf('description')}
            errorProps={{ 'data-testid': 'transition-description-error' }}
            data-testid="transition-description"
          />
        )}
        {showAssignee && (
          <NativeSelect
            label={t('requests.assignee')}
            withAsterisk={required.has('assigneeId')}
            value={assigneeId}
            onChange={(event) => setAssigneeId(event.currentTarget.value)}
            data={[{ value: '', label: t('requests.unassigned') }, ...users.map((u) => ({ value: u.id, label: u.id === user?.id ? t('requests.me', { name: u.name }) : u.name }))]}
            error={errorOf('assigneeId')}
            errorProps={{ 'data-testid': 'transition-assignee-error' }}
            data-testid="transition-assignee"
          />
        )}
        {missingCustomer.length > 0 && (
          <Text size="sm" c="red" data-testid="transition-customer-missing">
            {t('requests.customerMissing')}
          </Text>
        )}
        {showResolution && (
          <Textarea
            label={t('requests.resolutionNote')}
            description={t('requests.resolutionNoteHint')}
            withAsterisk={required.has('resolutionNote')}
            autosize
            minRows={3}
            value={resolutionNote}
            onChange={(event) => setResolutionNote(event.currentTarget.value)}
            error={errorOf('resolutionNote')}
            errorProps={{ 'data-testid': 'transition-resolution-note-error' }}
            data-autofocus
            data-testid="transition-resolution-note"
          />
        )}
        {!target.terminal && (
          <Textarea
            label={t('requests.transitionNote')}
            autosize
            minRows={2}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            data-testid="transition-note"
          />
        )}
        {Boolean(error) && !(issues.length > 0 && issues.every((issue) => isShown(issue.path))) && <ErrorAlert error={error} isShown={isShown} />}
        <Group justify="space-between">
          <Text size="xs" c="dimmed" visibleFrom="sm">
            <Kbd size="xs">Ctrl</Kbd> + <Kbd size="xs">Enter</Kbd>
          </Text>
          <Group gap="xs">
            {/* "Retour", not "Annuler": beside "Clôturer en « Annulée »" the two read alike. */}
            <Button variant="default" onClick={onCancel} data-testid="transition-back">
              {t('common.back')}
            </Button>
            <Button type="submit" loading={pending} data-testid="transition-submit">
              {target.terminal ? t('requests.closeAs', { status: targetName }) : t('requests.moveTo', { status: targetName })}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
