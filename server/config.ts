import path from 'node:path';
import { isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';
import { parseOutboundAllow, type OutboundPolicy } from './http/outbound.js';

/** A whole number from an environment string, with a message in both languages. */
function integer(min: number, max: number, en: string, fr: string) {
  return z.coerce
    .number({ error: `expected ${en} / attendu : ${fr}` })
    .int({ error: `expected a whole number / nombre entier attendu` })
    .min(min, { error: `at least ${min} / au moins ${min}` })
    .max(max, { error: `at most ${max} / au plus ${max}` });
}

/** One of a few words, with a message in both languages. */
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `one of ${values.join(', ')} / l’une des valeurs ${values.join(', ')}` });
}

/** Every environment variable Relais reads, parsed once at start-up. Documented in README.md. */
const envSchema = z.object({
  /** HTTP port. */
  PORT: integer(0, 65535, 'a port number', 'un numéro de port').default(3000),
  /** Interface to bind. */
  HOST: z.string().default('0.0.0.0'),
  /** Folder for the SQLite database, attachments and backups. */
  RELAIS_DATA_DIR: z.string().default('./data'),
  /** postgres://… to run on PostgreSQL instead of the embedded SQLite file. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, { error: 'a PostgreSQL address, postgres://user@host:5432/database / une adresse PostgreSQL, postgres://utilisateur@hôte:5432/base' })
    .optional(),
  /** First admin, created at start when no administrator exists. */
  RELAIS_ADMIN_EMAIL: z.email({ error: 'an e-mail address / une adresse e-mail' }).optional(),
  RELAIS_ADMIN_PASSWORD: z.string().optional(),
  /** Region used to read phone numbers written without a country code (ISO 3166 alpha-2). */
  RELAIS_DEFAULT_REGION: z
    .string()
    .refine(isSupportedCountry, { error: 'a country code such as FR, BE, CH or GB / un code pays comme FR, BE, CH ou GB' })
    .default('FR'),
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
    }, { error: 'a time zone such as Europe/Paris / un fuseau horaire comme Europe/Paris' }),
  /** Public base URL (https://crm.example.fr), used to verify Twilio signatures behind a proxy. */
  RELAIS_PUBLIC_URL: z.url({ error: 'an address such as https://crm.example.fr / une adresse comme https://crm.example.fr' }).optional(),
  /** Log level: fatal, error, warn, info, debug, trace, silent. */
  RELAIS_LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Cookies get the Secure flag: "auto" (when the request came over HTTPS), "true" or "false". */
  RELAIS_SECURE_COOKIES: oneOf(['auto', 'true', 'false']).default('auto'),
  /** Largest accepted JSON body, in bytes. */
  RELAIS_BODY_LIMIT: integer(1, 1024 ** 3, 'a size in bytes', 'une taille en octets').default(1_048_576),
  /** How often the job runner looks for due jobs, in milliseconds (0 disables the runner). */
  RELAIS_JOB_POLL_MS: integer(0, 3_600_000, 'milliseconds', 'des millisecondes').default(1000),
  /** Session lifetime in hours (at most a year). */
  RELAIS_SESSION_HOURS: z.coerce
    .number({ error: 'expected hours / attendu : des heures' })
    .positive({ error: 'more than 0 / plus de 0' })
    .max(24 * 366, { error: 'at most a year (8784) / au plus un an (8784)' })
    .default(12),
  /** Trust X-Forwarded-* headers (behind a reverse proxy). */
  RELAIS_TRUST_PROXY: oneOf(['true', 'false']).default('false'),
  /** Non-public hosts, addresses and ranges Relais may connect to (an on-premise phone system). */
  RELAIS_OUTBOUND_ALLOW: z.string().superRefine((text, ctx) => {
    try {
      parseOutboundAllow(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `${(error as Error).message}; expected host names, addresses or ranges separated by commas / attendu : des noms d’hôte, adresses ou plages séparés par des virgules` });
    }
  }).optional(),
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
  /** Where outbound connections to addresses an administrator typed may go (server/http/outbound.ts). */
  outbound: OutboundPolicy;
  /** Folder holding the built web app (web/dist), if present. */
  webDir?: string;
}

/** Reads the configuration from an environment (process.env by default); throws a readable error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty value (`PORT=` in an env file) means "not set", not 0: the default applies.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = envSchema.safeParse(set);
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
    outbound: parseOutboundAllow(e.RELAIS_OUTBOUND_ALLOW),
  };
}
