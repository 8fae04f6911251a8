import { ORGANISATION } from '../parties/party-kinds.js';
import { createPartyService } from '../parties/party.service.js';

/** Organisations: the shared party rules with a name and member people. */
export const createOrganisationsService = (deps: Parameters<typeof createPartyService>[1]) => createPartyService(ORGANISATION, deps);
