import { useMemo } from 'react';
import { Badge, MantineProvider, Notification, createTheme } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';
import { useI18n } from './i18n/useI18n.js';
import { queryClient } from './lib/queryClient.js';
import { AppRoutes } from './routes/AppRoutes.js';

/** The theme, in the interface's language where it names things (a toast's close button). */
function buildTheme(closeLabel: string) {
  return createTheme({
    primaryColor: 'blue',
    defaultRadius: 'md',
    components: {
      // A badge (a status, a tag, a choice) is read whole: Mantine's let a table cell or a row of
      // buttons squeeze it to "A…" on a phone or in French; it now takes its text's width and the
      // row around it wraps or scrolls instead.
      Badge: Badge.extend({ styles: { root: { flexShrink: 0, minWidth: 'max-content' } } }),
      // Every toast's close button, named for screen readers like the modals' ones.
      Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } }),
    },
  });
}

/** Providers (Mantine, notifications, TanStack Query, router) around the page routes. */
export function App() {
  const { t } = useI18n();
  const closeLabel = t('common.close');
  const theme = useMemo(() => buildTheme(closeLabel), [closeLabel]);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      {/* Bottom right: at the top they would cover the header's bell and account menu. */}
      <Notifications position="bottom-right" limit={5} />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
