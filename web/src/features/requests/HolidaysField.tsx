import { useState, type KeyboardEvent } from 'react';
import { Button, CloseButton, Group, Input, Paper, Stack, Text } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';
import { WrittenDateInput } from '../../components/WrittenDateInput.js';

interface HolidaysFieldProps {
  /** Days as the API holds them (YYYY-MM-DD), in any order. */
  value: string[];
  onChange: (days: string[]) => void;
  error?: string;
}

/**
 * A team's days off: picked in a date field and added to a list that reads each day in the
 * interface's language ("vendredi 25 décembre 2026"), each removable. Replaces a text box where a
 * manager typed YYYY-MM-DD lines: "25/12/2026" was refused, and a wrong day read like a right one.
 */
export function HolidaysField({ value, onChange, error }: HolidaysFieldProps) {
  const { t, locale } = useI18n();
  const [day, setDay] = useState('');
  const days = [...new Set(value)].sort();
  const written = (date: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

  const add = () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return;
    onChange([...new Set([...value, day])].sort());
    setDay('');
  };
  // Enter in the date field adds the day rather than saving the whole team.
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    add();
  };

  return (
    <Input.Wrapper label={t('teams.holidays')} description={t('teams.holidaysHint')} error={error}>
      <Stack gap="xs" mt={4}>
        {days.length > 0 ? (
          <Group gap={6} data-testid="team-holidays">
            {days.map((date) => (
              // Not Mantine's Pill: its remove button is hidden from the keyboard and screen readers.
              <Paper key={date} withBorder radius="xl" pl="sm" pr={4} py={2} data-day={date}>
                <Group gap={4} wrap="nowrap">
                  <Text size="sm" data-testid="team-holiday">
                    {written(date)}
                  </Text>
                  <CloseButton
                    size="sm"
                    aria-label={t('teams.holidayRemove', { day: written(date) })}
                    onClick={() => onChange(value.filter((d) => d !== date))}
                    data-testid="team-holiday-remove"
                  />
                </Group>
              </Paper>
            ))}
          </Group>
        ) : (
          <Text size="sm" c="dimmed" data-testid="team-holidays-none">
            {t('teams.noHolidays')}
          </Text>
        )}
        <Group gap="xs" align="flex-start" wrap="nowrap">
          <WrittenDateInput
            type="date"
            aria-label={t('teams.holidayDay')}
            value={day}
            onChange={(event) => setDay(event.currentTarget.value)}
            onKeyDown={onKeyDown}
            data-testid="team-holiday-day"
          />
          <Button variant="default" onClick={add} disabled={!day} data-testid="team-holiday-add">
            {t('teams.holidayAdd')}
          </Button>
        </Group>
      </Stack>
    </Input.Wrapper>
  );
}
