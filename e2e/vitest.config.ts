import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** End-to-end tests: a real Relais server and Chromium, one file at a time. */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/globalSetup.ts'],
    // Each file starts its own server and browser; running them side by side only adds flakiness.
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll waits as long as see() does: a list re-sorted on a loaded CI machine can take over
    // the default second to show its new first row.
    expect: { poll: { timeout: 20_000 } },
    reporters: ['verbose'],
  },
});
