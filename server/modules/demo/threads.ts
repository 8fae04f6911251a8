import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Starts one of this folder's worker-thread modules (`name` without extension). From the
 * TypeScript sources (tests, benchmarks) the thread registers tsx first to load them; from the
 * build it loads the compiled file directly.
 */
export function startDemoThread(name: string, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  const typescript = import.meta.url.endsWith('.ts');
  const entry = new URL(`./${name}.${typescript ? 'ts' : 'js'}`, import.meta.url);
  return typescript
    ? new Worker(
        `import('tsx/esm/api')` +
          `.then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`,
        { eval: true, workerData, resourceLimits },
      )
    : new Worker(entry, { workerData, resourceLimits });
}
