import { Anchor, Stack, Text } from '@mantine/core';
import { i18n } from '../../i18n/i18n.js';

interface ReminderMessageProps {
  title: string;
  dueAt: string | null;
  onOpen: () => void;
}

/**
 * Body of a live reminder notification. It lives outside the React tree of the page (the
 * notifications store), so it reads the language from the i18n store at the time it is shown.
 */
export function ReminderMessage({ title, dueAt, onOpen }: ReminderMessageProps) {
  const locale = i18n.language === 'fr' ? 'fr-FR' : 'en-GB';
  const due = dueAt ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(dueAt)) : null;
  return (
    <Stack gap={2}>
      <Text size="sm" fw={500} data-testid="reminder-title">
        {title}
      </Text>
      {due && (
        <Text size="xs" c="dimmed">
          {i18n.t('reminder.due', { date: due })}
        </Text>
      )}
      <Anchor component="button" type="button" size="xs" onClick={onOpen} ta="left">
        {i18n.t('reminder.open')}
      </Anchor>
    </Stack>
  );
}
