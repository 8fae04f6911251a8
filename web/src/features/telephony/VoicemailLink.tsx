import { Anchor } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';

/** The URL when it is a web address (http or https), never another scheme (javascript:, data:…). */
export function webUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** "Listen to the message": the voicemail a caller left, opened in a new tab; nothing when there is none (or it is not a web address). */
export function VoicemailLink({ url }: { url: string | null | undefined }) {
  const { t } = useI18n();
  const href = webUrl(url);
  if (!href) return null;
  return (
    <Anchor href={href} target="_blank" rel="noopener noreferrer" size="sm" data-testid="voicemail-link">
      {t('calls.listen')}
    </Anchor>
  );
}
