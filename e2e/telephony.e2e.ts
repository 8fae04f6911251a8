import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from './browser.js';
import { useServerAndBrowser } from './serverAndBrowser.js';
import { apiAs, apiSession, signIn } from './session.js';
import { see } from './see.js';

const PASSWORD = 'Standard-Telephone-Agent-2026!';
const LINE = '01 40 00 00 00';

interface Ids {
  secret: string;
  alice: { id: string; email: string };
  marc: { id: string; email: string };
  jean: { id: string };
  org: { id: string };
  request: { id: string };
}

/** A new call id per scenario, as a phone system would give. */
let callSeq = 0;
const nextCallId = () => `pbx-${Date.now()}-${++callSeq}`;

/** The page's URL path. */
const pathOf = (page: Page) => new URL(page.url()).pathname;

describe('telephony: screen pop, after-call form, overload mode, call-backs', () => {
  const env = useServerAndBrowser();
  const ids = {} as Ids;

  beforeAll(async () => {
    // The admin prepares what the scenarios are not about, through the API.
    const api = await apiSession(env.server.url);
    ids.secret = (await api.post<{ secret: string }>('/api/telephony/integrations', { name: 'Standard', kind: 'generic' })).secret;
    ids.alice = await api.post('/api/users', { email: 'alice@relais.test', password: PASSWORD, name: 'Alice Martin', role: 'frontdesk', locale: 'fr' });
    ids.marc = await api.post('/api/users', { email: 'marc@relais.test', password: PASSWORD, name: 'Marc Dupuis', role: 'manager', locale: 'fr' });
    await api.put('/api/telephony/extensions', { extension: '201', userId: ids.alice.id });
    // A shipper under contract, one of its people, a cap on "vip" contacts, some history.
    ids.org = await api.post('/api/organisations', { name: 'Transports Martin', tags: ['contract'], relationships: [{ type: 'carrier' }] });
    ids.jean = await api.post('/api/people', {
      firstName: 'Jean',
      lastName: 'Dupont',
      phones: [{ number: '06 11 22 33 44', label: 'mobile' }],
      organisationIds: [ids.org.id],
      tags: ['vip'],
      relationships: [{ type: 'client' }],
    });
    await api.post('/api/pressure/rules', { scopeType: 'tag', scopeValue: 'vip', maxContacts: 2, periodDays: 7 });
    await api.post('/api/interactions', { channel: 'email', direction: 'out', personId: ids.jean.id, summary: 'Tarifs 2026 envoyés' });
    await api.post('/api/tasks', { title: 'Envoyer le devis palettes', personId: ids.jean.id, dueAt: new Date(Date.now() + 86_400_000).toISOString() });
    // An open request of Jean's for the support team, one already solved, and a lead for Marc.
    const team = await api.post<{ id: string }>('/api/teams', { name: 'Assistance' });
    const type = await api.post<{ id: string }>('/api/request-types', {
      key: 'support',
      labelEn: 'Support',
      labelFr: 'Assistance',
      teamId: team.id,
      definition: {
        statuses: [
          { key: 'received', labelEn: 'Received', labelFr: 'Reçue' },
          { key: 'solved', labelEn: 'Solved', labelFr: 'Résolue', terminal: true },
        ],
        sla: { byPriority: { normal: 'P2D' } },
      },
    });
    ids.request = await api.post('/api/requests', { typeId: type.id, subject: 'Palette abîmée à la livraison', personId: ids.jean.id });
    const solved = await api.post<{ id: string }>('/api/requests', { typeId: type.id, subject: 'Facture en double', personId: ids.jean.id });
    await api.post(`/api/requests/${solved.id}/transition`, { status: 'solved' });
    await api.post('/api/leads', { source: 'call', personId: ids.jean.id, interest: 'Contrat annuel 40 palettes', suggestedOwnerId: ids.marc.id });
    await api.close();
  });

  it('pops an unknown caller on the agent’s open page; one keystroke creates the person with the number filled in', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, ids.alice.email, PASSWORD);

    const callId = nextCallId();
    await env.server.callEvent(ids.secret, { callId, event: 'ringing', from: '06 98 76 54 32', to: LINE, extension: '201' });
    const card = page.getByTestId('pop-card');
    expect(await see(card.getByTestId('pop-unknown'))).toBe('Appelant inconnu');
    expect(await see(card.getByTestId('pop-number'))).toBe('06 98 76 54 32');
    expect(await see(card.getByTestId('pop-state'))).toBe('Appel entrant');

    // N: the person form, number filled in, cursor in the first name — even with the focus left on
    // a radio button by a click (the language switch), as it is after a click on a filter chip.
    await page.getByTestId('language-switch').getByText('FR', { exact: true }).click();
    await page.keyboard.press('n');
    await page.getByTestId('person-form').waitFor();
    expect(pathOf(page)).toBe('/people/new');
    expect(await page.getByTestId('phone-number-0').inputValue()).toBe('06 98 76 54 32');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'person-first-name');
    await page.keyboard.type('Sophie');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Bernard');
    await page.keyboard.press('Enter');
    expect(await see(page.getByTestId('record-title'))).toBe('Sophie Bernard');
    expect(await see(page.getByTestId('contact-card').getByTestId('phone-link'))).toBe('06 98 76 54 32');
    // The card, still up while the phone rings, now names her.
    expect(await see(card.getByTestId('pop-created'))).toContain('Sophie Bernard');

    // Nobody picks up: the card goes away by itself.
    await env.server.callEvent(ids.secret, { callId, event: 'missed', from: '06 98 76 54 32', to: LINE, extension: '201' });
    await page.getByTestId('screen-pop').waitFor({ state: 'detached' });

    expect(problems).toEqual([]);
    await context.close();
  });

  it('a new caller created from the pop during the call gets the call in their file once it is wrapped up', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, ids.alice.email, PASSWORD);
    const callId = nextCallId();
    const from = '07 55 44 33 21';
    // The phone system writes the line as digits only: the card writes it as people do.
    await env.server.callEvent(ids.secret, { callId, event: 'ringing', from, to: '0140000000', extension: '201' });
    expect(await see(page.getByTestId('pop-line'))).toBe('Ligne 01 40 00 00 00');
    await env.server.callEvent(ids.secret, { callId, event: 'answered', from, to: '0140000000', extension: '201' });
    await page.locator('[data-testid="pop-card"][data-state="answered"]').waitFor();
    await page.keyboard.press('n');
    await page.getByTestId('person-form').waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'person-first-name');
    await page.keyboard.type('Françoise');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Bézier');
    await page.keyboard.press('Enter');
    expect(await see(page.getByTestId('record-title'))).toBe('Françoise Bézier');
    const personId = pathOf(page).split('/').pop()!;

    await env.server.callEvent(ids.secret, { callId, event: 'ended', from, to: '0140000000', extension: '201' });
    await page.getByTestId('after-call-form').waitFor();
    // "Later": the form goes, the call waits under "calls to log" in the header, and comes back with a click.
    await page.getByTestId('after-call-later').click();
    await page.getByTestId('after-call-form').waitFor({ state: 'detached' });
    await page.getByTestId('calls-to-log').waitFor();
    expect(await page.getByTestId('calls-to-log').getAttribute('aria-label')).toBe('1 appel à noter');
    await page.getByTestId('calls-to-log').click();
    expect(await see(page.getByTestId('call-to-log'))).toContain('Noter : Françoise Bézier');
    await page.keyboard.press('Escape');
    // The server keeps the list: a reload does not lose the call. Its caller is named by the
    // number now (the call was filed before she existed); the wrap-up finds her by it.
    await page.reload();
    await page.getByTestId('calls-to-log').click();
    await page.getByTestId('call-to-log').filter({ hasText: 'Noter : 07 55 44 33 21' }).click();
    await page.getByTestId('after-call-form').waitFor();
    await page.getByTestId('after-call-outcome').selectOption('info_given');
    await page.getByTestId('after-call-summary').fill('Horaires d’ouverture');
    await page.getByTestId('after-call-summary').press('Control+Enter');
    expect(await see(page.getByTestId('after-call-saved'))).toBe('Issue de l’appel enregistrée');
    await page.getByTestId('calls-to-log').waitFor({ state: 'detached' });

    // Her file has the call, and the call log names her.
    const api = await apiAs(page);
    const history = await api.get<{ items: { summary: string | null; outcome: string | null }[] }>(`/api/interactions?personId=${personId}`);
    expect(history.items).toEqual([expect.objectContaining({ summary: 'Horaires d’ouverture', outcome: 'info_given' })]);
    const log = await api.get<{ items: { callId: string; personId: string | null }[] }>('/api/calls?number=0755443321');
    expect(log.items.find((c) => c.callId === callId)?.personId).toBe(personId);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('on a phone, the card folds to its header at the bottom while the new caller is typed in, and unfolds on demand', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url, viewport: { width: 390, height: 844 } });
    await signIn(page, env.server.url, ids.alice.email, PASSWORD);
    const callId = nextCallId();
    await env.server.callEvent(ids.secret, { callId, event: 'ringing', from: '07 55 44 33 23', to: LINE, extension: '201' });
    await page.getByTestId('pop-card').getByTestId('pop-unknown').waitFor();
    await page.keyboard.press('n');
    await page.getByTestId('person-form').waitFor();
    // Folded: the number stays in sight, the first name field is not under the card.
    await page.getByTestId('pop-unfold').waitFor();
    expect(await page.getByTestId('pop-card').getByTestId('pop-unknown').count()).toBe(0);
    expect(await see(page.getByTestId('pop-number'))).toBe('07 55 44 33 23');
    const field = (await page.getByTestId('person-first-name').boundingBox())!;
    expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.getAttribute('data-testid'), { x: field.x + field.width / 2, y: field.y + field.height / 2 })).toBe('person-first-name');
    await page.getByTestId('pop-unfold').click();
    await page.getByTestId('pop-card').getByTestId('pop-unknown').waitFor();
    await env.server.callEvent(ids.secret, { callId, event: 'missed', from: '07 55 44 33 23', to: LINE, extension: '201' });
    await page.getByTestId('screen-pop').waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows a known caller’s file before pick-up, then the outcome form after hang-up saves outcome, note and follow-up', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, ids.alice.email, PASSWORD);

    const callId = nextCallId();
    await env.server.callEvent(ids.secret, { callId, event: 'ringing', from: '+33611223344', to: LINE, extension: '201' });
    const card = page.getByTestId('pop-card');
    expect(await see(card.getByTestId('pop-match-name'))).toBe('Jean Dupont');
    expect(await see(card.getByTestId('pop-contract'))).toBe('Sous contrat');
    expect(await see(card.getByTestId('pop-organisations'))).toBe('Transports Martin');
    expect(await see(card.getByTestId('pop-relationship'))).toBe('Client');
    expect(await see(card.getByTestId('tags'))).toContain('vip');
    expect(await see(card.getByTestId('pop-contacts'))).toBe('Contacté 1× en 7 jours · 1× en 30 jours');
    expect(await see(card.getByTestId('pop-interaction'))).toContain('Tarifs 2026 envoyés');
    expect(await see(card.getByTestId('pop-task'))).toContain('Envoyer le devis palettes');
    // His open request, in French, with its team and deadline; the solved one is not there; his open lead.
    const openRequests = card.getByTestId('pop-section-openRequests');
    expect(await see(openRequests)).toContain('Sollicitations en cours');
    expect(await see(openRequests.getByTestId('pop-request-open'))).toBe('Palette abîmée à la livraison');
    expect(await see(openRequests.getByTestId('pop-request-status'))).toBe('Reçue');
    expect(await see(openRequests.getByTestId('pop-request-team'))).toBe('Équipe Assistance');
    expect(await see(openRequests.getByTestId('pop-request-due'))).toContain('Échéance');
    expect(await openRequests.getByTestId('pop-request').count()).toBe(1);
    const openLeads = card.getByTestId('pop-section-openLeads');
    expect(await see(openLeads.getByTestId('pop-lead-open'))).toBe('Contrat annuel 40 palettes');
    expect(await see(openLeads.getByTestId('lead-status'))).toBe('À traiter');
    expect(await see(openLeads.getByTestId('pop-lead-owner'))).toBe('Commercial : Marc Dupuis');
    // The request opens from the card, which stays up while the phone rings.
    await openRequests.getByTestId('pop-request-open').click();
    expect(await see(page.getByTestId('request-detail-subject'))).toBe('Palette abîmée à la livraison');
    expect(pathOf(page)).toBe(`/requests/${ids.request.id}`);
    expect(await see(card.getByTestId('pop-match-name'))).toBe('Jean Dupont');
    // One outbound contact of two allowed in 7 days: the next one reaches the cap.
    const pressure = card.getByTestId('pop-pressure');
    expect(await see(pressure)).toContain('étiquette « vip » : 1 contact sur 2 en 7 jours');
    expect(await pressure.getAttribute('data-state')).toBe('near');

    // Picked up by Alice: the card stays, marked in call.
    await env.server.callEvent(ids.secret, { callId, event: 'answered', from: '+33611223344', to: LINE, extension: '201' });
    await page.locator('[data-testid="pop-card"][data-state="answered"]').waitFor();
    expect(await see(card.getByTestId('pop-state'))).toBe('En ligne');

    // Still on the line, Jean reports a problem: passed on to the support team from the card, linked to this call.
    await card.getByTestId('pop-pass-it-on').click();
    const passForm = page.getByTestId('pass-it-on-form');
    await passForm.waitFor();
    await passForm.getByTestId('pass-request-type').selectOption({ label: 'Assistance' });
    await passForm.getByTestId('pass-request-subject').fill('Hayon du camion bloqué à Lyon');
    await passForm.getByTestId('pass-it-on-submit').click();
    expect(await see(page.getByTestId('pass-it-on-done'))).toContain('Sollicitation transmise');
    await page.getByTestId('pass-it-on').waitFor({ state: 'detached' });
    const jeanRequests = await (await apiAs(page)).get<{ items: { subject: string; interactionId: string | null; personId: string | null; organisationId: string | null }[] }>(`/api/requests?personId=${ids.jean.id}`);
    const passed = jeanRequests.items.find((r) => r.subject === 'Hayon du camion bloqué à Lyon');
    const answeredCall = await (await apiAs(page)).get<{ items: { callId: string; interactionId: string | null }[] }>(`/api/calls?number=%2B33611223344`);
    // Filed on his only organisation too, as the call is.
    expect(passed).toMatchObject({ personId: ids.jean.id, organisationId: ids.org.id, interactionId: answeredCall.items.find((c) => c.callId === callId)?.interactionId });
    expect(passed?.interactionId).toBeTruthy();

    // Alice has the app open in a second tab too: the form opens there as well.
    const otherTab = await context.newPage();
    await otherTab.goto('/');
    await otherTab.locator('[data-testid="live-status"][data-state="connected"]').waitFor();

    // Hang-up: the card closes and the outcome form opens, cursor on the outcome.
    await env.server.callEvent(ids.secret, { callId, event: 'ended', from: '+33611223344', to: LINE, extension: '201' });
    await otherTab.getByTestId('after-call-form').waitFor();
    await page.getByTestId('screen-pop').waitFor({ state: 'detached' });
    const form = page.getByTestId('after-call-form');
    await form.waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'after-call-outcome');
    await page.getByTestId('after-call-outcome').selectOption('info_given');
    await page.getByTestId('after-call-note').fill('Veut un tarif pour 12 palettes Lyon–Lille.');
    await page.getByTestId('after-call-follow-up-1w').check();
    // What the desk cannot settle can be passed on from here: the subject starts from what was
    // typed, never from the caller's number the call is titled with until then.
    await page.getByTestId('after-call-pass-it-on').click();
    await page.getByTestId('pass-it-on-form').waitFor();
    expect(await page.getByTestId('pass-request-subject').inputValue()).toBe('Veut un tarif pour 12 palettes Lyon–Lille.');
    // Closing it (Escape: nothing typed in it yet) leaves the form as it was, still open.
    await page.keyboard.press('Escape');
    await page.getByTestId('pass-it-on').waitFor({ state: 'detached' });
    expect(await page.getByTestId('after-call-form').isVisible()).toBe(true);
    expect(await page.getByTestId('after-call-note').inputValue()).toBe('Veut un tarif pour 12 palettes Lyon–Lille.');
    expect(await page.getByTestId('after-call-follow-up-title').getAttribute('placeholder')).toBe('Rappeler Jean Dupont');
    // A summary titles the call on the timeline, instead of the number.
    await page.getByTestId('after-call-summary').fill('Tarif palettes Lyon–Lille');
    await page.getByTestId('after-call-note').focus();
    await page.keyboard.press('Control+Enter');
    expect(await see(page.getByTestId('after-call-saved'))).toContain('Issue enregistrée, relance le');
    await form.waitFor({ state: 'detached' });
    // Wrapped up here: the other tab's form closes by itself (saving it would be refused as a conflict).
    await otherTab.getByTestId('after-call-form').waitFor({ state: 'detached' });
    await otherTab.close();

    // On Jean's file: the call with its outcome and note, and the follow-up in a week.
    await page.goto(`/people/${ids.jean.id}`);
    const call = page.getByTestId('timeline-item').filter({ hasText: 'Veut un tarif pour 12 palettes' });
    expect(await see(call)).toContain('Appel');
    expect(await see(call.getByTestId('timeline-summary'))).toBe('Tarif palettes Lyon–Lille');
    expect(await see(call.getByTestId('timeline-outcome'))).toBe('Renseignement donné');
    expect(await see(call)).toContain('par Alice Martin');
    expect(await see(page.getByTestId('record-tasks').getByTestId('task-item').filter({ hasText: 'Rappeler Jean Dupont' }))).toContain('Rappeler Jean Dupont');
    // Before calling him back from the task: his number, and one email of two allowed in 7 days.
    const followUp = page.getByTestId('record-tasks').getByTestId('task-item').filter({ hasText: 'Rappeler Jean Dupont' });
    expect(await see(followUp.getByTestId('phone-link'))).toBe('06 11 22 33 44');
    expect(await see(followUp.getByTestId('task-pressure'))).toBe('Contacté 1 fois en 7 jours, limite 2');
    expect(await followUp.getByTestId('task-pressure').getAttribute('data-state')).toBe('near');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('overload mode, switched by a manager: a caller not under contract goes to the call-back queue live; a contract caller still pops up', async () => {
    const desk = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(desk.page, env.server.url, ids.alice.email, PASSWORD);
    const manager = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(manager.page, env.server.url, ids.marc.email, PASSWORD);

    // The front desk watches the call-back queue.
    await desk.page.getByTestId('nav-callbacks').click();
    await desk.page.getByTestId('callback-list').waitFor();
    const before = await desk.page.getByTestId('callback-item').count();

    // One switch, for the manager only; the front desk sees the state live.
    expect(await desk.page.getByTestId('overload-switch').count()).toBe(0);
    // The switch shows the server's state: it flips once the server has answered, so click and wait.
    // Turning it on is asked first: cancelling leaves it off.
    await manager.page.getByTestId('overload-switch').click({ force: true });
    expect(await see(manager.page.getByTestId('overload-confirm'))).toContain('Les appelants sous contrat sonnent toujours');
    await manager.page.getByRole('dialog').getByRole('button', { name: 'Annuler' }).click();
    await manager.page.getByTestId('overload-confirm').waitFor({ state: 'detached' });
    expect(await manager.page.getByTestId('overload-switch').isChecked()).toBe(false);
    await manager.page.getByTestId('overload-switch').click({ force: true });
    await manager.page.getByTestId('overload-submit').click();
    await expect.poll(() => manager.page.getByTestId('overload-switch').isChecked(), { timeout: 20_000 }).toBe(true);
    expect(await see(desk.page.getByTestId('overload-badge'))).toBe('Mode surcharge');
    expect(await see(desk.page.getByTestId('overload-notification'))).toContain('Mode surcharge activé par Marc Dupuis');

    // A caller not under contract: voicemail, and straight into the queue, no pop-up.
    const unknownCall = nextCallId();
    const routed = await env.server.callEvent(ids.secret, { callId: unknownCall, event: 'ringing', from: '07 55 44 33 22', to: LINE });
    expect(routed.routing).toEqual([expect.objectContaining({ decision: 'voicemail' })]);
    // The phone system plays the voicemail greeting and reports it.
    await env.server.callEvent(ids.secret, { callId: unknownCall, event: 'voicemail', from: '07 55 44 33 22', to: LINE });
    const queued = desk.page.getByTestId('callback-item').filter({ hasText: '07 55 44 33 22' });
    expect(await see(queued.getByTestId('callback-reason'))).toBe('Mode surcharge');
    expect(await desk.page.getByTestId('callback-item').count()).toBe(before + 1);
    await see(desk.page.getByTestId('callback-count').filter({ hasText: new RegExp(`^${before + 1}$`) }));
    expect(await desk.page.getByTestId('screen-pop').count()).toBe(0);

    // Jean, whose company is under contract, still rings at the front desk on duty.
    const contractCall = nextCallId();
    await env.server.callEvent(ids.secret, { callId: contractCall, event: 'ringing', from: '06 11 22 33 44', to: LINE });
    const card = desk.page.getByTestId('pop-card');
    expect(await see(card.getByTestId('pop-match-name'))).toBe('Jean Dupont');
    expect(await see(card.getByTestId('pop-priority'))).toBe('Appelant prioritaire');
    // Escape puts the card away.
    await desk.page.keyboard.press('Escape');
    await desk.page.getByTestId('screen-pop').waitFor({ state: 'detached' });

    // The desk takes the call-back, calls, reaches them: the attempt closes it.
    await queued.getByTestId('callback-take').click();
    expect(await see(queued.getByTestId('callback-assignee').filter({ hasText: 'Pris par vous' }))).toBe('Pris par vous');
    await queued.getByTestId('callback-attempt').click();
    await desk.page.getByTestId('callback-attempt-form').waitFor();
    await desk.page.getByTestId('callback-attempt-outcome').selectOption('reached');
    expect(await desk.page.getByTestId('callback-attempt-close').isChecked()).toBe(true);
    await desk.page.getByTestId('callback-attempt-note').fill('Rappelée, commande confirmée.');
    await desk.page.getByTestId('callback-attempt-submit').click();
    await queued.waitFor({ state: 'detached' });
    expect(await desk.page.getByTestId('callback-item').count()).toBe(before);
    // In "done", with its outcome.
    await desk.page.getByTestId('callbacks-status').getByText('Traités').click();
    const done = desk.page.getByTestId('callback-item').filter({ hasText: '07 55 44 33 22' });
    expect(await see(done.getByTestId('callback-outcome'))).toBe('Joint — Rappelée, commande confirmée.');

    // Overload off (the safe way, not asked): the badge goes away everywhere.
    await manager.page.getByTestId('overload-switch').click({ force: true });
    expect(await manager.page.getByTestId('overload-confirm').count()).toBe(0);
    await expect.poll(() => manager.page.getByTestId('overload-switch').isChecked(), { timeout: 20_000 }).toBe(false);
    await desk.page.getByTestId('overload-badge').waitFor({ state: 'detached' });
    // Jean hung up before anyone answered: a missed call, queued for a call-back too, which the
    // desk can hand to sales as a lead.
    await env.server.callEvent(ids.secret, { callId: contractCall, event: 'missed', from: '06 11 22 33 44', to: LINE });
    await desk.page.getByTestId('callbacks-status').getByText('En attente').click();
    const jean = desk.page.getByTestId('callback-item').filter({ hasText: 'Jean Dupont' });
    await jean.getByTestId('callback-pass').click();
    const leadForm = desk.page.getByTestId('callback-lead-form');
    await leadForm.waitFor();
    // A known caller: no person to create, only what they want.
    expect(await leadForm.getByTestId('callback-lead-last-name').count()).toBe(0);
    await leadForm.getByTestId('callback-lead-interest').fill('Transport frigorifique hebdomadaire');
    await leadForm.getByTestId('callback-lead-owner').selectOption({ label: 'Marc Dupuis' });
    await leadForm.getByTestId('callback-lead-submit').click();
    expect(await see(desk.page.getByTestId('callback-lead-done'))).toBe('Piste transmise aux commerciaux ; le rappel est clos.');
    await jean.waitFor({ state: 'detached' });

    // An unknown caller's missed call: created on the spot, number filled in, and passed on.
    const strangerCall = nextCallId();
    await env.server.callEvent(ids.secret, { callId: strangerCall, event: 'ringing', from: '07 52 12 12 12', to: LINE });
    await env.server.callEvent(ids.secret, { callId: strangerCall, event: 'missed', from: '07 52 12 12 12', to: LINE });
    const stranger = desk.page.getByTestId('callback-item').filter({ hasText: '07 52 12 12 12' });
    await stranger.getByTestId('callback-pass').click();
    await leadForm.waitFor();
    expect(await leadForm.getByTestId('callback-lead-phone').inputValue()).toBe('07 52 12 12 12');
    await leadForm.getByTestId('callback-lead-first-name').fill('Lucie');
    await leadForm.getByTestId('callback-lead-last-name').fill('Fabre');
    await leadForm.getByTestId('callback-lead-interest').fill('Déménagement d’entrepôt');
    await leadForm.getByTestId('callback-lead-owner').selectOption({ label: 'Marc Dupuis' });
    await leadForm.getByTestId('callback-lead-interest').press('Control+Enter');
    expect(await see(desk.page.getByTestId('callback-lead-done').last())).toBe('Piste transmise aux commerciaux ; le rappel est clos.');
    await stranger.waitFor({ state: 'detached' });
    // Both are closed as passed to sales; the new person carries the lead, linked to her call.
    await desk.page.getByTestId('callbacks-status').getByText('Traités').click();
    const converted = desk.page.getByTestId('callback-item').filter({ hasText: 'Lucie Fabre' });
    expect(await see(converted.getByTestId('callback-outcome'))).toBe('Transmis aux commerciaux');
    const deskApi = await apiAs(desk.page);
    const lucie = (await deskApi.get<{ items: { id: string; firstName: string }[] }>('/api/people?q=Fabre')).items.find((p) => p.firstName === 'Lucie')!;
    const leads = await deskApi.get<{ items: { interest: string; source: string; interactionId: string | null }[] }>(`/api/leads?personId=${lucie.id}`);
    const strangerLog = await deskApi.get<{ items: { callId: string; interactionId: string | null; personId: string | null }[] }>('/api/calls?number=0752121212');
    expect(strangerLog.items[0]).toMatchObject({ callId: strangerCall, personId: lucie.id });
    expect(leads.items).toEqual([expect.objectContaining({ interest: 'Déménagement d’entrepôt', source: 'call', interactionId: strangerLog.items[0].interactionId })]);
    const jeanLeads = await deskApi.get<{ items: { interest: string }[] }>(`/api/leads?personId=${ids.jean.id}`);
    expect(jeanLeads.items.map((l) => l.interest)).toContain('Transport frigorifique hebdomadaire');

    for (const p of [desk, manager]) expect(p.problems).toEqual([]);
    await desk.context.close();
    await manager.context.close();
  });

  it('lists calls with filters and per-contact counts; managers see the statistics as charts', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, ids.marc.email, PASSWORD);

    await page.getByTestId('nav-calls').click();
    const rows = page.getByTestId('call-row');
    await see(rows);
    // Missed (voicemail included): the first unknown caller, the one typed in on a phone, the
    // overload-mode caller, Jean's missed call, and Lucie's (passed to sales from the call-back queue).
    await page.getByTestId('calls-filter-state').selectOption('missed');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('state') === 'missed');
    const overloaded = rows.filter({ hasText: '07 55 44 33 22' });
    expect(await see(overloaded.getByTestId('call-routed-voicemail'))).toBe('Messagerie (surcharge)');
    expect(await see(overloaded.getByTestId('call-state'))).toBe('Messagerie');
    await rows.filter({ hasText: '06 98 76 54 32' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="call-row"]').length === 5);

    // Answered, by agent: Jean's call and Françoise Bézier's, answered by Alice.
    await page.getByTestId('calls-filter-state').selectOption('ended');
    await page.getByTestId('calls-filter-agent').selectOption({ label: 'Alice Martin' });
    await page.waitForFunction(() => {
      const states = [...document.querySelectorAll('[data-testid="call-row"] [data-testid="call-state"]')].map((e) => e.getAttribute('data-state'));
      return states.length === 2 && states.every((state) => state === 'ended');
    });
    expect(await see(rows.filter({ hasText: 'Françoise Bézier' }))).toContain('Alice Martin');
    const answered = rows.filter({ hasText: 'Jean Dupont' });
    expect(await see(answered.getByTestId('call-state'))).toBe('Répondu');
    expect(await see(answered)).toContain('Alice Martin');
    await page.getByTestId('calls-clear-filters').click();

    // Per contact: Jean called twice.
    const jean = page.getByTestId('per-contact-row').filter({ hasText: 'Jean Dupont' });
    expect(await see(jean.getByTestId('per-contact-count'))).toBe('2');
    await jean.getByTestId('per-contact-filter').click();
    expect(await see(page.getByTestId('calls-filter-contact'))).toContain('Jean Dupont');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="call-row"]').length === 2);

    // Statistics: seven calls today, two answered, five missed (one of them to voicemail).
    await page.getByTestId('nav-call-stats').click();
    expect(await see(page.getByTestId('stat-calls'))).toBe('7');
    expect(await see(page.getByTestId('stat-answer-rate'))).toMatch(/^28,6\s%$/);
    expect(await see(page.getByTestId('stat-miss-rate'))).toMatch(/^71,4\s%$/);
    for (const chart of ['chart-per-day', 'chart-heatmap', 'chart-per-agent']) {
      await page.locator(`[data-testid="${chart}"] canvas`).first().waitFor();
    }
    expect(await see(page.getByTestId('stats-per-agent').getByTestId('stats-row').filter({ hasText: 'Alice Martin' }))).toContain('Alice Martin');
    expect(await see(page.getByTestId('stats-per-line'))).toContain('01 40 00 00 00');
    // Days without a call: no rate to give, rather than "0 %" that reads as every call missed.
    await page.goto('/reports/calls?from=2020-01-06&to=2020-01-07');
    await page.getByTestId('stats-empty').waitFor();
    expect(await see(page.getByTestId('stat-answer-rate'))).toBe('—');
    expect(await see(page.getByTestId('stat-miss-rate'))).toBe('—');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('warns before calling a contact over a pressure cap and records the reason with the call', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, ids.alice.email, PASSWORD);
    const api = await apiAs(page);
    // A second outbound contact this week: Jean is at his cap of 2.
    await api.post('/api/interactions', { channel: 'sms', direction: 'out', personId: ids.jean.id, summary: 'Confirmation SMS' });

    await page.goto(`/people/${ids.jean.id}`);
    await page.getByTestId('contact-card').getByTestId('phone-link').click();
    const modal = page.getByTestId('pressure-dial-modal');
    expect(await see(modal.getByTestId('pressure-warning'))).toContain('étiquette « vip » : 2 contacts sur 2 en 7 jours');
    expect(await page.getByTestId('pressure-dial-confirm').getAttribute('data-disabled')).toBe('true');
    await page.getByTestId('pressure-dial-reason').fill('Litige livraison urgent');
    await page.getByTestId('pressure-dial-confirm').click();
    expect(await page.evaluate(() => (window as unknown as { __dialled: string[] }).__dialled)).toEqual(['tel:+33611223344']);

    // Dialled: "log a call" opens as outgoing, the reason carried along.
    const form = page.getByTestId('log-call-form');
    await form.waitFor();
    expect(await page.getByTestId('pressure-reason').inputValue()).toBe('Litige livraison urgent');
    expect(await see(page.getByTestId('log-call-pressure'))).toContain('Limite de sollicitation atteinte');
    await page.getByTestId('call-summary').fill('Appel litige livraison');
    await page.getByTestId('call-summary').press('Control+Enter');
    expect(await see(page.getByTestId('call-saved-notification'))).toBe('Appel enregistré');

    const status = await api.get<{ overrides: { reason: string; userId: string }[] }>(`/api/pressure?entityId=${ids.jean.id}`);
    expect(status.overrides).toEqual([expect.objectContaining({ reason: 'Litige livraison urgent', userId: ids.alice.id })]);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('records a refusal of marketing calls on the person’s page; her next call pops up with the refusal, and calling her asks a reason', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, ids.alice.email, PASSWORD);
    const api = await apiAs(page);
    const claire = await api.post<{ id: string }>('/api/people', { firstName: 'Claire', lastName: 'Roux', phones: [{ number: '06 22 33 44 55', label: 'mobile' }] });

    await page.goto(`/people/${claire.id}`);
    const consent = page.getByTestId('consent-card');
    expect(await see(consent)).toContain('Consentements');
    expect(await consent.getByTestId('consent-save').isDisabled()).toBe(true);
    await consent.getByTestId('consent-phone-marketing').selectOption('refused');
    await consent.getByTestId('consent-source').fill('appel du 12/11');
    await consent.getByTestId('consent-source').press('Enter');
    expect(await see(page.getByTestId('consent-saved-notification'))).toBe('Consentement enregistré');
    expect(await see(consent.getByTestId('consent-recorded'))).toContain('Téléphone, Prospection — Refusé · appel du 12/11');
    expect(await consent.getByTestId('consent-phone-marketing').inputValue()).toBe('refused');

    // She calls: the card says it before anyone picks up.
    const callId = nextCallId();
    await env.server.callEvent(ids.secret, { callId, event: 'ringing', from: '06 22 33 44 55', to: LINE, extension: '201' });
    const card = page.getByTestId('pop-card');
    expect(await see(card.getByTestId('pop-match-name'))).toBe('Claire Roux');
    expect(await see(card.getByTestId('pop-consent-refused'))).toBe('Pas de prospection par téléphone');
    await env.server.callEvent(ids.secret, { callId, event: 'missed', from: '06 22 33 44 55', to: LINE, extension: '201' });
    await page.getByTestId('screen-pop').waitFor({ state: 'detached' });

    // Calling her back from her file: a warning and a reason first, nothing dialled yet.
    await page.getByTestId('contact-card').getByTestId('phone-link').click();
    const modal = page.getByTestId('pressure-dial-modal');
    expect(await see(modal.getByTestId('consent-dial-warning'))).toContain('Pas de prospection par téléphone');
    expect(await page.evaluate(() => (window as unknown as { __dialled: string[] }).__dialled)).toEqual([]);
    await page.getByTestId('pressure-dial-reason').fill('Rappel de son appel manqué');
    await page.getByTestId('pressure-dial-confirm').click();
    expect(await page.evaluate(() => (window as unknown as { __dialled: string[] }).__dialled)).toEqual(['tel:+33622334455']);
    await page.getByTestId('log-call-form').waitFor();
    expect(await see(page.getByTestId('log-call-consent'))).toBe('Pas de prospection par téléphone');
    await page.getByTestId('call-summary').fill('Rappel appel manqué');
    await page.getByTestId('call-summary').press('Control+Enter');
    expect(await see(page.getByTestId('call-saved-notification'))).toBe('Appel enregistré');
    const status = await api.get<{ overrides: { reason: string; ruleId: string }[] }>(`/api/pressure?entityId=${claire.id}`);
    expect(status.overrides).toEqual([expect.objectContaining({ reason: 'Rappel de son appel manqué', ruleId: 'consent:phone:marketing' })]);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('works on a phone: the card fits the screen, a touch opens the caller’s file, the call-back queue is usable', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url, viewport: { width: 390, height: 844 } });
    await page.goto('/login');
    await page.getByTestId('login-email').fill(ids.alice.email);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.locator('[data-testid="live-status"][data-state="connected"]').waitFor();

    const callId = nextCallId();
    await env.server.callEvent(ids.secret, { callId, event: 'ringing', from: '+33611223344', to: LINE, extension: '201' });
    const card = page.getByTestId('pop-card');
    expect(await see(card.getByTestId('pop-number'))).toBe('06 11 22 33 44');
    const box = await card.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    // The open request and lead wrap inside the card rather than widening it.
    for (const item of [card.getByTestId('pop-request').first(), card.getByTestId('pop-lead').first()]) {
      await see(item);
      const itemBox = await item.boundingBox();
      expect(itemBox && itemBox.x >= box!.x && itemBox.x + itemBox.width <= box!.x + box!.width).toBe(true);
    }
    await card.getByTestId('pop-match-name').click();
    expect(await see(page.getByTestId('record-title'))).toBe('Jean Dupont');
    await env.server.callEvent(ids.secret, { callId, event: 'missed', from: '+33611223344', to: LINE, extension: '201' });
    await page.getByTestId('screen-pop').waitFor({ state: 'detached' });

    // The missed call waits in the queue; taking it works by touch.
    await page.getByTestId('nav-burger').click();
    await page.getByTestId('nav-callbacks').click();
    const item = page.getByTestId('callback-item').filter({ hasText: 'Jean Dupont' }).filter({ hasText: 'Appel manqué' }).last();
    await item.getByTestId('callback-take').click();
    expect(await see(item.getByTestId('callback-assignee').filter({ hasText: 'Pris par vous' }))).toBe('Pris par vous');
    // The attempt form names whom to call back, not only the number.
    await item.getByTestId('callback-attempt').click();
    const attempt = page.getByRole('dialog').filter({ has: page.getByTestId('callback-attempt-form') });
    expect(await see(attempt.locator('.mantine-Modal-title'))).toBe('Rappel de Jean Dupont (06 11 22 33 44)');
    await page.keyboard.press('Escape');
    await attempt.waitFor({ state: 'detached' });

    expect(problems).toEqual([]);
    await context.close();
  });

  it('on a phone the overload switch is labelled, in the navigation, and asks before turning on', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url, viewport: { width: 375, height: 740 } });
    await page.goto('/login');
    await page.getByTestId('login-email').fill(ids.marc.email);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.locator('[data-testid="live-status"][data-state="connected"]').waitFor();

    // The header keeps room for the search; the switch, with its words, is in the navigation.
    expect(await page.locator('header').getByTestId('overload-switch').count()).toBe(0);
    expect((await page.getByTestId('global-search').boundingBox())!.width).toBeGreaterThan(100);
    await page.getByTestId('nav-burger').click();
    const navbar = page.locator('nav');
    expect(await see(navbar.getByText('Mode surcharge', { exact: true }))).toBe('Mode surcharge');
    // The navigation slides in: tap once the switch is on screen (its input is hidden, hence force).
    await page.waitForFunction(() => {
      const box = document.querySelector('nav [data-testid="overload-switch"]')?.getBoundingClientRect();
      return box !== undefined && box.left >= 0 && box.right <= window.innerWidth;
    });
    // One tap only asks; cancelling leaves it off.
    await navbar.getByTestId('overload-switch').click({ force: true });
    expect(await see(page.getByTestId('overload-confirm'))).toContain('Les appelants sous contrat sonnent toujours');
    await page.getByRole('dialog').getByRole('button', { name: 'Annuler' }).click();
    await page.getByTestId('overload-confirm').waitFor({ state: 'detached' });
    expect(await navbar.getByTestId('overload-switch').isChecked()).toBe(false);
    // Confirmed: on, and the header says so.
    await navbar.getByTestId('overload-switch').click({ force: true });
    await page.getByTestId('overload-submit').click();
    expect(await see(page.locator('header').getByTestId('overload-badge'))).toBe('Surcharge');
    // Off again at once.
    await navbar.getByTestId('overload-switch').click({ force: true });
    await page.getByTestId('overload-badge').waitFor({ state: 'detached' });
    expect(await page.getByTestId('overload-confirm').count()).toBe(0);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('lets the admin add a phone system (secret shown once, copyable), map an extension, then rename, re-key and disable it, in English', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url, locale: 'en-GB' });
    await signIn(page, env.server.url);
    await page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
    await page.getByTestId('nav-telephony').click();

    await page.getByTestId('integration-name').fill('Asterisk office');
    await page.getByTestId('integration-kind').selectOption('generic');
    await page.getByTestId('integration-submit').click();
    const secret = await see(page.getByTestId('integration-secret'));
    expect(secret).toMatch(/^rlt_[\w-]{20,}$/);
    expect(await see(page.getByTestId('integration-created'))).toContain('it is shown only once');
    await page.getByTestId('integration-row').filter({ hasText: 'Asterisk office' }).waitFor();

    await page.getByTestId('extension-number').fill('202');
    await page.getByTestId('extension-user').selectOption({ label: 'Marc Dupuis (marc@relais.test)' });
    await page.getByTestId('extension-submit').click();
    expect(await see(page.getByTestId('extension-row').filter({ hasText: '202' }))).toContain('Marc Dupuis');

    // Who is under contract: callers tagged "vip" too; kept after a reload.
    const rule = page.getByTestId('priority-rule-card');
    await rule.getByTestId('priority-tags').fill('vip');
    await rule.getByTestId('priority-tags').press('Enter');
    await rule.getByTestId('priority-save').click();
    await see(page.getByText('Contract rule saved'));
    await page.reload();
    const saved = await see(page.getByTestId('priority-rule-card').filter({ hasText: 'vip' }));
    expect(saved).toContain('contract');

    // The new secret works: a call to 202 pops up on Marc's screen.
    const manager = await openPage(env.browser, { baseURL: env.server.url, locale: 'en-GB' });
    await signIn(manager.page, env.server.url, ids.marc.email, PASSWORD);
    await manager.page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
    await env.server.callEvent(secret, { callId: nextCallId(), event: 'ringing', from: '+33611223344', to: LINE, extension: '202' });
    expect(await see(manager.page.getByTestId('pop-card').getByTestId('pop-match-name'))).toBe('Jean Dupont');
    expect(await see(manager.page.getByTestId('pop-contract'))).toBe('Under contract');

    // Later: renamed; given a new secret (the old one stops at once); disabled, then nothing gets in.
    const row = page.getByTestId('integration-row').filter({ hasText: 'Asterisk office' });
    await row.getByTestId('integration-edit').click();
    await page.getByTestId('integration-edit-name').fill('Asterisk head office');
    await page.getByTestId('integration-edit-submit').click();
    expect(await see(page.getByTestId('integration-saved'))).toContain('Asterisk head office');
    const renamed = page.locator('[data-testid="integration-row"][data-name="Asterisk head office"]');
    await renamed.getByTestId('integration-rotate').click();
    expect(await see(page.getByTestId('integration-rotate-confirm'))).toContain('stops working at once');
    await page.getByTestId('integration-rotate-submit').click();
    const rotated = await see(page.getByTestId('integration-secret').filter({ hasNotText: secret }));
    expect(rotated).toMatch(/^rlt_[\w-]{20,}$/);
    await expect(env.server.callEvent(secret, { callId: nextCallId(), event: 'ringing', from: '+33611223344', to: LINE, extension: '202' })).rejects.toThrow(/401/);
    expect((await env.server.callEvent(rotated, { callId: nextCallId(), event: 'ringing', from: '+33611223344', to: LINE, extension: '202' })).state).toBe('ringing');
    await renamed.getByTestId('integration-toggle').click();
    expect(await see(page.locator('[data-testid="integration-row"][data-disabled="true"]'))).toContain('Disabled');
    await expect(env.server.callEvent(rotated, { callId: nextCallId(), event: 'ringing', from: '+33611223344', to: LINE, extension: '202' })).rejects.toThrow(/401/);

    expect(problems).toEqual([]);
    expect(manager.problems).toEqual([]);
    await manager.context.close();
    await context.close();
  });

  // Last (with the next one): their answered calls would change the counts the call log and statistics tests above expect.
  it('while the agent fills in a new caller’s file, the pop keeps clear of its fields and the hang-up does not take the keyboard', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url, viewport: { width: 1366, height: 768 } });
    await signIn(page, env.server.url, ids.alice.email, PASSWORD);
    const callId = nextCallId();
    await env.server.callEvent(ids.secret, { callId, event: 'ringing', from: '06 98 76 00 11', to: LINE, extension: '201' });
    await page.getByTestId('pop-card').waitFor();
    await env.server.callEvent(ids.secret, { callId, event: 'answered', from: '06 98 76 00 11', to: LINE, extension: '201' });
    await page.keyboard.press('n');
    await page.getByTestId('person-form').waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'person-first-name');
    const overlaps = async (testId: string) => {
      const [pop, field] = [await page.getByTestId('screen-pop').boundingBox(), await page.getByTestId(testId).boundingBox()];
      return Boolean(pop && field && pop.x < field.x + field.width && field.x < pop.x + pop.width && pop.y < field.y + field.height && field.y < pop.y + pop.height);
    };
    expect(await overlaps('person-last-name')).toBe(false);
    expect(await overlaps('person-first-name')).toBe(false);
    await page.keyboard.type('Mar');

    // The caller hangs up mid-word: the outcome form opens beside the file, the typing goes on in the file.
    await env.server.callEvent(ids.secret, { callId, event: 'ended', from: '06 98 76 00 11', to: LINE, extension: '201' });
    await page.getByTestId('after-call-form').waitFor();
    expect(await page.locator('[data-testid="after-call-panel"]').getAttribute('data-beside')).toBe('true');
    await page.keyboard.type('tine');
    expect(await page.getByTestId('person-first-name').inputValue()).toBe('Martine');
    await page.getByTestId('person-last-name').fill('Lefort');
    await page.getByTestId('person-save').click();
    expect(await see(page.getByTestId('record-title'))).toBe('Martine Lefort');
    // The outcome form waited for her: filled and saved now.
    await page.getByTestId('after-call-outcome').selectOption('info_given');
    await page.getByTestId('after-call-submit').click();
    expect(await see(page.getByTestId('after-call-saved'))).toBe('Issue de l’appel enregistrée');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('a wrap-up saved meanwhile by a colleague: the conflict shows what was saved and keeps what was typed, then saving adds it', async () => {
    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url });
    // The stale save, refused on purpose.
    expectFailure(/^\/api\/calls\/[^/]+\/wrap-up$/, 409);
    await signIn(page, env.server.url, ids.alice.email, PASSWORD);
    const callId = nextCallId();
    const from = '06 98 76 00 22';
    await env.server.callEvent(ids.secret, { callId, event: 'ringing', from, to: LINE, extension: '201' });
    await page.getByTestId('pop-card').waitFor();
    await env.server.callEvent(ids.secret, { callId, event: 'answered', from, to: LINE, extension: '201' });
    await env.server.callEvent(ids.secret, { callId, event: 'ended', from, to: LINE, extension: '201' });
    await page.getByTestId('after-call-form').waitFor();
    await page.getByTestId('after-call-outcome').selectOption('info_given');
    await page.getByTestId('after-call-note').fill('Rappellera demain matin.');

    // Meanwhile Marc, who listened in, writes on the call's timeline entry.
    const marc = await apiSession(env.server.url, ids.marc.email, PASSWORD);
    const calls = await marc.get<{ items: { callId: string; interactionId: string | null }[] }>(`/api/calls?number=${encodeURIComponent('+33698760022')}`);
    const interactionId = calls.items.find((c) => c.callId === callId)?.interactionId;
    expect(interactionId).toBeTruthy();
    await marc.patch(`/api/interactions/${interactionId}`, { summary: 'Devis palettes envoyé', body: 'Envoyé par Marc <b>pendant</b> l’appel.' });
    await marc.close();

    await page.getByTestId('after-call-submit').click();
    await page.getByTestId('conflict-reload').click();
    const meanwhile = page.getByTestId('after-call-saved-meanwhile');
    expect(await see(meanwhile)).toContain('Enregistré entre-temps sur cet appel');
    expect(await see(meanwhile.getByTestId('after-call-saved-summary'))).toBe('Devis palettes envoyé');
    // Shown as text, never as markup.
    expect(await see(meanwhile.getByTestId('after-call-saved-note'))).toBe('Envoyé par Marc <b>pendant</b> l’appel.');
    expect(await page.getByTestId('after-call-note').inputValue()).toBe('Rappellera demain matin.');
    expect(await page.getByTestId('after-call-outcome').inputValue()).toBe('info_given');

    // Saved again: Alice's note and outcome over Marc's, his summary kept (she typed none).
    await page.getByTestId('after-call-submit').click();
    expect(await see(page.getByTestId('after-call-saved'))).toBe('Issue de l’appel enregistrée');
    const saved = await (await apiAs(page)).get<{ summary: string | null; body: string | null; outcome: string | null }>(`/api/interactions/${interactionId}`);
    expect(saved).toMatchObject({ summary: 'Devis palettes envoyé', body: 'Rappellera demain matin.', outcome: 'info_given' });

    expect(problems).toEqual([]);
    await context.close();
  });

  it('a call put off is found in the call log among the calls to log, logged from there, and then leaves both lists', async () => {
    const admin = await apiSession(env.server.url);
    await admin.post('/api/people', { firstName: 'Colette', lastName: 'Morel', phones: [{ number: '06 33 44 55 66' }] });
    await admin.close();
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url, ids.alice.email, PASSWORD);
    const callId = nextCallId();
    for (const event of ['ringing', 'answered', 'ended'] as const) await env.server.callEvent(ids.secret, { callId, event, from: '06 33 44 55 66', to: '0140000000', extension: '201' });
    await page.getByTestId('after-call-form').waitFor();
    await page.getByTestId('after-call-later').click();
    // The icon says what it counts to a mouse too.
    await page.getByTestId('calls-to-log').hover();
    expect(await see(page.getByRole('tooltip'))).toMatch(/^\d+ appels? à noter$/);
    await page.getByTestId('calls-to-log').click();
    await page.getByTestId('call-to-log').filter({ hasText: 'Noter : Colette Morel' }).waitFor();
    // The menu's way to them all: the call log, filtered on my calls to log.
    await page.getByTestId('calls-to-log-all').click();
    await page.waitForFunction((me) => {
      const query = new URL(location.href).searchParams;
      return location.pathname === '/calls' && query.get('toLog') === 'true' && query.get('agentId') === me;
    }, ids.alice.id);
    expect(await page.getByTestId('calls-filter-to-log').isChecked()).toBe(true);

    const row = page.getByTestId('call-row').filter({ hasText: 'Colette Morel' });
    await row.getByTestId('call-log-it').click();
    await page.getByTestId('after-call-form').waitFor();
    await page.getByTestId('after-call-outcome').selectOption('info_given');
    await page.getByTestId('after-call-summary').press('Control+Enter');
    expect(await see(page.getByTestId('after-call-saved'))).toBe('Issue de l’appel enregistrée');
    await row.waitFor({ state: 'detached' });
    const api = await apiAs(page);
    const mine = await api.get<{ items: { callId: string }[] }>('/api/calls?toLog=true&agentId=me');
    expect(mine.items.map((c) => c.callId)).not.toContain(callId);

    // A colleague's call not logged yet shows as such, without the button.
    const another = nextCallId();
    for (const event of ['ringing', 'answered', 'ended'] as const) await env.server.callEvent(ids.secret, { callId: another, event, from: '06 33 44 55 67', to: '0140000000', extension: '201' });
    await page.getByTestId('after-call-form').waitFor();
    const marc = await browserAs(ids.marc.email);
    await marc.page.getByTestId('nav-calls').click();
    // Controlled by the address: the box is ticked once the URL says so.
    await marc.page.getByTestId('calls-filter-to-log').click();
    await marc.page.waitForFunction(() => new URL(location.href).searchParams.get('toLog') === 'true');
    await marc.page.getByTestId('calls-filter-number').fill('06 33 44 55 67');
    await marc.page.waitForFunction(() => new URL(location.href).searchParams.get('number') === '06 33 44 55 67');
    const unlogged = marc.page.getByTestId('call-row');
    expect(await see(unlogged.getByTestId('call-to-log-badge'))).toBe('À noter');
    expect(await unlogged.getByTestId('call-log-it').count()).toBe(0);
    await marc.context.close();

    // Marc logs it for her: her open form closes, live.
    const marcApi = await apiSession(env.server.url, ids.marc.email, PASSWORD);
    const { items } = await marcApi.get<{ items: { id: string; callId: string; interactionId: string }[] }>('/api/calls?number=0633445567');
    const taken = items.find((c) => c.callId === another)!;
    const { version } = await marcApi.get<{ version: number }>(`/api/interactions/${taken.interactionId}`);
    await marcApi.post(`/api/calls/${taken.id}/wrap-up`, { version, outcome: 'info_given', summary: 'Noté par Marc' });
    await marcApi.close();
    await page.getByTestId('after-call-form').waitFor({ state: 'detached' });

    expect(problems).toEqual([]);
    await context.close();
  });

  it('"Clore" on a waiting call-back asks why before dropping the caller; a closed one says when, and can be reopened', async () => {
    const callId = nextCallId();
    await env.server.callEvent(ids.secret, { callId, event: 'ringing', from: '06 99 88 77 61', to: LINE });
    await env.server.callEvent(ids.secret, { callId, event: 'missed', from: '06 99 88 77 61', to: LINE });
    const { page, problems, context } = await browserAs('alice@relais.test');
    await page.goto('/callbacks');
    const item = page.getByTestId('callback-item').filter({ hasText: '06 99 88 77 61' });
    await item.getByTestId('callback-close').click();
    // Asked first: "Retour" leaves it waiting.
    expect(await see(page.getByRole('dialog'))).toContain('cet appelant ne sera plus rappelé depuis la file');
    await page.getByRole('dialog').getByRole('button', { name: 'Retour' }).click();
    await page.getByTestId('callback-close-form').waitFor({ state: 'detached' });
    expect(await item.getByTestId('callback-close').isVisible()).toBe(true);

    // Closed as not needed, with a note: under "Annulés", saying so, and when.
    await item.getByTestId('callback-close').click();
    expect(await page.getByTestId('callback-close-submit').isDisabled()).toBe(true);
    await page.locator('label', { hasText: 'Plus nécessaire' }).click();
    await page.getByTestId('callback-close-note').fill('Démarchage pour une mutuelle.');
    await page.getByTestId('callback-close-submit').click();
    expect(await see(page.getByTestId('callback-saved'))).toBe('Rappel annulé');
    await item.waitFor({ state: 'detached' });
    await page.getByTestId('callbacks-status').getByText('Annulés').click();
    const closed = page.getByTestId('callback-item').filter({ hasText: '06 99 88 77 61' });
    expect(await see(closed.getByTestId('callback-status'))).toBe('Annulé');
    expect(await see(closed)).toMatch(/clos le \d/);
    expect(await see(closed.getByTestId('callback-outcome'))).toBe('Démarchage pour une mutuelle.');

    // A mistake: reopened, it waits again.
    await closed.getByTestId('callback-reopen').click();
    expect(await see(page.getByTestId('callback-saved').filter({ hasText: 'remis' }))).toBe('Rappel remis en attente');
    await closed.waitFor({ state: 'detached' });
    await page.getByTestId('callbacks-status').getByText('En attente').click();
    await see(page.getByTestId('callback-item').filter({ hasText: '06 99 88 77 61' }).getByTestId('callback-close'));

    expect(problems).toEqual([]);
    await context.close();
  });

  /** Another user's own browser, signed in. */
  async function browserAs(email: string) {
    const opened = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(opened.page, env.server.url, email, PASSWORD);
    return opened;
  }
});
