import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInAudience } from '../../events/bus.js';
import { api, createHarness, DIALECTS, type Harness } from '../../test/harness.js';
import { openEventStream } from '../../test/sse.js';
import { grantFor } from '../access/permissions.js';
import { RECORD_CHANGED } from './record-changed.js';

const supportType = {
  key: 'support',
  labelEn: 'Support',
  labelFr: 'Support',
  definition: {
    statuses: [
      { key: 'open', labelEn: 'Open', labelFr: 'Ouverte' },
      { key: 'closed', labelEn: 'Closed', labelFr: 'Close', terminal: true },
    ],
  },
};

describe.each(DIALECTS)('record pages follow requests and leads live on %s', (dialect) => {
  let h: Harness;
  let base: string;
  let teamId: string;
  let typeId: string;
  let customerId: string;

  beforeAll(async () => {
    h = await createHarness(dialect);
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    teamId = (await api(h, h.users.admin, 'POST', '/api/teams', { name: 'Support' })).body.id;
    await api(h, h.users.admin, 'PATCH', `/api/users/${h.users.backoffice.id}`, { teamId });
    typeId = (await api(h, h.users.manager, 'POST', '/api/request-types', { ...supportType, teamId })).body.id;
    customerId = (await api(h, h.users.frontdesk, 'POST', '/api/people', { firstName: 'Rita', lastName: 'Regard' })).body.id;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('someone who only looks at the customer record hears each change, as identifiers only', async () => {
    // others.sales: neither originator, assignee, team member nor manager of this request or lead.
    const viewer = openEventStream(`${base}/api/events`, h.others.sales.token);
    await viewer.waitFor((e) => e.type === 'ready');

    const request = (await api(h, h.users.frontdesk, 'POST', '/api/requests', { typeId, subject: 'Printer offline', personId: customerId })).body;
    const created = await viewer.waitFor((e) => e.type === RECORD_CHANGED && e.data.id === request.id);
    expect(created.data).toEqual({ entity: 'request', id: request.id, personId: customerId, organisationId: null });
    expect((await api(h, h.users.backoffice, 'POST', `/api/requests/${request.id}/transition`, { status: 'closed' })).status).toBe(200);
    await viewer.waitFor((e) => e.type === RECORD_CHANGED && e.data.id === request.id && viewer.events.filter((x) => x.data?.id === request.id).length >= 2);

    const lead = (await api(h, h.users.frontdesk, 'POST', '/api/leads', { source: 'call', personId: customerId, interest: 'Second printer', suggestedOwnerId: h.users.sales.id })).body;
    expect((await api(h, h.users.sales, 'POST', `/api/leads/${lead.id}/transition`, { status: 'rejected', reason: 'no_budget' })).status).toBe(200);
    await viewer.waitFor((e) => e.type === RECORD_CHANGED && e.data.entity === 'lead' && e.data.id === lead.id && viewer.events.filter((x) => x.data?.id === lead.id).length >= 2);

    // The detailed announcements (subject, interest, reason) stay with the people concerned.
    expect(viewer.events.filter((e) => e.type.startsWith('request.') || e.type.startsWith('lead.'))).toEqual([]);
    expect(JSON.stringify(viewer.events)).not.toContain('Printer offline');
    viewer.close();
  });

  it('is delivered by the same permission table as reads: a role that may not read it on any record does not hear it', () => {
    const event = { readers: ['requests.read', 'people.read'] as const };
    const audience = { readers: [...event.readers] };
    const viewer = { id: 'u1', role: 'sales' };
    expect(isInAudience(audience, viewer)).toBe(true);
    // The same table with sales narrowed to its own requests, or refused customer records.
    const ownRequests = (role: string, action: Parameters<typeof grantFor>[1]) => (role === 'sales' && action === 'requests.read' ? 'own' : grantFor(role, action));
    const noPeople = (role: string, action: Parameters<typeof grantFor>[1]) => (role === 'sales' && action === 'people.read' ? undefined : grantFor(role, action));
    expect(isInAudience(audience, viewer, ownRequests)).toBe(false);
    expect(isInAudience(audience, viewer, noPeople)).toBe(false);
    expect(isInAudience(audience, { id: 'u2', role: 'nobody' })).toBe(false);
  });
});
