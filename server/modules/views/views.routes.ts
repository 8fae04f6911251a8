import { z } from 'zod';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/dialect/features.js';
import { AppError } from '../../errors.js';
import { callerOf, type App } from '../../http/types.js';
import { newId } from '../../ids.js';
import { byName } from '../../lib/text.js';

const entityType = z.enum(['person', 'organisation']);
const viewBody = z
  .object({
    entityType,
    name: z.string().trim().min(1).max(100),
    definition: z
      .object({
        filters: z.record(z.string().max(80), z.string().max(200)).default({}),
        sort: z.string().max(80).optional(),
        columns: z.array(z.string().max(80)).max(40).default([]),
      })
      .strict(),
  })
  .strict();

/** Saved list views (filters, sort, columns), private to the user who saved them. */
export function registerViewRoutes(app: App, deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const toView = (r: { id: string; entity_type: string; name: string; definition: string; created_at: string }) => ({
    id: r.id,
    entityType: r.entity_type,
    name: r.name,
    definition: JSON.parse(r.definition) as unknown,
    createdAt: r.created_at,
  });

  app.get('/api/views', {
    schema: { tags: ['views'], querystring: z.object({ entityType: entityType.optional() }).strict() },
    config: { permission: 'views.own' },
  }, async (request) => {
    let query = db.selectFrom('saved_views').selectAll().where('user_id', '=', callerOf(request).id);
    if (request.query.entityType) query = query.where('entity_type', '=', request.query.entityType);
    return { items: byName(await query.execute(), (v) => v.name).map(toView), nextCursor: null };
  });

  app.post('/api/views', { schema: { tags: ['views'], body: viewBody }, config: { permission: 'views.own', idempotent: true } }, async (request, reply) => {
    const row = {
      id: newId(),
      user_id: callerOf(request).id,
      entity_type: request.body.entityType,
      name: request.body.name,
      definition: JSON.stringify(request.body.definition),
      created_at: clock.now().toISOString(),
    };
    await db.insertInto('saved_views').values(row).execute();
    return reply.status(201).send(toView(row));
  });

  app.delete('/api/views/:id', {
    schema: { tags: ['views'], params: z.object({ id: z.string().min(1).max(36) }).strict() },
    config: { permission: 'views.own' },
  }, async (request, reply) => {
    const result = await db.deleteFrom('saved_views').where('id', '=', request.params.id).where('user_id', '=', callerOf(request).id).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw new AppError('NOT_FOUND', 'view not found');
    return reply.status(204).send();
  });
}
