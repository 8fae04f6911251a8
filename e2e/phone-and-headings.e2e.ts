import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from './browser.js';
import { useServerAndBrowser } from './serverAndBrowser.js';
import { apiSession, signIn } from './session.js';
import { see } from './see.js';

const PASSWORD = 'Standard-Telephone-Agent-2026!';
const LINE = '01 40 00 00 00';

/** Run in the page: how far the document scrolls sideways (0 when it fits the screen). */
const sidewaysScroll = () => document.documentElement.scrollWidth - document.documentElement.clientWidth;

/** On a phone: the page shows none of `tables` (every table by default) and does not scroll sideways. */
async function expectFitsPhone(page: Page, tables = page.locator('table')) {
  expect(await tables.count()).toBe(0);
  expect(await page.evaluate(sidewaysScroll)).toBe(0);
}

/** The texts of the page's h1 elements, once the expected one is shown. */
async function headingsOne(page: Page, expected: string): Promise<string[]> {
  await see(page.locator('h1', { hasText: expected }));
  return page.locator('h1').evaluateAll((all) => all.map((h) => (h.textContent ?? '').trim()));
}

interface Ids {
  people: { id: string; lastName: string }[];
  request: { id: string; subject: string };
  lead: { id: string; interest: string };
  agent: { id: string; email: string };
}

/** An id no record has: its page cannot load. */
const MISSING_ID = '01900000-0000-7000-8000-000000000000';

