import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { onTestFailed } from 'vitest';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

/** Screenshots of failed tests land here (ignored by git). */
const ARTIFACTS_DIR = fileURLToPath(new URL('./.artifacts/', import.meta.url));

/** Chromium from the system (Debian's package), headless and quiet. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Statuses the app expects and handles, which Chromium still logs as "Failed to load resource":
 * the session check before login (401) and a wrong password (401).
 */
/** A request the test makes fail on purpose: its exact path, or a pattern for paths holding an id. */
type ExpectedFailure = { path: string | RegExp; status: number };

const EXPECTED_FAILURES: ExpectedFailure[] = [
  { path: '/api/auth/me', status: 401 },
  { path: '/api/auth/login', status: 401 },
];

function isExpected(message: ConsoleMessage, expected: ExpectedFailure[]): boolean {
  if (!message.text().startsWith('Failed to load resource')) return false;
  const url = message.location().url;
  return expected.some(
    ({ path, status }) => {
      const pathname = url ? new URL(url).pathname : '';
      const matches = typeof path === 'string' ? pathname === path : path.test(pathname);
      return url && matches && message.text().includes(`status of ${status}`);
    },
  );
}

/** A page plus every console error, uncaught exception and CSP violation seen on it. */
export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  problems: string[];
  /** Declares an error answer the scenario provokes on purpose (e.g. a 400 on a bad field). */
  expectFailure(path: string | RegExp, status: number): void;
}

/** Opens a fresh context (own cookies) with a French browser locale and records problems. */
export async function openPage(
  browser: Browser,
  options: { baseURL: string; locale?: string; viewport?: { width: number; height: number } },
): Promise<WatchedPage> {
  const context = await browser.newContext({
    baseURL: options.baseURL,
    locale: options.locale ?? 'fr-FR',
    timezoneId: 'Europe/Paris',
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
  // This browser has no phone nor mail program: headless Chromium stops delivering input to a page
  // after it follows a tel: or mailto: link (it waits on an external-protocol prompt nobody can
  // answer). The address is recorded instead (window.__dialled), so scenarios can check what would
  // have been dialled or written to.
  await context.addInitScript(() => {
    const dialled: string[] = [];
    (window as unknown as { __dialled: string[] }).__dialled = dialled;
    document.addEventListener(
      'click',
      (event) => {
        const link = (event.target as Element | null)?.closest?.('a[href^="tel:"], a[href^="mailto:"]') as HTMLAnchorElement | null;
        if (!link) return;
        if (!event.defaultPrevented) dialled.push(link.getAttribute('href') ?? '');
        event.preventDefault();
      },
      // Bubbling phase, last: the app's own handlers run first and may cancel the dial.
      false,
    );
  });
  const page = await context.newPage();
  const problems: string[] = [];
  const expected = [...EXPECTED_FAILURES];
  page.on('console', (message) => {
    // CSP violations are reported as console errors too ("Refused to execute inline script…").
    if (message.type() === 'error' && !isExpected(message, expected)) problems.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  onTestFailed(async ({ task }) => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const name = task.name.replace(/[^\w-]+/g, '-').slice(0, 80);
    await page.screenshot({ path: `${ARTIFACTS_DIR}${name}.png`, fullPage: true }).catch(() => undefined);
    if (problems.length) console.error(`Browser problems in "${task.name}":\n${problems.join('\n')}`);
  });
  return { context, page, problems, expectFailure: (path, status) => expected.push({ path, status }) };
}
