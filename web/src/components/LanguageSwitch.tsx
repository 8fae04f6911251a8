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
      // A click on the language already shown is a choice too (onChange does not fire for it):
      // without it, the account's language would replace the one the user just picked at sign-in.
      data={[
        { value: 'fr', label: <span title={t('lang.fr')} onClick={() => setLanguage('fr')}>FR</span> },
        { value: 'en', label: <span title={t('lang.en')} onClick={() => setLanguage('en')}>EN</span> },
      ]}
    />
  );
}
