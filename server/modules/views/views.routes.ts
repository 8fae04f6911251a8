import { z } from 'zod';
import type { Clock } from '../../clock.js';
import type { Db, DialectFeatures, Tx } from '../../db/dialect/features.js';
import type { EntityType } from '../../db/schema.js';
import { AppError, alreadyExists, isUniqueViolation } from '../../errors.js';
import { callerOf, type App } from '../../http/types.js';
import { newId } from '../../ids.js';
import { byName, sortKey } from '../../lib/text.js';
import { writeAudit } from '../audit/audit.js';
import type { CustomFieldsService } from '../custom-fields/custom-fields.service.js';
import { MAX_FILTER_VALUES } from '../parties/parties.schemas.js';
import { checkViewDefinition, type ViewDefinition } from './view-definition.js';
import { viewResponse, viewsResponse } from './views.responses.js';

const entityType = z.enum(['person', 'organisation']);
const viewName = z.string().trim().min(1).max(100).describe('Unique among your views of this list (case and accents ignored)');
const definition = z
  .object({
    filters: z
      // Loosely bounded here: checkViewDefinition applies the list's own limits, naming every filter past them in one answer.
      .record(z.string().max(80), z.union([z.string().max(200), z.array(z.string().max(200)).max(100)]))
      .default({})
      .describe(
        'Query parameters of the list: q, tag, ownerId, city, relationship, organisationId (people), missing, cf.KEY…; ' +
          `a filter taking several values (tag, ownerId, city, relationship, missing) as a list of up to ${MAX_FILTER_VALUES}, or one value as text`,
      ),
    sort: z.string().max(80).optional().describe('A sort the list takes: name, -createdAt, cf.KEY…'),
    columns: z.array(z.string().max(80)).max(40).default([]),
  })
  .strict();
const viewBody = z.object({ entityType, name: viewName, definition }).strict();
const viewPatch = z
  .object({ name: viewName.optional(), definition: definition.optional() })
  .strict()
  .refine((body) => body.name !== undefined || body.definition !== undefined, 'send a name, a definition or both');
const viewParams = z.object({ id: z.string().min(1).max(36) }).strict();

type ViewRow = { id: string; user_id: string; entity_type: string; name: string; definition: string; created_at: string };

