import path from 'node:path';
import { z } from 'zod';

/** Every environment variable Relais reads, parsed once at start-up. Documented in README.md. */
const envSchema = z.object({
  /** HTTP port. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to bind. */
  HOST: z.string().default('0.0.0.0'),
  /** Folder for the SQLite database, attachments and backups. */
  RELAIS_DATA_DIR: z.string().default('./data'),
  /** postgres://… to run on PostgreSQL instead of the embedded SQLite file. */
  DATABASE_URL: z.string().url().optional(),
  /** First admin, created at start when no administrator exists. */
  RELAIS_ADMIN_EMAIL: z.string().email().optional(),
  RELAIS_ADMIN_PASSWORD: z.string().optional(),
  /** Region used to read phone numbers written without a country code (ISO 3166 alpha-2). */
  RELAIS_DEFAULT_REGION: z.string().regex(/^[A-Z]{2}$/, 'two upper-case letters, e.g. FR').default('FR'),
  /** Time zone of the firm, for days and hours in statistics (IANA name). */
  RELAIS_TIMEZONE: z
    .string()
    .default('Europe/Paris')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'unknown time zone, e.g. Europe/Paris'),
  /** Public base URL (https://crm.example.fr), used to verify Twilio signatures behind a proxy. */
  RELAIS_PUBLIC_URL: z.string().url().optional(),
  /** Log level: fatal, error, warn, info, debug, trace, silent. */
  RELAIS_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Cookies get the Secure flag: "auto" (when the request came over HTTPS), "true" or "false". */
  RELAIS_SECURE_COOKIES: z.enum(['auto', 'true', 'false']).default('auto'),
  /** Largest accepted JSON body, in bytes. */
  RELAIS_BODY_LIMIT: z.coerce.number().int().positive().default(1_048_576),
  /** How often the job runner looks for due jobs, in milliseconds (0 disables the runner). */
  RELAIS_JOB_POLL_MS: z.coerce.number().int().min(0).default(1000),
  /** Session lifetime in hours. */
  RELAIS_SESSION_HOURS: z.coerce.number().positive().default(12),
  /** Trust X-Forwarded-* headers (behind a reverse proxy). */
  RELAIS_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  adminEmail?: string;
  adminPassword?: string;
  defaultRegion: string;
  timeZone: string;
  publicUrl?: string;
  logLevel: string;
  secureCookies: 'auto' | 'true' | 'false';
  bodyLimit: number;
  jobPollMs: number;
  sessionHours: number;
  trustProxy: boolean;
  /** Folder holding the built web app (web/dist), if present. */
  webDir?: string;
}

/** Reads the configuration from an environment (process.env by default); throws a readable error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration / configuration invalide:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.RELAIS_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    adminEmail: e.RELAIS_ADMIN_EMAIL,
    adminPassword: e.RELAIS_ADMIN_PASSWORD,
    defaultRegion: e.RELAIS_DEFAULT_REGION,
    timeZone: e.RELAIS_TIMEZONE,
    publicUrl: e.RELAIS_PUBLIC_URL,
    logLevel: e.RELAIS_LOG_LEVEL,
    secureCookies: e.RELAIS_SECURE_COOKIES,
    bodyLimit: e.RELAIS_BODY_LIMIT,
    jobPollMs: e.RELAIS_JOB_POLL_MS,
    sessionHours: e.RELAIS_SESSION_HOURS,
    trustProxy: e.RELAIS_TRUST_PROXY === 'true',
  };
}
