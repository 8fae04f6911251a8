import { z } from 'zod';
import { recordId } from '../../http/schemas.js';
import type { Config } from '../../config.js';
import { AppError } from '../../errors.js';
import { SESSION_COOKIE } from '../../http/auth-hook.js';
import { callerOf, type App } from '../../http/types.js';
import { createdTokenResponse, loginResponse, sessionResponse, tokensResponse, userResponse, usersPage } from './access.responses.js';
import type { AuthService } from './auth.service.js';
import { ROLES } from './permissions.js';
import type { UsersService } from './users.service.js';

const loginBody = z.object({ email: z.string().trim().max(320), password: z.string().max(1024) }).strict();
const userBody = z
  .object({
    email: z.email().max(320),
    password: z.string().max(256).describe('At least 12 characters; common passwords are refused'),
    name: z.string().trim().min(1).max(200),
    role: z.enum(ROLES),
    locale: z.enum(['fr', 'en']).optional(),
    teamId: recordId.nullable().optional(),
  })
  .strict();
const userPatch = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    role: z.enum(ROLES).optional(),
    locale: z.enum(['fr', 'en']).optional(),
    teamId: recordId.nullable().optional(),
    disabled: z.boolean().optional(),
    password: z.string().max(256).optional(),
  })
  .strict();
const tokenBody = z
  .object({
    name: z.string().trim().min(1).max(200).default('API token'),
    scopes: z.array(z.enum(['read', 'write'])).min(1).default(['read', 'write']),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict();
const pageQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(320).optional() }).strict();
const idParams = z.object({ id: z.string().min(1).max(36) }).strict();

/** Login, logout, who am I, API tokens and user administration. */
export function registerAccessRoutes(app: App, deps: { auth: AuthService; users: UsersService; config: Config }) {
  const { auth, users, config } = deps;

  app.post('/api/auth/login', {
    schema: { tags: ['access'], summary: 'Log in; sets an httpOnly session cookie and returns the CSRF token for writes', body: loginBody },
    config: { permission: 'public', documentedResponse: loginResponse },
  }, async (request, reply) => {
    const { email, password } = request.body;
    const session = await auth.login(email, password, { ip: request.ip, userAgent: request.headers['user-agent'] });
    const secure = config.secureCookies === 'true' || (config.secureCookies === 'auto' && request.protocol === 'https');
    reply.setCookie(SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: session.expiresAt });
    const user = await users.get(session.caller.id);
    return { user, csrfToken: session.csrfToken };
  });

  app.post('/api/auth/logout', {
    schema: { tags: ['access'], summary: 'End the session in use; called with an API token, revoke that token' },
    config: { permission: 'session.own', successStatus: 204 },
  }, async (request, reply) => {
    const caller = callerOf(request);
    await auth.logout(caller);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/api/auth/me', {
    schema: { tags: ['access'], summary: 'The logged-in user and, for cookie sessions, the CSRF token' },
    config: { permission: 'session.own', documentedResponse: sessionResponse },
  }, async (request) => {
    const caller = callerOf(request);
    return { user: await users.get(caller.id), csrfToken: caller.csrfToken ?? null };
  });

  app.post('/api/auth/password', {
    schema: { tags: ['access'], summary: 'Change your own password; your other sessions end', body: z.object({ currentPassword: z.string().max(1024), newPassword: z.string().max(256) }).strict() },
    config: { permission: 'session.own', successStatus: 204 },
  }, async (request, reply) => {
    await users.changeOwnPassword(callerOf(request), request.body.currentPassword, request.body.newPassword, request.ip);
    return reply.status(204).send();
  });

  app.post('/api/tokens', {
    schema: { tags: ['access'], summary: 'Create an API token for `Authorization: Bearer`; shown once', body: tokenBody },
    config: { permission: 'tokens.manage', successStatus: 201, documentedResponse: createdTokenResponse },
  }, async (request, reply) => {
    const caller = callerOf(request);
    if (caller.via === 'token') throw new AppError('FORBIDDEN', 'API tokens cannot create API tokens');
    return reply.status(201).send(await auth.createApiToken(caller, request.body));
  });

  app.get('/api/tokens', { schema: { tags: ['access'] }, config: { permission: 'tokens.manage', documentedResponse: tokensResponse } }, async (request) => ({
    items: await auth.listApiTokens(callerOf(request)),
    nextCursor: null,
  }));

  app.delete('/api/tokens/:id', { schema: { tags: ['access'], params: idParams }, config: { permission: 'tokens.manage', successStatus: 204 } }, async (request, reply) => {
    await auth.revokeApiToken(callerOf(request), request.params.id);
    return reply.status(204).send();
  });

  app.get('/api/users', { schema: { tags: ['users'], querystring: pageQuery }, config: { permission: 'users.list', documentedResponse: usersPage } }, async (request) =>
    users.list(request.query.limit, request.query.cursor),
  );

  app.post('/api/users', { schema: { tags: ['users'], body: userBody }, config: { permission: 'users.manage', successStatus: 201, documentedResponse: userResponse } }, async (request, reply) =>
    reply.status(201).send(await users.create(callerOf(request), request.body)),
  );

  app.get('/api/users/:id', { schema: { tags: ['users'], params: idParams }, config: { permission: 'users.list', documentedResponse: userResponse } }, async (request) =>
    users.get(request.params.id),
  );

  app.patch('/api/users/:id', { schema: { tags: ['users'], params: idParams, body: userPatch }, config: { permission: 'users.manage', documentedResponse: userResponse } }, async (request) =>
    users.update(callerOf(request), request.params.id, request.body),
  );
}
