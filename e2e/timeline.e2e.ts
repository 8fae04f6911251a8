import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from './browser.js';
import { useServerAndBrowser } from './serverAndBrowser.js';
import { apiAs, apiSession, signIn } from './session.js';
import { see } from './see.js';

type Entry = {
  id: string;
  channel: string;
  direction: string;
  occurredAt: string;
  durationSeconds: number | null;
  authorId: string | null;
  summary: string | null;
  body: string | null;
  outcome: string | null;
  participants: { type: string; id: string }[];
  attachments: { id: string; fileName: string; contentType: string; size: number; createdBy: string | null; createdAt: string }[];
  links: { type: string; id: string }[];
  version: number;
};

/** A small but real PDF (its type is recognised by its content, as the server checks it). */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** Text with the narrow and no-break spaces Intl puts in "21 Mo" made plain, to compare with a literal. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

/** Picks files through the button's file chooser, as a user does. */
async function chooseFiles(page: Page, button: ReturnType<Page['getByTestId']>, files: { name: string; mimeType: string; buffer: Buffer }[]) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), button.click()]);
  await chooser.setFiles(files);
}

describe('timeline: every channel, participants, links, attachments, corrections', () => {
  const env = useServerAndBrowser();
  const PASSWORD = 'Relais-Timeline-Test-2026!';
  const alice = { id: '', email: 'alice@relais.test' };
  const bruno = { id: '', email: 'bruno@relais.test' };
  const marc = { id: '', email: 'marc@relais.test' };

  beforeAll(async () => {
    const admin = await apiSession(env.server.url);
    alice.id = (await admin.post<{ id: string }>('/api/users', { email: alice.email, password: PASSWORD, name: 'Alice Accueil', role: 'frontdesk', locale: 'fr' })).id;
    bruno.id = (await admin.post<{ id: string }>('/api/users', { email: bruno.email, password: PASSWORD, name: 'Bruno Technicien', role: 'backoffice', locale: 'fr' })).id;
    marc.id = (await admin.post<{ id: string }>('/api/users', { email: marc.email, password: PASSWORD, name: 'Marc Manager', role: 'manager', locale: 'fr' })).id;
    await admin.close();
  });

  it('adds an outgoing e-mail with a file and another participant from the keyboard, then a past meeting; both show on every participant’s timeline', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, alice.email, PASSWORD);
    const api = await apiAs(page);
    const jean = await api.post<{ id: string }>('/api/people', { firstName: 'Jean', lastName: 'Expéditeur' });
    const marie = await api.post<{ id: string }>('/api/people', { firstName: 'Marie', lastName: 'Transporteuse' });

    await page.goto(`/people/${jean.id}`);
    expect(await see(page.getByTestId('record-title'))).toBe('Jean Expéditeur');
    // `a` opens the panel with the channel picker under the cursor.
    await page.locator('body').click();
    await page.keyboard.press('a');
    expect(await see(page.getByRole('dialog'))).toContain('Ajouter à l’historique de Jean Expéditeur');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'entry-channel');
    await page.getByTestId('entry-channel').selectOption('email');
    // A note is internal; an e-mail starts as incoming, turned outgoing here.
    await page.getByTestId('entry-direction').getByText('Sortant', { exact: true }).click();
    await page.getByTestId('entry-summary').fill('Confirmation d’enlèvement');
    await page.getByTestId('entry-body').fill('Bonjour,\nenlèvement confirmé jeudi 8 h.');
    await page.getByTestId('entry-outcome').fill('Confirmé');
    // Marie was copied: found by typing, picked from the list.
    await page.getByTestId('entry-participants').fill('Transporteuse');
    await page.getByRole('option', { name: 'Marie Transporteuse (Personne)' }).click();
    await chooseFiles(page, page.getByTestId('entry-files'), [{ name: 'bon-pour-accord.pdf', mimeType: 'application/pdf', buffer: PDF }]);
    await page.getByTestId('entry-body').focus();
    await page.keyboard.press('Control+Enter');

    expect(await see(page.getByTestId('entry-saved-notification'))).toBe('Ajouté à l’historique : E-mail');
    await page.getByTestId('add-entry-form').waitFor({ state: 'hidden' });
    const item = page.getByTestId('timeline-item').filter({ hasText: 'Confirmation d’enlèvement' });
    expect(await see(item)).toContain('Sortant');
    expect(await see(item.getByTestId('timeline-body'))).toBe('Bonjour,\nenlèvement confirmé jeudi 8 h.');
    expect(await see(item.getByTestId('timeline-outcome'))).toBe('Confirmé');
    expect(await see(item.getByTestId('timeline-participants').filter({ hasText: 'Marie Transporteuse' }))).toBe('AvecMarie Transporteuse');
    const link = item.getByTestId('attachment-link');
    expect(await see(link)).toBe('bon-pour-accord.pdf');
    expect(await link.getAttribute('aria-label')).toMatch(/^Télécharger bon-pour-accord\.pdf \(0,1\sko\)$/);

    // The link downloads the very file.
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('bon-pour-accord.pdf');
    expect((await readFile(await download.path())).equals(PDF)).toBe(true);

    const [saved] = (await api.get<{ items: Entry[] }>(`/api/interactions?personId=${jean.id}`)).items;
    expect(saved).toMatchObject({
      channel: 'email',
      direction: 'out',
      summary: 'Confirmation d’enlèvement',
      outcome: 'Confirmé',
      authorId: alice.id,
      attachments: [expect.objectContaining({ fileName: 'bon-pour-accord.pdf', contentType: 'application/pdf', size: PDF.length })],
    });
    expect(saved.participants).toEqual(expect.arrayContaining([{ type: 'person', id: jean.id }, { type: 'person', id: marie.id }]));

    // A meeting last week, 45 minutes: a note is the default, the date and duration are typed.
    await page.getByTestId('add-entry-open').click();
    await page.getByTestId('entry-channel').selectOption('meeting');
    await page.getByTestId('entry-occurred-at').fill('2025-03-03T10:30');
    await page.getByTestId('entry-summary').fill('Visite de l’entrepôt');
    await page.getByTestId('entry-duration').fill('45');
    await page.getByTestId('entry-submit').click();
    expect(await see(page.getByTestId('entry-saved-notification').filter({ hasText: 'Rendez-vous' }))).toBe('Ajouté à l’historique : Rendez-vous');
    const meeting = page.getByTestId('timeline-item').filter({ hasText: 'Visite de l’entrepôt' });
    expect(await see(meeting)).toContain('3 mars 2025, 10:30 · 45 min · par Alice Accueil');
    // Newest first: the e-mail of today, then the meeting of March.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="timeline-item"]').length === 2);
    expect(await see(page.getByTestId('timeline-item').nth(1).getByTestId('timeline-summary'))).toBe('Visite de l’entrepôt');
    const meetingSaved = (await api.get<{ items: Entry[] }>(`/api/interactions?personId=${jean.id}&channel=meeting`)).items[0];
    expect(meetingSaved).toMatchObject({ direction: 'in', durationSeconds: 2700, occurredAt: '2025-03-03T09:30:00.000Z' });

    // Marie's file shows the e-mail too, with Jean among the participants, a link to his file.
    await item.getByTestId('timeline-participants').getByRole('link', { name: 'Marie Transporteuse' }).click();
    expect(await see(page.getByTestId('record-title').filter({ hasText: 'Marie' }))).toBe('Marie Transporteuse');
    const onMarie = page.getByTestId('timeline-item').filter({ hasText: 'Confirmation d’enlèvement' });
    await onMarie.getByTestId('timeline-participants').getByRole('link', { name: 'Jean Expéditeur' }).click();
    expect(await see(page.getByTestId('record-title').filter({ hasText: 'Jean' }))).toBe('Jean Expéditeur');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('typed text is not lost to Escape; a date ahead is refused; an outgoing e-mail to someone who refused marketing e-mails asks a reason', async () => {
    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url });
    // Refused (409 CONSENT_REFUSED) until a reason is given.
    expectFailure('/api/interactions', 409);
    await signIn(page, env.server.url, alice.email, PASSWORD);
    const api = await apiAs(page);
    const person = await api.post<{ id: string }>('/api/people', { firstName: 'Nina', lastName: 'Refus' });
    await api.put(`/api/people/${person.id}/consents`, [{ channel: 'email', purpose: 'marketing', status: 'refused' }]);

    await page.goto(`/people/${person.id}`);
    await page.getByTestId('add-entry-open').click();
    await page.getByTestId('entry-summary').fill('Offre de printemps');
    await page.keyboard.press('Escape');
    expect(await see(page.getByTestId('discard-entry-confirm'))).toContain('Ce que vous avez saisi n’est pas enregistré.');
    await page.getByRole('button', { name: 'Continuer la saisie' }).click();
    expect(await page.getByTestId('entry-summary').inputValue()).toBe('Offre de printemps');

    await page.getByTestId('entry-channel').selectOption('email');
    await page.getByTestId('entry-direction').getByText('Sortant', { exact: true }).click();
    // Next year is not when it happened: said beside the field, nothing sent.
    const nextYear = new Date().getFullYear() + 1;
    await page.getByTestId('entry-occurred-at').fill(`${nextYear}-01-15T09:00`);
    await page.getByTestId('entry-submit').click();
    expect(await see(page.getByTestId('add-entry-form').getByText('Cette date est dans le futur'))).toBe(
      'Cette date est dans le futur : planifiez ce qui est à venir avec une tâche.',
    );
    await page.getByTestId('entry-occurred-at').fill('');
    await page.getByTestId('entry-submit').click();
    expect(await see(page.getByTestId('error-alert'))).toContain('Ce contact a refusé d’être contacté par ce canal');
    await page.getByTestId('entry-pressure-reason').fill('Réponse à sa demande de tarif');
    await page.getByTestId('entry-submit').click();
    expect(await see(page.getByTestId('entry-saved-notification'))).toBe('Ajouté à l’historique : E-mail');
    expect(await see(page.getByTestId('timeline-summary'))).toBe('Offre de printemps');

    // Escape on an empty panel just closes it.
    await page.keyboard.press('a');
    await page.getByTestId('add-entry-form').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('add-entry-form').waitFor({ state: 'hidden' });

    expect(problems).toEqual([]);
    await context.close();
  });

  it('attaches a file to an entry; a file too large or of a refused type is explained, in French and in English', async () => {
    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, alice.email, PASSWORD);
    const api = await apiAs(page);
    const person = await api.post<{ id: string }>('/api/people', { firstName: 'Paul', lastName: 'Pièces' });
    const call = await api.post<Entry>('/api/interactions', { channel: 'call', direction: 'in', personId: person.id, summary: 'Demande de devis', outcome: 'reached' });
    expectFailure(`/api/interactions/${call.id}/attachments`, 415);

    await page.goto(`/people/${person.id}`);
    const item = page.getByTestId('timeline-item').filter({ hasText: 'Demande de devis' });
    await chooseFiles(page, item.getByTestId('attach-file'), [{ name: 'devis.pdf', mimeType: 'application/pdf', buffer: PDF }]);
    expect(await see(page.getByTestId('attachment-added-notification'))).toBe('« devis.pdf » est joint');
    expect(await see(item.getByTestId('attachment-link'))).toBe('devis.pdf');

    // A colleague adds a file to Alice's entry: it says so; hers says nothing more.
    const brunoApi = await apiSession(env.server.url, bruno.email, PASSWORD);
    await brunoApi.upload(`/api/interactions/${call.id}/attachments`, { name: 'photo-chantier.pdf', mimeType: 'application/pdf', buffer: PDF });
    await brunoApi.close();
    await page.reload();
    const own = item.getByTestId('timeline-attachment').filter({ hasText: 'devis.pdf' });
    const colleagues = item.getByTestId('timeline-attachment').filter({ hasText: 'photo-chantier.pdf' });
    expect(await see(colleagues.getByTestId('attachment-added-by'))).toBe('ajouté par Bruno Technicien');
    expect(await own.getByTestId('attachment-added-by').count()).toBe(0);

    // Over 20 MB: said at once, nothing is sent.
    const uploads: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/attachments')) uploads.push(request.url());
    });
    await chooseFiles(page, item.getByTestId('attach-file'), [{ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(21 * 1024 * 1024, 1) }]);
    expect(plain(await see(item.getByTestId('attachment-error')))).toBe('« scan.pdf » est trop volumineux (21 Mo) : les fichiers sont acceptés jusqu’à 20 Mo.');
    expect(uploads).toEqual([]);

    // A program: refused by the server, which reads its content, whatever its name says.
    const program = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'), Buffer.alloc(200, 0)]);
    await chooseFiles(page, item.getByTestId('attach-file'), [{ name: 'facture.pdf.exe', mimeType: 'application/octet-stream', buffer: program }]);
    expect(await see(item.getByTestId('attachment-error').filter({ hasText: 'facture.pdf.exe' }))).toBe(
      '« facture.pdf.exe » a été refusé : ce type de fichier n’est pas accepté. Joignez un PDF, une image (PNG, JPEG, GIF, WebP, TIFF), un son (MP3, WAV, OGG), un fichier Word, Excel ou OpenDocument, une archive ZIP ou du texte brut.',
    );
    expect(uploads).toHaveLength(1);
    await item.getByRole('button', { name: 'Fermer ce message' }).click();
    await item.getByTestId('attachment-error').waitFor({ state: 'detached' });

    // The same in English.
    await page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
    expect(await see(colleagues.getByTestId('attachment-added-by'))).toBe('added by Bruno Technicien');
    await chooseFiles(page, item.getByTestId('attach-file'), [{ name: 'tool.exe', mimeType: 'application/octet-stream', buffer: program }]);
    expect(await see(item.getByTestId('attachment-error').filter({ hasText: 'tool.exe' }))).toContain('“tool.exe” was refused: this type of file is not accepted.');
    await chooseFiles(page, item.getByTestId('attach-file'), [{ name: 'big.zip', mimeType: 'application/zip', buffer: Buffer.alloc(21 * 1024 * 1024, 1) }]);
    expect(plain(await see(item.getByTestId('attachment-error').filter({ hasText: 'big.zip' })))).toBe('“big.zip” is too large (21 MB): files up to 20 MB are accepted.');

    // Only the PDFs are attached, each with who added it.
    const saved = await api.get<Entry>(`/api/interactions/${call.id}`);
    expect(saved.attachments.map((a) => [a.fileName, a.createdBy])).toEqual([
      ['devis.pdf', alice.id],
      ['photo-chantier.pdf', bruno.id],
    ]);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('a file refused while adding an entry: the entry is kept, the file named, and a retry does not add the entry twice', async () => {
    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url });
    expectFailure(/^\/api\/interactions\/[^/]+\/attachments$/, 415);
    await signIn(page, env.server.url, alice.email, PASSWORD);
    const api = await apiAs(page);
    const person = await api.post<{ id: string }>('/api/people', { firstName: 'Léa', lastName: 'Courrier' });

    await page.goto(`/people/${person.id}`);
    await page.getByTestId('add-entry-open').click();
    await page.getByTestId('entry-channel').selectOption('letter');
    await page.getByTestId('entry-summary').fill('Courrier de résiliation');
    const program = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(100, 0)]);
    await chooseFiles(page, page.getByTestId('entry-files'), [
      { name: 'lettre.pdf', mimeType: 'application/pdf', buffer: PDF },
      { name: 'virus.exe', mimeType: 'application/octet-stream', buffer: program },
    ]);
    await page.getByTestId('entry-submit').click();
    expect(await see(page.getByTestId('entry-files-failed'))).toContain('« virus.exe » a été refusé');
    expect(await see(page.getByTestId('entry-submit'))).toBe('Réessayer les fichiers');
    // The letter is there already, with the PDF.
    const letter = page.getByTestId('timeline-item').filter({ hasText: 'Courrier de résiliation' });
    expect(await see(letter.getByTestId('attachment-link'))).toBe('lettre.pdf');

    // Retried: the refused file again, not the entry nor the PDF.
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') sent.push(new URL(request.url()).pathname.replace(/[0-9a-f-]{36}/, ':id'));
    });
    const [retried] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith('/attachments')),
      page.getByTestId('entry-submit').click(),
    ]);
    expect(retried.status()).toBe(415);
    expect(await see(page.getByTestId('entry-files-failed'))).toContain('« virus.exe » a été refusé');
    expect(sent).toEqual(['/api/interactions/:id/attachments']);
    await page.getByTestId('entry-close').click();
    await page.getByTestId('add-entry-form').waitFor({ state: 'hidden' });
    const entries = (await api.get<{ items: Entry[] }>(`/api/interactions?personId=${person.id}`)).items;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ channel: 'letter', direction: 'in' });
    expect(entries[0].attachments.map((a) => a.fileName)).toEqual(['lettre.pdf']);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('corrects one’s own entry, its channel, direction and date included (not a colleague’s; a manager may); a change made meanwhile is a conflict to reload', async () => {
    const desk = await apiSession(env.server.url, bruno.email, PASSWORD);
    const person = await desk.post<{ id: string }>('/api/people', { firstName: 'Hugo', lastName: 'Correction' });
    await desk.post<Entry>('/api/interactions', { channel: 'sms', direction: 'out', personId: person.id, summary: 'SMS de Bruno' });
    await desk.close();

    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, alice.email, PASSWORD);
    const api = await apiAs(page);
    const mine = await api.post<Entry>('/api/interactions', { channel: 'note', direction: 'internal', personId: person.id, summary: 'Client mécontant', body: 'Livraison en retard' });
    expectFailure(`/api/interactions/${mine.id}`, 409);

    await page.goto(`/people/${person.id}`);
    const own = page.getByTestId('timeline-item').filter({ hasText: 'Client mécontant' });
    const colleagues = page.getByTestId('timeline-item').filter({ hasText: 'SMS de Bruno' });
    await see(colleagues);
    expect(await colleagues.getByTestId('edit-entry').count()).toBe(0);

    await own.getByTestId('edit-entry').click();
    expect(await see(page.getByRole('dialog'))).toContain('Modifier : Note du');
    // Its time, channel and direction are there to correct too (the server accepts them).
    await page.getByTestId('edit-entry-occurred-at').waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'edit-entry-summary');
    await page.getByTestId('edit-entry-summary').fill('Client mécontent');
    await page.getByTestId('edit-entry-body').fill('Livraison en retard de deux jours');
    await page.getByTestId('edit-entry-outcome').fill('Geste commercial proposé');
    await page.keyboard.press('Control+Enter');
    expect(await see(page.getByTestId('entry-edited-notification'))).toBe('Échange modifié');
    const fixed = page.getByTestId('timeline-item').filter({ hasText: 'Client mécontent' });
    expect(await see(fixed.getByTestId('timeline-body'))).toBe('Livraison en retard de deux jours');
    expect(await see(fixed.getByTestId('timeline-outcome'))).toBe('Geste commercial proposé');
    const after = await api.get<Entry>(`/api/interactions/${mine.id}`);
    expect(after).toMatchObject({ summary: 'Client mécontent', body: 'Livraison en retard de deux jours', outcome: 'Geste commercial proposé', version: 2 });

    // Logged as a note but it was a call out, yesterday at 16:45: channel, direction and date are corrected too.
    await fixed.getByTestId('edit-entry').click();
    await page.getByTestId('edit-entry-channel').selectOption('call');
    await page.getByTestId('edit-entry-direction').getByText('Sortant', { exact: true }).click();
    // A date ahead is refused before anything is sent.
    const tomorrow = await page.evaluate(() => {
      const d = new Date(Date.now() + 86_400_000);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T10:00`;
    });
    await page.getByTestId('edit-entry-occurred-at').fill(tomorrow);
    await page.getByTestId('edit-entry-submit').click();
    expect(await see(page.getByTestId('edit-entry-form').getByText('Cette date est dans le futur'))).toBe(
      'Cette date est dans le futur : planifiez ce qui est à venir avec une tâche.',
    );
    const yesterday = await page.evaluate(() => {
      const d = new Date(Date.now() - 86_400_000);
      d.setHours(16, 45, 0, 0);
      const pad = (n: number) => String(n).padStart(2, '0');
      return { local: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T16:45`, iso: d.toISOString() };
    });
    await page.getByTestId('edit-entry-occurred-at').fill(yesterday.local);
    await page.getByTestId('edit-entry-duration').fill('12');
    await page.getByTestId('edit-entry-submit').click();
    await page.getByTestId('edit-entry-form').waitFor({ state: 'hidden' });
    const recorrected = fixed.filter({ hasText: '12 min' });
    expect(await see(recorrected)).toContain('Appel');
    expect(await see(recorrected)).toContain('Sortant');
    const corrected = await api.get<Entry>(`/api/interactions/${mine.id}`);
    expect(corrected).toMatchObject({ channel: 'call', direction: 'out', occurredAt: yesterday.iso, durationSeconds: 720, version: 3 });

    // Changed by someone else while the form is open: said so; reloading brings their change in
    // and keeps what was typed, naming the field both changed with their text.
    await fixed.getByTestId('edit-entry').click();
    await page.getByTestId('edit-entry-form').waitFor();
    await api.patch(`/api/interactions/${mine.id}`, { summary: 'Client mécontent (rappelé)', outcome: 'Rappel fait', version: corrected.version });
    await page.getByTestId('edit-entry-summary').fill('Client très mécontent');
    await page.getByTestId('edit-entry-submit').click();
    expect(await see(page.getByTestId('error-alert'))).toContain('modifiée par quelqu’un d’autre');
    await page.getByTestId('conflict-reload').click();
    expect(await see(page.getByTestId('form-both-changed'))).toBe('Résumé — celle de votre collègue : « Client mécontent (rappelé) »');
    expect(await page.getByTestId('edit-entry-summary').inputValue()).toBe('Client très mécontent');
    await page.getByTestId('edit-entry-summary').fill('Client très mécontent (rappelé)');
    await page.getByTestId('edit-entry-submit').click();
    await page.getByTestId('edit-entry-form').waitFor({ state: 'hidden' });
    expect(await see(page.getByTestId('timeline-summary').filter({ hasText: 'très mécontent (rappelé)' }))).toBe('Client très mécontent (rappelé)');
    // The colleague's outcome, which the user did not touch, stays.
    expect(await api.get<Entry>(`/api/interactions/${mine.id}`)).toMatchObject({ summary: 'Client très mécontent (rappelé)', outcome: 'Rappel fait', version: 5 });

    // A manager corrects anyone's entry.
    const manager = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(manager.page, env.server.url, marc.email, PASSWORD);
    await manager.page.goto(`/people/${person.id}`);
    const bruns = manager.page.getByTestId('timeline-item').filter({ hasText: 'SMS de Bruno' });
    await bruns.getByTestId('edit-entry').click();
    await manager.page.getByTestId('edit-entry-summary').fill('SMS de Bruno : rendez-vous confirmé');
    await manager.page.getByTestId('edit-entry-submit').click();
    expect(await see(manager.page.getByTestId('timeline-summary').filter({ hasText: 'rendez-vous confirmé' }))).toBe('SMS de Bruno : rendez-vous confirmé');
    expect(manager.problems).toEqual([]);
    await manager.context.close();

    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows what an entry is linked to, and the organisations taking part, each a link to its page', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, alice.email, PASSWORD);
    const api = await apiAs(page);
    const company = await api.post<{ id: string }>('/api/organisations', { name: 'Transports Girard' });
    const person = await api.post<{ id: string }>('/api/people', { firstName: 'Gilles', lastName: 'Lien' });
    const task = await api.post<{ id: string }>('/api/tasks', { title: 'Envoyer le contrat', personId: person.id });
    await api.post('/api/interactions', {
      channel: 'meeting',
      direction: 'out',
      personId: person.id,
      participants: [{ type: 'organisation', id: company.id }],
      summary: 'Signature chez le client',
      links: [{ type: 'task', id: task.id }, { type: 'organisation', id: company.id }],
    });

    await page.goto(`/people/${person.id}`);
    const item = page.getByTestId('timeline-item').filter({ hasText: 'Signature chez le client' });
    // The linked records' names arrive after the entry ("…" until then): wait for them.
    expect(await see(item.getByTestId('timeline-links').filter({ hasText: 'Envoyer le contrat' }).filter({ hasText: 'Transports Girard' }))).toBe('Lié àTâche « Envoyer le contrat »Transports Girard');
    await item.getByTestId('timeline-participants').getByRole('link', { name: 'Transports Girard' }).click();
    expect(await see(page.getByTestId('record-title').filter({ hasText: 'Transports Girard' }))).toBe('Transports Girard');
    // On the organisation's page, the person is the other participant.
    const there = page.getByTestId('timeline-item').filter({ hasText: 'Signature chez le client' });
    expect(await see(there.getByTestId('timeline-participants').filter({ hasText: 'Gilles Lien' }))).toBe('AvecGilles Lien');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('a call the phone system logged: its summary and outcome are corrected, its time, channel, direction and duration stay', async () => {
    const admin = await apiSession(env.server.url);
    const { secret } = await admin.post<{ secret: string }>('/api/telephony/integrations', { name: 'Standard', kind: 'generic' });
    const person = await admin.post<{ id: string }>('/api/people', { firstName: 'Yann', lastName: 'Standard', phones: [{ number: '06 12 34 56 78' }] });
    await admin.close();
    for (const event of ['ringing', 'answered', 'ended'] as const) {
      await env.server.callEvent(secret, { callId: 'timeline-pbx-1', event, from: '+33612345678', to: '+33100000000' });
    }

    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    const api = await apiAs(page);
    const [call] = (await api.get<{ items: Entry[] }>(`/api/interactions?personId=${person.id}`)).items;
    expect(call.links).toEqual([expect.objectContaining({ type: 'call' })]);

    await page.goto(`/people/${person.id}`);
    const item = page.getByTestId('timeline-item').first();
    expect(await see(item.getByTestId('timeline-links').filter({ hasText: 'Appel du journal' }))).toBe('Lié àAppel du journal d’appels');
    await item.getByTestId('edit-entry').click();
    expect(await see(page.getByTestId('edit-entry-phone-system'))).toBe(
      'Enregistré par la téléphonie : son heure, son canal, son sens et sa durée restent tels quels.',
    );
    expect(await page.getByTestId('edit-entry-occurred-at').count()).toBe(0);
    expect(await page.getByTestId('edit-entry-channel').count()).toBe(0);
    expect(await page.getByTestId('edit-entry-duration').count()).toBe(0);
    await page.getByTestId('edit-entry-summary').fill('Question sur la facture de novembre');
    await page.getByTestId('edit-entry-outcome').selectOption('info_given');
    await page.getByTestId('edit-entry-submit').click();
    await page.getByTestId('edit-entry-form').waitFor({ state: 'hidden' });
    expect(await see(item.getByTestId('timeline-summary').filter({ hasText: 'facture' }))).toBe('Question sur la facture de novembre');
    expect(await see(item.getByTestId('timeline-outcome').filter({ hasText: 'Renseignement' }))).toBe('Renseignement donné');
    expect(await api.get<Entry>(`/api/interactions/${call.id}`)).toMatchObject({ channel: 'call', occurredAt: call.occurredAt, outcome: 'info_given' });

    expect(problems).toEqual([]);
    await context.close();
  });

  it('on a phone, the panel and an entry with a long file name fit the screen', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url, viewport: { width: 390, height: 844 } });
    await signIn(page, env.server.url, alice.email, PASSWORD);
    const api = await apiAs(page);
    const person = await api.post<{ id: string }>('/api/people', { firstName: 'Zoé', lastName: 'Téléphone' });
    const entry = await api.post<Entry>('/api/interactions', { channel: 'email', direction: 'in', personId: person.id, summary: 'Réclamation' });
    await page.goto(`/people/${person.id}`);
    const item = page.getByTestId('timeline-item').filter({ hasText: 'Réclamation' });
    await chooseFiles(page, item.getByTestId('attach-file'), [
      { name: 'reclamation-transport-marchandises-endommagees-photos-du-quai-de-livraison-2026.pdf', mimeType: 'application/pdf', buffer: PDF },
    ]);
    await see(item.getByTestId('attachment-link'));
    expect((await api.get<Entry>(`/api/interactions/${entry.id}`)).attachments).toHaveLength(1);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBe(0);

    await page.getByTestId('add-entry-open').click();
    await page.getByTestId('entry-channel').selectOption('call');
    // Once the panel has slid in, every field is within the screen's width (the wait fails otherwise).
    const fields = ['entry-channel', 'entry-occurred-at', 'entry-direction', 'entry-summary', 'entry-outcome', 'entry-duration', 'entry-participants', 'entry-files', 'entry-submit'];
    await page.waitForFunction(
      (ids) =>
        ids.every((id) => {
          const box = document.querySelector(`[data-testid="${id}"]`)?.getBoundingClientRect();
          return box !== undefined && box.width > 0 && box.left >= 0 && box.right <= 390;
        }),
      fields,
    );
    await page.getByTestId('entry-summary').fill('Appel du quai');
    await page.getByTestId('entry-outcome').selectOption('reached');
    await page.getByTestId('entry-submit').click();
    expect(await see(page.getByTestId('entry-saved-notification'))).toBe('Ajouté à l’historique : Appel');
    expect(await see(page.getByTestId('timeline-item').filter({ hasText: 'Appel du quai' }).getByTestId('timeline-outcome'))).toBe('Joint');

    expect(problems).toEqual([]);
    await context.close();
  });
});
