import type { Db } from '../../db/dialect/features.js';
import { callTimeWithin } from './calls.service.js';

interface Bucket {
  calls: number;
  answered: number;
  missed: number;
  waitSum: number;
  waitCount: number;
  durationSum: number;
  durationCount: number;
}

const empty = (): Bucket => ({ calls: 0, answered: 0, missed: 0, waitSum: 0, waitCount: 0, durationSum: 0, durationCount: 0 });

function summarise(b: Bucket) {
  const rate = (n: number) => (b.calls ? Math.round((n / b.calls) * 1000) / 1000 : 0);
  return {
    calls: b.calls,
    answered: b.answered,
    missed: b.missed,
    answerRate: rate(b.answered),
    missRate: rate(b.missed),
    avgWaitSeconds: b.waitCount ? Math.round(b.waitSum / b.waitCount) : null,
    avgDurationSeconds: b.durationCount ? Math.round(b.durationSum / b.durationCount) : null,
  };
}

const WEEKDAYS: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/**
 * Call statistics over a date range, in the firm's time zone: per day, a heat map by hour of the
 * week, answer and miss rates, average wait and duration, per agent and per line.
 * Aggregated in the server from one indexed range scan; a year of a busy switchboard is a few
 * hundred thousand small rows.
 */
export async function callStatistics(db: Db, query: { from: string; to: string; timeZone: string; direction?: string }) {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: query.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23', weekday: 'short' });
  let q = db
    .selectFrom('calls')
    .select(['created_at', 'ringing_at', 'state', 'wait_seconds', 'duration_seconds', 'agent_id', 'to_e164', 'to_number', 'from_e164', 'from_number', 'direction'])
    .where(callTimeWithin(query.from, query.to));
  if (query.direction) q = q.where('direction', '=', query.direction);
  const rows = await q.execute();

  const total = empty();
  const perDay = new Map<string, Bucket>();
  const perAgent = new Map<string, Bucket>();
  const perLine = new Map<string, Bucket>();
  const heat = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));

  for (const r of rows) {
    const p = Object.fromEntries(parts.formatToParts(new Date(r.ringing_at ?? r.created_at)).map((x) => [x.type, x.value]));
    const day = `${p.year}-${p.month}-${p.day}`;
    heat[WEEKDAYS[p.weekday]][Number(p.hour)] += 1;
    const buckets = [total, getOr(perDay, day), getOr(perAgent, r.agent_id ?? 'none'), getOr(perLine, line(r))];
    for (const b of buckets) {
      b.calls += 1;
      if (r.state === 'answered' || r.state === 'ended') b.answered += 1;
      if (r.state === 'missed' || r.state === 'voicemail') b.missed += 1;
      if (r.wait_seconds !== null) {
        b.waitSum += r.wait_seconds;
        b.waitCount += 1;
      }
      if (r.duration_seconds !== null) {
        b.durationSum += r.duration_seconds;
        b.durationCount += 1;
      }
    }
  }
  return {
    from: query.from,
    to: query.to,
    timeZone: query.timeZone,
    totals: summarise(total),
    perDay: [...perDay].sort(([a], [b]) => a.localeCompare(b)).map(([date, b]) => ({ date, ...summarise(b) })),
    /** heatmap[weekday][hour], weekday 0 = Monday. */
    heatmap: heat,
    perAgent: [...perAgent].map(([agentId, b]) => ({ agentId: agentId === 'none' ? null : agentId, ...summarise(b) })).sort((a, b) => b.calls - a.calls),
    perLine: [...perLine].map(([line, b]) => ({ line, ...summarise(b) })).sort((a, b) => b.calls - a.calls),
  };
}

function getOr(map: Map<string, Bucket>, key: string): Bucket {
  let b = map.get(key);
  if (!b) map.set(key, (b = empty()));
  return b;
}

/** The firm's line a call used: the number called for an incoming call, the calling line for an outgoing one. */
function line(r: { direction: string; to_e164: string | null; to_number: string; from_e164: string | null; from_number: string }): string {
  return r.direction === 'out' ? (r.from_e164 ?? r.from_number) : (r.to_e164 ?? r.to_number);
}
