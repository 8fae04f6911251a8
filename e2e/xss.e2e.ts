import { beforeAll, describe, expect, it } from 'vitest';
import { request, type APIRequestContext, type Page } from 'playwright-core';
import { openPage, type WatchedPage } from './browser.js';
import { useServerAndBrowser } from './serverAndBrowser.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './server.js';
import { signIn } from './session.js';
import { see } from './see.js';

/**
 * Stored XSS (QUALITY.md check 10): a corpus of payloads is saved through the API in every text a
 * user can type, then Chromium visits every view, as an admin and as the front desk, and fails if
 * any payload runs (window.__xss set, a dialog, a CSP violation), if any of them became markup
 * (an element with an event handler, an iframe, a javascript: link), or if it is not shown as text.
 * Each payload sets its own marker, so a failure names the one that fired.
 */
const P = {
  img: '<img src=x onerror="window.__xss=1">',
  svg: '<svg onload="window.__xss=2">',
  script: '<script>window.__xss=3</script>',
  js: 'javascript:window.__xss=4',
  angular: "{{constructor.constructor('window.__xss=5')()}}",
  template: '${window.__xss=6}',
  iframe: '"><iframe srcdoc="<script>parent.__xss=7</script>">',
} as const;
const ALL = Object.values(P).join(' ');
/** Rotates through the payloads for fields too short for the whole corpus (labels, tags: 60 characters). */
const PAYLOADS = Object.values(P);
const pick = (i: number) => PAYLOADS[i % PAYLOADS.length];

/** An attachment's name: no "/" (only the last path segment is kept) and no '"' (dropped). */
const FILE_NAME = '<img src=x onerror=window.__xss=8><svg onload=window.__xss=9>.txt';

const PASSWORD = 'relais-e2e Tangerine Viaduct 42';
/** A word the search can match, next to payloads in names. */
const WORD = 'Xsstest';
const PERSON_PHONE = '06 12 34 56 78';
const OTHER_PHONE = '06 98 76 54 31';
const LINE = '01 40 00 00 00';

/** The API as one user (cookie session + CSRF token), with file upload. */
async function session(baseURL: string, email: string, password: string) {
  const context: APIRequestContext = await request.newContext({ baseURL });
  const login = await context.post('/api/auth/login', { data: { email, password } });
  expect(login.status(), await login.text()).toBe(200);
  const { csrfToken, user } = (await login.json()) as { csrfToken: string; user: { id: string } };
  const send = async <T>(method: string, path: string, data?: unknown): Promise<T> => {
    const response = await context.fetch(path, { method, data, headers: { 'X-CSRF-Token': csrfToken } });
    expect(response.status(), `${method} ${path}: ${await response.text()}`).toBeLessThan(300);
    return (await response.json()) as T;
  };
  return {
    userId: user.id,
    get: <T>(path: string) => send<T>('GET', path),
    post: <T>(path: string, data: unknown) => send<T>('POST', path, data),
    put: <T>(path: string, data: unknown) => send<T>('PUT', path, data),
    patch: <T>(path: string, data: unknown) => send<T>('PATCH', path, data),
    async upload(path: string, name: string, content: Buffer) {
      const response = await context.post(path, {
        multipart: { file: { name, mimeType: 'text/plain', buffer: content } },
        headers: { 'X-CSRF-Token': csrfToken },
      });
      expect(response.status(), await response.text()).toBe(201);
      return (await response.json()) as { id: string; fileName: string };
    },
    close: () => context.dispose(),
  };
}

/**
 * Before any page script: records CSP violations (also those of same-origin frames) and fails
 * loudly on alert/confirm/prompt by leaving a trace the checks read.
 */
