/**
 * Worker thread of a large demo import (see ./generator.ts): generates the batches and posts them
 * to the importing thread, at most MAX_AHEAD unacknowledged, so memory stays bounded.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { produceBatches, type GeneratorSettings } from './batches.js';
import { lowerThreadPriority } from './threads.js';

const MAX_AHEAD = 2;
// Below the importing thread, which sets the pace; above the full-text thread (see fts-worker.ts).
lowerThreadPriority(4);
const port = parentPort!;
let ahead = 0;
let wake: (() => void) | null = null;
port.on('message', () => {
  ahead--;
  wake?.();
  wake = null;
});

const counts = await produceBatches(workerData as GeneratorSettings, async (batch, done, total, phase) => {
  port.postMessage({ batch, done, total, phase });
  ahead++;
  while (ahead >= MAX_AHEAD) await new Promise<void>((resolve) => (wake = resolve));
});
port.postMessage({ counts });
// Nothing more to receive: let the thread end.
port.close();
