import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import type { Caller } from '../context.js';
import type { Db } from '../db/dialect/features.js';
import { AppError } from '../errors.js';
import type { AuthService } from '../modules/access/auth.service.js';
import { grantFor } from '../modules/access/permissions.js';
import { logSecurityEvent } from '../modules/access/security-log.js';
import { sendError } from './error-handler.js';

export const SESSION_COOKIE = 'relais_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The credential a request carries (API token first, else session cookie), kept so that a
 * long-lived request such as the live stream can check later that it still holds.
 */
export function credentialOf(request: FastifyRequest) {
  // The scheme's name is case-insensitive (RFC 9110 §11.1): "bearer" is a Bearer token too.
  const scheme = request.headers.authorization?.match(/^Bearer\s+(.*)$/i);
  const token = scheme ? scheme[1].trim() : undefined;
  const cookie = token === undefined ? request.cookies[SESSION_COOKIE] : undefined;
  return {
    /**
     * Who it belongs to now; undefined once it is revoked, expired, logged out or its user
     * disabled. `fresh` reads it from the database rather than the credentials kept in memory.
     */
    async authenticate(auth: AuthService, fresh = false): Promise<Caller | undefined> {
      if (token !== undefined) return auth.fromApiToken(token, fresh);
      return cookie ? auth.fromSession(cookie, fresh) : undefined;
    },
  };
}

/**
 * Runs before every route: who is calling (API token or session cookie), may they call this route
 * (permission table), and for cookie-authenticated writes, the CSRF token (QUALITY 4–6).
 */
export function createAuthHook(deps: { auth: AuthService; db: Db; clock: Clock }) {
  return async function authHook(request: FastifyRequest, reply: FastifyReply) {
    const permission = request.routeOptions.config?.permission;
    if (permission === 'public') return;
    if (permission === undefined) {
      // Fail closed: an API route registered without a rule is refused, not left open. Web assets,
      // the documentation UI and unknown paths (404) carry no rule and stay public.
      const url = request.routeOptions.url;
      if (url?.startsWith('/api/') && !url.startsWith('/api/docs')) {
        request.log.error({ route: url }, 'API route without a permission rule');
        return sendError(request, reply, new AppError('FORBIDDEN'));
      }
      return;
    }

    request.caller = await credentialOf(request).authenticate(deps.auth);
    const caller = request.caller;
    if (!caller) return sendError(request, reply, new AppError('UNAUTHENTICATED'));
    caller.ip = request.ip;

    const grant = grantFor(caller.role, permission);
    const neededScope = SAFE_METHODS.has(request.method) ? 'read' : 'write';
    if (!grant || !caller.scopes.includes(neededScope)) {
      await logSecurityEvent(deps.db, request.log, deps.clock.now(), 'access.denied', {
        userId: caller.id,
        ip: request.ip,
        details: { permission, method: request.method, route: request.routeOptions.url },
      });
      // A role's refusal says nothing more; a token's missing scope
      // is the integrator's own setting, worth naming.
      const refusal = grant
        ? new AppError('FORBIDDEN', `this API token lacks the ${neededScope} scope`, { reason: 'TOKEN_SCOPE', needed: neededScope, scopes: caller.scopes })
        : new AppError('FORBIDDEN');
      return sendError(request, reply, refusal);
    }
    if (caller.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !caller.csrfToken || !sameToken(sent, caller.csrfToken)) {
        // A cookie-borne write without the session's token: likely a forged cross-site request.
        await logSecurityEvent(deps.db, request.log, deps.clock.now(), 'csrf.failed', {
          userId: caller.id,
          ip: request.ip,
          details: { method: request.method, route: request.routeOptions.url },
        });
        return sendError(request, reply, new AppError('CSRF_FAILED'));
      }
    }
    request.grant = grant;
  };
}
