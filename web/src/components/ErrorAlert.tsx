import { Alert, Button, List, Stack, Text } from '@mantine/core';
import { ApiError } from '../lib/ApiError.js';
import { translateError } from '../i18n/translateError.js';
import { useI18n } from '../i18n/useI18n.js';
import { localiseIssue } from '../features/forms/validationMessages.js';

interface ErrorAlertProps {
  error: unknown;
  /** Validation issues already shown beside their fields are left out of the list. */
  isShown?: (path: string) => boolean;
  /** What "reload" means here (refetch the record); defaults to reloading the page. */
  onReload?: () => unknown;
  /** The name the form gives a field of the answer (`config.amiHost` → "Serveur AMI"); the path otherwise. */
  fieldLabel?: (path: string) => string | undefined;
}

/** An API error in the user's language, with field issues and a reload action on conflicts. */
export function ErrorAlert({ error, isShown = () => false, onReload, fieldLabel }: ErrorAlertProps) {
  const { t, lang } = useI18n();
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : null;
  const allIssues = apiError?.issues ?? [];
  const issues = allIssues.filter((issue) => !isShown(issue.path));
  // The details are beside their fields: the alert is only their summary.
  const besideFields = issues.length < allIssues.length;
  const isConflict = apiError?.code === 'VERSION_CONFLICT';
  // Known server messages in the user's language; others as the server wrote them in English (they
  // name the problem), and in French a generic "invalid value" rather than English.

  return (
    <Alert color="red" variant="light" data-testid="error-alert" role="alert">
      <Stack gap="xs">
        <Text size="sm">
          {translateError(error)}
          {besideFields && ` ${t('form.fixErrors')}`}
        </Text>
        {issues.length > 0 && (
          <List size="sm">
            {issues.map((issue) => (
              <List.Item key={issue.path}>
                <Text span fw={500} size="sm">
                  {fieldLabel?.(issue.path) ?? issue.path}
                </Text>
                {lang === 'fr' ? ' : ' : ': '}
                {localiseIssue(issue, t, lang)}
              </List.Item>
            ))}
          </List>
        )}
        {isConflict && (
          <Button
            size="xs"
            variant="light"
            color="red"
            w="fit-content"
            data-testid="conflict-reload"
            onClick={() => (onReload ? void onReload() : window.location.reload())}
          >
            {t('common.reload')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
