/** What the saved-view routes answer (OpenAPI document only, see server/http/responses.ts). */
import { z } from 'zod';
import { id, timestamp, wholeList } from '../../http/responses.js';

export const viewResponse = z.strictObject({
  id,
  entityType: z.enum(['person', 'organisation']).describe('The list it shows'),
  name: z.string(),
  definition: z
    .strictObject({
      filters: z.record(z.string(), z.union([z.string(), z.array(z.string())])).describe("The list's query parameters: one value, or a list of values"),
      sort: z.string().optional().describe('name, -createdAt, cf.KEY…'),
      columns: z.array(z.string()).describe('Columns shown, in order; empty: the default ones'),
    })
    .describe('What the list shows: filters, sort, columns'),
  createdAt: timestamp,
});

export const viewsResponse = wholeList(viewResponse);
