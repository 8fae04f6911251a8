import { z } from 'zod';
import type { App } from '../../http/types.js';
import type { LookupService } from '../lookup/lookup.service.js';
import type { SearchService } from './search.service.js';

const searchQuery = z
  .object({
    q: z.string().max(200).default(''),
    type: z.enum(['person', 'organisation']).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(10),
  })
  .strict();

export function registerSearchRoutes(app: App, deps: { search: SearchService; lookup: LookupService }) {
  app.get('/api/search', {
    schema: { tags: ['search'], summary: 'Ranked prefix search over people and organisations; accents and case folded', querystring: searchQuery },
    config: { permission: 'search.use' },
  }, async (request) => ({ items: await deps.search.search(request.query.q, request.query.limit, request.query.type) }));

  app.get('/api/lookup/phone/:number', {
    schema: {
      tags: ['search'],
      summary: 'Caller identification: any written form of a number, with what a screen pop needs',
      params: z.object({ number: z.string().min(1).max(60) }).strict(),
    },
    config: { permission: 'lookup.phone' },
  }, async (request) => deps.lookup.byPhone(request.params.number));
}
