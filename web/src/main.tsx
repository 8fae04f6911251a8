import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { api } from './lib/api.js';
import { queryClient } from './lib/queryClient.js';
import { SESSION_KEY } from './auth/useAuth.js';
import { sessionExpiry } from './auth/sessionExpiry.js';
import type { Session } from './lib/types.js';

// Any 401 means the session is gone: clearing it makes RequireAuth send the user to login, which
// says that the session expired when someone was signed in (not on a first visit).
api.onUnauthorized(() => {
  const current = queryClient.getQueryData<Session | null>(SESSION_KEY);
  if (current) sessionExpiry.mark(current.user.email);
  queryClient.setQueryData(SESSION_KEY, null);
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
