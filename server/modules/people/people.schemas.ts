import { z } from 'zod';
import { recordId } from '../../http/schemas.js';
import { CUSTOM_FILTERS_HELP, listQueryFields, partyFields } from '../parties/parties.schemas.js';

const personNames = {
  firstName: z.string().trim().max(200).describe('Given name'),
  lastName: z.string().trim().max(200).describe('Family name'),
};

export const createPersonBody = z
  .object({
    firstName: personNames.firstName.default(''),
    lastName: personNames.lastName.default(''),
    organisationIds: z.array(recordId).max(50).optional().describe('Organisations this person belongs to'),
    ...partyFields,
  })
  .strict()
  .refine((p) => p.firstName.length > 0 || p.lastName.length > 0, { message: 'a first or last name is required', path: ['lastName'] });

export const updatePersonBody = z
  .object({
    firstName: personNames.firstName.optional(),
    lastName: personNames.lastName.optional(),
    organisationIds: z.array(recordId).max(50).optional(),
    ...partyFields,
    version: z.number().int().positive().optional().describe('The version you read; a different current version gives 409'),
  })
  .strict();

export const listPeopleQuery = z
  .object({ ...listQueryFields, organisationId: recordId.optional() })
  .catchall(z.string().max(200))
  .describe(CUSTOM_FILTERS_HELP);
