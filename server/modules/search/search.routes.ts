import { z } from 'zod';
import type { App } from '../../http/types.js';
import { phoneLookupResponse } from '../lookup/lookup.responses.js';
import type { LookupService } from '../lookup/lookup.service.js';
import { searchResponse } from './search.responses.js';
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
    schema: {
      tags: ['search'],
      summary: 'Ranked prefix search over people and organisations; accents and case folded',
      description:
        'The best `limit` matches (at most 50), ranked: names holding every typed word whole (score 3), names with words beginning with them (2), ' +
        'then matches in e-mails, phones, cities, tags and custom text (1); alphabetical within a score. ' +
        'A number being typed (any written form, any beginning) lists the records with such a number first, in number order. ' +
        'A search is a short list to pick from, not a list to page through: `nextCursor` is always null; type more to narrow it.',
      querystring: searchQuery,
    },
    config: { permission: 'search.use', documentedResponse: searchResponse },
  }, async (request) => ({ items: await deps.search.search(request.query.q, request.query.limit, request.query.type), nextCursor: null }));

  app.get('/api/lookup/phone/:number', {
    schema: {
      tags: ['search'],
      summary: 'Caller identification: any written form of a number, with what a screen pop needs',
      params: z.object({ number: z.string().min(1).max(60) }).strict(),
    },
    config: { permission: 'lookup.phone', documentedResponse: phoneLookupResponse },
  }, async (request) => deps.lookup.byPhone(request.params.number));
}
