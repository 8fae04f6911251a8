import os from 'node:os';
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
  return {
    cpu: `${cpus[0]?.model ?? 'unknown'}${cpus[0]?.speed ? ` @ ${cpus[0].speed} MHz` : ''}`,
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    sqlite,
    postgres,
    loadAverage: Math.round(os.loadavg()[0] * 100) / 100,
  };
}
