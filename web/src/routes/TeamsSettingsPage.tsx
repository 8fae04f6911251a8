import { useState, type FormEvent } from 'react';
import { Button, Card, Checkbox, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../lib/api.js';
import { ApiError } from '../lib/ApiError.js';
import { useI18n } from '../i18n/useI18n.js';
import { localiseIssue } from '../features/forms/validationMessages.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import type { Team, TeamCalendar } from '../features/requests/types.js';
import { useTeams } from '../features/requests/useRequests.js';
import { HolidaysField } from '../features/requests/HolidaysField.js';
import { useAuth } from '../auth/useAuth.js';
import { useUsers } from '../features/users/useUsers.js';

const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
type Weekday = (typeof WEEKDAYS)[number];
const OFFICE_HOURS = '09:00-12:30, 14:00-18:00';

/** "09:00-12:30, 14:00-18:00" ↔ [["09:00","12:30"],["14:00","18:00"]]; a malformed piece is sent as is so the server names it. */
const hoursText = (pairs: [string, string][] | undefined) => (pairs ?? []).map(([open, close]) => `${open}-${close}`).join(', ');
const parseHours = (text: string): [string, string][] =>
  text
    .split(',')
    .map((piece) => piece.trim())
    .filter(Boolean)
    .map((piece) => {
      const [open = '', close = ''] = piece.split('-').map((part) => part.trim());
      return [open, close];
    });

/** Managers: each team's manager (who receives escalations) and working calendar (deadlines count its open hours). */
export function TeamsSettingsPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const teams = useTeams();
  // Creating a team is an administrator's (permission teams.manage); managers set up existing ones.
  const canCreate = user?.role === 'admin';
  return (
    <Stack maw={900}>
      <Title order={1} size="h2">{t('teams.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('teams.hint')}
      </Text>
      {teams.error && <ErrorAlert error={teams.error} />}
      {canCreate ? <NewTeamForm /> : teams.data?.length === 0 && <Text c="dimmed">{t('teams.emptyAskAdmin')}</Text>}
      {canCreate && teams.data?.length === 0 && <Text c="dimmed">{t('teams.empty')}</Text>}
      {teams.data?.map((team) => <TeamCard key={team.id} team={team} />)}
    </Stack>
  );
}

/** A new team, by its name and (optionally) its manager; its working hours are set on its card below. */
function NewTeamForm() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const { users } = useUsers();
  const [name, setName] = useState('');
  const [managerId, setManagerId] = useState('');
  const create = useMutation({
    meta: { inlineErrors: true },
    mutationFn: () => api.create<Team>('/api/teams', { name: name.trim(), managerId: managerId || null }),
    onSuccess: (team) => {
      void queryClient.invalidateQueries({ queryKey: ['teams'] });
      notifications.show({ color: 'teal', message: t('teams.created', { name: team.name }), 'data-testid': 'team-created' });
      setName('');
      setManagerId('');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) create.mutate();
  };
  return (
    <Card withBorder data-testid="new-team">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={2} size="h4">{t('teams.new')}</Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label={t('teams.name')} required value={name} onChange={(event) => setName(event.currentTarget.value)} data-testid="new-team-name" />
            <NativeSelect
              label={t('teams.manager')}
              value={managerId}
              onChange={(event) => setManagerId(event.currentTarget.value)}
              data={[{ value: '', label: t('teams.noManager') }, ...users.filter((user) => user.role === 'manager' || user.role === 'admin').map((user) => ({ value: user.id, label: user.name }))]}
              data-testid="new-team-manager"
            />
          </SimpleGrid>
          {create.error && <ErrorAlert error={create.error} />}
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending} disabled={!name.trim()} data-testid="new-team-submit">
              {t('teams.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function TeamCard({ team }: { team: Team }) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const { users } = useUsers();
  const calendar = team.calendar;
  const [managerId, setManagerId] = useState(team.managerId ?? '');
  const [roundTheClock, setRoundTheClock] = useState(!calendar?.hours);
  const [timeZone, setTimeZone] = useState(calendar?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [hours, setHours] = useState<Record<Weekday, string>>(() =>
    Object.fromEntries(WEEKDAYS.map((day) => [day, calendar?.hours ? hoursText(calendar.hours[day]) : day <= '5' ? OFFICE_HOURS : ''])) as Record<Weekday, string>,
  );
  const [holidays, setHolidays] = useState(calendar?.holidays ?? []);

  const save = useMutation({
    meta: { inlineErrors: true },
    mutationFn: (body: { managerId: string | null; calendar: TeamCalendar | null }) => api.patch<Team>(`/api/teams/${team.id}`, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['teams'] });
      notifications.show({ color: 'teal', message: t('teams.saved', { name: team.name }), 'data-testid': 'team-saved' });
    },
  });
  const issues = save.error instanceof ApiError ? save.error.issues : [];
  const errorOf = (prefix: string) => {
    const issue = issues.find((i) => i.path === prefix || i.path.startsWith(`${prefix}.`));
    return issue && localiseIssue(issue, t, lang);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const weekly = Object.fromEntries(WEEKDAYS.map((day) => [day, parseHours(hours[day])]).filter(([, pairs]) => pairs.length > 0));
    save.mutate({
      managerId: managerId || null,
      // Round the clock with no holidays is the same as no calendar: deadlines in plain clock time.
      calendar: roundTheClock && holidays.length === 0 ? null : { timeZone: timeZone.trim(), hours: roundTheClock ? null : weekly, holidays },
    });
  };

  return (
    <Card withBorder data-testid="team-settings" data-team={team.name}>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={2} size="h4">{team.name}</Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <NativeSelect
              label={t('teams.manager')}
              description={t('teams.managerHint')}
              value={managerId}
              onChange={(event) => setManagerId(event.currentTarget.value)}
              data={[{ value: '', label: t('teams.noManager') }, ...users.filter((user) => user.role === 'manager' || user.role === 'admin').map((user) => ({ value: user.id, label: user.name }))]}
              data-testid="team-manager"
            />
            <TextInput label={t('teams.timeZone')} description={t('teams.timeZoneHint')} value={timeZone} onChange={(event) => setTimeZone(event.currentTarget.value)} error={errorOf('calendar.timeZone')} data-testid="team-time-zone" />
          </SimpleGrid>
          <Checkbox label={t('teams.roundTheClock')} checked={roundTheClock} onChange={(event) => setRoundTheClock(event.currentTarget.checked)} data-testid="team-round-the-clock" />
          {!roundTheClock && (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t('teams.hours')}
              </Text>
              <Text size="xs" c="dimmed">
                {t('teams.hoursHint')}
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
                {WEEKDAYS.map((day) => (
                  <TextInput
                    key={day}
                    label={t(`teams.day.${day}`)}
                    placeholder={t('teams.closed')}
                    value={hours[day]}
                    onChange={(event) => {
                      const value = event.currentTarget.value;
                      setHours((current) => ({ ...current, [day]: value }));
                    }}
                    error={errorOf(`calendar.hours.${day}`)}
                    data-testid={`team-hours-${day}`}
                  />
                ))}
              </SimpleGrid>
            </Stack>
          )}
          <HolidaysField value={holidays} onChange={setHolidays} error={errorOf('calendar.holidays')} />
          {save.error && <ErrorAlert error={save.error} isShown={(path) => path.startsWith('calendar.')} />}
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} data-testid="team-save">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
