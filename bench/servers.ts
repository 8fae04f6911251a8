import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface ServerProcess {
  url: string;
  token?: string;
  /** Resident memory (bytes) and CPU time used so far (user + system, microseconds) of the server process. */
  stats(): Promise<{ rss: number; cpuMicros: number }>;
  stop(): Promise<void>;
}

/** Starts bench/<script> in its own Node process (through tsx) and waits until it listens. */
export async function startServer(script: 'relais-server.ts' | 'reference-server.ts', env: Record<string, string>, profileDir?: string): Promise<ServerProcess> {
  // One folder per server run: the main thread and tsx's loader thread each write a profile there.
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, `${script.replace('.ts', '')}-${Date.now()}`)}`] : [];
  const child: ChildProcess = fork(path.join(here, script), [], {
    env: { ...process.env, ...env, NODE_ENV: 'production' },
    execArgv: ['--import', 'tsx', ...profile, ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ port: number; token?: string }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${script} exited with code ${code} before listening`)));
    child.on('message', (m: { type: string; port: number; token?: string }) => {
      if (m.type === 'ready') resolve(m);
    });
  });
  child.removeAllListeners('exit');
  return {
    url: `http://127.0.0.1:${ready.port}`,
    token: ready.token,
    stats: () =>
      new Promise((resolve) => {
        const onMessage = (m: { type: string; rss: number; cpuMicros: number }) => {
          if (m.type !== 'stats') return;
          child.off('message', onMessage);
          resolve({ rss: m.rss, cpuMicros: m.cpuMicros });
        };
        child.on('message', onMessage);
        child.send({ type: 'stats' });
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
        // A server that does not stop within 10 s is killed: the run must end.
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}
