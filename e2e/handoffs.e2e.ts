import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from './browser.js';
import { useServerAndBrowser } from './serverAndBrowser.js';
import { signIn } from './session.js';
import { see } from './see.js';
import { apiSession, setUpFirm, USER_PASSWORD, type ApiClient, type Org } from './handOffSetup.js';

/** Opens "Pass it on" from a record page with its keyboard shortcut. */
async function pressPassItOn(page: Page) {
  await page.getByTestId('record-handoffs').waitFor();
  // Focus out of any field (shortcuts are ignored while typing), then press P.
  await page.getByTestId('record-title').click();
  await page.keyboard.press('p');
  await page.getByTestId('pass-it-on-form').waitFor();
}

describe('hand-offs: requests to teams and leads to sales', () => {
  const env = useServerAndBrowser();
  let admin: ApiClient;
  let org: Org;
  const types: Record<string, string> = {};

  beforeAll(async () => {
    admin = await apiSession(env.server.url);
    org = await setUpFirm(admin);
    // A support request starts "new", needs someone on it to be "in progress", and a note to be closed.
    types.support = (
      await admin.post<{ id: string }>('/api/request-types', {
        key: 'support',
        labelEn: 'Technical support',
        labelFr: 'Assistance technique',
        teamId: org.teams.technicians,
        definition: {
          statuses: [
            { key: 'new', labelEn: 'New', labelFr: 'Nouvelle' },
            { key: 'in_progress', labelEn: 'In progress', labelFr: 'En cours', required: ['assigneeId'] },
            { key: 'resolved', labelEn: 'Resolved', labelFr: 'Résolue', terminal: true, required: ['resolutionNote'] },
          ],
          fields: [{ key: 'software_version', labelEn: 'Software version', labelFr: 'Version du logiciel', type: 'text' }],
          sla: { byPriority: { normal: 'PT8H', high: 'PT4H', urgent: 'PT1H' }, warnBefore: 'PT1H' },
        },
      })
    ).id;
    // A billing dispute cannot even be opened without the invoice number; a credit note closes it.
    types.billing = (
      await admin.post<{ id: string }>('/api/request-types', {
        key: 'billing_dispute',
        labelEn: 'Invoice dispute',
        labelFr: 'Contestation de facture',
        teamId: org.teams.billing,
        definition: {
          statuses: [
            { key: 'open', labelEn: 'Open', labelFr: 'Ouverte', required: ['fields.invoice_number'] },
            { key: 'credited', labelEn: 'Credit note issued', labelFr: 'Avoir émis', terminal: true, required: ['fields.credit_note_number', 'resolutionNote'] },
          ],
          fields: [
            { key: 'invoice_number', labelEn: 'Invoice number', labelFr: 'Numéro de facture', type: 'text' },
            { key: 'amount', labelEn: 'Amount', labelFr: 'Montant', type: 'number' },
            { key: 'credit_note_number', labelEn: 'Credit note number', labelFr: 'Numéro d’avoir', type: 'text' },
          ],
          sla: { byPriority: { normal: 'P2D' } },
        },
      })
    ).id;
  });
  afterAll(async () => {
    await admin?.close();
  });

  it('the front desk passes a request from the record; the technician takes and closes it; the desk sees the closure live', async () => {
    const person = await admin.post<{ id: string }>('/api/people', { firstName: 'Claire', lastName: 'Martin', phones: [{ number: '06 12 34 56 78' }] });
    const desk = await openPage(env.browser, { baseURL: env.server.url });
    const tech = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(desk.page, env.server.url, org.users.frontdesk.email, USER_PASSWORD);
    await signIn(tech.page, env.server.url, org.users.technician.email, USER_PASSWORD);

    // The desk has just logged the call; "pass it on" links it and starts from its summary.
    const deskApi = await apiSession(env.server.url, org.users.frontdesk.email, USER_PASSWORD);
    await deskApi.post('/api/interactions', {
      channel: 'call',
      direction: 'in',
      occurredAt: new Date().toISOString(),
      personId: person.id,
      summary: 'Le logiciel plante à l’ouverture des dossiers',
    });
    await deskApi.close();

    await desk.page.goto(`/people/${person.id}`);
    expect(await see(desk.page.getByTestId('record-title'))).toBe('Claire Martin');
    expect(await see(desk.page.getByTestId('record-requests').getByTestId('requests-empty'))).toBe('Aucune sollicitation.');
    await pressPassItOn(desk.page);
    const form = desk.page.getByTestId('pass-it-on-form');
    expect(await see(form.getByTestId('pass-it-on-interaction'))).toContain('Le logiciel plante');
    await desk.page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'pass-request-type');
    expect(await form.getByTestId('pass-request-subject').inputValue()).toBe('Le logiciel plante à l’ouverture des dossiers');
    await form.getByTestId('pass-request-type').selectOption({ label: 'Assistance technique' });
    expect(await see(form.getByTestId('pass-request-team'))).toContain('L’équipe du type (Techniciens)');
    await form.getByTestId('pass-request-field-software_version').fill('4.2.1');
    // Escape with something typed asks first; "Continuer la saisie" keeps it, in the field being typed in.
    await desk.page.keyboard.press('Escape');
    expect(await see(desk.page.getByTestId('discard-typed-confirm'))).toContain('Ce que vous avez saisi dans cette fenêtre n’est pas enregistré.');
    await desk.page.getByRole('button', { name: 'Continuer la saisie' }).click();
    await desk.page.getByTestId('discard-typed-confirm').waitFor({ state: 'detached' });
    expect(await form.getByTestId('pass-request-field-software_version').inputValue()).toBe('4.2.1');
    await desk.page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'pass-request-field-software_version');
    await form.getByText('Haute').click();
    await form.getByTestId('pass-request-description').focus();
    await desk.page.keyboard.type('Rappeler Mme Martin au 06 12 34 56 78 avant midi.');
    await desk.page.keyboard.press('Control+Enter');
    expect(await see(desk.page.getByTestId('pass-it-on-done'))).toBe('Sollicitation transmise à Techniciens.');
    await form.waitFor({ state: 'hidden' });
    const deskRequest = desk.page.getByTestId('record-requests').getByTestId('request-item');
    expect(await see(deskRequest.getByTestId('request-status').filter({ hasText: 'Nouvelle' }))).toBe('Nouvelle');
    expect(await see(deskRequest.getByTestId('request-subject'))).toBe('Le logiciel plante à l’ouverture des dossiers');
    expect(await see(deskRequest.getByTestId('request-assignee'))).toBe('Personne pour l’instant');

    // A sales rep who has nothing to do with the request is looking at the same record.
    const viewer = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(viewer.page, env.server.url, org.users.sales.email, USER_PASSWORD);
    await viewer.page.goto(`/people/${person.id}`);
    const viewerRequest = viewer.page.getByTestId('record-requests').getByTestId('request-item');
    expect(await see(viewerRequest.getByTestId('request-status').filter({ hasText: 'Nouvelle' }))).toBe('Nouvelle');
    await viewer.page.locator('[data-testid="live-status"][data-state="connected"]').waitFor();
    // In no team: the request is hers to follow, not to work, and the menu has no team queue.
    expect(await viewer.page.getByTestId('nav-request-queue').count()).toBe(0);
    await viewerRequest.getByTestId('request-open').click();
    expect(await see(viewer.page.getByTestId('request-follow-only'))).toContain('traitée par l’équipe Techniciens');
    expect(await viewer.page.getByTestId('request-drawer').getByTestId('request-take').count()).toBe(0);
    await viewer.page.getByTestId('request-drawer').getByRole('button', { name: 'Fermer' }).click();
    await viewer.page.getByTestId('request-follow-only').waitFor({ state: 'detached' });

    // The technician's queue lists it with its deadline; he takes it.
    await tech.page.getByTestId('nav-request-queue').click();
    const queued = tech.page.getByTestId('request-queue').getByTestId('request-item').filter({ hasText: 'Le logiciel plante' });
    expect(await see(queued.getByTestId('request-priority'))).toBe('Haute');
    expect(await see(queued.getByTestId('request-due'))).toContain('Échéance');
    await queued.getByTestId('request-take').click();
    // The label changes once the server answers: wait for the new text, not the old element.
    expect(await see(queued.getByTestId('request-assignee').filter({ hasText: 'Thomas' }))).toBe('Prise par Thomas Technicien');
    // The desk sees who has it, live.
    expect(await see(deskRequest.getByTestId('request-assignee').filter({ hasText: 'Thomas' }))).toBe('Prise par Thomas Technicien');

    // He calls back, then closes it with a note.
    await queued.getByTestId('request-open').click();
    const detail = tech.page.getByTestId('request-detail');
    expect(await see(detail.getByTestId('request-fields'))).toContain('4.2.1');
    // Her number is there to call her back, as a phone link.
    expect(await detail.getByTestId('record-phones').getByRole('link', { name: '06 12 34 56 78' }).getAttribute('href')).toBe('tel:+33612345678');
    await detail.getByTestId('request-comment').fill('Rappel fait, prise en main à distance.');
    await detail.getByTestId('request-comment-submit').click();
    expect(await see(detail.getByTestId('request-history-item').filter({ hasText: 'a commenté' }))).toContain('prise en main à distance');
    await detail.getByTestId('transition-to-resolved').click();
    await detail.getByTestId('transition-resolution-note').fill('Index de la base reconstruit ; la cliente a confirmé que tout fonctionne.');
    await detail.getByTestId('transition-submit').click();
    expect(await see(tech.page.getByTestId('transition-done'))).toBe('Désormais « Résolue ».');
    expect(await see(detail.getByTestId('request-closure'))).toContain('Index de la base reconstruit');
    await tech.page.getByTestId('request-drawer').getByRole('button', { name: 'Fermer' }).click();
    expect(await see(tech.page.getByTestId('request-queue').getByTestId('requests-empty'))).toBe('Rien en attente pour cette équipe.');

    // The desk, without reloading: a notice, and the record shows the closure with its note.
    expect(await see(desk.page.getByTestId('handoff-notification'))).toContain('Thomas Technicien a clôturé « Le logiciel plante');
    // How it was closed, in words: a cancelled request must not read as a solved one.
    expect(await see(desk.page.getByTestId('handoff-notification'))).toContain(' : Résolue');
    expect(await see(deskRequest.getByTestId('request-status').filter({ hasText: 'Résolue' }))).toBe('Résolue');
    expect(await see(deskRequest.getByTestId('request-resolution'))).toBe('Résolution : Index de la base reconstruit ; la cliente a confirmé que tout fonctionne.');
    // So does the rep who was only looking at the record, without reloading either.
    expect(await see(viewerRequest.getByTestId('request-status').filter({ hasText: 'Résolue' }))).toBe('Résolue');
    expect(viewer.problems).toEqual([]);
    await viewer.context.close();
    // Its history shows every step.
    await deskRequest.getByTestId('request-open').click();
    const history = desk.page.getByTestId('request-detail').getByTestId('request-history-item');
    expect(await see(history.last())).toContain('Thomas Technicien : Nouvelle → Résolue');
    expect(await history.count()).toBe(4);
    // He took it (said so, not "gave it to himself"); closed, it is not offered to be taken.
    expect(await see(history.filter({ hasText: 'l’a prise' }))).toContain('Thomas Technicien l’a prise');
    expect(await desk.page.getByTestId('request-detail').getByTestId('request-take').count()).toBe(0);
    // "Requests I opened" has it too.
    await desk.page.getByTestId('request-drawer').getByRole('button', { name: 'Fermer' }).click();
    await desk.page.getByTestId('nav-requests-opened').click();
    expect(await see(desk.page.getByTestId('requests-opened').getByTestId('request-status'))).toBe('Résolue');

    expect(desk.problems).toEqual([]);
    expect(tech.problems).toEqual([]);
    await desk.context.close();
    await tech.context.close();
  }, 120_000); // three browser contexts: the desk, the technician and a rep looking at the record

  it('a lead passed on by the front desk is rejected by the rep with a reason, and the front desk sees the reason', async () => {
    const person = await admin.post<{ id: string }>('/api/people', { firstName: 'Paul', lastName: 'Girard', phones: [{ number: '06 45 12 78 90' }] });
    const desk = await openPage(env.browser, { baseURL: env.server.url });
    const rep = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(desk.page, env.server.url, org.users.frontdesk.email, USER_PASSWORD);
    await signIn(rep.page, env.server.url, org.users.sales.email, USER_PASSWORD);

    await desk.page.goto(`/people/${person.id}`);
    expect(await see(desk.page.getByTestId('record-title'))).toBe('Paul Girard');
    await pressPassItOn(desk.page);
    const form = desk.page.getByTestId('pass-it-on-form');
    await form.getByTestId('pass-it-on-kind').getByText('Piste commerciale').click();
    await desk.page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'pass-lead-interest');
    await desk.page.keyboard.type('Contrat de maintenance pour 3 cabinets');
    await form.getByTestId('pass-lead-potential').fill('4800');
    await form.getByTestId('pass-lead-owner').selectOption({ label: 'Sophie Vente' });
    await form.getByTestId('pass-lead-note').fill('Le Dr Girard ouvre deux cabinets en janvier.');
    await desk.page.keyboard.press('Control+Enter');
    expect(await see(desk.page.getByTestId('pass-it-on-done'))).toBe('Piste transmise à Sophie Vente.');
    const deskLead = desk.page.getByTestId('record-leads').getByTestId('lead-item');
    expect(await see(deskLead.getByTestId('lead-status'))).toBe('À traiter');
    expect(await see(deskLead.getByTestId('lead-owner'))).toBe('Commercial : Sophie Vente');

    // The rep finds it in My leads and rejects it with a reason from the list.
    await rep.page.getByTestId('nav-my-leads').click();
    const lead = rep.page.getByTestId('my-leads').getByTestId('lead-item').filter({ hasText: 'Contrat de maintenance' });
    expect(await see(lead.getByTestId('lead-interest'))).toBe('Contrat de maintenance pour 3 cabinets');
    // From its detail: Escape in the reject dialog closes the dialog only, not the lead behind it.
    await lead.getByTestId('lead-open').click();
    const drawer = rep.page.getByTestId('lead-drawer');
    // The number to call is in the lead itself.
    expect(await drawer.getByTestId('record-phones').getByRole('link', { name: '06 45 12 78 90' }).getAttribute('href')).toBe('tel:+33645127890');
    await drawer.getByTestId('lead-reject').click();
    await rep.page.getByTestId('lead-reject-note').fill('Pas tout de suite');
    await rep.page.keyboard.press('Escape');
    await rep.page.getByTestId('lead-reject-form').waitFor({ state: 'detached' });
    expect(await drawer.getByTestId('lead-reject').isVisible()).toBe(true);
    await rep.page.keyboard.press('Escape');
    await drawer.getByTestId('lead-reject').waitFor({ state: 'detached' });
    await lead.getByTestId('lead-reject').click();
    const reject = rep.page.getByTestId('lead-reject-form');
    await reject.getByTestId('lead-reject-reason').selectOption({ label: 'Pas de budget' });
    await reject.getByTestId('lead-reject-note').fill('Budget gelé jusqu’en mars, à relancer au printemps.');
    await reject.getByTestId('lead-reject-submit').click();
    expect(await see(rep.page.getByTestId('lead-decided'))).toBe('Piste refusée ; la personne qui l’a transmise saura pourquoi.');
    expect(await see(rep.page.getByTestId('my-leads').getByTestId('leads-empty'))).toBe('Aucune piste ici.');

    // The desk is told at once, and the record shows the reason, without reloading.
    expect(await see(desk.page.getByTestId('handoff-notification'))).toContain('Sophie Vente a refusé votre piste « Contrat de maintenance pour 3 cabinets » : Pas de budget');
    expect(await see(deskLead.getByTestId('lead-status').filter({ hasText: 'Refusée' }))).toBe('Refusée');
    expect(await see(deskLead.getByTestId('lead-reason'))).toBe('Refusée : Pas de budget — Budget gelé jusqu’en mars, à relancer au printemps.');
    // And in "Leads I passed on".
    await desk.page.getByTestId('nav-leads-passed').click();
    const passed = desk.page.getByTestId('passed-leads').getByTestId('lead-item');
    expect(await see(passed.getByTestId('lead-reason'))).toContain('Pas de budget');
    await passed.getByTestId('lead-open').click();
    expect(await see(desk.page.getByTestId('lead-history-item').last())).toContain('Sophie Vente : À traiter → Refusée');

    expect(desk.problems).toEqual([]);
    expect(rep.problems).toEqual([]);
    await desk.context.close();
    await rep.context.close();
  });

  it('the forms name the required fields that are missing when the server refuses a creation or a transition', async () => {
    const person = await admin.post<{ id: string }>('/api/people', { firstName: 'Hélène', lastName: 'Roux' });
    const desk = await openPage(env.browser, { baseURL: env.server.url });
    const billing = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(desk.page, env.server.url, org.users.frontdesk.email, USER_PASSWORD);
    await signIn(billing.page, env.server.url, org.users.billing.email, USER_PASSWORD);
    desk.expectFailure('/api/requests', 400);

    // Opening a billing dispute needs the invoice number: marked, then named when it is missing.
    await desk.page.goto(`/people/${person.id}`);
    expect(await see(desk.page.getByTestId('record-title'))).toBe('Hélène Roux');
    await pressPassItOn(desk.page);
    const form = desk.page.getByTestId('pass-it-on-form');
    await form.getByTestId('pass-request-type').selectOption({ label: 'Contestation de facture' });
    expect(await see(form.getByText('Numéro de facture'))).toContain('*');
    await form.getByTestId('pass-request-subject').fill('Facture de mars facturée deux fois');
    await form.getByTestId('pass-request-field-amount').fill('240,50');
    await form.getByTestId('pass-it-on-submit').click();
    expect(await see(form.getByTestId('pass-request-field-invoice_number-error'))).toBe('Obligatoire pour « Ouverte »');
    await form.getByTestId('pass-request-field-invoice_number').fill('F-2026-0312');
    await form.getByTestId('pass-it-on-submit').click();
    expect(await see(desk.page.getByTestId('pass-it-on-done'))).toBe('Sollicitation transmise à Facturation.');

    // Closing it needs a credit note number and a resolution note; the server's refusal names both.
    const [request] = (await admin.get<{ items: { id: string }[] }>(`/api/requests?teamId=${org.teams.billing}&open=true`)).items;
    billing.expectFailure(`/api/requests/${request.id}/transition`, 400);
    await billing.page.getByTestId('nav-request-queue').click();
    const queued = billing.page.getByTestId('request-queue').getByTestId('request-item').filter({ hasText: 'Facture de mars' });
    await queued.getByTestId('request-open').click();
    const detail = billing.page.getByTestId('request-detail');
    expect(await see(detail.getByTestId('request-fields'))).toContain('F-2026-0312');
    expect(await see(detail.getByTestId('request-fields'))).toContain('240.5');
    await detail.getByTestId('transition-to-credited').click();
    const transition = detail.getByTestId('transition-form');
    expect(await see(transition)).toContain('Nécessaire pour cette étape : Numéro d’avoir, Note de résolution');
    await transition.getByTestId('transition-submit').click();
    expect(await see(transition.getByTestId('transition-missing'))).toBe('Manquant pour « Avoir émis » : Numéro d’avoir, Note de résolution');
    expect(await see(transition.getByTestId('transition-field-credit_note_number-error'))).toBe('Obligatoire pour « Avoir émis »');
    expect(await see(transition.getByTestId('transition-resolution-note-error'))).toBe('Obligatoire pour « Avoir émis »');

    // Filled in, the request closes; the desk's record shows it.
    await transition.getByTestId('transition-field-credit_note_number').fill('AV-2026-0044');
    await transition.getByTestId('transition-resolution-note').fill('Doublon annulé par l’avoir AV-2026-0044.');
    await transition.getByTestId('transition-submit').click();
    expect(await see(billing.page.getByTestId('transition-done'))).toBe('Désormais « Avoir émis ».');
    await transition.waitFor({ state: 'hidden' });
    // The toast comes with the server's answer; the fields on screen once the request is read again.
    expect(await see(detail.getByTestId('request-fields').filter({ hasText: 'AV-2026-0044' }))).toContain('AV-2026-0044');
    const deskRequest = desk.page.getByTestId('record-requests').getByTestId('request-item');
    expect(await see(deskRequest.getByTestId('request-status').filter({ hasText: 'Avoir émis' }))).toBe('Avoir émis');
    expect(await see(deskRequest.getByTestId('request-resolution'))).toBe('Résolution : Doublon annulé par l’avoir AV-2026-0044.');

    expect(desk.problems).toEqual([]);
    expect(billing.problems).toEqual([]);
    await desk.context.close();
    await billing.context.close();
  });
  it('untreated leads and overdue requests escalate to the manager, who reassigns and sees conversion rates', async () => {
    const person = await admin.post<{ id: string }>('/api/people', { firstName: 'Louis', lastName: 'Perrin' });
    const serge = await admin.post<{ id: string }>('/api/users', { email: 'serge@relais.test', password: USER_PASSWORD, name: 'Serge Vente', role: 'sales', locale: 'fr' });
    const deskApi = await apiSession(env.server.url, org.users.frontdesk.email, USER_PASSWORD);
    await deskApi.post('/api/leads', { source: 'front_desk', personId: person.id, interest: 'Logiciel de téléconsultation', suggestedOwnerId: org.users.sales.id });
    await deskApi.post('/api/requests', { typeId: types.support, subject: 'Imprimante des ordonnances muette', personId: person.id, priority: 'urgent', fields: {} });
    await deskApi.close();

    const manager = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(manager.page, env.server.url, org.users.manager.email, USER_PASSWORD);
    await manager.page.getByTestId('nav-lead-oversight').click();
    const waiting = manager.page.getByTestId('untreated-leads').getByTestId('lead-item').filter({ hasText: 'téléconsultation' });
    expect(await see(waiting.getByTestId('lead-owner'))).toBe('Commercial : Sophie Vente');
    expect(await see(manager.page.getByTestId('escalated-leads').getByTestId('leads-empty'))).toBe('Aucune piste remontée.');
    // Conversion rates so far: Sophie has one rejected lead (earlier scenario) and this pending one.
    const sophie = manager.page.getByTestId('lead-report-row').filter({ hasText: 'Sophie Vente' });
    // Written the French way ("0 %", with the narrow space Intl puts before the sign).
    expect(await see(sophie.getByTestId('lead-report-rate'))).toMatch(/^0\s%$/);
    await manager.page.getByTestId('lead-conversion-chart').locator('canvas').first().waitFor();
    // The chart reads out the same rate, in French too.
    expect(await manager.page.getByTestId('lead-conversion-chart').getAttribute('aria-label')).toMatch(/Sophie Vente — [^;]*Transformation\s?:\s0\s%/);

    // Three days later nobody has treated the lead: it escalates, and the manager sees it at once.
    env.server.advanceClock(3 * 24 * 60 * 60 * 1000);
    const escalated = manager.page.getByTestId('escalated-leads').getByTestId('lead-item').filter({ hasText: 'téléconsultation' });
    expect(await see(escalated.getByTestId('lead-escalated'), 30_000)).toBe('Remontée');
    expect(await see(manager.page.getByTestId('handoff-notification').filter({ hasText: 'Piste non traitée' }))).toContain('Logiciel de téléconsultation');
    await escalated.getByTestId('lead-reassign').selectOption({ label: 'Serge Vente' });
    expect(await see(manager.page.getByTestId('lead-reassigned'))).toBe('Piste réattribuée ; son délai repart.');
    expect(await see(manager.page.getByTestId('escalated-leads').getByTestId('leads-empty'))).toBe('Aucune piste remontée.');
    expect(await see(manager.page.getByTestId('untreated-leads').getByTestId('lead-owner').filter({ hasText: 'Serge' }))).toBe('Commercial : Serge Vente');
    expect(serge.id).toBeTruthy();

    // Managers keep the list of reasons a rep may give.
    const settings = manager.page.getByTestId('lead-settings');
    await settings.getByTestId('lead-settings-add-reason').click();
    const reason = settings.getByTestId('lead-settings-reason').last();
    await reason.getByPlaceholder('Clé (ex. no_budget)').fill('competitor');
    await reason.getByPlaceholder('Libellé français').fill('Concurrent retenu');
    await reason.getByPlaceholder('Libellé anglais').fill('Went with a competitor');
    await settings.getByTestId('lead-settings-save').click();
    expect(await see(manager.page.getByTestId('lead-settings-saved'))).toBe('Règles des pistes enregistrées.');
    const saved = await admin.get<{ rejectReasons: { key: string; labelFr: string }[] }>('/api/leads/settings');
    expect(saved.rejectReasons.at(-1)).toEqual({ key: 'competitor', labelFr: 'Concurrent retenu', labelEn: 'Went with a competitor' });

    // The urgent request is past its deadline: marked in the team queue.
    await manager.page.getByTestId('nav-request-queue').click();
    const late = manager.page.getByTestId('request-queue').getByTestId('request-item').filter({ hasText: 'Imprimante' });
    expect(await see(late.getByTestId('request-overdue'))).toBe('En retard');
    expect(await see(late.getByTestId('request-escalated'))).toBe('Remontée');
    await manager.page.getByTestId('queue-view').getByText('Remontées').click();
    // Wait for the filtered list: no request without the escalation mark is left.
    const notEscalated = manager.page.getByTestId('request-queue').getByTestId('request-item')
      .filter({ hasNot: manager.page.getByTestId('request-escalated') });
    await expect.poll(() => notEscalated.count(), { timeout: 20_000 }).toBe(0);
    expect(await see(manager.page.getByTestId('request-queue').getByTestId('request-subject'))).toBe('Imprimante des ordonnances muette');

    expect(manager.problems).toEqual([]);
    await manager.context.close();
  });
  it('a manager defines a request type in the web app: workflow, own field required to open, deadline', async () => {
    const manager = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(manager.page, env.server.url, org.users.manager.email, USER_PASSWORD);
    await manager.page.getByTestId('nav-request-types').click();
    expect(await see(manager.page.getByTestId('request-type-item').filter({ hasText: 'Assistance technique' }))).toContain('Techniciens');
    await manager.page.getByTestId('request-type-new').click();
    const form = manager.page.getByTestId('request-type-form');
    await form.getByTestId('request-type-label-fr').fill('Résiliation');
    await form.getByTestId('request-type-label-en').fill('Cancellation');
    await form.getByTestId('request-type-key').fill('cancellation');
    await form.getByTestId('request-type-team').selectOption({ label: 'Facturation' });
    await form.getByTestId('request-type-add-field').click();
    const field = form.getByTestId('request-type-field').last();
    await field.getByPlaceholder('Clé').fill('contract_number');
    await field.getByPlaceholder('Libellé français').fill('Numéro de contrat');
    await field.getByPlaceholder('Libellé anglais').fill('Contract number');
    // Opening one needs the contract number.
    await form.getByTestId('request-type-status').first().getByTestId('request-type-status-required').click();
    await manager.page.getByRole('option', { name: 'Numéro de contrat' }).click();
    // A day, typed as a number and a unit; 24 hours stay 24 working hours (not one working day).
    await form.getByTestId('request-type-sla-normal-amount').fill('1');
    await form.getByTestId('request-type-sla-normal-unit').selectOption('days');
    await form.getByTestId('request-type-sla-urgent-amount').fill('24');
    expect(await form.getByTestId('request-type-sla-urgent-unit').inputValue()).toBe('hours');
    await form.getByTestId('request-type-submit').click();
    expect(await see(manager.page.getByTestId('request-type-created'))).toBe('Type de sollicitation créé.');
    const card = manager.page.getByTestId('request-type-item').filter({ hasText: 'Résiliation' });
    expect(await see(card)).toContain('Nouvelle (Numéro de contrat)');
    expect(await see(card)).toMatch(/Normale 1\sjour · Urgente 24\sheures/);

    const created = (await admin.get<{ items: { key: string; teamId: string; definition: { statuses: { required: string[] }[]; sla: { byPriority: Record<string, string> } } }[] }>('/api/request-types')).items.find((type) => type.key === 'cancellation');
    expect(created?.teamId).toBe(org.teams.billing);
    expect(created?.definition.statuses.map((status) => status.required)).toEqual([['fields.contract_number'], ['assigneeId'], ['resolutionNote']]);
    expect(created?.definition.sla.byPriority).toEqual({ normal: 'P1D', urgent: 'PT24H' });

    // The same form edits it: a new label and a longer deadline; the key stays.
    await card.getByTestId('request-type-edit').click();
    const edit = manager.page.getByTestId('request-type-form');
    expect(await edit.getByTestId('request-type-key').isDisabled()).toBe(true);
    await edit.getByTestId('request-type-label-fr').fill('Résiliation de contrat');
    // Read back as a number and a unit.
    expect(await edit.getByTestId('request-type-sla-normal-amount').inputValue()).toBe('1');
    expect(await edit.getByTestId('request-type-sla-normal-unit').inputValue()).toBe('days');
    await edit.getByTestId('request-type-sla-normal-amount').fill('2');
    await edit.getByTestId('request-type-submit').click();
    expect(await see(manager.page.getByTestId('request-type-created').filter({ hasText: 'enregistré' }))).toBe('Type de sollicitation enregistré.');
    // The card shows the saved version once the list is read again: wait for the new deadline.
    const edited = manager.page.getByTestId('request-type-item').filter({ hasText: 'Résiliation de contrat' }).filter({ hasText: /Normale 2\sjours/ });
    expect(await see(edited)).toMatch(/Normale 2\sjours/);
    expect(await see(edited)).toContain('Nouvelle (Numéro de contrat)');

    const saved = (await admin.get<{ items: { key: string; definition: { sla: { byPriority: Record<string, string> } } }[] }>('/api/request-types')).items.find((type) => type.key === 'cancellation');
    expect(saved?.definition.sla.byPriority).toEqual({ normal: 'P2D', urgent: 'PT24H' });

    expect(manager.problems).toEqual([]);
    await manager.context.close();
  });

  it('a deadline one number and unit cannot say (a day and two hours) is shown in words and kept as written', async () => {
    await admin.post('/api/request-types', {
      key: 'combined_deadline',
      labelEn: 'Combined deadline',
      labelFr: 'Échéance composée',
      teamId: org.teams.billing,
      definition: {
        statuses: [
          { key: 'new', labelEn: 'New', labelFr: 'Nouvelle' },
          { key: 'done', labelEn: 'Done', labelFr: 'Faite', terminal: true },
        ],
        fields: [],
        sla: { byPriority: { high: 'P1DT2H', normal: 'P3D' }, warnBefore: 'PT90M' },
      },
    });
    const manager = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(manager.page, env.server.url, org.users.manager.email, USER_PASSWORD);
    await manager.page.getByTestId('nav-request-types').click();
    const card = manager.page.getByTestId('request-type-item').filter({ hasText: 'Échéance composée' });
    expect(await see(card)).toMatch(/Normale 3\sjours · Haute 1\sjour et 2\sheures · alerte 90\sminutes avant/);

    await card.getByTestId('request-type-edit').click();
    const form = manager.page.getByTestId('request-type-form');
    expect(await form.getByTestId('request-type-sla-high-raw').inputValue()).toBe('P1DT2H');
    expect(await see(form.getByTestId('request-type-sla-high-words'))).toMatch(/^Soit 1\sjour et 2\sheures, conservé tel quel/);
    expect(await form.getByTestId('request-type-sla-normal-amount').inputValue()).toBe('3');
    expect(await form.getByTestId('request-type-warn-before-amount').inputValue()).toBe('90');
    expect(await form.getByTestId('request-type-warn-before-unit').inputValue()).toBe('minutes');
    await form.getByTestId('request-type-label-fr').fill('Échéance composée (revue)');
    await form.getByTestId('request-type-submit').click();
    await see(manager.page.getByTestId('request-type-item').filter({ hasText: 'Échéance composée (revue)' }));
    const kept = (await admin.get<{ items: { key: string; definition: { sla: { byPriority: Record<string, string>; warnBefore?: string } } }[] }>('/api/request-types')).items.find((type) => type.key === 'combined_deadline');
    expect(kept?.definition.sla).toEqual({ byPriority: { high: 'P1DT2H', normal: 'P3D' }, warnBefore: 'PT90M' });

    // Replaced on purpose: then a number and a unit.
    await manager.page.getByTestId('request-type-item').filter({ hasText: 'Échéance composée (revue)' }).getByTestId('request-type-edit').click();
    await form.getByTestId('request-type-sla-high-replace').click();
    await form.getByTestId('request-type-sla-high-amount').fill('26');
    await form.getByTestId('request-type-submit').click();
    await see(manager.page.getByTestId('request-type-item').filter({ hasText: /Haute 26\sheures/ }));
    const replaced = (await admin.get<{ items: { key: string; definition: { sla: { byPriority: Record<string, string> } } }[] }>('/api/request-types')).items.find((type) => type.key === 'combined_deadline');
    expect(replaced?.definition.sla.byPriority).toEqual({ high: 'PT26H', normal: 'P3D' });

    expect(manager.problems).toEqual([]);
    await manager.context.close();
  });

  it('a manager sets a team’s manager, working hours and holidays, and lead territory and product rules, in the web app', async () => {
    const manager = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(manager.page, env.server.url, org.users.manager.email, USER_PASSWORD);
    await manager.page.getByTestId('nav-request-types').click();
    await manager.page.getByTestId('teams-settings-link').click();
    const billing = manager.page.locator('[data-testid="team-settings"][data-team="Facturation"]');
    await billing.getByTestId('team-manager').selectOption({ label: 'Marc Manager' });
    await billing.getByTestId('team-time-zone').fill('Europe/Paris');
    await billing.getByTestId('team-round-the-clock').uncheck();
    await billing.getByTestId('team-hours-5').fill('09:00-12:00, 14:00-17:00');
    // Days off picked in a date field, read back in words; Enter in the field adds, it does not save.
    await billing.getByTestId('team-holiday-day').fill('2027-01-01');
    await billing.getByTestId('team-holiday-add').click();
    await billing.getByTestId('team-holiday-day').fill('2026-12-25');
    await billing.getByTestId('team-holiday-day').press('Enter');
    await billing.getByTestId('team-holiday-day').fill('2026-11-11');
    await billing.getByTestId('team-holiday-add').click();
    expect(await billing.getByTestId('team-holiday').allTextContents()).toEqual(['mercredi 11 novembre 2026', 'vendredi 25 décembre 2026', 'vendredi 1 janvier 2027']);
    await billing.getByRole('button', { name: 'Retirer mercredi 11 novembre 2026' }).click();
    expect(await billing.getByTestId('team-holiday').count()).toBe(2);
    expect(await manager.page.getByTestId('team-saved').count()).toBe(0);
    await billing.getByTestId('team-save').click();
    expect(await see(manager.page.getByTestId('team-saved'))).toBe('Équipe « Facturation » enregistrée.');
    const teams = await admin.get<{ items: { id: string; managerId: string; calendar: { timeZone: string; hours: Record<string, string[][]>; holidays: string[] } }[] }>('/api/teams');
    const saved = teams.items.find((team) => team.id === org.teams.billing)!;
    expect(saved.managerId).toBe(org.users.manager.id);
    expect(saved.calendar).toMatchObject({ timeZone: 'Europe/Paris', holidays: ['2026-12-25', '2027-01-01'] });
    expect(saved.calendar.hours['1']).toEqual([['09:00', '12:30'], ['14:00', '18:00']]);
    expect(saved.calendar.hours['5']).toEqual([['09:00', '12:00'], ['14:00', '17:00']]);
    expect(saved.calendar.hours['6']).toBeUndefined();

    await manager.page.getByTestId('nav-lead-oversight').click();
    const settings = manager.page.getByTestId('lead-settings');
    // Two days to treat a lead (the default, read back once the settings arrive), a warning four hours before.
    await manager.page.waitForFunction(() => (document.querySelector('[data-testid="lead-settings-treat-within-amount"]') as HTMLInputElement | null)?.value === '2');
    expect(await settings.getByTestId('lead-settings-treat-within-amount').inputValue()).toBe('2');
    expect(await settings.getByTestId('lead-settings-treat-within-unit').inputValue()).toBe('days');
    await settings.getByTestId('lead-settings-warn-before-amount').fill('4');
    await settings.getByTestId('lead-settings-territory-add').click();
    await settings.getByTestId('lead-settings-territory-match').last().fill('69');
    await settings.getByTestId('lead-settings-territory-owner').last().selectOption({ label: 'Sophie Vente' });
    await settings.getByTestId('lead-settings-product-add').click();
    await settings.getByTestId('lead-settings-product-match').last().fill('chambre froide');
    await settings.getByTestId('lead-settings-product-owner').last().selectOption({ label: 'Sophie Vente' });
    await settings.getByTestId('lead-settings-save').click();
    expect(await see(manager.page.getByTestId('lead-settings-saved'))).toBe('Règles des pistes enregistrées.');
    const rules = await admin.get<{ warnBefore: string; territories: unknown[]; products: unknown[] }>('/api/leads/settings');
    expect(rules.warnBefore).toBe('PT4H');
    expect(rules.territories).toEqual([{ postalPrefix: '69', ownerId: org.users.sales.id }]);
    expect(rules.products).toEqual([{ keyword: 'chambre froide', ownerId: org.users.sales.id }]);

    expect(manager.problems).toEqual([]);
    await manager.context.close();
  });
});
