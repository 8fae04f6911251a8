import { useEffect, useState, type FormEvent } from 'react';
import { Button, Modal, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { getHotkeyHandler } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useI18n } from '../../i18n/useI18n.js';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FormActions } from '../../components/FormActions.js';
import { ApiError } from '../../lib/ApiError.js';
import { useUsers } from '../users/useUsers.js';
import { localLabel } from '../requests/labels.js';
import { RecordLink } from '../tasks/RecordLink.js';
import type { Lead } from './types.js';
import { useLeadActions, useLeadSettings } from './useLeads.js';

/** The owner's decisions: accept, convert (once confirmed: it cannot be undone), or reject with a reason from the configured list. */
export function LeadDecision({ lead }: { lead: Lead }) {
  const { t } = useI18n();
  const { transition } = useLeadActions();
  const [rejecting, setRejecting] = useState(false);
  const [converting, setConverting] = useState(false);
  if (lead.status === 'converted' || lead.status === 'rejected') return null;
  const decide = (status: 'accepted' | 'converted') =>
    transition.mutate(
      { id: lead.id, status, version: lead.version },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: t(status === 'accepted' ? 'leads.acceptedDone' : 'leads.convertedDone'), 'data-testid': 'lead-decided' }),
        onSettled: () => setConverting(false),
      },
    );
  return (
    <>
      {lead.status === 'new' && (
        <Button size="xs" variant="light" onClick={() => decide('accepted')} loading={transition.isPending && transition.variables?.status === 'accepted'} data-testid="lead-accept">
          {t('leads.accept')}
        </Button>
      )}
      <Button size="xs" variant="light" color="teal" onClick={() => setConverting(true)} data-testid="lead-convert">
        {t('leads.convert')}
      </Button>
      <Button size="xs" variant="light" color="red" onClick={() => setRejecting(true)} data-testid="lead-reject">
        {t('leads.reject')}
      </Button>
      {transition.error && !rejecting && !converting && <ErrorAlert error={transition.error} onReload={() => transition.reset()} />}
      {converting && (
        <ConfirmModal
          title={t('leads.convertTitle', { interest: lead.interest })}
          confirmLabel={t('leads.convert')}
          color="teal"
          pending={transition.isPending}
          onConfirm={() => decide('converted')}
          onClose={() => {
            setConverting(false);
            transition.reset();
          }}
          testId="lead-convert"
        >
          {(lead.personId || lead.organisationId) && <RecordLink personId={lead.personId} organisationId={lead.personId ? null : lead.organisationId} />}
          <Text size="sm">{t('leads.convertText')}</Text>
          {transition.error && <ErrorAlert error={transition.error} />}
        </ConfirmModal>
      )}
      <RejectLeadModal lead={rejecting ? lead : null} onClose={() => setRejecting(false)} />
    </>
  );
}

/** Rejecting needs a reason from the configured list; the note tells the originator more. */
export function RejectLeadModal({ lead, onClose }: { lead: Lead | null; onClose: () => void }) {
  const { t, lang } = useI18n();
  const settings = useLeadSettings();
  const { transition } = useLeadActions();
  const resetTransition = transition.reset;
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  useEffect(() => {
    setReason('');
    setNote('');
    resetTransition();
  }, [lead?.id, resetTransition]);
  const reasons = settings.data?.rejectReasons ?? [];
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!lead || transition.isPending) return;
    transition.mutate(
      { id: lead.id, status: 'rejected', reason: reason || undefined, note: note.trim() || undefined, version: lead.version },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('leads.rejectedDone'), 'data-testid': 'lead-decided' });
          onClose();
        },
      },
    );
  };
  const reasonError = transition.error instanceof ApiError && transition.error.issues.some((issue) => issue.path === 'reason');
  return (
    <Modal opened={lead !== null} onClose={onClose} title={lead ? t('leads.rejectTitle', { interest: lead.interest }) : ''} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} onKeyDown={getHotkeyHandler([['mod+Enter', () => submit()]])} data-testid="lead-reject-form">
        <Stack>
          <NativeSelect
            label={t('leads.reason')}
            withAsterisk
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            data={[{ value: '', label: t('leads.pickReason') }, ...reasons.map((item) => ({ value: item.key, label: localLabel(item, lang, item.key) }))]}
            error={reasonError ? t('leads.reasonRequired') : undefined}
            errorProps={{ 'data-testid': 'lead-reject-reason-error' }}
            data-autofocus
            data-testid="lead-reject-reason"
          />
          <Textarea label={t('leads.rejectNote')} autosize minRows={2} value={note} onChange={(event) => setNote(event.currentTarget.value)} data-testid="lead-reject-note" />
          {transition.error && !reasonError && <ErrorAlert error={transition.error} />}
          <FormActions onCancel={onClose} submitLabel={t('leads.reject')} pending={transition.isPending} color="red" submitTestId="lead-reject-submit" />
        </Stack>
      </form>
    </Modal>
  );
}

/** Managers give a lead to another seller; its deadline starts again. */
export function LeadReassign({ lead }: { lead: Lead }) {
  const { t } = useI18n();
  const { users } = useUsers();
  const { reassign } = useLeadActions();
  const sellers = users.filter((u) => u.role === 'sales' || u.role === 'manager' || u.role === 'admin');
  return (
    <Stack gap={4}>
      <NativeSelect
        size="xs"
        aria-label={t('leads.reassign')}
        value={lead.ownerId ?? ''}
        onChange={(event) => {
          const ownerId = event.currentTarget.value;
          if (ownerId && ownerId !== lead.ownerId) {
            reassign.mutate({ id: lead.id, ownerId }, { onSuccess: () => notifications.show({ color: 'teal', message: t('leads.reassigned'), 'data-testid': 'lead-reassigned' }) });
          }
        }}
        data={[...(lead.ownerId ? [] : [{ value: '', label: t('common.none') }]), ...sellers.map((u) => ({ value: u.id, label: u.name }))]}
        disabled={reassign.isPending}
        data-testid="lead-reassign"
      />
      {reassign.error && <ErrorAlert error={reassign.error} />}
    </Stack>
  );
}
