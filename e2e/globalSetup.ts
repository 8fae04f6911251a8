import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  interface ProvidedContext {
    /** The web app built for this run (see startServer). */
    webDir: string;
  }
}

/**
 * Builds the web app once into a folder of this run, so the server under test serves the current
 * code, and a `npm run build` or another e2e run meanwhile cannot pull files from under it.
 */
export default async function globalSetup(project: TestProject): Promise<() => Promise<void>> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'relais-e2e-web-'));
  await build({
    configFile: fileURLToPath(new URL('../web/vite.config.ts', import.meta.url)),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  project.provide('webDir', outDir);
  return () => rm(outDir, { recursive: true, force: true });
}