async function watchForScripts(w: WatchedPage) {
  await w.context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`), true);
  });
  w.page.on('dialog', (dialog) => {
    w.problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
}

/**
 * The page is clean: no payload ran, none was blocked by the CSP, and none became markup. The CSP
 * alone would hide an injection (blocked, not run), hence the look at the DOM itself.
 */
async function expectClean(w: WatchedPage, where: string) {
  const state = await w.page.evaluate(() => {
    const win = window as unknown as { __xss?: unknown; __cspViolations?: string[] };
    const frames = [...document.querySelectorAll('iframe')].map((f) => {
      try {
        return (f.contentWindow as unknown as { __xss?: unknown } | null)?.__xss;
      } catch {
        return undefined;
      }
    });
    const injected = [
      ...document.querySelectorAll(
        '[onerror], [onload], [onclick], [onmouseover], [onfocus], iframe, object, embed, a[href^="javascript:" i], [src^="javascript:" i], script:not([src])',
      ),
    ].map((e) => e.outerHTML.slice(0, 160));
    return { xss: win.__xss ?? frames.find((v) => v !== undefined), violations: win.__cspViolations ?? [], injected };
  });
  expect(state.xss, `${where}: a payload ran (window.__xss = payload marker)`).toBeUndefined();
  expect(state.violations, `${where}: CSP violations`).toEqual([]);
  expect(state.injected, `${where}: payload turned into markup`).toEqual([]);
  expect(w.problems, `${where}: browser problems`).toEqual([]);
}

/** Waits until the page shows the literal text (as text, not markup). */
async function expectText(page: Page, text: string, where: string) {
  await page
    .waitForFunction((t) => document.body.innerText.includes(t), text, { timeout: 20_000 })
    .catch(() => {
      throw new Error(`${where}: "${text}" not shown as text`);
    });
}

interface Data {
  adminId: string;
  frontdesk: { id: string; email: string };
  sales: { id: string; email: string };
  personId: string;
  orgId: string;
  requestId: string;
  closedRequestId: string;
  leadId: string;
  rejectedLeadId: string;
  secret: string;
  attachmentName: string;
}

describe('stored XSS: payloads in every field are shown as text and never run', () => {
  const env = useServerAndBrowser();
  const d = {} as Data;

  beforeAll(async () => {
    const admin = await session(env.server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    d.adminId = admin.userId;
    // People and things named with payloads: the admin herself, a team, users.
    await admin.patch(`/api/users/${d.adminId}`, { name: `Admin ${P.svg}` });
    const team = await admin.post<{ id: string }>('/api/teams', { name: `Team ${P.iframe}` });
    d.frontdesk = {
      id: (await admin.post<{ id: string }>('/api/users', { email: 'desk@relais.test', password: PASSWORD, name: `Desk ${P.img}`, role: 'frontdesk', locale: 'fr' })).id,
      email: 'desk@relais.test',
    };
    d.sales = {
      id: (await admin.post<{ id: string }>('/api/users', { email: 'sales@relais.test', password: PASSWORD, name: `Sales ${P.script}`, role: 'sales', locale: 'fr', teamId: team.id })).id,
      email: 'sales@relais.test',
    };
    await admin.post('/api/tokens', { name: `Token ${P.angular}` });
    // Settings whose labels users type: custom fields, relationship types, telephony, contact pressure.
    for (const entityType of ['person', 'organisation']) {
      await admin.post('/api/custom-fields', { entityType, key: 'xss_text', labelEn: `Note ${P.img}`, labelFr: `Note ${P.img}`, type: 'text' });
      await admin.post('/api/custom-fields', { entityType, key: 'xss_choice', labelEn: `Pick ${P.svg}`, labelFr: `Pick ${P.svg}`, type: 'choice', choices: [P.script, P.iframe] });
    }
    await admin.post('/api/relationship-types', { key: 'xss-rel', labelEn: `Rel ${P.iframe}`, labelFr: `Rel ${P.iframe}` });
    d.secret = (await admin.post<{ secret: string }>('/api/telephony/integrations', { name: `PBX ${P.script}`, kind: 'generic' })).secret;
    await admin.put('/api/telephony/extensions', { extension: '201', userId: d.frontdesk.id });
    await admin.put('/api/telephony/extensions', { extension: '202', userId: d.adminId });
    const tags = PAYLOADS.map((p) => p.toLowerCase());
    await admin.post('/api/pressure/rules', { scopeType: 'tag', scopeValue: tags[0], maxContacts: 5, periodDays: 7 });

    // The organisation and the person, every text field a payload.
    const addresses = [{ label: pick(3), street: ALL, postalCode: '69001', city: `${P.img} ${P.template}`, country: 'FR' }];
    const customFields = { xss_text: ALL, xss_choice: P.script };
    d.orgId = (
      await admin.post<{ id: string }>('/api/organisations', {
        name: `${WORD}org ${ALL}`,
        phones: [{ number: '01 42 00 00 01', label: pick(1) }],
        emails: [{ address: 'contact@xss.example', label: P.js }],
        addresses,
        tags,
        customFields,
        relationships: [{ type: 'xss-rel' }],
      })
    ).id;
    d.personId = (
      await admin.post<{ id: string }>('/api/people', {
        firstName: `${P.img} ${P.js}`,
        lastName: `${WORD} ${P.svg} ${P.script} ${P.iframe}`,
        phones: [{ number: PERSON_PHONE, label: P.template }],
        emails: [{ address: 'zoe@xss.example', label: P.js }],
        addresses,
        tags,
        customFields,
        organisationIds: [d.orgId],
        relationships: [{ type: 'xss-rel' }],
      })
    ).id;
    await admin.put(`/api/people/${d.personId}/consents`, [
      { channel: 'phone', purpose: 'marketing', status: 'refused', source: P.angular, note: ALL },
      { channel: 'email', purpose: 'service', status: 'granted', source: P.iframe, note: P.img },
    ]);
    // History: an interaction with an attachment named with a payload, tasks open and done.
    const interaction = await admin.post<{ id: string }>('/api/interactions', {
      channel: 'email',
      direction: 'in',
      // Dated a few minutes ahead (within the clocks' leeway the API allows): it stays the latest
      // contact, above the calls the scenarios make in the next minute or two.
      occurredAt: new Date(Date.now() + 4 * 60_000).toISOString(),
      personId: d.personId,
      organisationId: d.orgId,
      summary: `Summary ${ALL}`,
      body: `Body ${ALL}\n${P.angular}`,
      outcome: pick(6),
    });
    // A file name keeps its last path segment only, and no double quote: these payloads survive whole.
    const attachment = await admin.upload(`/api/interactions/${interaction.id}/attachments`, FILE_NAME, Buffer.from('hello'));
    d.attachmentName = attachment.fileName;
    await admin.post('/api/tasks', { title: `Task ${ALL}`, personId: d.personId, dueAt: new Date(Date.now() + 86_400_000).toISOString() });
    await admin.post('/api/tasks', { title: `Org task ${P.svg} ${P.angular}`, organisationId: d.orgId });
    const done = await admin.post<{ id: string; version: number }>('/api/tasks', { title: `Done ${P.iframe}`, personId: d.personId });
    await admin.patch(`/api/tasks/${done.id}`, { status: 'done', completionNote: ALL, version: done.version });

    // A request type whose every label is a payload, an open request and a closed one.
    const type = await admin.post<{ id: string }>('/api/request-types', {
      key: 'xss',
      labelEn: `Type ${P.img}`,
      labelFr: `Type ${P.img}`,
      teamId: team.id,
      definition: {
        statuses: [
          { key: 'new', labelEn: `New ${P.svg}`, labelFr: `New ${P.svg}` },
          { key: 'done', labelEn: `Done ${P.iframe}`, labelFr: `Done ${P.iframe}`, terminal: true },
        ],
        fields: [{ key: 'ref', labelEn: `Ref ${P.script}`, labelFr: `Ref ${P.script}`, type: 'text' }],
        sla: { byPriority: { normal: 'P2D' } },
      },
    });
    d.requestId = (
      await admin.post<{ id: string }>('/api/requests', {
        typeId: type.id,
        subject: `Request ${WORD} ${P.img} ${P.template}`,
        description: `Description ${ALL}`,
        personId: d.personId,
        fields: { ref: ALL },
      })
    ).id;
    await admin.post(`/api/requests/${d.requestId}/comments`, { body: `Comment ${ALL}`, internal: true });
    await admin.post(`/api/requests/${d.requestId}/comments`, { body: `Public ${P.iframe}`, internal: false });
    d.closedRequestId = (await admin.post<{ id: string }>('/api/requests', { typeId: type.id, subject: `Closed ${P.svg}`, personId: d.personId, organisationId: d.orgId })).id;
    await admin.post(`/api/requests/${d.closedRequestId}/transition`, { status: 'done', resolutionNote: `Resolution ${ALL}`, note: `Note ${P.angular}` });

    // Lead settings with payload reject reasons and product keywords; leads with payload interest and notes.
    await admin.put('/api/leads/settings', {
      rejectReasons: [
        { key: 'xss_reason', labelEn: `Reason ${P.img}`, labelFr: `Reason ${P.img}` },
        { key: 'other', labelEn: P.iframe, labelFr: P.iframe },
      ],
      products: [{ keyword: P.template, ownerId: d.sales.id }],
    });
    d.leadId = (
      await admin.post<{ id: string }>('/api/leads', {
        source: 'call',
        personId: d.personId,
        interest: `Lead ${WORD} ${P.svg} ${P.js}`,
        note: `Lead note ${ALL}`,
        suggestedOwnerId: d.adminId,
        potential: 1000,
      })
    ).id;
    d.rejectedLeadId = (
      await admin.post<{ id: string }>('/api/leads', { source: 'front_desk', organisationId: d.orgId, interest: `Rejected ${P.iframe}`, note: P.angular, suggestedOwnerId: d.sales.id })
    ).id;
    await admin.post(`/api/leads/${d.rejectedLeadId}/transition`, { status: 'rejected', reason: 'xss_reason', note: `Why ${ALL}` });

    // Saved views named with payloads.
    await admin.post('/api/views', { entityType: 'person', name: `View ${P.img}`, definition: { filters: { q: WORD } } });
    await admin.post('/api/views', { entityType: 'organisation', name: `View ${P.iframe}`, definition: { filters: {} } });

    // A call of the person nobody answered: in the call log and the call-back queue, with a payload note.
    await env.server.callEvent(d.secret, { callId: 'xss-missed-1', event: 'ringing', from: PERSON_PHONE, to: LINE, extension: '299' });
    await env.server.callEvent(d.secret, { callId: 'xss-missed-1', event: 'missed', from: PERSON_PHONE, to: LINE, extension: '299' });
    const callbacks = await admin.get<{ items: { id: string; version: number }[] }>('/api/callbacks');
    expect(callbacks.items.length).toBeGreaterThan(0);
    await admin.patch(`/api/callbacks/${callbacks.items[0].id}`, { outcome: pick(4), note: `Callback ${ALL}`, attempt: true });
    await admin.close();
  });

  it('serves the app with a Content-Security-Policy that forbids inline scripts', async () => {
    for (const path of ['/', '/people', `/people/${d.personId}`]) {
      const response = await fetch(`${env.server.url}${path}`);
      expect(response.status).toBe(200);
      const csp = response.headers.get('content-security-policy') ?? '';
      const directives = new Map(csp.split(';').map((part) => {
        const [name, ...values] = part.trim().split(/\s+/);
        return [name, values] as const;
      }));
      const scriptSrc = directives.get('script-src') ?? directives.get('default-src');
      expect(scriptSrc, csp).toBeDefined();
      expect(scriptSrc).not.toContain("'unsafe-inline'");
      expect(scriptSrc).not.toContain("'unsafe-eval'");
      expect(scriptSrc).not.toContain('*');
      expect(directives.get('object-src')).toEqual(["'none'"]);
      // The page itself has no inline script to allow.
      expect(await response.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    }
    // The attachment's name is kept as typed (minus any path), for the views to escape.
    expect(d.attachmentName).toBe(FILE_NAME);
  });

  it('an admin visits every view; payloads show as text and none runs', async () => {
    const w = await openPage(env.browser, { baseURL: env.server.url });
    await watchForScripts(w);
    const { page, context } = w;
    await signIn(page, env.server.url);
    await expectClean(w, 'my tasks');
    await expectText(page, `Task ${P.img}`, 'my tasks');
    // The user menu names the admin.
    await page.getByTestId('user-menu').click();
    await expectText(page, `Admin ${P.svg}`, 'user menu');
    await expectClean(w, 'user menu');
    await page.keyboard.press('Escape');

    // People list, with the saved view picked.
    await page.getByTestId('nav-people').click();
    expect(await see(page.getByTestId('list-row').filter({ hasText: WORD }))).toContain(P.svg);
    await page.getByTestId('saved-views').click();
    await page.getByRole('option', { name: `View ${P.img}` }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="list-row"]').length === 1);
    await expectClean(w, 'people list');

    // The person's file: contact points, custom fields, consent, tasks, requests, leads, timeline.
    // By its name: the middle of the row may be one of its links (a tel: or mailto:).
    await page.getByTestId('list-row').filter({ hasText: WORD }).locator(`a[href="/people/${d.personId}"]`).click();
    expect(await see(page.getByTestId('record-title'))).toBe(`${P.img} ${P.js} ${WORD} ${P.svg} ${P.script} ${P.iframe}`);
    expect(await see(page.getByTestId('timeline-summary').filter({ hasText: 'Summary' }))).toBe(`Summary ${ALL}`);
    expect(await see(page.getByTestId('custom-fields'))).toContain(ALL);
    expect(await see(page.getByTestId('consent-card'))).toContain(P.angular);
    for (const text of [P.template, P.js, P.img.toLowerCase(), `Task ${ALL}`, `Body ${ALL}`, `Request ${WORD}`, `Lead ${WORD}`, `Note ${P.img}`]) {
      await expectText(page, text, 'person page');
    }
    await expectText(page, `${WORD}org`, 'person page organisations');
    await expectClean(w, 'person page');

    // Its edit form: payloads as field values.
    await page.goto(`/people/${d.personId}/edit`);
    await page.waitForFunction((v) => (document.querySelector('[data-testid="person-first-name"]') as HTMLInputElement | null)?.value === v, `${P.img} ${P.js}`);
    await expectClean(w, 'person form');

    // Organisations: list with its saved view, page, form.
    await page.getByTestId('nav-organisations').click();
    expect(await see(page.getByTestId('list-row').filter({ hasText: `${WORD}org` }))).toContain(P.iframe);
    await page.getByTestId('saved-views').click();
    await see(page.getByRole('option', { name: `View ${P.iframe}` }));
    await page.keyboard.press('Escape');
    await expectClean(w, 'organisations list');
    // The row's middle is its e-mail link here (the name wraps over many lines): open it by its name.
    await page.getByTestId('list-row').filter({ hasText: `${WORD}org` }).locator(`a[href="/organisations/${d.orgId}"]`).click();
    expect(await see(page.getByTestId('record-title'))).toBe(`${WORD}org ${ALL}`);
    await expectText(page, `Org task ${P.svg}`, 'organisation page');
    expect(await see(page.getByTestId('members'))).toContain(WORD);
    await expectClean(w, 'organisation page');
    await page.goto(`/organisations/${d.orgId}/edit`);
    await page.waitForFunction((v) => (document.querySelector('[data-testid="organisation-name"]') as HTMLInputElement | null)?.value === v, `${WORD}org ${ALL}`);
    await expectClean(w, 'organisation form');

    // The global search.
    await page.getByTestId('global-search').fill(WORD.toLowerCase());
    expect(await see(page.getByTestId('search-result').filter({ hasText: P.svg }))).toContain(WORD);
    await see(page.getByTestId('search-result').filter({ hasText: `${WORD}org` }));
    await expectClean(w, 'search results');
    await page.getByTestId('global-search').fill('');

    // Requests: queue of the payload-named team, opened by me, the detail with fields, comments, closure.
    await page.goto('/requests/queue');
    await expectText(page, `Request ${WORD} ${P.img}`, 'request queue');
    await expectText(page, `Team ${P.iframe}`, 'request queue team');
    await expectClean(w, 'request queue');
    await page.goto('/requests/opened');
    await expectText(page, `Closed ${P.svg}`, 'requests opened');
    await expectClean(w, 'requests opened');
    await page.goto(`/requests/${d.requestId}`);
    expect(await see(page.getByTestId('request-detail-subject'))).toBe(`Request ${WORD} ${P.img} ${P.template}`);
    expect(await see(page.getByTestId('request-description'))).toContain(ALL);
    expect(await see(page.getByTestId('request-fields'))).toContain(ALL);
    await expectText(page, `Comment ${ALL}`, 'request detail');
    await expectText(page, `Public ${P.iframe}`, 'request detail');
    await expectClean(w, 'request detail');
    await page.goto(`/requests/${d.closedRequestId}`);
    expect(await see(page.getByTestId('request-detail-resolution'))).toContain(`Resolution ${ALL}`);
    await expectClean(w, 'closed request detail');

    // Leads: mine, passed, oversight (report and settings), one lead's page.
    await page.goto('/leads/mine');
    await expectText(page, `Lead ${WORD} ${P.svg}`, 'my leads');
    await expectClean(w, 'my leads');
    await page.goto('/leads/passed');
    await expectText(page, `Rejected ${P.iframe}`, 'leads passed');
    await expectClean(w, 'leads passed');
    await page.goto('/leads/oversight');
    await page.getByTestId('lead-settings').waitFor();
    await page.waitForFunction((v) => [...document.querySelectorAll('input')].some((i) => i.value === v), `Reason ${P.img}`);
    await page.getByTestId('lead-report').waitFor();
    await hoverChart(page, 'lead-conversion-chart');
    await expectClean(w, 'lead oversight');
    await page.goto(`/leads/${d.rejectedLeadId}`);
    expect(await see(page.getByTestId('lead-detail'))).toContain(`Rejected ${P.iframe}`);
    await expectText(page, `Why ${ALL}`, 'lead detail');
    await expectText(page, `Reason ${P.img}`, 'lead detail reason');
    await expectClean(w, 'lead detail');
    await page.goto(`/leads/${d.leadId}`);
    await expectText(page, `Lead note ${ALL}`, 'lead detail');
    await expectClean(w, 'open lead detail');

    // Telephony: call log, call-backs, statistics (agent names on a chart), settings.
    await page.goto('/calls');
    await expectText(page, WORD, 'call log');
    await expectClean(w, 'call log');
    await page.goto('/callbacks');
    await expectText(page, `Callback ${ALL}`, 'call-backs');
    await expectClean(w, 'call-backs');
    await page.goto('/reports/calls');
    await page.getByTestId('stats-kpis').waitFor();
    await expectClean(w, 'call statistics');
    await page.goto('/settings/telephony');
    expect(await see(page.getByTestId('integration-row'))).toContain(`PBX ${P.script}`);
    await expectClean(w, 'telephony settings');
    await page.goto('/settings/request-types');
    const typeItem = await see(page.getByTestId('request-type-item'));
    for (const label of [`Type ${P.img}`, `New ${P.svg}`, `Done ${P.iframe}`, `Ref ${P.script}`]) expect(typeItem).toContain(label);
    // The creation form renders clean too.
    await page.getByTestId('request-type-new').click();
    await page.getByTestId('request-type-form').waitFor();
    await expectClean(w, 'request types');
    // So do the edit form (the payloads as input values) and the teams' settings.
    await page.goto('/settings/request-types');
    await page.getByTestId('request-type-edit').first().click();
    await page.getByTestId('request-type-form').waitFor();
    await expectClean(w, 'request type edit');
    await page.goto('/settings/teams');
    expect(await see(page.getByTestId('team-settings').filter({ hasText: 'Team' }).first())).toContain(`Team ${P.iframe}`);
    await expectClean(w, 'teams settings');

    // Notifications (the rejected lead told its originator).
    await page.getByTestId('notification-bell').click();
    await page.getByTestId('notification-list').waitFor();
    await expectClean(w, 'notifications');

    // A call from the person to the admin's extension: the pop-up card renders the payloads.
    await page.goto('/tasks');
    await page.locator('[data-testid="live-status"][data-state="connected"]').waitFor();
    await env.server.callEvent(d.secret, { callId: 'xss-admin-pop', event: 'ringing', from: PERSON_PHONE, to: LINE, extension: '202' });
    expect(await see(page.getByTestId('pop-card').getByTestId('pop-match-name'))).toContain(P.img);
    await expectText(page, `Request ${WORD} ${P.img}`, 'screen pop');
    await expectClean(w, 'screen pop');
    await env.server.callEvent(d.secret, { callId: 'xss-admin-pop', event: 'missed', from: PERSON_PHONE, to: LINE, extension: '202' });
    await page.getByTestId('screen-pop').waitFor({ state: 'detached' });
    await expectClean(w, 'after the screen pop');
    await context.close();
  });

  it('the front desk gets a screen pop for a payload-named caller and visits its views; nothing runs', async () => {
    const w = await openPage(env.browser, { baseURL: env.server.url });
    await watchForScripts(w);
    const { page, context } = w;
    await signIn(page, env.server.url, d.frontdesk.email, PASSWORD);
    await page.getByTestId('user-menu').click();
    await expectText(page, `Desk ${P.img}`, 'user menu');
    await page.keyboard.press('Escape');
    await expectClean(w, 'front desk tasks');

    // A known caller: the card shows name, organisation, tags, history, requests, leads.
    await env.server.callEvent(d.secret, { callId: 'xss-desk-pop', event: 'ringing', from: PERSON_PHONE, to: LINE, extension: '201' });
    const card = page.getByTestId('pop-card');
    expect(await see(card.getByTestId('pop-match-name'))).toBe(`${P.img} ${P.js} ${WORD} ${P.svg} ${P.script} ${P.iframe}`);
    expect(await see(card.getByTestId('pop-organisations'))).toContain(`${WORD}org`);
    expect(await see(card.getByTestId('pop-relationship'))).toBe(`Rel ${P.iframe}`);
    expect(await see(card.getByTestId('tags'))).toContain(P.iframe.toLowerCase());
    expect(await see(card.getByTestId('pop-interaction'))).toContain(`Summary ${P.img}`);
    expect(await see(card.getByTestId('pop-task'))).toContain(`Task ${P.img}`);
    expect(await see(card.getByTestId('pop-request-open'))).toContain(`Request ${WORD}`);
    expect(await see(card.getByTestId('pop-lead-open'))).toContain(`Lead ${WORD}`);
    await expectClean(w, 'front desk screen pop');
    // Picked up and hung up: the after-call form names the caller too.
    await env.server.callEvent(d.secret, { callId: 'xss-desk-pop', event: 'answered', from: PERSON_PHONE, to: LINE, extension: '201' });
    await page.locator('[data-testid="pop-card"][data-state="answered"]').waitFor();
    await env.server.callEvent(d.secret, { callId: 'xss-desk-pop', event: 'ended', from: PERSON_PHONE, to: LINE, extension: '201' });
    await page.getByTestId('after-call-form').waitFor();
    await expectClean(w, 'after-call form');
    await page.keyboard.press('Escape');
    await page.getByTestId('after-call-form').waitFor({ state: 'detached' });

    // An unknown caller too (the number is all it shows), then the desk's own views.
    await env.server.callEvent(d.secret, { callId: 'xss-desk-unknown', event: 'ringing', from: OTHER_PHONE, to: LINE, extension: '201' });
    await see(card.getByTestId('pop-unknown'));
    await env.server.callEvent(d.secret, { callId: 'xss-desk-unknown', event: 'missed', from: OTHER_PHONE, to: LINE, extension: '201' });
    await page.getByTestId('screen-pop').waitFor({ state: 'detached' });

    await page.getByTestId('nav-people').click();
    await see(page.getByTestId('list-row').filter({ hasText: WORD }));
    await expectClean(w, 'front desk people list');
    await page.goto(`/people/${d.personId}`);
    expect(await see(page.getByTestId('timeline-summary').filter({ hasText: 'Summary' }))).toBe(`Summary ${ALL}`);
    await expectText(page, P.template, 'front desk person page');
    await expectClean(w, 'front desk person page');
    await page.goto(`/organisations/${d.orgId}`);
    expect(await see(page.getByTestId('record-title'))).toBe(`${WORD}org ${ALL}`);
    await expectClean(w, 'front desk organisation page');
    // The desk's own lists, through the menu.
    const views: [string, string, string][] = [
      // Its call-back was closed as reached when the desk answered her: the open queue is empty of it.
      ['nav-callbacks', 'callbacks-status', ''],
      ['nav-calls', 'calls-filter-state', WORD],
      ['nav-leads-passed', 'passed-leads-state', ''],
      ['nav-requests-opened', 'opened-state', ''],
      ['nav-tasks', 'global-search', ''],
    ];
    for (const [nav, marker, text] of views) {
      await page.getByTestId(nav).click();
      await page.getByTestId(marker).first().waitFor();
      if (text) await expectText(page, text, `front desk ${nav}`);
      await expectClean(w, `front desk ${nav}`);
    }
    await page.goto('/callbacks?status=done');
    await expectText(page, `Callback ${ALL}`, 'front desk call-backs done');
    await expectClean(w, 'front desk call-backs done');
    await context.close();
  });
});

/** Moves the mouse over a chart so its HTML tooltip renders the names it holds. */
async function hoverChart(page: Page, testId: string) {
  const chart = page.getByTestId(testId);
  await chart.waitFor();
  const box = await chart.boundingBox();
  if (!box) return;
  for (const x of [0.3, 0.5, 0.7]) await page.mouse.move(box.x + box.width * x, box.y + box.height * 0.6);
}
