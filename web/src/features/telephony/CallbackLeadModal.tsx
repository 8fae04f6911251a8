import { useEffect, useState, type FormEvent } from 'react';
import { Button, Group, Kbd, Modal, NativeSelect, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { getHotkeyHandler } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import { ApiError } from '../../lib/ApiError.js';
import { useUsers } from '../users/useUsers.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatPhone } from '../../../../common/phone-display.js';
import type { Callback } from './types.js';

interface CallbackLeadModalProps {
  callback: Callback | null;
  onClose: () => void;
}

/**
 * Passes a call-back's caller on to sales as a lead (`POST /api/callbacks/:id/lead`): the lead is
 * linked to the call, the call-back closed as converted. An unknown caller is created first, the
 * number filled in; if the lead then fails, a retry reuses that person instead of making another.
 */
export function CallbackLeadModal({ callback, onClose }: CallbackLeadModalProps) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [phone, setPhone] = useState('');
  const [interest, setInterest] = useState('');
  const [note, setNote] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const [createdPersonId, setCreatedPersonId] = useState<string | null>(null);
  const { users } = useUsers();
  const sellers = users.filter((u) => u.role === 'sales' || u.role === 'manager' || u.role === 'admin');
  const unknown = Boolean(callback && !callback.personId && !callback.organisationId);

  useEffect(() => {
    setFirstName('');
    setLastName('');
    setPhone(callback ? formatPhone(callback.number, callback.e164) : '');
    setInterest('');
    setNote('');
    setOwnerId('');
    setCreatedPersonId(null);
    // A new call-back starts a new form.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [callback?.id]);

  const convert = useMutation({
    meta: { inlineErrors: true },
    mutationFn: async (cb: Callback) => {
      let personId = createdPersonId;
      if (unknown && !personId) {
        const person = await api.create<{ id: string }>('/api/people', { firstName: firstName.trim(), lastName: lastName.trim(), phones: [{ number: phone.trim() }] });
        personId = person.id;
        setCreatedPersonId(person.id);
      }
      return api.post(`/api/callbacks/${cb.id}/lead`, {
        ...(personId && { personId }),
        interest: interest.trim(),
        ...(note.trim() && { note: note.trim() }),
        ...(ownerId && { suggestedOwnerId: ownerId }),
        version: cb.version,
      });
    },
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('callbacks.leadDone'), 'data-testid': 'callback-lead-done' });
      void queryClient.invalidateQueries({ queryKey: ['callbacks'] });
      void queryClient.invalidateQueries({ queryKey: ['leads'] });
      void queryClient.invalidateQueries({ queryKey: ['people'] });
      onClose();
    },
  });

  const ready = interest.trim() !== '' && (!unknown || createdPersonId !== null || (lastName.trim() !== '' && phone.trim() !== ''));
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!callback || !ready || convert.isPending) return;
    convert.mutate(callback);
  };
  const close = () => {
    convert.reset();
    onClose();
  };

  return (
    <Modal
      opened={Boolean(callback)}
      onClose={close}
      title={callback ? t('callbacks.leadTitle', { number: formatPhone(callback.number, callback.e164) }) : ''}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} onKeyDown={getHotkeyHandler([['mod+Enter', () => submit()]])} data-testid="callback-lead-form">
        <Stack>
          {unknown && createdPersonId === null && (
            <>
              <Text size="sm">{t('callbacks.leadNewPerson')}</Text>
              <Group grow>
                <TextInput label={t('form.firstName')} value={firstName} onChange={(e) => setFirstName(e.currentTarget.value)} data-autofocus data-testid="callback-lead-first-name" />
                <TextInput label={t('form.lastName')} value={lastName} onChange={(e) => setLastName(e.currentTarget.value)} required data-testid="callback-lead-last-name" />
              </Group>
              <TextInput label={t('form.phoneNumber')} value={phone} onChange={(e) => setPhone(e.currentTarget.value)} required data-testid="callback-lead-phone" />
            </>
          )}
          <TextInput
            label={t('passItOn.interest')}
            placeholder={t('passItOn.interestPlaceholder')}
            value={interest}
            onChange={(e) => setInterest(e.currentTarget.value)}
            required
            data-autofocus={!unknown || undefined}
            data-testid="callback-lead-interest"
          />
          <NativeSelect
            label={t('passItOn.suggestedOwner')}
            value={ownerId}
            onChange={(e) => setOwnerId(e.currentTarget.value)}
            data={[{ value: '', label: t('passItOn.routing') }, ...sellers.map((u) => ({ value: u.id, label: u.name }))]}
            data-testid="callback-lead-owner"
          />
          <Textarea label={t('passItOn.note')} autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} data-testid="callback-lead-note" />
          {Boolean(convert.error) && <ErrorAlert error={convert.error} />}
          {/* The lead rules found nobody to give it to: the owner has to be chosen here. */}
          {convert.error instanceof ApiError && convert.error.code === 'CONFLICT' && (
            <Text size="sm" c="red" data-testid="callback-lead-no-owner">
              {t('passItOn.noSeller')}
            </Text>
          )}
          <Group justify="space-between">
            <Text size="xs" c="dimmed" visibleFrom="sm">
              <Kbd size="xs">Ctrl</Kbd> + <Kbd size="xs">Enter</Kbd> {t('passItOn.submitHint')}
            </Text>
            <Button type="submit" loading={convert.isPending} disabled={!ready} data-testid="callback-lead-submit">
              {t('callbacks.leadSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
