import { Button, Paper, Portal, Stack, Text } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';
import { callStore, type WrapUp } from './callStore.js';
import { formatPhone } from './formatPhone.js';

/**
 * The calls whose after-call form was put off ("Later"): what "later" means, a click away in the
 * corner until each is logged. Kept in this tab's memory only: nothing about callers is written
 * to the browser's storage (QUALITY 26).
 */
export function CallsToLog({ calls }: { calls: WrapUp[] }) {
  const { t } = useI18n();
  if (calls.length === 0) return null;
  return (
    <Portal>
      <Paper
        shadow="md"
        withBorder
        p="xs"
        role="region"
        aria-label={t('afterCall.toLog', { count: calls.length })}
        data-testid="calls-to-log"
        style={{ position: 'fixed', left: 8, bottom: 8, zIndex: 900, maxWidth: 'min(320px, calc(100vw - 16px))' }}
      >
        <Stack gap={4}>
          <Text size="xs" fw={600}>
            {t('afterCall.toLog', { count: calls.length })}
          </Text>
          {calls.map((call) => (
            <Button key={call.callId} size="compact-sm" variant="light" onClick={() => callStore.resume(call.callId)} data-testid="call-to-log">
              {t('afterCall.logNow', { name: call.name ?? formatPhone(call.number) })}
            </Button>
          ))}
        </Stack>
      </Paper>
    </Portal>
  );
}
