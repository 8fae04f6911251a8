import { NativeSelect } from '@mantine/core';
import { CHANNELS, type Channel } from '../../../lib/types.js';
import { useI18n } from '../../../i18n/useI18n.js';

/** The channel of a timeline entry (call, e-mail, letter…): the same menu to add one and to correct it. */
export function ChannelField({ value, onChange, autoFocus = false, testId }: { value: Channel; onChange: (channel: Channel) => void; autoFocus?: boolean; testId: string }) {
  const { t } = useI18n();
  return (
    <NativeSelect
      label={t('entry.channel')}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value as Channel)}
      data={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
      data-autofocus={autoFocus || undefined}
      data-testid={testId}
      miw={140}
    />
  );
}
