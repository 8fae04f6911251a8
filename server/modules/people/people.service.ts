import { PERSON } from '../parties/party-kinds.js';
import { createPartyService } from '../parties/party.service.js';

/** People: the shared party rules with a first and last name and organisation memberships. */
export const createPeopleService = (deps: Parameters<typeof createPartyService>[1]) => createPartyService(PERSON, deps);
