/** What the access routes answer (OpenAPI document only, see server/http/responses.ts). */
import { z } from 'zod';
import { id, nullableId, nullableTimestamp, page, timestamp, wholeList } from '../../http/responses.js';
import { ROLES } from './permissions.js';

export const userResponse = z.strictObject({
  id,
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  locale: z.enum(['fr', 'en']).describe('Language of the interface and of the e-mails sent to the user'),
  teamId: nullableId,
  disabled: z.boolean().describe('A disabled user cannot log in; their API tokens stop working'),
  createdAt: timestamp,
});

export const usersPage = page(userResponse);

/** Login and "who am I". */
export const sessionResponse = z.strictObject({
  user: userResponse,
  csrfToken: z.string().nullable().describe('Send it as X-CSRF-Token with each write made with the session cookie; null with an API token'),
});
export const loginResponse = sessionResponse.extend({ csrfToken: z.string().describe('Send it as X-CSRF-Token with each write made with the session cookie') });

const scopes = z.array(z.enum(['read', 'write']));

export const createdTokenResponse = z.strictObject({
  id,
  token: z.string().describe('The secret, for `Authorization: Bearer`: shown this once, never again'),
  name: z.string(),
  scopes,
  createdAt: timestamp,
  expiresAt: nullableTimestamp,
});

export const tokensResponse = wholeList(
  z.strictObject({
    id,
    name: z.string(),
    scopes,
    createdAt: timestamp,
    expiresAt: nullableTimestamp,
    revokedAt: nullableTimestamp,
    lastUsedAt: nullableTimestamp.describe('Last request made with it (to the minute or so)'),
  }),
);
