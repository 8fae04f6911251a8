import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { buildApp } from '../server/app.js';
import type { Clock } from '../server/clock.js';
import { loadConfig } from '../server/config.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export const ADMIN_EMAIL = 'admin@relais.test';
export const ADMIN_PASSWORD = 'correct horse battery staple';

/** Real time plus an offset the test can move forward: reminders come due without waiting. */
class OffsetClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** A real Relais server on a free port, with its own empty data folder. */
export interface TestServer {
  url: string;
  /** Posts a call event to the generic telephony webhook, as a phone system would. */
  callEvent(secret: string, event: CallEventBody): Promise<{ callId: string; state: string; duplicate: boolean; routing: unknown[] }>;
  /** Moves the server's time forward (the browser's time is untouched). */
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

/** The generic webhook's body (server/modules/telephony/telephony.schemas.ts). */
export interface CallEventBody {
  callId: string;
  event: 'ringing' | 'answered' | 'ended' | 'missed' | 'voicemail';
  from: string;
  to: string;
  at?: string;
  extension?: string;
  agentEmail?: string;
  /** The message a caller left (with `voicemail`). */
  recordingUrl?: string;
}

export interface ServerOptions {
  /**
   * A PostgreSQL database (e.g. from createThrowawayDatabase) instead of SQLite: several servers
   * started on the same URL are instances of one installation, sharing live events.
   */
  databaseUrl?: string;
  /** Where Twilio's REST API is reached (a local stand-in), for click-to-call scenarios. */
  twilioApiBase?: string;
}

/**
 * Starts the real server (SQLite in a fresh temp folder, or the given PostgreSQL database; first
 * admin from the environment; the web app built for this run) with a clock the test can advance. The job runner polls every
 * 100 ms so a reminder fires right after the clock passes it; sessions last long enough to
 * survive the clock jumping days ahead.
 */
export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'relais-e2e-'));
  const config = loadConfig({
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    RELAIS_DATA_DIR: dataDir,
    RELAIS_ADMIN_EMAIL: ADMIN_EMAIL,
    RELAIS_ADMIN_PASSWORD: ADMIN_PASSWORD,
    RELAIS_LOG_LEVEL: 'warn',
    RELAIS_JOB_POLL_MS: '100',
    RELAIS_SESSION_HOURS: String(24 * 365),
    RELAIS_SECURE_COOKIES: 'false',
    HOST: '127.0.0.1',
    PORT: '0',
  });
  // The build of this run (globalSetup), else web/dist.
  config.webDir ??= inject('webDir') ?? path.join(repoRoot, 'web', 'dist');
  const clock = new OffsetClock();
  const app = await buildApp(config, { clock, twilioApiBase: options.twilioApiBase });
  await app.listen({ port: 0, host: '127.0.0.1' });
  // On PostgreSQL, live events from other instances arrive once this one LISTENs.
  await (app.relais.context.events as { whenReady?: () => Promise<void> }).whenReady?.();
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async callEvent(secret, event) {
      const response = await fetch(`${url}/api/telephony/events`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(event),
      });
      const body = await response.text();
      if (response.status !== 202 && response.status !== 200) throw new Error(`call event ${event.event}: ${response.status} ${body}`);
      return JSON.parse(body);
    },
    advanceClock: (ms) => clock.advance(ms),
    async close() {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
