import { z } from 'zod';
import { callerOf, type App } from '../../http/types.js';
import { commentBody, createRequestBody, listRequestsQuery, requestTypeBody, teamCalendarBody, transitionBody, updateRequestBody, updateRequestTypeBody } from './requests.schemas.js';
import { requestResponse, requestsPage, requestTypeResponse, requestTypesResponse, requestWithHistoryResponse, teamResponse } from './requests.responses.js';
import type { RequestsService } from './requests.service.js';

const idParams = z.object({ id: z.string().min(1).max(36) }).strict();

export function registerRequestRoutes(app: App, requests: RequestsService) {
  app.get('/api/request-types', { schema: { tags: ['requests'] }, config: { permission: 'requestTypes.read', documentedResponse: requestTypesResponse } }, async () => ({
    items: await requests.listTypes(),
    nextCursor: null,
  }));

  app.post('/api/request-types', {
    schema: { tags: ['requests'], summary: 'Define a request type: its workflow, required fields per status, own fields and SLA', body: requestTypeBody },
    config: { permission: 'requestTypes.manage', idempotent: true, successStatus: 201, documentedResponse: requestTypeResponse },
  }, async (request, reply) => reply.status(201).send(await requests.createType(callerOf(request), request.body)));

  app.patch('/api/request-types/:id', {
    schema: {
      tags: ['requests'],
      summary: 'Edit a request type: labels, default team, workflow, required fields, own fields, SLA (refused while open requests are in a status it removes)',
      params: idParams,
      body: updateRequestTypeBody,
    },
    config: { permission: 'requestTypes.manage', documentedResponse: requestTypeResponse },
  }, async (request) => requests.updateType(callerOf(request), request.params.id, request.body));

  app.patch('/api/teams/:id', {
    schema: { tags: ['requests'], summary: "Set a team's manager and working calendar (time zone, weekly hours, holidays)", params: idParams, body: teamCalendarBody },
    config: { permission: 'teams.configure', documentedResponse: teamResponse },
  }, async (request) => requests.setTeamCalendar(callerOf(request), request.params.id, request.body));

  app.get('/api/requests', {
    schema: { tags: ['requests'], summary: 'Requests, oldest deadline first: a team queue (teamId + open=true), mine, the ones I opened…', querystring: listRequestsQuery },
    config: { permission: 'requests.read', documentedResponse: requestsPage },
  }, async (request) => requests.list(callerOf(request), request.query));

  app.post('/api/requests', {
    schema: { tags: ['requests'], summary: 'Hand a piece of work to a team; refused with the missing required fields named', body: createRequestBody },
    config: { permission: 'requests.create', idempotent: true, successStatus: 201, documentedResponse: requestResponse },
  }, async (request, reply) => reply.status(201).send(await requests.create(callerOf(request), request.body)));

  app.get('/api/requests/:id', { schema: { tags: ['requests'], summary: 'A request with its whole history', params: idParams }, config: { permission: 'requests.read', documentedResponse: requestWithHistoryResponse } }, async (request) =>
    requests.get(request.params.id),
  );

  app.patch('/api/requests/:id', {
    schema: { tags: ['requests'], summary: 'Change subject, priority, team, assignee (reassign) or fields', params: idParams, body: updateRequestBody },
    config: { permission: 'requests.work', documentedResponse: requestResponse },
  }, async (request) => requests.update(callerOf(request), request.grant!, request.params.id, request.body));

  app.post('/api/requests/:id/take', {
    schema: { tags: ['requests'], summary: 'Take a request from the queue', params: idParams },
    config: { permission: 'requests.work', documentedResponse: requestResponse },
  }, async (request) => requests.take(callerOf(request), request.grant!, request.params.id));

  app.post('/api/requests/:id/transition', {
    schema: { tags: ['requests'], summary: 'Move to another status of the workflow (closing notifies the originator)', params: idParams, body: transitionBody },
    config: { permission: 'requests.work', documentedResponse: requestResponse },
  }, async (request) => requests.transition(callerOf(request), request.grant!, request.params.id, request.body));

  app.post('/api/requests/:id/comments', {
    schema: { tags: ['requests'], summary: 'Comment on a request (internal by default)', params: idParams, body: commentBody },
    config: { permission: 'requests.work', idempotent: true, successStatus: 201, documentedResponse: requestWithHistoryResponse },
  }, async (request, reply) => reply.status(201).send(await requests.comment(callerOf(request), request.grant!, request.params.id, request.body)));
}
