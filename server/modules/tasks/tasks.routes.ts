import { z } from 'zod';
import { callerOf, type App } from '../../http/types.js';
import { expectedVersion, ifMatchHeaders, sendWithETag } from '../../http/versions.js';
import { createTaskBody, listTasksQuery, updateTaskBody } from './tasks.schemas.js';
import { taskResponse, tasksPage } from './tasks.responses.js';
import type { TasksService } from './tasks.service.js';

const idParams = z.object({ id: z.string().min(1).max(36) }).strict();

export function registerTasksRoutes(app: App, tasks: TasksService) {
  app.post('/api/tasks', {
    schema: { tags: ['tasks'], summary: 'Create a task or follow-up; its reminder fires at reminderAt or dueAt', body: createTaskBody },
    config: { permission: 'tasks.create', idempotent: true, successStatus: 201, documentedResponse: taskResponse, etag: true },
  }, async (request, reply) => reply.status(201).send(sendWithETag(reply, await tasks.create(callerOf(request), request.body))));

  app.get('/api/tasks', {
    schema: { tags: ['tasks'], summary: 'Tasks, soonest due first (or latest closed first: status=closed&sort=-closedAt); assignee=me for your own', querystring: listTasksQuery },
    config: { permission: 'tasks.read', documentedResponse: tasksPage },
  }, async (request) => tasks.list(callerOf(request), request.query));

  app.get('/api/tasks/:id', { schema: { tags: ['tasks'], params: idParams }, config: { permission: 'tasks.read', documentedResponse: taskResponse, etag: true } }, async (request, reply) =>
    sendWithETag(reply, await tasks.get(request.params.id)),
  );

  app.patch('/api/tasks/:id', {
    schema: { tags: ['tasks'], summary: 'Change, complete (status done + completionNote) or cancel a task; send the version you read (or If-Match) to detect concurrent edits', params: idParams, headers: ifMatchHeaders, body: updateTaskBody },
    config: { permission: 'tasks.update', documentedResponse: taskResponse, etag: true },
  }, async (request, reply) => {
    const input = { ...request.body, version: expectedVersion(request, request.body.version) };
    return sendWithETag(reply, await tasks.update(callerOf(request), request.grant!, request.params.id, input));
  });
}
