/**
 * `npm run bench`: imports demo data, starts a real Relais server and measures it over HTTP with
 * autocannon — caller lookup, search, a filtered and sorted list, creating interactions — on
 * SQLite and PostgreSQL, next to a bare Fastify + better-sqlite3 reference doing the same lookup.
 * Prints figures and the targets of PRODUCT.md "How fast"; `--record` appends them to RESULTS.md.
 * Exits with 1 when any request failed: figures over failing requests are worthless.
 */
import { postgresDataset, sqliteDataset, type Dataset } from './datasets.js';
import { runLoad } from './load.js';
import { runPaced } from './paced.js';
import { machineInfo } from './machine.js';
import { parseOptions } from './options.js';
import { checkLines, checks, importLines, machineLine, record, table, type ImportFigure, type Measurement } from './report.js';
import { scenarios } from './scenarios.js';
import { startServer, type ServerProcess } from './servers.js';
import { runLiveScenarios } from './live.js';

const options = parseOptions(process.argv.slice(2), process.env);
const machine = await machineInfo(options.pgAdminUrl);
console.log(`Relais benchmark — ${options.people.toLocaleString('en-US')} people, ${options.dialects.join(' + ')}, ${options.duration} s per scenario, ${options.connections} connections`);
console.log(`Machine: ${machineLine(machine)}\n`);

const rows: Measurement[] = [];
/**
 * Unpaced load on 20 connections measures throughput: latency is then connections / throughput
 * (Little's law), ≈ 6 ms even for the bare reference on 2 cores. The latency a switchboard sees is
 * measured at a fixed, evenly spaced rate instead (bench/paced.ts): 400 lookups per second
 * (1.4 million an hour) over up to 20 connections.
 */
const PACED_RATE = 400;
const PACED_LOOKUP = `lookup, ${options.connections} connections at ${PACED_RATE} req/s`;
/** Search, likewise: 20 people typing, 5 keystrokes a second each. */
const PACED_SEARCH_RATE = 100;
const PACED_SEARCH = `search, ${options.connections} connections at ${PACED_SEARCH_RATE} req/s`;
const imports: ImportFigure[] = [];
/** Result lines of the hand-off scenarios (screen pop, team queue). */
const liveLines: string[] = [];
let liveFailed = false;

/**
 * Waits until the server answers /api/health quickly again: requests still queued from a scenario
 * (slow lists at 1M people) must not be charged to the next one. Gives up after two minutes.
 */
async function waitIdle(server: ServerProcess) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const started = performance.now();
    try {
      const response = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(10_000) });
      if (response.ok && performance.now() - started < 50) return;
    } catch {
      // still busy
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  console.log('    (server still busy after 2 minutes)');
}

/** The database of the dialect being measured, read into the page cache before each scenario (see Dataset.warm). */
let current: Dataset | undefined;

async function measure(server: ServerProcess, dialect: string, scenario: string, next: Parameters<typeof runLoad>[0]['next'], connections = options.connections, rate?: number) {
  await current?.warm();
  process.stdout.write(`  ${scenario.padEnd(24)}`);
  // A short warm-up: JIT, page cache and connection pool, not measured.
  const load = (duration: number) =>
    rate ? runPaced({ url: server.url, token: server.token, connections, duration, next, rate }) : runLoad({ url: server.url, token: server.token, connections, duration, next });
  await load(2);
  await waitIdle(server);
  const before = await server.stats();
  const result = await load(options.duration);
  // Requests still queued when the load stops are served now; their CPU belongs to this scenario.
  await waitIdle(server);
  const after = await server.stats();
  const rssMb = after.rss / 2 ** 20;
  // CPU per request barely depends on what else runs on the machine, unlike req/s and latency.
  const cpuMsPerRequest = (after.cpuMicros - before.cpuMicros) / 1000 / Math.max(1, result.requests);
  rows.push({ ...result, dialect, scenario, rssMb, cpuMsPerRequest });
  console.log(
    `${Math.round(result.rps).toString().padStart(7)} req/s  p50 ${result.p50.toFixed(2)}  p95 ${result.p95.toFixed(2)}  p99 ${result.p99.toFixed(2)} ms` +
      `  server CPU ${cpuMsPerRequest.toFixed(2)} ms/req  errors ${result.errors}  non-2xx ${result.non2xx}  RSS ${Math.round(rssMb)} MB`,
  );
  if (result.errors || result.non2xx) console.log(`    !! FAILED REQUESTS: status codes ${JSON.stringify(result.statusCodes)}`);
}

