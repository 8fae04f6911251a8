/** Benchmark options, from flags (`--people 1000000`) or environment (`BENCH_PEOPLE=1000000`). */
export interface BenchOptions {
  people: number;
  dialects: ('sqlite' | 'postgres')[];
  /** Seconds per scenario. */
  duration: number;
  connections: number;
  /** Append a dated section to bench/RESULTS.md. */
  record: boolean;
  /** Reuse (or keep) the SQLite data folder instead of a fresh temporary one: skips the import when it holds data. */
  sqliteDir?: string;
  /** PostgreSQL server for the throw-away database. */
  pgAdminUrl: string;
  /** Reuse (or keep) this PostgreSQL database instead of a throw-away one: skips the import when it holds data. */
  pgDatabase?: string;
  /** Scenarios to run (all by default): lookup, search, list, create, live (screen pop and team queue). */
  scenarios: string[];
  /** Folder for V8 CPU profiles of the server processes (`node --cpu-prof`), one per server run. */
  profileDir?: string;
}

const USAGE = `npm run bench -- [--people N] [--dialect sqlite|postgres|both] [--duration SECONDS]
                     [--connections N] [--scenarios lookup,search,list,create,live] [--record]
                     [--sqlite-dir DIR] [--pg-database NAME] [--profile DIR] [--pg-url postgres://postgres@127.0.0.1:5432/postgres]
Environment: BENCH_NODE_FLAGS="--trace-gc …" adds flags to the servers' Node processes.`;

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}\n${USAGE}`);
    const [name, inline] = arg.slice(2).split('=', 2);
    if (name === 'record') flags.set(name, 'true');
    else flags.set(name, inline ?? argv[++i] ?? '');
  }
  const get = (name: string, fallback: string) => flags.get(name) ?? env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`] ?? fallback;
  const number = (name: string, fallback: number) => {
    const value = Number(get(name, String(fallback)));
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name}: expected a positive number\n${USAGE}`);
    return value;
  };
  const dialect = get('dialect', 'both');
  if (!['sqlite', 'postgres', 'both'].includes(dialect)) throw new Error(`--dialect: sqlite, postgres or both\n${USAGE}`);
  return {
    people: Math.floor(number('people', 100_000)),
    dialects: dialect === 'both' ? ['sqlite', 'postgres'] : [dialect as 'sqlite' | 'postgres'],
    duration: number('duration', 10),
    connections: Math.floor(number('connections', 20)),
    record: get('record', 'false') === 'true',
    sqliteDir: flags.get('sqlite-dir') ?? env.BENCH_SQLITE_DIR,
    pgDatabase: flags.get('pg-database') ?? env.BENCH_PG_DATABASE,
    pgAdminUrl: get('pg-url', 'postgres://postgres@127.0.0.1:5432/postgres'),
    profileDir: flags.get('profile') ?? env.BENCH_PROFILE,
    scenarios: get('scenarios', 'lookup,search,list,create,live').split(',').map((s) => s.trim()),
  };
}
