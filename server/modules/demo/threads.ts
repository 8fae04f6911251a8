import os from 'node:os';
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

/**
 * Lowers the scheduling priority of the calling thread (a nice value, 0–19). The importing thread
 * sets the pace of an import; on two cores shared by three busy threads it would otherwise get two
 * thirds of a core. Only on Linux, where priority is per thread: elsewhere it would slow the
 * whole process. Raising one's nice value needs no privilege; a refusal changes nothing but speed.
 */
export function lowerThreadPriority(nice: number): void {
  if (process.platform !== 'linux') return;
  try {
    os.setPriority(0, nice);
  } catch {
    // A sandbox refusing setpriority(): the import only runs slower.
  }
}
