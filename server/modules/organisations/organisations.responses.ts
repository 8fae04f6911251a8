/** What the organisation routes answer (OpenAPI document only, see server/http/responses.ts). */
import { z } from 'zod';
import { id, listTotal, page, wholeList } from '../../http/responses.js';
import { duplicateResponse, listItemFields, partyFields, possibleDuplicates } from '../parties/parties.responses.js';

export const organisationResponse = z.strictObject({
  id,
  name: z.string(),
  ...partyFields,
  memberIds: z.array(id).describe('Live people who belong to it'),
});

export const organisationCreatedResponse = organisationResponse.extend({ possibleDuplicates });
export const organisationsPage = page(organisationResponse.extend(listItemFields), listTotal);
export const organisationDuplicatesResponse = wholeList(duplicateResponse);
