import type { Worker } from 'node:worker_threads';
import type { FtsThreadMessage, FtsThreadSettings } from './fts-worker.js';
import { startDemoThread } from './threads.js';

/**
 * Batches sent and not yet indexed before send() waits: bounds the memory the queue holds (a batch
 * of a thousand documents is ≈150 KB). Deep, because the thread runs at the lowest priority and
 * falls behind while the rows are written (at most ≈100 batches, measured at 1M people).
 */
const MAX_AHEAD = 256;

export interface FtsThread {
  /** Queues the next documents' [title, content, …] pairs; waits while the thread is far behind. */
  send(pairs: string[]): Promise<void>;
  /** Waits for every document to be indexed and committed; gives the last rowid indexed. */
  finish(): Promise<number>;
  /** Ends the thread, finished or not. */
  stop(): Promise<void>;
}

/** Starts ./fts-worker.ts; see there. Any failure of the thread rejects the next send() or finish(). */
export function startFtsThread(settings: FtsThreadSettings): FtsThread {
  const worker: Worker = startDemoThread('fts-worker', settings);
  let failure: Error | undefined;
  let ahead = 0;
  let wake: (() => void) | undefined;
  let lastRowid: number | undefined;
  const wakeUp = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (message: { ack: true } | { lastRowid: number }) => {
    if ('lastRowid' in message) lastRowid = message.lastRowid;
    else ahead--;
    wakeUp();
  });
  worker.on('error', (error) => {
    failure ??= error;
    wakeUp();
  });
  worker.on('exit', (code) => {
    if (lastRowid === undefined) failure ??= new Error(`full-text index thread stopped (exit code ${code})`);
    wakeUp();
  });
  const waitUntil = async (done: () => boolean) => {
    while (!done() && !failure) await new Promise<void>((resolve) => (wake = resolve));
    if (failure) throw failure;
  };
  const post = (message: FtsThreadMessage) => worker.postMessage(message);
  return {
    async send(pairs) {
      if (failure) throw failure;
      post({ documents: pairs });
      ahead++;
      await waitUntil(() => ahead < MAX_AHEAD);
    },
    async finish() {
      post({ finish: true });
      await waitUntil(() => lastRowid !== undefined);
      return lastRowid!;
    },
    async stop() {
      await worker.terminate();
    },
  };
}
