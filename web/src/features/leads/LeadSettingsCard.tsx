import { useEffect, useState, type FormEvent } from 'react';
import { ActionIcon, Button, Card, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import { ApiError } from '../../lib/ApiError.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useTeams } from '../requests/useRequests.js';
import type { LeadSettings, RejectReason } from './types.js';
import { LEAD_SETTINGS_KEY, useLeadSettings } from './useLeads.js';

/**
 * Managers: how long an owner has to treat a lead, the round-robin team, and the reasons a rep
 * can give to reject one. Territory and product rules are kept as they are (API only).
 */
export function LeadSettingsCard() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const settings = useLeadSettings();
  const teams = useTeams();
  const [treatWithin, setTreatWithin] = useState('');
  const [roundRobinTeamId, setRoundRobinTeamId] = useState('');
  const [reasons, setReasons] = useState<RejectReason[]>([]);

  useEffect(() => {
    if (!settings.data) return;
    setTreatWithin(settings.data.treatWithin);
    setRoundRobinTeamId(settings.data.roundRobinTeamId ?? '');
    setReasons(settings.data.rejectReasons);
  }, [settings.data]);

  const save = useMutation({
    meta: { inlineErrors: true },
    mutationFn: (next: LeadSettings) => api.put<LeadSettings>('/api/leads/settings', next),
    onSuccess: (saved) => {
      queryClient.setQueryData(LEAD_SETTINGS_KEY, saved);
      notifications.show({ color: 'teal', message: t('leads.settings.saved'), 'data-testid': 'lead-settings-saved' });
    },
  });
  const issues = save.error instanceof ApiError ? save.error.issues : [];
  const errorOf = (path: string) => issues.find((issue) => issue.path === path)?.message;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!settings.data) return;
    save.mutate({
      ...settings.data,
      treatWithin: treatWithin.trim().toUpperCase(),
      roundRobinTeamId: roundRobinTeamId || null,
      rejectReasons: reasons.map((reason) => ({ key: reason.key.trim(), labelFr: reason.labelFr.trim(), labelEn: reason.labelEn.trim() })),
    });
  };
  const setReason = (index: number, patch: Partial<RejectReason>) => setReasons((current) => current.map((reason, i) => (i === index ? { ...reason, ...patch } : reason)));

  if (settings.error) return <ErrorAlert error={settings.error} />;
  return (
    <Card withBorder data-testid="lead-settings">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={4}>{t('leads.settings.title')}</Title>
          <Group grow align="flex-start" wrap="wrap">
            <TextInput
              label={t('leads.settings.treatWithin')}
              description={t('leads.settings.treatWithinHint')}
              value={treatWithin}
              onChange={(event) => setTreatWithin(event.currentTarget.value)}
              error={errorOf('treatWithin')}
              miw={200}
              data-testid="lead-settings-treat-within"
            />
            <NativeSelect
              label={t('leads.settings.roundRobin')}
              description={t('leads.settings.roundRobinHint')}
              value={roundRobinTeamId}
              onChange={(event) => setRoundRobinTeamId(event.currentTarget.value)}
              data={[{ value: '', label: t('leads.settings.allSellers') }, ...(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))]}
              miw={200}
              data-testid="lead-settings-round-robin"
            />
          </Group>
          <Text size="sm" fw={500}>
            {t('leads.settings.reasons')}
          </Text>
          {reasons.map((reason, index) => (
            <Group key={index} gap="xs" align="flex-start" wrap="wrap" data-testid="lead-settings-reason">
              <TextInput
                aria-label={t('leads.settings.reasonKey')}
                placeholder={t('leads.settings.reasonKey')}
                value={reason.key}
                onChange={(event) => setReason(index, { key: event.currentTarget.value })}
                error={errorOf(`rejectReasons.${index}.key`)}
                w={150}
              />
              <TextInput
                aria-label={t('leads.settings.labelFr')}
                placeholder={t('leads.settings.labelFr')}
                value={reason.labelFr}
                onChange={(event) => setReason(index, { labelFr: event.currentTarget.value })}
                style={{ flex: 1, minWidth: 140 }}
              />
              <TextInput
                aria-label={t('leads.settings.labelEn')}
                placeholder={t('leads.settings.labelEn')}
                value={reason.labelEn}
                onChange={(event) => setReason(index, { labelEn: event.currentTarget.value })}
                style={{ flex: 1, minWidth: 140 }}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                size="lg"
                aria-label={t('common.remove')}
                disabled={reasons.length <= 1}
                onClick={() => setReasons((current) => current.filter((_, i) => i !== index))}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <Group justify="space-between">
            <Button variant="default" size="xs" onClick={() => setReasons((current) => [...current, { key: '', labelFr: '', labelEn: '' }])} data-testid="lead-settings-add-reason">
              {t('leads.settings.addReason')}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!settings.data} data-testid="lead-settings-save">
              {t('common.save')}
            </Button>
          </Group>
          {save.error && <ErrorAlert error={save.error} isShown={(path) => path === 'treatWithin' || /^rejectReasons\.\d+\.key$/.test(path)} />}
        </Stack>
      </form>
    </Card>
  );
}
