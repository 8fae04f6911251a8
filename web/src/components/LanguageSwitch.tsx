import { SegmentedControl } from '@mantine/core';
import { useI18n } from '../i18n/useI18n.js';
import type { Language } from '../i18n/i18n.js';

/** FR / EN switch; the choice is remembered in this browser. */
export function LanguageSwitch() {
  const { lang, setLanguage, t } = useI18n();
  return (
    <SegmentedControl
      size="xs"
      value={lang}
      onChange={(value) => setLanguage(value as Language)}
      aria-label={t('lang.label')}
      data-testid="language-switch"
      data={[
        { value: 'fr', label: <span title={t('lang.fr')}>FR</span> },
        { value: 'en', label: <span title={t('lang.en')}>EN</span> },
      ]}
    />
  );
}
