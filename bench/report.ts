import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadResult } from './load.js';
import type { MachineInfo } from './machine.js';

export interface Measurement extends LoadResult {
  dialect: string;
  /** Scenario name, or "lookup (reference)". */
  scenario: string;
  rssMb: number;
  /** Server process CPU time per completed request, in milliseconds. */
  cpuMsPerRequest: number;
}

export interface ImportFigure {
  dialect: string;
  people: number;
  seconds: number | null;
}

export interface Check {
  label: string;
  ok: boolean;
  detail: string;
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 2 : 1) : '–');
const int = (v: number) => Math.round(v).toLocaleString('en-US');

export function machineLine(m: MachineInfo): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM, ${m.os}; Node ${m.node}, SQLite ${m.sqlite}, PostgreSQL ${m.postgres ?? 'n/a'}; load average at start ${m.loadAverage}; every core busy for ${m.stalls.seconds} s: ${m.stalls.count} pauses over 1 ms, largest ${m.stalls.largestMs} ms, ${m.stalls.totalMs} ms in all`;
}

export function importLines(figures: ImportFigure[]): string[] {
  return figures.map((f) =>
    f.seconds === null
      ? `- ${f.dialect}: ${int(f.people)} people reused from an earlier import`
      : `- ${f.dialect}: ${int(f.people)} people (+ organisations, interactions, tasks) imported in ${f.seconds.toFixed(1)} s — ${int(f.people / f.seconds)} people/s`,
  );
}

export function table(rows: Measurement[]): string[] {
  const lines = [
    '| dialect | scenario | req/s | p50 ms | p95 ms | p99 ms | max ms | server CPU ms/req | requests | errors | non-2xx | server RSS MB |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.dialect} | ${r.scenario} | ${int(r.rps)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.requests ? r.cpuMsPerRequest.toFixed(2) : '–'} | ${int(r.requests)} | ${r.errors} | ${r.non2xx} | ${int(r.rssMb)} |`,
    );
  }
  return lines;
}

/** The targets of PRODUCT.md "How fast", as the brief states them. */
export function checks(rows: Measurement[], imports: ImportFigure[]): Check[] {
  const result: Check[] = [];
  for (const f of imports) {
    if (f.seconds === null) continue;
    const rate = f.people / f.seconds;
    result.push({ label: `${f.dialect} import 1M people < 60 s (≥ 16,667 people/s)`, ok: rate >= 1_000_000 / 60, detail: `${int(rate)} people/s → 1M in ≈ ${int(1_000_000 / rate)} s` });
  }
  for (const dialect of new Set(rows.map((r) => r.dialect))) {
    const of = (s: string) => rows.find((r) => r.dialect === dialect && r.scenario === s);
    const lookup = of('lookup');
    const reference = of('lookup (reference)');
    const search = of('search');
    if (lookup) {
      // Saturated, every connection waits for the others' requests: the tail follows throughput, so
      // the bare reference's own tail in the same run tells what this machine allows at that moment.
      const beside = reference ? ` (the bare reference in the same run: p99 ${ms(reference.p99)} ms)` : '';
      result.push({ label: `${dialect} lookup p99 < 10 ms, unpaced (saturated) load`, ok: lookup.p99 < 10, detail: `p99 ${ms(lookup.p99)} ms${beside}` });
    }
    const singleLookup = of('lookup, 1 connection');
    if (singleLookup) result.push({ label: `${dialect} lookup p99 < 10 ms, 1 connection`, ok: singleLookup.p99 < 10, detail: `p99 ${ms(singleLookup.p99)} ms` });
    const paced = rows.find((r) => r.dialect === dialect && /^lookup, \d+ connections at/.test(r.scenario) && !r.scenario.includes('reference'));
    if (paced) result.push({ label: `${dialect} lookup p99 < 10 ms, ${paced.scenario.slice('lookup, '.length)}`, ok: paced.p99 < 10, detail: `p99 ${ms(paced.p99)} ms` });
    if (lookup && reference) {
      const share = (lookup.rps / reference.rps) * 100;
      // Throughput depends on the CPU the machine leaves free at that moment; CPU per request does
      // not, so the same comparison is also given as the reference's CPU per lookup over Relais's.
      const cpuShare = (reference.cpuMsPerRequest / lookup.cpuMsPerRequest) * 100;
      result.push({
        label: `${dialect} lookup throughput ≥ 60% of the bare reference`,
        ok: share >= 60,
        detail: `${share.toFixed(0)}% (${int(lookup.rps)} vs ${int(reference.rps)} req/s); by CPU per lookup ${cpuShare.toFixed(0)}% (${lookup.cpuMsPerRequest.toFixed(2)} vs ${reference.cpuMsPerRequest.toFixed(2)} ms)`,
      });
    }
    if (search) result.push({ label: `${dialect} search p95 < 30 ms, unpaced (saturated) load`, ok: search.p95 < 30, detail: `p95 ${ms(search.p95)} ms` });
    const singleSearch = of('search, 1 connection');
    if (singleSearch) result.push({ label: `${dialect} search p95 < 30 ms, 1 connection`, ok: singleSearch.p95 < 30, detail: `p95 ${ms(singleSearch.p95)} ms` });
    const pacedSearch = rows.find((r) => r.dialect === dialect && /^search, \d+ connections at/.test(r.scenario));
    if (pacedSearch) result.push({ label: `${dialect} search p95 < 30 ms, ${pacedSearch.scenario.slice('search, '.length)}`, ok: pacedSearch.p95 < 30, detail: `p95 ${ms(pacedSearch.p95)} ms` });
  }
  return result;
}

export function checkLines(list: Check[]): string[] {
  return list.map((c) => `- ${c.ok ? 'met' : '**MISSED**'}: ${c.label} — ${c.detail}`);
}

const resultsFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'RESULTS.md');

/** Appends a dated section to bench/RESULTS.md. */
/** Appends lines to RESULTS.md, creating it with its heading when missing. */
export function appendResults(lines: string[]) {
  if (!fs.existsSync(resultsFile)) {
    fs.writeFileSync(resultsFile, '# Benchmark results\n\nAppended by `npm run bench -- --record`; newest last. Analysis of where the time goes: see the notes under each run.\n');
  }
  fs.appendFileSync(resultsFile, lines.join('\n'));
  return resultsFile;
}

export function record(section: { title: string; command: string; machine: MachineInfo; imports: ImportFigure[]; rows: Measurement[]; checks: Check[]; live?: string[]; duration: number; connections: number }) {
  const lines = [
    '',
    `## ${section.title}`,
    '',
    `Command: \`${section.command}\` (${section.connections} connections, ${section.duration} s per scenario)`,
    '',
    `Machine: ${machineLine(section.machine)}`,
    '',
    'Import:',
    ...importLines(section.imports),
    '',
    ...table(section.rows),
    '',
    'Targets:',
    ...checkLines(section.checks),
    ...section.rows
      .filter((r) => r.errors || r.non2xx)
      .map((r) => `- **FAILED REQUESTS** ${r.dialect}/${r.scenario}: ${r.errors} errors or time-outs (10 s), ${r.non2xx} non-2xx`),
    ...(section.live?.length ? ['', 'Hand-offs (screen pop to 50 SSE streams, team queue):', ...section.live.map((l) => `- ${l}`)] : []),
    '',
  ];
  return appendResults(lines);
}
