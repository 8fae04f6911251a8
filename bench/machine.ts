import os from 'node:os';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import pg from 'pg';

/** What the figures were measured on: they mean little without it. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  sqlite: string;
  postgres: string | null;
  /** 1-minute load average when the run started: other work on the machine skews every figure. */
  loadAverage: number;
  stalls: Stalls;
}

/** Pauses a busy thread saw on every core at once (see measureStalls). */
export interface Stalls {
  seconds: number;
  /** Pauses over 1 ms, across all cores. */
  count: number;
  largestMs: number;
  totalMs: number;
}

/**
 * One thread per core spins for `seconds`, reading the clock; a gap between two readings is time
 * the thread was not running (other processes, the kernel, the host of a virtual machine). On this
 * project's 2-core VM one spinning thread sees none, two see pauses of 20–60 ms a few times in
 * 20 s: a load on both cores then meets the same pauses, which make the p99 of paced runs.
 * Recorded with each run so that a tail can be read against the machine's own.
 */
export async function measureStalls(seconds = 5): Promise<Stalls> {
  const spin = `
    const { parentPort, workerData } = require('node:worker_threads');
    const end = performance.now() + workerData * 1000;
    const gaps = [];
    let last = performance.now();
    while (last < end) {
      const now = performance.now();
      if (now - last > 1) gaps.push(now - last);
      last = now;
    }
    parentPort.postMessage(gaps);`;
  const perCore = await Promise.all(
    os.cpus().map(
      () =>
        new Promise<number[]>((resolve, reject) => {
          const worker = new Worker(spin, { eval: true, workerData: seconds });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  const gaps = perCore.flat();
  return {
    seconds,
    count: gaps.length,
    largestMs: Math.round(Math.max(0, ...gaps) * 10) / 10,
    totalMs: Math.round(gaps.reduce((sum, g) => sum + g, 0)),
  };
}

export async function machineInfo(pgAdminUrl: string): Promise<MachineInfo> {
  const cpus = os.cpus();
  const memory = new SQLite(':memory:');
  const sqlite = (memory.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  memory.close();
  let postgres: string | null = null;
  try {
    const client = new pg.Client({ connectionString: pgAdminUrl });
    await client.connect();
    postgres = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
    await client.end();
  } catch {
    postgres = null;
  }
  // Read before the spinning threads raise it.
  const loadAverage = Math.round(os.loadavg()[0] * 100) / 100;
  const stalls = await measureStalls();
  return {
    cpu: `${cpus[0]?.model ?? 'unknown'}${cpus[0]?.speed ? ` @ ${cpus[0].speed} MHz` : ''}`,
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    sqlite,
    postgres,
    loadAverage,
    stalls,
  };
}
