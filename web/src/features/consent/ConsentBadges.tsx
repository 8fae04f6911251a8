import { Badge, Group, Text } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';
import { CONSENT_CHANNELS, CONSENT_PURPOSES, type ConsentMap } from './types.js';

/** The screen pop's consent line: refusals as red badges you cannot miss, grants in small grey text. */
export function ConsentBadges({ consent }: { consent: ConsentMap }) {
  const { t } = useI18n();
  const pairs = CONSENT_CHANNELS.flatMap((channel) => CONSENT_PURPOSES.map((purpose) => ({ channel, purpose, status: consent[channel]?.[purpose] })));
  const refused = pairs.filter((p) => p.status === 'refused');
  const granted = pairs.filter((p) => p.status === 'granted');
  if (refused.length === 0 && granted.length === 0) return null;
  return (
    <Group gap={4} data-testid="pop-consent">
      {refused.map((p) => (
        <Badge key={`${p.channel}.${p.purpose}`} color="red" variant="filled" size="sm" data-testid="pop-consent-refused" data-consent={`${p.channel}.${p.purpose}`}>
          {t(`consent.refused.${p.channel}.${p.purpose}`)}
        </Badge>
      ))}
      {granted.length > 0 && (
        <Text size="xs" c="dimmed" data-testid="pop-consent-granted">
          {granted.map((p) => t('consent.granted', { channel: t(`consent.channel.${p.channel}`), purpose: t(`consent.purpose.${p.purpose}`) })).join(' · ')}
        </Text>
      )}
    </Group>
  );
}
