import { Alert, List, Text } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';
import { useRelationshipLabel } from './useRelationshipTypes.js';
import type { CapStatus } from './types.js';

/** "carrier", or "tagged “prospect”": what a cap applies to. */
export function useScopeLabel() {
  const { t } = useI18n();
  const relationshipLabel = useRelationshipLabel();
  return (scopeType: string, scopeValue: string) =>
    scopeType === 'tag' ? t('pressure.scopeTag', { value: scopeValue }) : relationshipLabel(scopeValue);
}

/** The contact-pressure caps a record has reached or is about to reach. */
export function PressureNotice({ caps, compact = false, testId = 'pressure-warning' }: { caps: CapStatus[]; compact?: boolean; testId?: string }) {
  const { t } = useI18n();
  const scopeLabel = useScopeLabel();
  if (caps.length === 0) return null;
  const reached = caps.some((c) => c.wouldExceed);
  const lines = caps.map((c) =>
    t('pressure.cap', { scope: scopeLabel(c.rule.scopeType, c.rule.scopeValue), count: c.count, max: c.rule.maxContacts, days: c.rule.periodDays }),
  );
  return (
    <Alert
      color={reached ? 'red' : 'orange'}
      variant="light"
      p={compact ? 6 : undefined}
      title={reached ? t('pressure.reached') : t('pressure.near')}
      data-testid={testId}
      data-state={reached ? 'reached' : 'near'}
    >
      {lines.length === 1 ? (
        <Text size="xs">{lines[0]}</Text>
      ) : (
        <List size="xs">
          {lines.map((line) => (
            <List.Item key={line}>{line}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
