import fs from 'node:fs';
import fsPromises from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ERROR_MESSAGES } from '../../../common/errors.js';
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

  it('says who added each file and when: a colleague’s file is not the author’s', async () => {
    const entry = (await api(h, h.users.frontdesk, 'POST', '/api/interactions', { channel: 'note', direction: 'internal', personId: (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Pièces' })).body.id })).body;
    const attach = async (user: TestUser, name: string) => {
      const body = multipart(name, PNG);
      const res = await h.app.inject({ method: 'POST', url: `/api/interactions/${entry.id}/attachments`, payload: body.payload, headers: { ...body.headers, authorization: `Bearer ${user.token}` } });
      return res.json();
    };
    const ownAt = h.clock.now().toISOString();
    const own = await attach(h.users.frontdesk, 'own.png');
    h.clock.advance(60_000);
    const colleaguesAt = h.clock.now().toISOString();
    const colleagues = await attach(h.users.sales, 'colleague.png');
    expect(own).toMatchObject({ createdBy: h.users.frontdesk.id, createdAt: ownAt });
    expect(colleagues).toMatchObject({ createdBy: h.users.sales.id, createdAt: colleaguesAt });
    const expected = [
      { id: own.id, fileName: 'own.png', contentType: 'image/png', size: PNG.length, createdBy: h.users.frontdesk.id, createdAt: own.createdAt },
      { id: colleagues.id, fileName: 'colleague.png', contentType: 'image/png', size: PNG.length, createdBy: h.users.sales.id, createdAt: colleagues.createdAt },
    ];
    // The entry read alone and in its record's timeline: the same, the author unchanged.
    const read = (await api(h, h.users.backoffice, 'GET', `/api/interactions/${entry.id}`)).body;
    expect(read).toMatchObject({ authorId: h.users.frontdesk.id, attachments: expected });
    const listed = (await api(h, h.users.backoffice, 'GET', `/api/interactions?personId=${entry.personId}`)).body.items;
    expect(listed.map((i: { attachments: unknown }) => i.attachments)).toEqual([expected]);
  });

  it('never serves markup inline: HTML becomes plain text, downloaded', async () => {
    const html = await upload(h.users.frontdesk, '../../evil.html', Buffer.from('<script>alert(1)</script>'), 'text/html');
    expect(html.status).toBe(201);
    expect(html.body).toMatchObject({ contentType: 'text/plain', fileName: 'evil.html' });
    const res = await h.app.inject({ method: 'GET', url: `/api/attachments/${html.body.id}`, headers: { authorization: `Bearer ${h.users.frontdesk.token}` } });
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers['content-disposition']).toMatch(/^attachment;/);
  });

  it('takes a UTF-16 text (Notepad, Excel "Unicode text") for text, and drops direction marks from names', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Réf.\tQuantité\r\nA-12\t3\r\n', 'utf16le')]);
    const text = await upload(h.users.frontdesk, 'export.txt', utf16, 'text/plain');
    expect(text.status).toBe(201);
    expect(text.body.contentType).toBe('text/plain');
    // "facture\u202Efdp.exe" would show as "facture" + "exe.pdf" reversed: a program passing for a PDF.
    const spoofed = await upload(h.users.frontdesk, 'facture\u202Efdp.exe', PNG);
    expect(spoofed.body.fileName).toBe('facturefdp.exe');
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
    // Two files in one body: refused, none kept, rather than the second dropped without a word.
    const before = await h.app.relais.context.db.selectFrom('attachments').select('id').execute();
    const part = (name: string, text: string) => `------relais-test-boundary\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n${text}\r\n`;
    const two = `${part('un.txt', 'premier')}${part('deux.txt', 'second')}------relais-test-boundary--\r\n`;
    const both = await post(two, 'multipart/form-data; boundary=----relais-test-boundary');
    expect(both.statusCode).toBe(400);
    expect(both.json().error.details).toEqual([{ path: 'file', message: 'one file per request' }]);
    expect(await h.app.relais.context.db.selectFrom('attachments').select('id').execute()).toEqual(before);
  });

  it('reads multipart bodies on the upload route only: elsewhere they are refused (415), in the error shape', async () => {
    const { payload, headers } = multipart('note.txt', Buffer.from('bonjour'));
    const res = await h.app.inject({ method: 'POST', url: '/api/people', payload, headers: { ...headers, authorization: `Bearer ${h.users.frontdesk.token}` } });
    expect(res.statusCode).toBe(415);
    expect(res.json().error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });
});

describe.each(DIALECTS)('the attachment store under concurrency, a full disk and a missing file on %s', (dialect) => {
  let h: Harness;
  let interactionId: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    const person = (await api(h, h.users.frontdesk, 'POST', '/api/people', { lastName: 'Disque' })).body;
    interactionId = (await api(h, h.users.frontdesk, 'POST', '/api/interactions', { channel: 'letter', direction: 'in', personId: person.id })).body.id;
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await h?.close();
  });

  const upload = async (name: string, content: Buffer) => {
    const body = multipart(name, content);
    const res = await h.app.inject({ method: 'POST', url: `/api/interactions/${interactionId}/attachments`, payload: body.payload, headers: { ...body.headers, authorization: `Bearer ${h.users.frontdesk.token}` } });
    return { status: res.statusCode, body: res.json() };
  };
  /** Every file left in the attachments folder, temporary ones included. */
  const storedFiles = () => (fs.existsSync(path.join(h.config.dataDir, 'files')) ? fs.readdirSync(path.join(h.config.dataDir, 'files'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : []);

  it('stores the same bytes uploaded six times at once: six 201s, one file, no temporary file left', async () => {
    const content = Buffer.from(`Bon pour accord, lot ${dialect}, `.repeat(20_000));
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => upload(`accord-${i}.txt`, content)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.sha256)).size).toBe(1);
    const sha256 = answers[0].body.sha256 as string;
    expect(storedFiles().filter((name) => name.startsWith(sha256))).toEqual([sha256]);
    const download = await h.app.inject({ method: 'GET', url: `/api/attachments/${answers[5].body.id}`, headers: { authorization: `Bearer ${h.users.frontdesk.token}` } });
    expect(download.rawPayload.equals(content)).toBe(true);
  });

  it('answers 503 to an upload the disk cannot hold, keeps no half file, and takes the same file once there is room', async () => {
    const content = Buffer.from(`Relevé de compte ${dialect} `.repeat(50_000));
    const real = fsPromises.writeFile.bind(fsPromises);
    // The disk fills up half-way through the write, as ENOSPC does: half a file, then the error.
    const spy = vi.spyOn(fsPromises, 'writeFile').mockImplementationOnce(async (file, data) => {
      await real(file, (data as Buffer).subarray(0, (data as Buffer).length / 2));
      throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    });
    const attachmentsBefore = (await h.handle.db.selectFrom('attachments').select('id').execute()).length;
    const full = await upload('releve.txt', content);
    expect(full.status).toBe(503);
    expect(full.body.error.code).toBe('UNAVAILABLE');
    expect(spy).toHaveBeenCalledTimes(1);
    expect(storedFiles().filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect((await h.handle.db.selectFrom('attachments').select('id').execute()).length).toBe(attachmentsBefore);

    // Room again (the next write goes through): the same content is stored, whole.
    const again = await upload('releve.txt', content);
    expect(again.status).toBe(201);
    const download = await h.app.inject({ method: 'GET', url: `/api/attachments/${again.body.id}`, headers: { authorization: `Bearer ${h.users.frontdesk.token}` } });
    expect(download.rawPayload.equals(content)).toBe(true);
  });

  it('answers 410 FILE_MISSING, in the reader\'s language, for an attachment whose file is not in the folder', async () => {
    const content = Buffer.from(`Courrier perdu ${dialect}`);
    const stored = await upload('perdu.txt', content);
    expect(stored.status).toBe(201);
    // As after a restore without its files, or on an instance whose files/ folder is not shared.
    const sha256 = stored.body.sha256 as string;
    fs.rmSync(path.join(h.config.dataDir, 'files', sha256.slice(0, 2), sha256.slice(2, 4), sha256));
    const download = () => api(h, h.users.frontdesk, 'GET', `/api/attachments/${stored.body.id}`);
    expect((await api(h, h.users.admin, 'PATCH', `/api/users/${h.users.frontdesk.id}`, { locale: 'en' })).status).toBe(200);
    const english = await download();
    expect(english.status).toBe(410);
    expect(english.body.error).toMatchObject({ code: 'FILE_MISSING', message: ERROR_MESSAGES.FILE_MISSING.en });
    expect((await api(h, h.users.admin, 'PATCH', `/api/users/${h.users.frontdesk.id}`, { locale: 'fr' })).status).toBe(200);
    const french = await download();
    expect(french.status).toBe(410);
    expect(french.body.error.message).toBe(ERROR_MESSAGES.FILE_MISSING.fr);
  });
});
