import { describe, expect, it } from 'vitest';
import { openPage } from './browser.js';
import { useServerAndBrowser } from './serverAndBrowser.js';
import { apiAs, signIn } from './session.js';
import { see } from './see.js';

/** Run in the page: the addresses the app followed (tel:, mailto:), recorded by e2e/browser.ts. */
const followed = () => (window as unknown as { __dialled: string[] }).__dialled;

/** What an acceptance review of the web app found: e-mail consent, voicemail, converting leads, the search on a phone. */
describe('web review: e-mail consent, voicemail, lead conversion, search on a phone', () => {
  const env = useServerAndBrowser();

  it('the e-mail link warns when the person refused marketing e-mails, and opens the mail program at once otherwise', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    await page.getByTestId('language-switch').getByText('FR', { exact: true }).click();
    const api = await apiAs(page);
    const refusing = await api.post<{ id: string }>('/api/people', { firstName: 'Agathe', lastName: 'Refus', emails: [{ address: 'agathe.refus@example.fr' }] });
    await api.put(`/api/people/${refusing.id}/consents`, [{ channel: 'email', purpose: 'marketing', status: 'refused', source: 'salon 2026' }]);
    await api.post('/api/people', { firstName: 'Bruno', lastName: 'Libre', emails: [{ address: 'bruno.libre@example.fr' }] });

    await page.goto(`/people/${refusing.id}`);
    await page.getByTestId('contact-card').getByTestId('email-link').click();
    const modal = page.getByRole('dialog');
    expect(await see(modal.getByTestId('consent-dial-warning'))).toContain('Pas de prospection par e-mail');
    expect(await see(modal)).toContain('Écrire à agathe.refus@example.fr ?');
    expect(await page.evaluate(followed)).toEqual([]);
    // Going ahead anyway opens the mail program.
    await modal.getByTestId('pressure-dial-confirm').click();
    expect(await page.evaluate(followed)).toEqual(['mailto:agathe.refus@example.fr']);
    await expect.poll(() => modal.count()).toBe(0);

    // From the list too; a click in the dialog stays there (the row beneath does not open).
    await page.goto('/people?q=Refus');
    await page.getByTestId('list-row').getByTestId('email-link').click();
    await modal.getByTestId('consent-dial-warning').click();
    expect(new URL(page.url()).pathname).toBe('/people');
    await page.keyboard.press('Escape');
    await expect.poll(() => modal.count()).toBe(0);
    expect(await page.evaluate(followed)).toEqual([]);

    // No restriction: straight to the mail program, no dialog.
    await page.goto('/people?q=Libre');
    await page.getByTestId('list-row').getByTestId('email-link').click();
    await expect.poll(() => page.evaluate(followed)).toEqual(['mailto:bruno.libre@example.fr']);
    expect(await page.getByTestId('email-link').getAttribute('href')).toBe('mailto:bruno.libre@example.fr');
    expect(await modal.count()).toBe(0);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('a refusal of any call, even for service, warns before dialling and asks a reason', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    await page.getByTestId('language-switch').getByText('FR', { exact: true }).click();
    const api = await apiAs(page);
    const person = await api.post<{ id: string }>('/api/people', { firstName: 'Odile', lastName: 'Sans-Appel', phones: [{ number: '06 44 55 66 77' }] });
    await api.put(`/api/people/${person.id}/consents`, [{ channel: 'phone', purpose: 'service', status: 'refused', source: 'courrier recommandé' }]);

    await page.goto(`/people/${person.id}`);
    await page.getByTestId('contact-card').getByTestId('phone-link').first().click();
    const modal = page.getByRole('dialog');
    expect(await see(modal.getByTestId('consent-dial-warning'))).toContain('Aucun appel, même de service');
    expect(await see(modal)).toContain('même pour le service');
    expect(await page.evaluate(followed)).toEqual([]);
    // Calling anyway needs a reason.
    expect(await modal.getByTestId('pressure-dial-confirm').getAttribute('href')).toBeNull();
    await modal.getByTestId('pressure-dial-reason').fill('Colis perdu, il faut la joindre');
    await modal.getByTestId('pressure-dial-confirm').click();
    expect(await page.evaluate(followed)).toEqual(['tel:+33644556677']);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('the message a caller left on voicemail can be heard from the call-back queue and the call log, only when it is a web address', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    await page.getByTestId('language-switch').getByText('FR', { exact: true }).click();
    const api = await apiAs(page);
    const { secret } = await api.post<{ secret: string }>('/api/telephony/integrations', { name: 'Standard messagerie', kind: 'generic' });
    const line = '01 40 00 00 01';
    const recording = 'https://recordings.example.com/messages/msg-1.mp3';
    const left = await env.server.callEvent(secret, { callId: 'vm-1', event: 'ringing', from: '07 11 22 33 44', to: line });
    await env.server.callEvent(secret, { callId: 'vm-1', event: 'voicemail', from: '07 11 22 33 44', to: line, recordingUrl: recording });
    // A phone system reporting a script instead of a recording is refused (and would never be a link).
    const hostile = await env.server.callEvent(secret, { callId: 'vm-2', event: 'ringing', from: '07 55 66 77 88', to: line });
    await expect(env.server.callEvent(secret, { callId: 'vm-2', event: 'voicemail', from: '07 55 66 77 88', to: line, recordingUrl: 'javascript:alert(1)' })).rejects.toThrow(/400.*recordingUrl/);

    await page.goto('/callbacks');
    const item = page.locator(`[data-testid="callback-item"]:has([data-testid="callback-number"]:has-text("07 11 22 33 44"))`);
    const listen = item.getByTestId('voicemail-link');
    expect(await see(listen)).toBe('Écouter le message');
    expect(await listen.getAttribute('href')).toBe(recording);
    expect(await listen.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await listen.getAttribute('target')).toBe('_blank');

    await page.goto('/calls');
    const row = page.locator(`[data-testid="call-row"][data-call-id="${left.callId}"]`);
    expect(await row.getByTestId('voicemail-link').getAttribute('href')).toBe(recording);
    await page.locator(`[data-testid="call-row"][data-call-id="${hostile.callId}"]`).waitFor();
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await page.getByTestId('voicemail-link').count()).toBe(1);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('converting a lead asks first, naming it; cancelling leaves it to treat', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    await page.getByTestId('language-switch').getByText('FR', { exact: true }).click();
    const api = await apiAs(page);
    const me = await api.get<{ user: { id: string } }>('/api/auth/me');
    const person = await api.post<{ id: string }>('/api/people', { firstName: 'Hélène', lastName: 'Prospect' });
    const created = await api.post<{ id: string }>('/api/leads', { source: 'call', personId: person.id, interest: 'Contrat annuel 12 palettes', suggestedOwnerId: me.user.id });

    await page.goto('/leads/mine');
    const lead = page.getByTestId('my-leads').getByTestId('lead-item').filter({ hasText: 'Contrat annuel 12 palettes' });
    await lead.getByTestId('lead-convert').click();
    const question = page.getByTestId('lead-convert-confirm');
    expect(await see(page.getByRole('dialog'))).toContain('Transformer « Contrat annuel 12 palettes » ?');
    expect(await see(question)).toContain('Hélène Prospect');
    expect(await see(question)).toContain('Cela ne peut pas être annulé.');
    // Enter on the dialog as it appears cancels (the focus is on Cancel): nothing converted.
    await page.keyboard.press('Enter');
    await question.waitFor({ state: 'detached' });
    expect((await api.get<{ status: string }>(`/api/leads/${created.id}`)).status).toBe('new');

    await lead.getByTestId('lead-convert').click();
    await page.getByTestId('lead-convert-submit').click();
    expect(await see(page.getByTestId('lead-decided'))).toBe('Piste transformée.');
    await expect.poll(async () => (await api.get<{ status: string }>(`/api/leads/${created.id}`)).status).toBe('converted');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('on a phone, the header search is wide enough to read what is typed, and finds and opens a record', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url, viewport: { width: 390, height: 844 } });
    await signIn(page, env.server.url);
    await page.getByTestId('language-switch').getByText('FR', { exact: true }).click();
    const person = await (await apiAs(page)).post<{ id: string }>('/api/people', { firstName: 'Séverine', lastName: 'Téléphonique' });

    const search = page.getByTestId('global-search');
    const box = await search.boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(150);
    // A tap in its middle lands in the field (not on a shortcut hint).
    await page.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2);
    await expect.poll(() => search.evaluate((input) => input === document.activeElement)).toBe(true);
    await page.keyboard.type('Téléphonique');
    // What is typed reads whole in the box.
    expect(await search.evaluate((input) => input.scrollWidth <= input.clientWidth)).toBe(true);
    const hit = page.getByTestId('search-result').filter({ hasText: 'Séverine Téléphonique' });
    await hit.click();
    await page.waitForURL(`**/people/${person.id}`);
    expect(await see(page.getByTestId('record-title'))).toBe('Séverine Téléphonique');

    // The desktop keeps its wide box and the "/" hint.
    await page.setViewportSize({ width: 1280, height: 900 });
    // Both follow a media query the page hears at its next frame.
    await expect.poll(async () => (await search.boundingBox())!.width).toBeGreaterThanOrEqual(400);
    expect(await see(page.getByTestId('global-search-hint'))).toBe('/');

    expect(problems).toEqual([]);
    await context.close();
  });
});