for (const dialect of options.dialects) {
  console.log(`== ${dialect}`);
  const dataset: Dataset = dialect === 'sqlite' ? await sqliteDataset(options.people, options.sqliteDir) : await postgresDataset(options.people, options.pgAdminUrl, options.pgDatabase);
  try {
    imports.push({ dialect, people: options.people, seconds: dataset.importSeconds });
    if (dataset.importSeconds !== null) console.log(importLines([imports[imports.length - 1]])[0].slice(2));
    current = dataset;
    const first = await dataset.warm();
    console.log(`  database read into the page cache before each scenario: ${(first.bytes / 2 ** 30).toFixed(1)} GB, ${first.seconds.toFixed(1)} s the first time`);
    const list = scenarios(dataset.samples).filter((s) => options.scenarios.includes(s.name));
    const relais = await startServer('relais-server.ts', dataset.serverEnv, options.profileDir);
    try {
      for (const s of list) {
        await measure(relais, dialect, s.name, s.next);
        // Closed-loop load makes latency ≈ connections / throughput (Little's law); one connection
        // shows the time of one lookup on an idle server, the "before the second ring" figure.
        if (s.name === 'lookup') {
          await measure(relais, dialect, 'lookup, 1 connection', s.next, 1);
          await measure(relais, dialect, PACED_LOOKUP, s.next, options.connections, PACED_RATE);
        }
        if (s.name === 'search') {
          await measure(relais, dialect, 'search, 1 connection', s.next, 1);
          await measure(relais, dialect, PACED_SEARCH, s.next, options.connections, PACED_SEARCH_RATE);
        }
      }
    } finally {
      await relais.stop();
    }
    const lookup = list.find((s) => s.name === 'lookup');
    if (dataset.sqliteFile && lookup) {
      const reference = await startServer('reference-server.ts', { BENCH_SQLITE_FILE: dataset.sqliteFile }, options.profileDir);
      try {
        await measure(reference, dialect, 'lookup (reference)', lookup.next);
        await measure(reference, dialect, 'lookup, 1 connection (reference)', lookup.next, 1);
        await measure(reference, dialect, `${PACED_LOOKUP} (reference)`, lookup.next, options.connections, PACED_RATE);
      } finally {
        await reference.stop();
      }
    }
    if (options.scenarios.includes('live')) {
      const live = await runLiveScenarios(dataset, options);
      liveLines.push(...live.lines);
      liveFailed ||= live.failed;
    }
  } finally {
    await dataset.drop();
  }
  console.log('');
}

const results = checks(rows, imports);
console.log(table(rows).join('\n'));
console.log('\nTargets (PRODUCT.md "How fast"):');
console.log(checkLines(results).join('\n'));
if (liveLines.length) console.log(`\nHand-offs:\n${liveLines.map((l) => `- ${l}`).join('\n')}`);

if (options.record) {
  const now = new Date();
  const file = record({
    title: `${now.toISOString().slice(0, 16).replace('T', ' ')} UTC — ${options.people.toLocaleString('en-US')} people, ${options.dialects.join(' + ')}`,
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine,
    imports,
    rows,
    checks: results,
    live: liveLines,
    duration: options.duration,
    connections: options.connections,
  });
  console.log(`\nRecorded in ${file}`);
}

const failed = rows.filter((r) => r.errors || r.non2xx);
if (liveFailed) console.error('\nFAILED: the team queue scenario had failed requests');
if (failed.length || liveFailed) {
  console.error(`\nFAILED: ${failed.map((r) => `${r.dialect}/${r.scenario}: ${r.errors} errors, ${r.non2xx} non-2xx`).join('; ')}`);
  process.exit(1);
}
