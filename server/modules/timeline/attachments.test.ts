import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, DIALECTS, type Harness, type TestUser } from '../../test/harness.js';
import { MAX_ATTACHMENT_BYTES } from './attachments.js';

// The 8-byte PNG signature followed by an IHDR chunk header is enough for content sniffing.
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex')]);

function multipart(fileName: string, content: Buffer, contentType = 'application/octet-stream') {
  const boundary = '----relais-test-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(DIALECTS)('attachments stored by content hash on %s', (dialect) => {
  let h: Harness;
  let interactionId: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    const person = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Fichier' })).body;
    interactionId = (await api(h, h.users.frontdesk, 'POST', '/api/interactions', { channel: 'letter', direction: 'in', personId: person.id })).body.id;
  });
  afterAll(async () => {
    await h?.close();
  });

  const upload = async (user: TestUser, name: string, content: Buffer, type?: string) => {
    const body = multipart(name, content, type);
    const res = await h.app.inject({ method: 'POST', url: `/api/interactions/${interactionId}/attachments`, payload: body.payload, headers: { ...body.headers, authorization: `Bearer ${user.token}` } });
    return { status: res.statusCode, body: res.json() };
  };

  it('stores a file once per content, typed by its bytes, and lists it on the interaction', async () => {
    const first = await upload(h.users.frontdesk, 'bon-pour-accord.png', PNG, 'text/html');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ contentType: 'image/png', fileName: 'bon-pour-accord.png', size: PNG.length });
    const again = await upload(h.users.sales, 'copy.png', PNG);
    expect(again.body.sha256).toBe(first.body.sha256);
    const interaction = await api(h, h.users.sales, 'GET', `/api/interactions/${interactionId}`);
    expect(interaction.body.attachments.map((a: { fileName: string }) => a.fileName).sort()).toEqual(['bon-pour-accord.png', 'copy.png']);
    const download = await h.app.inject({ method: 'GET', url: `/api/attachments/${first.body.id}`, headers: { authorization: `Bearer ${h.users.backoffice.token}` } });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.rawPayload.equals(PNG)).toBe(true);
  });

  it('never serves markup inline: HTML becomes plain text, downloaded', async () => {
    const html = await upload(h.users.frontdesk, '../../evil.html', Buffer.from('<script>alert(1)</script>'), 'text/html');
    expect(html.status).toBe(201);
    expect(html.body).toMatchObject({ contentType: 'text/plain', fileName: 'evil.html' });
    const res = await h.app.inject({ method: 'GET', url: `/api/attachments/${html.body.id}`, headers: { authorization: `Bearer ${h.users.frontdesk.token}` } });
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers['content-disposition']).toMatch(/^attachment;/);
  });

  it('refuses a file over 20 MB with 413, and keeps nothing of it', async () => {
    const before = await h.app.relais.context.db.selectFrom('attachments').select('id').execute();
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_ATTACHMENT_BYTES)]);
    const res = await upload(h.users.frontdesk, 'scan.png', big);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await h.app.relais.context.db.selectFrom('attachments').select('id').execute()).toEqual(before);
  });

  it('refuses unknown binary types (415), empty files (400) and anonymous downloads (401)', async () => {
    const exe = await upload(h.users.frontdesk, 'setup.exe', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x01]));
    expect(exe.status).toBe(415);
    const empty = await upload(h.users.frontdesk, 'empty.txt', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    const anon = await h.app.inject({ method: 'GET', url: '/api/attachments/whatever' });
    expect(anon.statusCode).toBe(401);
    const missing = await api(h, h.users.frontdesk, 'GET', '/api/attachments/0000');
    expect(missing.status).toBe(404);
  });

  it('answers 400, not 500, to a multipart body it cannot read (cut short, no parts, not multipart at all: 415)', async () => {
    const post = (payload: string | Buffer, contentType: string) =>
      h.app.inject({ method: 'POST', url: `/api/interactions/${interactionId}/attachments`, payload, headers: { 'content-type': contentType, authorization: `Bearer ${h.users.frontdesk.token}` } });
    const whole = multipart('note.txt', Buffer.from('bonjour')).payload;
    const cutShort = await post(whole.subarray(0, whole.length - 30), 'multipart/form-data; boundary=----relais-test-boundary');
    const garbage = await post('garbage', 'multipart/form-data; boundary=xx');
    const noFile = await post('------relais-test-boundary--\r\n', 'multipart/form-data; boundary=----relais-test-boundary');
    for (const [name, res] of Object.entries({ cutShort, garbage, noFile })) {
      expect(res.statusCode, name).toBe(400);
      expect(res.json().error.details, name).toEqual([expect.objectContaining({ path: 'file' })]);
    }
    expect((await post('{}', 'application/json')).statusCode).toBe(415);
  });
});
