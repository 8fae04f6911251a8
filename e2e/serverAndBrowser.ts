import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { startServer, type ServerOptions, type TestServer } from './server.js';

/** A test file's server and browser, there once its `beforeAll` hooks have run. */
export interface ServerAndBrowser {
  server: TestServer;
  browser: Browser;
}

/**
 * Starts a server and a browser before the tests of the file (or `describe`) that calls it, and
 * closes both after them. `options` may be worked out first (e.g. once a stand-in service listens).
 * Hooks registered after this call run after its `beforeAll` and before its `afterAll`, so they
 * can prepare data on the server and clean up while it still runs.
 */
export function useServerAndBrowser(options: ServerOptions | (() => Promise<ServerOptions>) = {}): ServerAndBrowser {
  const env = {} as ServerAndBrowser;
  beforeAll(async () => {
    env.server = await startServer(typeof options === 'function' ? await options() : options);
    env.browser = await launchBrowser();
  });
  afterAll(async () => {
    // Either may be missing if starting failed.
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
