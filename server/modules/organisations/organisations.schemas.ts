import { z } from 'zod';
import { CUSTOM_FILTERS_HELP, listQueryFields, partyFields } from '../parties/parties.schemas.js';

export const createOrganisationBody = z
  .object({ name: z.string().trim().min(1).max(300).describe('Company or body name'), ...partyFields })
  .strict();

export const updateOrganisationBody = z
  .object({
    name: z.string().trim().min(1).max(300).optional(),
    ...partyFields,
    version: z.number().int().positive().optional().describe('The version you read; a different current version gives 409'),
  })
  .strict();

export const listOrganisationsQuery = z.object({ ...listQueryFields }).catchall(z.string().max(200)).describe(CUSTOM_FILTERS_HELP);
