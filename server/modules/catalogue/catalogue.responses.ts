/** What the catalogue routes answer (OpenAPI document only, see server/http/responses.ts). */
import { z } from 'zod';
import { count, id, nullableId, page, timestamp, wholeList } from '../../http/responses.js';
import { FIELD_TYPES } from '../custom-fields/custom-fields.service.js';
import { teamResponse } from '../requests/requests.responses.js';

export const customFieldResponse = z.strictObject({
  id,
  entityType: z.enum(['person', 'organisation']),
  key: z.string().describe('Names the field in records (customFields.KEY) and list filters (cf.KEY)'),
  labelEn: z.string(),
  labelFr: z.string(),
  type: z.enum(FIELD_TYPES),
  choices: z.array(z.string()).describe('The values a choice field takes; empty for other types'),
});
export const customFieldsResponse = wholeList(customFieldResponse);

export const relationshipTypeResponse = z.strictObject({
  key: z.string().describe('Names the type in relationships, filters and caps'),
  labelEn: z.string(),
  labelFr: z.string(),
});
export const relationshipTypesResponse = wholeList(relationshipTypeResponse);

export const tagsPage = page(z.strictObject({ tag: z.string(), count: count.describe('Records carrying it') }));

export const teamsResponse = wholeList(teamResponse);
export const createdTeamResponse = teamResponse.omit({ calendar: true });

export const auditPage = page(
  z.strictObject({
    id: count.describe('Order of writing'),
    at: timestamp,
    actorId: nullableId.describe('Null for the system (jobs, phone system)'),
    entityType: z.string().describe('person, organisation, custom_field, saved_view…'),
    entityId: z.string(),
    action: z.string().describe('create, update, delete, merge…'),
    field: z.string().nullable().describe('The field changed; null for the record as a whole'),
    oldValue: z.string().nullable().describe('As text (JSON for lists and objects)'),
    newValue: z.string().nullable(),
  }),
);
