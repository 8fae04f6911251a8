/**
 * Worker thread of a large demo import (see ./generator.ts): generates the batches and posts them
 * to the importing thread, at most MAX_AHEAD unacknowledged, so memory stays bounded.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { produceBatches, type GeneratorSettings } from './batches.js';
import { CopyEncoder } from './copy-encoder.js';
import { lowerThreadPriority } from './threads.js';

const MAX_AHEAD = 2;
const settings = workerData as GeneratorSettings;
// On SQLite, below the importing thread, which sets the pace, and above the full-text thread (see
// fts-worker.ts). On PostgreSQL this thread also encodes, and the importing thread only forwards.
if (!settings.encodeForPostgres) lowerThreadPriority(4);
const port = parentPort!;
let ahead = 0;
let wake: (() => void) | null = null;
port.on('message', () => {
  ahead--;
  wake?.();
  wake = null;
});

const encoder = settings.encodeForPostgres ? new CopyEncoder() : undefined;
const counts = await produceBatches(settings, async (batch, done, total, phase) => {
  if (encoder) {
    // Encoded here, and its buffers moved rather than copied to the importing thread.
    const copy = encoder.encode(batch);
    port.postMessage({ batch: { copy }, done, total, phase }, Object.values(copy).map((bytes) => bytes.buffer));
  } else {
    port.postMessage({ batch, done, total, phase });
  }
  ahead++;
  while (ahead >= MAX_AHEAD) await new Promise<void>((resolve) => (wake = resolve));
});
port.postMessage({ counts });
// Nothing more to receive: let the thread end.
port.close();
