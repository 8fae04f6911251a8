import { Alert, List, Text } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';

function valueAt(values: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), values);
}

/**
 * After "reload" on a conflict: the colleague's changes are in the form, the user's are kept, and
 * the fields both changed are named, with the colleague's text where it is one, to look at before saving.
 */
export function MergedEditsNotice({ bothChanged, theirs, label, onClose }: {
  bothChanged: string[];
  /** The form's values as the colleague left them. */
  theirs: unknown;
  /** The form's name for a path mergeEdits reports. */
  label: (path: string) => string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  return (
    <Alert
      color={bothChanged.length ? 'yellow' : 'blue'}
      variant="light"
      withCloseButton
      closeButtonLabel={t('common.close')}
      onClose={onClose}
      data-testid="form-merged"
    >
      <Text size="sm">{t('form.mergedIn')}</Text>
      {bothChanged.length > 0 && (
        <>
          <Text size="sm" mt="xs">
            {t('form.bothChanged')}
          </Text>
          <List size="sm">
            {bothChanged.map((path) => {
              const theirValue = valueAt(theirs, path);
              return (
                <List.Item key={path} data-testid="form-both-changed">
                  <Text span fw={500} size="sm">
                    {label(path)}
                  </Text>
                  {typeof theirValue === 'string' && ` — ${theirValue ? t('form.theirVersion', { value: theirValue }) : t('form.theirVersionEmpty')}`}
                </List.Item>
              );
            })}
          </List>
        </>
      )}
    </Alert>
  );
}
