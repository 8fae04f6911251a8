/**
 * Worker thread of a large demo import (see ./generator.ts): generates the batches and posts them
 * to the importing thread, encoded as its writer wants them, at most MAX_AHEAD unacknowledged, so
 * memory stays bounded.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { produceBatches, type GeneratorSettings } from './batches.js';
import { encodeBatch, type BatchEncoding } from './bulk-writers.js';

const MAX_AHEAD = 2;
const port = parentPort!;
let ahead = 0;
let wake: (() => void) | null = null;
port.on('message', () => {
  ahead--;
  wake?.();
  wake = null;
});

const { settings, encoding } = workerData as { settings: GeneratorSettings; encoding: BatchEncoding };
const counts = await produceBatches(settings, async (batch, done, total, phase) => {
  port.postMessage({ batch: encodeBatch(batch, encoding), done, total, phase });
  ahead++;
  while (ahead >= MAX_AHEAD) await new Promise<void>((resolve) => (wake = resolve));
});
port.postMessage({ counts });
// Nothing more to receive: let the thread end.
port.close();
