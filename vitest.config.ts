import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'common/**/*.test.ts', 'web/src/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Test files share the machine's PostgreSQL; two at a time keeps a 2-core machine responsive.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
