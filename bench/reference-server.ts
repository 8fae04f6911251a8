/**
 * Child process: the reference server for caller lookup — bare Fastify + better-sqlite3 running
 * ./reference-lookup.ts (no Relais code) against the same SQLite file, same connection settings.
 */
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import { createReferenceLookup } from './reference-lookup.js';

const db = new SQLite(process.env.BENCH_SQLITE_FILE!);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
// Relais's memory map and page cache (server/db/connect.ts), written out: no Relais code here.
db.pragma(`mmap_size = ${1024 ** 3}`);
db.pragma(`cache_size = ${-64 * 1024}`);
const lookup = createReferenceLookup(db);

const app = Fastify({ logger: false });
app.get('/api/health', async () => ({ status: 'ok' }));
app.get<{ Params: { number: string } }>('/api/lookup/phone/:number', async (request, reply) => {
  const found = lookup(request.params.number);
  if (!found) return reply.status(400).send({ error: { code: 'VALIDATION_FAILED' } });
  return found;
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.on('message', async (message: { type: string }) => {
  if (message.type === 'stats') {
    const cpu = process.cpuUsage();
    process.send!({ type: 'stats', rss: process.memoryUsage().rss, cpuMicros: cpu.user + cpu.system });
  }
  if (message.type === 'stop') {
    await app.close();
    db.close();
    process.exit(0);
  }
});
process.send!({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