/** Saved list views (filters, sort, columns), private to the user who saved them. */
export function registerViewRoutes(app: App, deps: { db: Db; dialect: Pick<DialectFeatures, 'forUpdate'>; clock: Clock; customFields: CustomFieldsService }) {
  const { db, dialect, clock, customFields } = deps;
  const toView = (r: Pick<ViewRow, 'id' | 'entity_type' | 'name' | 'definition' | 'created_at'>) => ({
    id: r.id,
    entityType: r.entity_type,
    name: r.name,
    definition: JSON.parse(r.definition) as unknown,
    createdAt: r.created_at,
  });
  const nameTaken = (name: string) => alreadyExists('name', `a view named ${name}`);

  /**
   * One name per user and list, case and accents folded: the picker could not tell two "Lyon"
   * apart. The unique index on (user, list, folded name) decides, two tabs saving at once included.
   */
  async function unlessNameTaken<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      throw isUniqueViolation(error) ? nameTaken(name) : error;
    }
  }

  app.get('/api/views', {
    schema: { tags: ['views'], querystring: z.object({ entityType: entityType.optional() }).strict() },
    config: { permission: 'views.own', documentedResponse: viewsResponse },
  }, async (request) => {
    let query = db.selectFrom('saved_views').selectAll().where('user_id', '=', callerOf(request).id);
    if (request.query.entityType) query = query.where('entity_type', '=', request.query.entityType);
    return { items: byName(await query.execute(), (v) => v.name).map(toView), nextCursor: null };
  });

  app.post('/api/views', {
    schema: {
      tags: ['views'],
      summary: "Save a list view; its filters and sort must be ones the list takes (400 naming definition.filters.KEY or definition.sort), its name unused among yours (409 naming name)",
      body: viewBody,
    },
    config: { permission: 'views.own', idempotent: true, successStatus: 201, documentedResponse: viewResponse },
  }, async (request, reply) => {
    const userId = callerOf(request).id;
    await checkViewDefinition(request.body.entityType, request.body.definition as ViewDefinition, customFields);
    const row = {
      id: newId(),
      user_id: userId,
      entity_type: request.body.entityType,
      name: request.body.name,
      name_key: sortKey(request.body.name),
      definition: JSON.stringify(request.body.definition),
      created_at: clock.now().toISOString(),
    };
    // Audited like every change (QUALITY 22), in the same transaction.
    await unlessNameTaken(row.name, () =>
      db.transaction().execute(async (trx) => {
        await trx.insertInto('saved_views').values(row).execute();
        await writeAudit(trx, {
          at: row.created_at,
          actorId: userId,
          entityType: 'saved_view',
          entityId: row.id,
          action: 'create',
          changes: { entityType: { old: null, new: row.entity_type }, name: { old: null, new: row.name }, definition: { old: null, new: row.definition } },
        });
      }),
    );
    return reply.status(201).send(toView(row));
  });

  app.patch('/api/views/:id', {
    schema: {
      tags: ['views'],
      summary: 'Rename a view or replace what it shows (its filters, sort and columns), with the same checks as on creation',
      params: viewParams,
      body: viewPatch,
    },
    config: { permission: 'views.own', documentedResponse: viewResponse },
  }, async (request) => {
    const userId = callerOf(request).id;
    const mine = (handle: Tx) => handle.selectFrom('saved_views').selectAll().where('id', '=', request.params.id).where('user_id', '=', userId);
    const read = await mine(db).executeTakeFirst();
    // Someone else's view is "not found", as on delete: views are private.
    if (!read) throw new AppError('NOT_FOUND', 'view not found');
    const { name, definition: next } = request.body;
    if (next) await checkViewDefinition(read.entity_type as EntityType, next as ViewDefinition, customFields);
    return unlessNameTaken(name ?? read.name, () =>
      db.transaction().execute(async (trx) => {
        // The view as it is now, held until the commit: deleted meanwhile (another tab), it is not
        // found rather than "saved"; renamed meanwhile, the audit says what this change replaced.
        const before = await dialect.forUpdate(mine(trx)).executeTakeFirst();
        if (!before) throw new AppError('NOT_FOUND', 'view not found');
        const after = { name: name ?? before.name, name_key: sortKey(name ?? before.name), definition: next ? JSON.stringify(next) : before.definition };
        const changes = Object.fromEntries((['name', 'definition'] as const).filter((k) => after[k] !== before[k]).map((k) => [k, { old: before[k], new: after[k] }]));
        if (Object.keys(changes).length > 0) {
          await trx.updateTable('saved_views').set(after).where('id', '=', before.id).execute();
          await writeAudit(trx, { at: clock.now().toISOString(), actorId: userId, entityType: 'saved_view', entityId: before.id, action: 'update', changes });
        }
        return toView({ ...before, ...after });
      }),
    );
  });

  app.delete('/api/views/:id', {
    schema: { tags: ['views'], params: viewParams },
    config: { permission: 'views.own', successStatus: 204 },
  }, async (request, reply) => {
    const userId = callerOf(request).id;
    await db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('saved_views').selectAll().where('id', '=', request.params.id).where('user_id', '=', userId).executeTakeFirst();
      if (!before) throw new AppError('NOT_FOUND', 'view not found');
      // Deleted meanwhile (another tab): "not found", and no second audit row.
      const result = await trx.deleteFrom('saved_views').where('id', '=', before.id).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw new AppError('NOT_FOUND', 'view not found');
      await writeAudit(trx, {
        at: clock.now().toISOString(),
        actorId: userId,
        entityType: 'saved_view',
        entityId: before.id,
        action: 'delete',
        changes: { name: { old: before.name, new: null }, definition: { old: before.definition, new: null } },
      });
    });
    return reply.status(204).send();
  });
}
