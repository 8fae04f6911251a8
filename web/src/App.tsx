import { Badge, MantineProvider, createTheme } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';
import { queryClient } from './lib/queryClient.js';
import { AppRoutes } from './routes/AppRoutes.js';

const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'md',
  components: {
    // A badge (a status, a tag, a choice) is read whole: Mantine's let a table cell or a row of
    // buttons squeeze it to "A…" on a phone or in French; it now takes its text's width and the
    // row around it wraps or scrolls instead.
    Badge: Badge.extend({ styles: { root: { flexShrink: 0, minWidth: 'max-content' } } }),
  },
});

/** Providers (Mantine, notifications, TanStack Query, router) around the page routes. */
export function App() {
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
