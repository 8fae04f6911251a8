import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { AppLayout } from '../components/AppLayout.js';
import { RequireAuth } from '../auth/RequireAuth.js';
import { LoginPage } from './LoginPage.js';
import { MyTasksPage } from './MyTasksPage.js';
import { NotFoundPage } from './NotFoundPage.js';
import { handOffRoutes } from './handOffRoutes.js';

// Pages beyond the first screen load on demand, keeping the first download small.
const PeopleListPage = lazy(() => import('./PeopleListPage.js').then((m) => ({ default: m.PeopleListPage })));
const OrganisationsListPage = lazy(() =>
  import('./OrganisationsListPage.js').then((m) => ({ default: m.OrganisationsListPage })),
);
const PersonPage = lazy(() => import('./PersonPage.js').then((m) => ({ default: m.PersonPage })));
const OrganisationPage = lazy(() => import('./OrganisationPage.js').then((m) => ({ default: m.OrganisationPage })));
const PersonFormPage = lazy(() => import('./PersonFormPage.js').then((m) => ({ default: m.PersonFormPage })));
const OrganisationFormPage = lazy(() =>
  import('./OrganisationFormPage.js').then((m) => ({ default: m.OrganisationFormPage })),
);
const CallbacksPage = lazy(() => import('./CallbacksPage.js').then((m) => ({ default: m.CallbacksPage })));
const CallsPage = lazy(() => import('./CallsPage.js').then((m) => ({ default: m.CallsPage })));
// ECharts lives in this page's chunk only.
const CallStatsPage = lazy(() => import('./CallStatsPage.js').then((m) => ({ default: m.CallStatsPage })));
const TelephonySettingsPage = lazy(() =>
  import('./TelephonySettingsPage.js').then((m) => ({ default: m.TelephonySettingsPage })),
);
const UsersPage = lazy(() => import('./UsersPage.js').then((m) => ({ default: m.UsersPage })));
const TokensPage = lazy(() => import('./TokensPage.js').then((m) => ({ default: m.TokensPage })));
const PasswordPage = lazy(() => import('./PasswordPage.js').then((m) => ({ default: m.PasswordPage })));
const CataloguePage = lazy(() => import('./CataloguePage.js').then((m) => ({ default: m.CataloguePage })));

/** Every page of the web app; all but login need a session. */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<Navigate to="/tasks" replace />} />
        <Route path="tasks" element={<MyTasksPage />} />
        <Route path="people" element={<PeopleListPage />} />
        <Route path="people/new" element={<PersonFormPage />} />
        <Route path="people/:id" element={<PersonPage />} />
        <Route path="people/:id/edit" element={<PersonFormPage />} />
        <Route path="organisations" element={<OrganisationsListPage />} />
        <Route path="organisations/new" element={<OrganisationFormPage />} />
        <Route path="organisations/:id" element={<OrganisationPage />} />
        <Route path="organisations/:id/edit" element={<OrganisationFormPage />} />
        {handOffRoutes}
        <Route path="callbacks" element={<CallbacksPage />} />
        <Route path="calls" element={<CallsPage />} />
        <Route path="reports/calls" element={<CallStatsPage />} />
        <Route path="settings/telephony" element={<TelephonySettingsPage />} />
        <Route path="settings/users" element={<UsersPage />} />
        <Route path="settings/tokens" element={<TokensPage />} />
        <Route path="settings/password" element={<PasswordPage />} />
        <Route path="settings/catalogue" element={<CataloguePage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
