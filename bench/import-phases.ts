/**
 * `npx tsx bench/import-phases.ts sqlite|postgres [people]`: one demo import into a throw-away
 * database, with wall time and CPU time per phase. CPU is this process (all its threads, then its
 * main thread alone: the importing thread, which sets the pace) and, on
 * PostgreSQL, the database's server processes: on a machine shared with other work, CPU seconds
 * stay comparable between runs when wall seconds do not. Also the bytes written and read through
 * files per phase and per thread (temporary files included). KEEP=1 keeps the database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { connectDatabase, migrateToLatest } from '../server/db/connect.js';
import { generateDemoData } from '../server/modules/demo/generator.js';

const dialect = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
const people = Number(process.argv[3] ?? 1_000_000);
const adminUrl = process.env.RELAIS_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CLOCK_TICKS = 100;

/** User and system CPU seconds in a /proc …/stat file (a process or a thread). */
function cpuSeconds(statFile: string): number {
  const fields = fs.readFileSync(statFile, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** CPU seconds of the PostgreSQL server processes serving `database` (Linux /proc). */
function serverCpu(database: string): number {
  let total = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!command.startsWith('postgres: ') || !command.includes(` ${database} `)) continue;
      total += cpuSeconds(`/proc/${pid}/stat`);
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/**
 * The whole machine's CPU seconds since boot (/proc/stat): busy (every process, the server's parallel
 * workers and background writers included), idle, and stolen by the hypervisor. Busy plus idle over
 * a phase is its wall time times the cores: idle left over shows work that did not run in parallel.
 */
function machineCpu() {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  return { busy: (user + nice + system + irq + softirq) / CLOCK_TICKS, idle: (idle + iowait) / CLOCK_TICKS, steal: steal / CLOCK_TICKS };
}

/** Bytes this process (or one of its threads) passed to write() and read() calls (Linux /proc …/io): files, not only disk. */
function ioBytes(ioFile = '/proc/self/io') {
  const fields = Object.fromEntries(fs.readFileSync(ioFile, 'utf8').trim().split('\n').map((line) => line.split(': ')));
  return { written: Number(fields.wchar), read: Number(fields.rchar) };
}
const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;

/** CPU seconds of this process's main thread, the one that writes the rows and sets the pace (Linux /proc). */
function mainThreadCpu(): number {
  return cpuSeconds(`/proc/self/task/${process.pid}/stat`);
}

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(statement);
  await client.end();
}

let dir = '';
let database = '';
let url: URL | undefined;
if (dialect === 'sqlite') dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-import-'));
else {
  database = `relais_import_${process.pid}`;
  await admin(`CREATE DATABASE ${database}`);
  url = new URL(adminUrl);
  url.pathname = `/${database}`;
}
const handle = connectDatabase(url ? { databaseUrl: url.toString() } : { sqlitePath: path.join(dir, 'relais.db') });
await migrateToLatest(handle);

// Server processes end with their connection, their CPU with them: sampled as the import goes.
let serverSeen = 0;
const sampleServer = () => (serverSeen = dialect === 'postgres' ? Math.max(serverSeen, serverCpu(database)) : 0);
// Worker threads too (the generator's, the full-text index's): CPU per thread, sampled.
const threadCpu = new Map<string, number>();
const threadWrites = new Map<string, number>();
function sampleThreads() {
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      const name = `${tid} ${fs.readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim()}`;
      threadCpu.set(name, Math.max(threadCpu.get(name) ?? 0, cpuSeconds(`/proc/self/task/${tid}/stat`)));
      threadWrites.set(name, Math.max(threadWrites.get(name) ?? 0, ioBytes(`/proc/self/task/${tid}/io`).written));
    } catch {
      // the thread ended meanwhile
    }
  }
}
const sampler = setInterval(() => {
  sampleServer();
  sampleThreads();
}, 200);
const started = performance.now();
const machineAtImportStart = machineCpu();
let phase = 'start';
let phaseStarted = started;
let cpuAtStart = process.cpuUsage();
let mainAtStart = mainThreadCpu();
let serverAtStart = sampleServer();
let machineAtStart = machineCpu();
let ioAtStart = ioBytes();
function endPhase(next: string) {
  const now = performance.now();
  const cpu = process.cpuUsage(cpuAtStart);
  const server = sampleServer();
  const main = mainThreadCpu();
  const machine = machineCpu();
  const io = ioBytes();
  const seconds = (key: keyof typeof machine) => (machine[key] - machineAtStart[key]).toFixed(1).padStart(6);
  console.log(
    `${phase.padEnd(14)} wall ${((now - phaseStarted) / 1000).toFixed(1).padStart(6)} s  node cpu ${((cpu.user + cpu.system) / 1e6).toFixed(1).padStart(6)} s` +
      ` (main thread ${(main - mainAtStart).toFixed(1).padStart(5)} s)` +
      (dialect === 'postgres' ? `  server cpu ${(server - serverAtStart).toFixed(1).padStart(6)} s` : '') +
      `  machine busy ${seconds('busy')} s, idle ${seconds('idle')} s, stolen ${seconds('steal')} s` +
      `  written ${gb(io.written - ioAtStart.written)}, read ${gb(io.read - ioAtStart.read)}`,
  );
  phase = next;
  phaseStarted = now;
  cpuAtStart = process.cpuUsage();
  mainAtStart = main;
  serverAtStart = server;
  machineAtStart = machine;
  ioAtStart = io;
}
console.log(`${dialect}, ${people} people; load average ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`);
await generateDemoData(handle, { size: people, seed: 1, withUsers: true, onProgress: (_done, _total, p) => p !== phase && endPhase(p) });
endPhase('');
clearInterval(sampler);
sampleThreads();
const busiest = [...threadCpu].filter(([, cpu]) => cpu >= 0.5).sort((a, b) => b[1] - a[1]);
console.log(`threads (cpu s, written): ${busiest.map(([name, cpu]) => `${name} ${cpu.toFixed(1)} s ${gb(threadWrites.get(name) ?? 0)}`).join(', ')}`);
const machineTotal = machineCpu();
console.log(
  `machine over the import: busy ${(machineTotal.busy - machineAtImportStart.busy).toFixed(1)} s, idle ${(machineTotal.idle - machineAtImportStart.idle).toFixed(1)} s` +
    ` of ${os.availableParallelism()} cores; stolen ${(machineTotal.steal - machineAtImportStart.steal).toFixed(1)} s`,
);
console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s; load average ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`);
await handle.close();
if (dir) console.log(`database file ${gb(fs.statSync(path.join(dir, 'relais.db')).size)}`);
if (process.env.KEEP) console.log(`kept ${dir || database}`);
else if (dir) fs.rmSync(dir, { recursive: true, force: true });
else await admin(`DROP DATABASE ${database} WITH (FORCE)`);
