import type { Locator } from 'playwright-core';

/**
 * Waits until the locator is visible and returns its text: the way these tests assert what a
 * user sees (waiting for the element, never sleeping). The DOM text is returned, so a badge
 * styled in capitals still reads as written.
 */
export async function see(locator: Locator, timeout = 20_000): Promise<string> {
  await locator.first().waitFor({ state: 'visible', timeout });
  return ((await locator.first().textContent()) ?? '').trim();
}
