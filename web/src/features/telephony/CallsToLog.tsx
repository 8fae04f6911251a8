import { Button, Paper, Portal, Stack, Text } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';
import { useRecordName } from '../tasks/RecordLink.js';
import { callStore, type WrapUp } from './callStore.js';
import { formatPhone } from './formatPhone.js';

/** The calls the corner shows at once; the others come up as these are logged. */
const SHOWN = 5;

/**
 * The calls whose after-call form was put off ("Later"): what "later" means, a click away in the
 * corner until each is logged. The server keeps the list (the call's `wrappedUpAt` stays empty):
 * it survives a reload and follows the agent to another device. Nothing about callers is written
 * to the browser's storage (QUALITY 26).
 */
export function CallsToLog({ calls }: { calls: WrapUp[] }) {
  const { t } = useI18n();
  if (calls.length === 0) return null;
  const more = calls.length - SHOWN;
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
          {calls.slice(0, SHOWN).map((call) => (
            <CallToLogButton key={call.callId} call={call} />
          ))}
          {more > 0 && (
            <Text size="xs" c="dimmed" data-testid="calls-to-log-more">
              {t('afterCall.toLogMore', { count: more })}
            </Text>
          )}
        </Stack>
      </Paper>
    </Portal>
  );
}

/** One call to log, named from the caller's record when the screen pop did not name them. */
function CallToLogButton({ call }: { call: WrapUp }) {
  const { t } = useI18n();
  const recordName = useRecordName(call.name ? null : call.personId, call.name ? null : call.organisationId);
  return (
    <Button size="compact-sm" variant="light" onClick={() => callStore.resume(call.callId)} data-testid="call-to-log">
      {t('afterCall.logNow', { name: call.name ?? recordName ?? formatPhone(call.number) })}
    </Button>
  );
}
