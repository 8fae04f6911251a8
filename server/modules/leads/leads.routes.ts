import { z } from 'zod';
import { isoDateTime, recordId } from '../../http/schemas.js';
import { callerOf, type App } from '../../http/types.js';
import { leadResponse, leadSettingsResponse, leadsPage, leadsReportResponse, leadWithHistoryResponse } from './leads.responses.js';
import { LEAD_SOURCES, LEAD_STATUSES, type LeadsService } from './leads.service.js';

const idParams = z.object({ id: z.string().min(1).max(36) }).strict();
const isoDate = isoDateTime;

const createLeadBody = z
  .object({
    source: z.enum(LEAD_SOURCES),
    personId: recordId.optional(),
    organisationId: recordId.optional(),
    interactionId: recordId.optional().describe('The conversation the lead was spotted in'),
    interest: z.string().trim().min(1).max(300).describe('Product or free text'),
    potential: z.number().min(0).max(1e12).optional().describe('Estimated value'),
    suggestedOwnerId: recordId.optional().describe('The originator may suggest who should handle it'),
    note: z.string().max(10_000).optional(),
  })
  .strict();

const transitionLeadBody = z
  .object({
    status: z.enum(['accepted', 'converted', 'rejected']),
    reason: z.string().max(40).optional().describe('Required to reject: a key of the configured reject reasons'),
    note: z.string().max(10_000).optional(),
    version: z.number().int().positive().optional(),
  })
  .strict();

const listLeadsQuery = z
  .object({
    owner: recordId.optional().describe('"me" or a user id'),
    originator: recordId.optional().describe('"me" or a user id'),
    status: z.enum(LEAD_STATUSES).optional(),
    personId: recordId.optional(),
    organisationId: recordId.optional(),
    escalated: z.enum(['true']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(120).optional(),
  })
  .strict();

export function registerLeadRoutes(app: App, leads: LeadsService) {
  app.get('/api/leads', { schema: { tags: ['leads'], querystring: listLeadsQuery }, config: { permission: 'leads.read', documentedResponse: leadsPage } }, async (request) =>
    leads.list(callerOf(request), request.query),
  );

  app.post('/api/leads', {
    schema: { tags: ['leads'], summary: 'Pass a lead to sales; routed to an owner who must act before a deadline', body: createLeadBody },
    config: { permission: 'leads.create', idempotent: true, successStatus: 201, documentedResponse: leadResponse },
  }, async (request, reply) => reply.status(201).send(await leads.create(callerOf(request), request.body)));

  app.get('/api/leads/:id', { schema: { tags: ['leads'], summary: 'A lead and its whole history', params: idParams }, config: { permission: 'leads.read', documentedResponse: leadWithHistoryResponse } }, async (request) =>
    leads.get(request.params.id),
  );

  app.post('/api/leads/:id/transition', {
    schema: { tags: ['leads'], summary: 'Accept, convert or reject (with a reason) a lead; the originator is told', params: idParams, body: transitionLeadBody },
    config: { permission: 'leads.work', documentedResponse: leadResponse },
  }, async (request) => leads.transition(callerOf(request), request.grant!, request.params.id, request.body));

  app.patch('/api/leads/:id', {
    schema: { tags: ['leads'], summary: 'Reassign a lead (managers)', params: idParams, body: z.object({ ownerId: z.string().min(1).max(36) }).strict() },
    config: { permission: 'leads.reassign', documentedResponse: leadResponse },
  }, async (request) => leads.reassign(callerOf(request), request.params.id, request.body.ownerId));

  app.get('/api/leads/settings', { schema: { tags: ['leads'], summary: 'Routing rules, deadline and reject reasons' }, config: { permission: 'leads.read', documentedResponse: leadSettingsResponse } }, async () =>
    leads.routingSettings(),
  );

  app.put('/api/leads/settings', {
    schema: { tags: ['leads'], summary: 'Set routing rules (territories, products, round-robin team), deadline and reject reasons', body: z.record(z.string(), z.unknown()) },
    config: { permission: 'leads.configure', documentedResponse: leadSettingsResponse },
  }, async (request) => leads.setRouting(callerOf(request), request.body));

  app.get('/api/reports/leads', {
    schema: { tags: ['reports'], summary: 'Lead conversion per owner, source and originator', querystring: z.object({ from: isoDate, to: isoDate }).strict() },
    config: { permission: 'reports.leads', documentedResponse: leadsReportResponse },
  }, async (request) => leads.report({ from: new Date(request.query.from).toISOString(), to: new Date(request.query.to).toISOString() }));
}
