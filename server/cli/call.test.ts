/** `relais call simulate` as a real process against a real listening server. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, type Harness } from '../test/harness.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function relais(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'server/cli/index.ts', ...args], { cwd: ROOT, env: { ...process.env, RELAIS_LOG_LEVEL: 'warn' }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('relais call simulate', () => {
  let h: Harness;
  let url: string;
  let secret: string;
  beforeAll(async () => {
    h = await createHarness('sqlite');
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    secret = (await api(h, h.users.admin, 'POST', '/api/telephony/integrations', { name: 'Sim', kind: 'generic' })).body.secret;
    await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Jeanne', lastName: 'Simulée', phones: [{ number: '06 10 20 30 40' }] });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('rings, answers and hangs up a call that lands on the caller’s timeline', async () => {
    const run = await relais(['call', 'simulate', '--from', '06 10 20 30 40', '--url', url, '--secret', secret, '--ring', '0', '--talk', '0', '--agent-email', h.users.frontdesk.email]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/ringing\s+→ ringing[\s\S]*answered\s+→ answered[\s\S]*ended\s+→ ended/);
    const log = await api(h, h.users.frontdesk, 'GET', '/api/calls?number=0610203040');
    expect(log.body.items[0]).toMatchObject({ state: 'ended', agentId: h.users.frontdesk.id });
  });

  it('reports a wrong secret clearly, with a non-zero exit code', async () => {
    const run = await relais(['call', 'simulate', '--from', '0610203040', '--url', url, '--secret', 'rlt_wrong', '--ring', '0']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('HTTP 401');
  });

  it('creates an integration only as the API would: a line break in an AMI value, a bad port or host is refused, naming it', async () => {
    const dir = `/tmp/relais-cli-call-${process.pid}`;
    const run = (args: string[]) =>
      new Promise<{ code: number; stderr: string }>((resolve) => {
        execFile(process.execPath, ['--import', 'tsx', 'server/cli/index.ts', 'call', 'integration', ...args], { cwd: ROOT, env: { ...process.env, RELAIS_DATA_DIR: dir, RELAIS_LOG_LEVEL: 'warn', DATABASE_URL: '' }, timeout: 60_000 }, (error, _stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
        );
      });
    const injected = await run(['--name', 'PBX', '--kind', 'asterisk', '--ami-host', 'pbx.example.fr', '--ami-username', 'admin\r\nAction: Originate', '--ami-secret', 's']);
    expect(injected.code).not.toBe(0);
    expect(injected.stderr).toContain('config.amiUsername');
    const badHost = await run(['--name', 'PBX', '--kind', 'asterisk', '--ami-host', 'pbx local;x', '--ami-username', 'u', '--ami-secret', 's']);
    expect(badHost.stderr).toContain('config.amiHost');
    const badPort = await run(['--name', 'PBX', '--kind', 'asterisk', '--ami-host', 'pbx.example.fr', '--ami-port', 'abc']);
    expect(badPort.code).not.toBe(0);
    expect(badPort.stderr).toContain('un port de 1 à 65535');
    // A Twilio integration without its auth token would refuse every call Twilio sends.
    const twilioWithoutToken = await run(['--name', 'Twilio', '--kind', 'twilio', '--forward-to', '+33612345678']);
    expect(twilioWithoutToken.code).not.toBe(0);
    expect(twilioWithoutToken.stderr).toContain('config.twilioAuthToken');
    const noName = await run(['--name', '  ']);
    expect(noName.stderr).toContain('name');
    // A valid one, but no database in that folder (a mistyped RELAIS_DATA_DIR): refused, nothing created.
    const nowhere = await run(['--name', 'PBX', '--kind', 'generic']);
    expect(nowhere.code).not.toBe(0);
    expect(nowhere.stderr).toContain(`No database at ${dir}/relais.db`);
    expect(existsSync(dir)).toBe(false);
  }, 120_000);
});
