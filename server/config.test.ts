import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

/** The message loadConfig throws for `env`, or undefined when the configuration is accepted. */
function refusal(env: Record<string, string>): string | undefined {
  try {
    loadConfig(env);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('configuration from the environment', () => {
  it('uses the defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, defaultRegion: 'FR', jobPollMs: 1000, sessionHours: 12, timeZone: 'Europe/Paris' });
  });

  it('reads an empty value (PORT= in an env file) as not set, never as 0', () => {
    const config = loadConfig({ PORT: '', RELAIS_JOB_POLL_MS: ' ', RELAIS_DEFAULT_REGION: '' });
    expect(config.port).toBe(3000);
    expect(config.jobPollMs).toBe(1000);
    expect(config.defaultRegion).toBe('FR');
  });

  it('refuses a region libphonenumber does not know, instead of failing on the first phone number', () => {
    expect(loadConfig({ RELAIS_DEFAULT_REGION: 'GB' }).defaultRegion).toBe('GB');
    for (const region of ['UK', 'ZZ', 'fr', 'FRA']) {
      expect(refusal({ RELAIS_DEFAULT_REGION: region }), region).toContain('RELAIS_DEFAULT_REGION: a country code such as FR');
    }
  });

  it('refuses a database address that is not PostgreSQL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/relais' }).databaseUrl).toBe('postgresql://postgres@127.0.0.1:5432/relais');
    expect(refusal({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/relais' })).toContain('DATABASE_URL: a PostgreSQL address');
  });

  it('reads the outbound allow-list (host names, addresses, ranges) and refuses an entry it cannot read', () => {
    const { outbound } = loadConfig({ RELAIS_OUTBOUND_ALLOW: 'PBX.agence.local, 192.168.1.10 ,10.20.0.0/16,fd00::/8' });
    expect([...outbound.hosts]).toEqual(['pbx.agence.local']);
    expect(outbound.ranges.map(([address, bits]) => `${address.toString()}/${bits}`)).toEqual(['192.168.1.10/32', '10.20.0.0/16', 'fd00::/8']);
    expect(loadConfig({}).outbound).toEqual({ hosts: new Set(), ranges: [] });
    for (const entry of ['pbx agence', '10.0.0.0/99', 'http://pbx.local']) {
      expect(refusal({ RELAIS_OUTBOUND_ALLOW: entry }), entry).toContain('RELAIS_OUTBOUND_ALLOW: ');
    }
  });

  it('says what is wrong in English and French, one line per setting', () => {
    const message = refusal({ PORT: 'eighty', RELAIS_SESSION_HOURS: '1e12', RELAIS_LOG_LEVEL: 'loud', RELAIS_TIMEZONE: 'Mars/Olympus' })!;
    expect(message.split('\n')).toEqual([
      'Invalid configuration / configuration invalide:',
      '  PORT: expected a port number / attendu : un numéro de port',
      '  RELAIS_TIMEZONE: a time zone such as Europe/Paris / un fuseau horaire comme Europe/Paris',
      "  RELAIS_LOG_LEVEL: one of fatal, error, warn, info, debug, trace, silent / l’une des valeurs fatal, error, warn, info, debug, trace, silent",
      '  RELAIS_SESSION_HOURS: at most a year (8784) / au plus un an (8784)',
    ]);
  });
});