/** What the review of the web app found: lists on a phone, one h1 per page, charts read out in the user's language. */
describe('phone lists, page headings, chart descriptions', () => {
  const env = useServerAndBrowser();
  const ids = {} as Ids;

  beforeAll(async () => {
    const api = await apiSession(env.server.url);
    // 51 people: one more than a page of the list. Long names and addresses, as on a real phone screen.
    const org = await api.post<{ id: string }>('/api/organisations', { name: 'Transports Frigorifiques du Grand Ouest Atlantique' });
    ids.people = [];
    for (let i = 1; i <= 51; i++) {
      const lastName = `Carte-${String(i).padStart(2, '0')}`;
      const person = await api.post<{ id: string }>('/api/people', {
        firstName: 'Marie-Christine',
        lastName,
        tags: ['carte-mobile'],
        phones: [{ number: `06 12 34 56 ${String(i).padStart(2, '0')}` }],
        emails: [{ address: `marie-christine.carte-${i}@transports-frigorifiques-grand-ouest.fr` }],
        addresses: [{ city: i % 2 ? 'Saint-Herblain-sur-Loire' : 'Angers' }],
        organisationIds: [org.id],
      });
      ids.people.push({ id: person.id, lastName });
    }
    await api.post('/api/views', { entityType: 'person', name: 'Angevins', definition: { filters: { tag: 'carte-mobile', city: 'Angers' }, sort: '-lastName' } });

    // A request and a lead, each with its own page.
    const team = await api.post<{ id: string }>('/api/teams', { name: 'Assistance' });
    const type = await api.post<{ id: string }>('/api/request-types', {
      key: 'support',
      labelEn: 'Support',
      labelFr: 'Assistance',
      teamId: team.id,
      definition: { statuses: [{ key: 'received', labelEn: 'Received', labelFr: 'Reçue' }, { key: 'solved', labelEn: 'Solved', labelFr: 'Résolue', terminal: true }] },
    });
    const subject = 'Palette abîmée à la livraison';
    ids.request = { ...(await api.post<{ id: string }>('/api/requests', { typeId: type.id, subject, personId: ids.people[0].id })), subject };
    const me = await api.get<{ user: { id: string } }>('/api/auth/me');
    const interest = 'Contrat annuel 40 palettes';
    ids.lead = { ...(await api.post<{ id: string }>('/api/leads', { source: 'call', personId: ids.people[0].id, interest, suggestedOwnerId: me.user.id })), interest };

    // Two calls today: one answered by an agent, one missed.
    const secret = (await api.post<{ secret: string }>('/api/telephony/integrations', { name: 'Standard', kind: 'generic' })).secret;
    ids.agent = await api.post('/api/users', { email: 'agent@relais.test', password: PASSWORD, name: 'Alice Martin', role: 'frontdesk', locale: 'fr' });
    await api.put('/api/telephony/extensions', { extension: '201', userId: ids.agent.id });
    await api.post('/api/tokens', { name: 'Export comptable mobile', scopes: ['read'] });
    await api.post('/api/custom-fields', { entityType: 'organisation', key: 'goods_mobile', type: 'choice', labelEn: 'Goods', labelFr: 'Marchandises', choices: ['Frais', 'Surgelé'] });
    await api.close();
    await env.server.callEvent(secret, { callId: 'phone-headings-1', event: 'ringing', from: '06 98 76 54 32', to: LINE, extension: '201' });
    await env.server.callEvent(secret, { callId: 'phone-headings-1', event: 'answered', from: '06 98 76 54 32', to: LINE, extension: '201' });
    await env.server.callEvent(secret, { callId: 'phone-headings-1', event: 'ended', from: '06 98 76 54 32', to: LINE, extension: '201' });
    await env.server.callEvent(secret, { callId: 'phone-headings-2', event: 'ringing', from: '07 55 44 33 22', to: LINE });
    await env.server.callEvent(secret, { callId: 'phone-headings-2', event: 'missed', from: '07 55 44 33 22', to: LINE });
  });

  it('on a phone the people list is cards that fit the screen: name linked, chosen columns as lines; sort, “see more” and saved views work', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url, viewport: { width: 390, height: 844 } });
    await signIn(page, env.server.url);
    await page.goto('/people?tag=carte-mobile');
    const cards = page.getByTestId('people-cards').getByTestId('list-row');
    await expect.poll(() => cards.count()).toBe(50);
    // No table at all, and nothing scrolls sideways.
    expect(await page.getByTestId('people-table').count()).toBe(0);
    await expectFitsPhone(page);

    // A card: the name as a link to the record, then the chosen columns as label and value.
    const first = cards.first();
    expect(await see(first.getByTestId('card-title'))).toBe('Marie-Christine Carte-01');
    expect(await first.getByTestId('card-title').getByRole('link').getAttribute('href')).toBe(`/people/${ids.people[0].id}`);
    expect(await first.locator('dt').allTextContents()).toEqual(['Téléphone', 'E-mail', 'Organisations', 'Ville', 'Étiquettes']);
    expect(await see(first.locator('dd[data-column="city"]'))).toBe('Saint-Herblain-sur-Loire');
    expect(await see(first.locator('dd[data-column="email"]'))).toBe('marie-christine.carte-1@transports-frigorifiques-grand-ouest.fr');
    // Every card is within the screen's width.
    const boxes = await cards.evaluateAll((all) => all.map((card) => card.getBoundingClientRect()).map((box) => [box.left, box.right]));
    for (const [left, right] of boxes) {
      expect(left).toBeGreaterThanOrEqual(0);
      expect(right).toBeLessThanOrEqual(390);
    }

    // The columns chosen are the card's lines; one with nothing to show for a record (no owner) takes no line.
    await page.getByTestId('column-chooser').click();
    // Two quick ticks both count, though 50 cards take a while to render the first.
    await page.getByTestId('column-option-createdAt').click();
    await page.getByTestId('column-option-owner').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('cols')).toBe('name,phone,email,organisations,city,tags,owner,createdAt');
    await page.getByTestId('column-option-email').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('cols')).toBe('name,phone,organisations,city,tags,owner,createdAt');
    await page.keyboard.press('Escape');
    await expect.poll(() => first.locator('dt').allTextContents()).toEqual(['Téléphone', 'Organisations', 'Ville', 'Étiquettes', 'Créée le']);

    // "See more" adds the 51st.
    await page.getByTestId('people-cards').getByRole('button', { name: 'Voir plus' }).click();
    await expect.poll(() => cards.count()).toBe(51);
    expect(await see(page.getByText('51 affichées'))).toBe('51 affichées');
    expect(await page.evaluate(sidewaysScroll)).toBe(0);

    // Sorting without column headers: by name, descending.
    expect(await page.getByTestId('sort-by').inputValue()).toBe('lastName');
    await page.getByTestId('sort-order').selectOption({ label: 'Décroissant' });
    await page.waitForURL((url) => url.searchParams.get('sort') === '-lastName');
    await expect.poll(() => first.getByTestId('card-title').textContent()).toBe('Marie-Christine Carte-51');
    await page.getByTestId('sort-by').selectOption({ label: 'Ville' });
    await page.waitForURL((url) => url.searchParams.get('sort') === '-city');
    await expect.poll(() => first.locator('dd[data-column="city"]').textContent()).toBe('Saint-Herblain-sur-Loire');
    await page.getByTestId('sort-order').selectOption({ label: 'Croissant' });
    await page.waitForURL((url) => url.searchParams.get('sort') === 'city');
    await expect.poll(() => first.locator('dd[data-column="city"]').textContent()).toBe('Angers');

    // A saved view: its filters and sort apply to the cards.
    await page.getByTestId('saved-views').click();
    await page.getByRole('option', { name: 'Angevins' }).click();
    await page.waitForURL((url) => url.searchParams.get('city') === 'Angers' && url.searchParams.get('sort') === '-lastName');
    await expect.poll(() => cards.count()).toBe(25);
    expect(await see(page.getByTestId('list-total'))).toBe('25 personnes');
    expect(await see(first.getByTestId('card-title'))).toBe('Marie-Christine Carte-50');
    expect(await page.getByTestId('sort-by').inputValue()).toBe('lastName');
    expect(await page.getByTestId('sort-order').inputValue()).toBe('desc');
    expect(await page.evaluate(sidewaysScroll)).toBe(0);

    // The card's link opens the record, whose name is the page's one h1.
    await first.getByRole('link', { name: 'Marie-Christine Carte-50' }).click();
    await page.waitForURL(`**/people/${ids.people[49].id}`);
    expect(await headingsOne(page, 'Marie-Christine Carte-50')).toEqual(['Marie-Christine Carte-50']);
    expect(await page.evaluate(sidewaysScroll)).toBe(0);

    // Wider than a phone, the list is the table again.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goBack();
    await see(page.getByTestId('people-table'));
    expect(await page.getByTestId('people-cards').count()).toBe(0);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('the organisations list, the call log, API tokens, the catalogue, telephony integrations, call statistics and the lead report are cards on a phone too', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url, viewport: { width: 390, height: 844 } });
    await signIn(page, env.server.url);
    await page.goto('/organisations');
    const org = page.getByTestId('organisations-cards').getByTestId('list-row').filter({ hasText: 'Transports Frigorifiques du Grand Ouest Atlantique' });
    expect(await see(org.locator('dd[data-column="members"]'))).toBe('51');
    await expectFitsPhone(page);

    await page.goto('/calls');
    const calls = page.getByTestId('calls-cards').getByTestId('call-row');
    await expect.poll(() => calls.count()).toBe(2);
    const answered = page.locator('[data-testid="call-row"][data-call-id]').filter({ hasText: '06 98 76 54 32' });
    expect(await see(answered.locator('dd[data-column="agent"]'))).toBe('Alice Martin');
    expect(await see(answered.locator('dd[data-column="state"]'))).toContain('Répondu');
    await expectFitsPhone(page, page.getByTestId('calls-table'));

    // The token's columns as lines, its revoke button below them; nothing scrolls sideways, not even inside a box.
    await page.goto('/settings/tokens');
    const token = page.locator('[data-testid="token-row"][data-name="Export comptable mobile"][data-status="active"]');
    expect(await see(token.locator('dd[data-column="scopes"]'))).toBe('Lecture');
    expect(await see(token.locator('dd[data-column="status"]'))).toBe('Actif');
    expect(await see(token.locator('dd[data-column="lastUsed"] [data-testid="token-last-used"][data-used="false"]'))).toBe('pas encore');
    expect(await see(token.getByTestId('token-revoke'))).toBe('Révoquer');
    await expectFitsPhone(page);

    // Telephony integrations: the kind and date as lines, the three buttons below.
    await page.goto('/settings/telephony');
    const integration = page.locator('[data-testid="integration-row"][data-name="Standard"][data-disabled="false"]');
    expect(await see(integration.locator('dd[data-column="kind"]'))).toBe('Générique (webhook JSON)');
    expect(await see(integration.getByTestId('integration-toggle'))).toBe('Désactiver');
    expect(await see(integration.getByTestId('integration-rotate'))).toBe('Nouveau secret');
    await expectFitsPhone(page, page.locator('table[data-testid="integrations-table"]'));

    // The catalogue: a relationship type and a custom field each a card titled by its label.
    await page.goto('/settings/catalogue');
    const client = page.locator('[data-testid="relationship-type-row"][data-key="client"]');
    expect(await see(client.locator('dd[data-column="key"]'))).toBe('client');
    expect(await see(client.getByTestId('relationship-type-rename'))).toBe('Renommer');
    const goods = page.locator('[data-testid="custom-field-row"][data-key="goods_mobile"]');
    expect(await see(goods.getByTestId('card-title'))).toBe('Marchandises');
    expect(await see(goods.locator('dd[data-column="choices"]'))).toBe('FraisSurgelé');
    await expectFitsPhone(page);

    // Call statistics: a card per agent and per line under the charts.
    await page.goto('/reports/calls');
    const alice = page.getByTestId('stats-per-agent').getByTestId('stats-row').filter({ hasText: 'Alice Martin' });
    expect(await see(alice.locator('dd[data-column="calls"]'))).toBe('1');
    expect(await see(alice.locator('dd[data-column="answerRate"]'))).toMatch(/^100\s%$/);
    await expectFitsPhone(page);

    // The lead report: a card per owner, the figures as lines, the rate written the French way.
    await page.goto('/leads/oversight');
    const owner = page.getByTestId('lead-report-table').getByTestId('lead-report-row').first();
    expect(await see(owner.locator('dd[data-column="leads"]'))).toBe('1');
    expect(await see(owner.locator('dd[data-column="pending"]'))).toBe('1');
    expect(await see(owner.locator('dd[data-column="rate"]'))).toMatch(/^0\s%$/);
    await expectFitsPhone(page);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('on a phone, numbers to call and a timeline entry’s actions are tall enough to tap (WCAG 2.5.8: 24 px at least), and no key hints are shown', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url, viewport: { width: 390, height: 844 } });
    await signIn(page, env.server.url);
    const api = await apiSession(env.server.url);
    const person = ids.people[0];
    await api.post('/api/interactions', { channel: 'call', direction: 'in', personId: person.id, summary: 'Appel pour une tournée' });
    await api.close();
    await page.goto(`/people/${person.id}`);
    const entry = page.getByTestId('timeline-item').filter({ hasText: 'Appel pour une tournée' });
    const heights = async () =>
      Promise.all([page.getByTestId('contact-card').getByTestId('phone-link').first(), entry.getByTestId('edit-entry'), entry.getByTestId('attach-file')].map(async (target) => {
        await target.waitFor();
        return (await target.boundingBox())!.height;
      }));
    for (const height of await heights()) expect(height).toBeGreaterThanOrEqual(24);
    // No keyboard on a phone: the buttons show no key to press.
    for (const button of ['open-log-call', 'add-entry-open']) {
      await page.getByTestId(button).waitFor();
      expect(await page.getByTestId(button).locator('kbd').isVisible(), button).toBe(false);
    }
    // An organisation's members card: each member's number.
    await page.getByTestId('contact-card').waitFor();
    const orgLink = page.locator('a[href^="/organisations/"]').first();
    await orgLink.click();
    const memberNumber = page.getByTestId('phone-link').first();
    await memberNumber.waitFor();
    expect((await memberNumber.boundingBox())!.height).toBeGreaterThanOrEqual(24);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('each page has exactly one h1, its title; the record’s one still takes the focus after a search', async () => {
    const { page, problems, context, expectFailure } = await openPage(env.browser, { baseURL: env.server.url });
    expectFailure(`/api/people/${MISSING_ID}`, 404);
    await page.goto('/login');
    expect(await headingsOne(page, 'Connexion à Relais')).toEqual(['Connexion à Relais']);
    await signIn(page, env.server.url);

    const pages: [string, string][] = [
      ['/tasks', 'Mes tâches'],
      ['/people', 'Personnes'],
      ['/organisations', 'Organisations'],
      ['/people/new', 'Nouvelle personne'],
      [`/people/${ids.people[1].id}`, 'Marie-Christine Carte-02'],
      [`/people/${ids.people[1].id}/edit`, 'Modifier Marie-Christine Carte-02'],
      [`/requests/${ids.request.id}`, ids.request.subject],
      ['/requests/queue', 'File de l’équipe'],
      [`/leads/${ids.lead.id}`, ids.lead.interest],
      ['/leads/mine', 'Mes pistes'],
      ['/calls', 'Journal d’appels'],
      ['/reports/calls', 'Statistiques d’appels'],
      ['/settings/users', 'Utilisateurs'],
      ['/settings/telephony', 'Réglages de la téléphonie'],
      ['/settings/tokens', 'Jetons d’API'],
      ['/nowhere', 'Page introuvable'],
      // A record that cannot be shown still has its h1, saying so; the alert says why.
      [`/people/${MISSING_ID}`, 'Fiche indisponible'],
    ];
    for (const [path, title] of pages) {
      await page.goto(path);
      expect(await headingsOne(page, title), path).toEqual([title]);
      // The outline skips no level: sections under the title are h2, not h4 (WCAG 1.3.1).
      const levels = await page.locator('h1, h2, h3, h4, h5, h6').evaluateAll((all) => all.map((h) => Number(h.tagName[1])));
      expect(levels.filter((level, i) => i > 0 && level > levels[i - 1] + 1), `${path}: ${levels.join(' ')}`).toEqual([]);
    }

    // From the search, the record's h1 takes the focus (as before it was an h1).
    await page.goto('/tasks');
    await page.getByTestId('global-search').fill('Carte-03');
    await page.getByTestId('search-result').filter({ hasText: 'Marie-Christine Carte-03' }).click();
    await page.waitForURL(`**/people/${ids.people[2].id}`);
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1' && document.activeElement.getAttribute('data-testid') === 'record-title');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Marie-Christine Carte-03');

    // The look is unchanged: the page title keeps the size of the h2 it was.
    const sizes = await page.evaluate(() => {
      const probe = document.createElement('div');
      probe.style.fontSize = 'var(--mantine-h2-font-size)';
      document.body.append(probe);
      const h2 = getComputedStyle(probe).fontSize;
      probe.remove();
      return { h1: getComputedStyle(document.querySelector('h1')!).fontSize, h2 };
    });
    expect(sizes.h1).toBe(sizes.h2);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('the call statistics charts say what they show in French, not ECharts’ English description', async () => {
    const { page, problems, context } = await openPage(env.browser, { baseURL: env.server.url });
    await signIn(page, env.server.url);
    await page.goto('/reports/calls');
    const label = async (testId: string) => {
      const chart = page.getByTestId(testId);
      await chart.locator('canvas').first().waitFor();
      expect(await chart.getAttribute('role')).toBe('img');
      return chart.getAttribute('aria-label');
    };
    expect(await label('chart-per-day')).toMatch(
      /^Appels par jour, du \d+ \S+ au \d+ \S+ ; totaux : Répondus : 1, Manqués : 1, Autres : 0\. Le plus haut : \d+ \S+ \(Répondus : 1, Manqués : 1, Autres : 0\)\.$/,
    );
    expect(await label('chart-heatmap')).toMatch(/^Appels par heure de la semaine : 2 appels ; le créneau le plus chargé est \S+ à \d+ h \((1 appel|2 appels)\)\.$/);
    const perAgent = await label('chart-per-agent');
    expect(perAgent).toMatch(/^Appels par agent : /);
    expect(perAgent).toContain('Alice Martin — Répondus : 1, Manqués : 0');
    expect(perAgent).toContain('Personne — Répondus : 0, Manqués : 1');

    // In English once the user switches: the description follows.
    await page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
    await expect.poll(() => page.getByTestId('chart-heatmap').getAttribute('aria-label')).toMatch(/^Calls by hour of the week: 2 calls; the busiest slot is \S+ at \d+:00 \((1 call|2 calls)\)\.$/);
    await page.getByTestId('language-switch').getByText('FR', { exact: true }).click();
    await expect.poll(() => page.getByTestId('chart-heatmap').getAttribute('aria-label')).toMatch(/^Appels par heure de la semaine : /);

    expect(problems).toEqual([]);
    await context.close();
  });
});
