import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Center, Loader } from '@mantine/core';
import { useAuth } from './useAuth.js';
import { ErrorAlert } from '../components/ErrorAlert.js';

/** Renders its children only with a session; otherwise sends the user to login and back. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user, isLoading, error } = useAuth();
  const location = useLocation();

  if (isLoading) {
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }
  if (error) {
    return (
      <Center h="100vh" p="md">
        <ErrorAlert error={error} />
      </Center>
    );
  }
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}
