import { MantineProvider, createTheme } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';
import { queryClient } from './lib/queryClient.js';
import { AppRoutes } from './routes/AppRoutes.js';

const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'md',
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
