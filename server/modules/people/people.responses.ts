/** What the people routes answer (OpenAPI document only, see server/http/responses.ts). */
import { z } from 'zod';
import { id, listTotal, page, wholeList } from '../../http/responses.js';
import { duplicateResponse, listItemFields, partyFields, possibleDuplicates } from '../parties/parties.responses.js';

export const personResponse = z.strictObject({
  id,
  firstName: z.string().describe('Empty when unknown'),
  lastName: z.string(),
  ...partyFields,
  organisationIds: z.array(id).describe('Live organisations the person belongs to'),
  organisations: z.array(z.strictObject({ id, name: z.string() })).describe('The same organisations, with their names'),
});

export const personCreatedResponse = personResponse.extend({ possibleDuplicates });
export const peoplePage = page(personResponse.extend(listItemFields), listTotal);
export const personDuplicatesResponse = wholeList(duplicateResponse);
