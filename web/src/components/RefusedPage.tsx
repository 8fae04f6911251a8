import type { ReactNode } from 'react';
import { Alert, Stack, Title } from '@mantine/core';

/**
 * A page the user may not use, reached by its address: the page's title as its one h1 (what a
 * screen reader's heading list finds), the reason below it.
 */
export function RefusedPage({ title, children, color = 'red', testId }: { title: string; children: ReactNode; color?: string; testId?: string }) {
  return (
    <Stack maw={720}>
      <Title order={1} size="h2">{title}</Title>
      <Alert color={color} data-testid={testId}>
        {children}
      </Alert>
    </Stack>
  );
}
