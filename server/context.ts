import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/connect.js';
import type { Db, DialectFeatures } from './db/dialect/features.js';
import type { EventBus } from './events/bus.js';
import type { JobRunner } from './jobs/runner.js';

/** What every module is built from. Services take the parts they need, never the whole bag at run time. */
export interface AppContext {
  config: Config;
  handle: DatabaseHandle;
  db: Db;
  dialect: DialectFeatures;
  clock: Clock;
  events: EventBus;
  jobs: JobRunner;
  log: FastifyBaseLogger;
}

/** The authenticated caller of a request. */
export interface Caller {
  id: string;
  email: string;
  name: string;
  role: string;
  teamId: string | null;
  locale: string;
  /** How they authenticated: cookie session (CSRF applies) or API token (scopes apply). */
  via: 'session' | 'token';
  scopes: string[];
  csrfToken?: string;
  sessionHash?: string;
  /** The API token in use, when via 'token'. */
  tokenId?: string;
  /** The address the request came from (security events name it); absent outside HTTP (CLI). */
  ip?: string;
}
