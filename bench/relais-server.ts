/**
 * Child process: a real Relais server (buildApp + listen on 127.0.0.1, port 0, logger off, job
 * runner off), configured like production through the environment. Runs apart from the load
 * generator so that autocannon does not share the server's event loop.
 * Tells the parent its port and an API token, answers memory and CPU queries, stops on request.
 */
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';

const config = loadConfig({ ...process.env, RELAIS_LOG_LEVEL: 'silent', RELAIS_JOB_POLL_MS: '0' });
const app = await buildApp(config, { logger: false });
const { auth } = app.relais.services;
const session = await auth.login(process.env.BENCH_USER_EMAIL!, process.env.BENCH_USER_PASSWORD!, { ip: '127.0.0.1' });
const caller = (await auth.fromSession(session.token))!;
const { token } = await auth.createApiToken(caller, { name: 'bench', scopes: ['read', 'write'] });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;

process.on('message', async (message: { type: string }) => {
  if (message.type === 'stats') {
    const cpu = process.cpuUsage();
    process.send!({ type: 'stats', rss: process.memoryUsage().rss, cpuMicros: cpu.user + cpu.system });
  }
  if (message.type === 'stop') {
    await app.close();
    process.exit(0);
  }
});
process.send!({ type: 'ready', port, token });
