import { lazy } from 'react';
import { Navigate, Route } from 'react-router';

// Requests and leads pages, loaded on demand (the conversion chart's ECharts only with its page).
const RequestQueuePage = lazy(() => import('./RequestQueuePage.js').then((m) => ({ default: m.RequestQueuePage })));
const RequestsOpenedPage = lazy(() => import('./RequestsOpenedPage.js').then((m) => ({ default: m.RequestsOpenedPage })));
const RequestPage = lazy(() => import('./RequestPage.js').then((m) => ({ default: m.RequestPage })));
const MyLeadsPage = lazy(() => import('./MyLeadsPage.js').then((m) => ({ default: m.MyLeadsPage })));
const LeadsPassedPage = lazy(() => import('./LeadsPassedPage.js').then((m) => ({ default: m.LeadsPassedPage })));
const LeadOversightPage = lazy(() => import('./LeadOversightPage.js').then((m) => ({ default: m.LeadOversightPage })));
const RequestTypesPage = lazy(() => import('./RequestTypesPage.js').then((m) => ({ default: m.RequestTypesPage })));
const TeamsSettingsPage = lazy(() => import('./TeamsSettingsPage.js').then((m) => ({ default: m.TeamsSettingsPage })));
const LeadPage = lazy(() => import('./LeadPage.js').then((m) => ({ default: m.LeadPage })));

/** Routes of requests and leads, placed inside AppRoutes' signed-in layout. */
export const handOffRoutes = (
  <>
    <Route path="requests" element={<Navigate to="/requests/queue" replace />} />
    <Route path="requests/queue" element={<RequestQueuePage />} />
    <Route path="requests/opened" element={<RequestsOpenedPage />} />
    <Route path="requests/:id" element={<RequestPage />} />
    <Route path="settings/request-types" element={<RequestTypesPage />} />
    <Route path="settings/teams" element={<TeamsSettingsPage />} />
    <Route path="leads" element={<Navigate to="/leads/mine" replace />} />
    <Route path="leads/mine" element={<MyLeadsPage />} />
    <Route path="leads/passed" element={<LeadsPassedPage />} />
    <Route path="leads/oversight" element={<LeadOversightPage />} />
    <Route path="leads/:id" element={<LeadPage />} />
  </>
);
