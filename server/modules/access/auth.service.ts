import { createHash, randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../clock.js';
import type { Caller } from '../../context.js';
import type { Db } from '../../db/dialect/features.js';
import type { EventBus } from '../../events/bus.js';
import { prepared } from '../../db/prepared.js';
import { AppError } from '../../errors.js';
import { newId } from '../../ids.js';
import { createCredentialCache } from './credential-cache.js';
import { DUMMY_HASH_PROMISE, verifyPassword } from './passwords.js';
import { logSecurityEvent } from './security-log.js';
import { writeAudit } from '../audit/audit.js';

/** Login throttling (QUALITY 1): failures counted over a sliding window, so nobody is locked out forever. */
export const THROTTLE = { windowMs: 15 * 60_000, perAccount: 5, perAddress: 30 };
/** How long an address the user signed in from stays known (see recordAttemptOrThrottle). */
const KNOWN_ADDRESS_DAYS = 90;
const DAY_MS = 86_400_000;

/** How precisely an API token's last use is kept (at most one write per token per minute). */
export const TOKEN_USE_RESOLUTION_MS = 60_000;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
/** 256-bit random tokens, URL-safe. */
const randomToken = () => randomBytes(32).toString('base64url');

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  team_id: string | null;
  locale: string;
  disabled: number;
}

function toCaller(user: UserRow, via: Caller['via'], extra: Partial<Caller> = {}): Caller {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    teamId: user.team_id,
    locale: user.locale,
    via,
    scopes: via === 'session' ? ['read', 'write'] : [],
    ...extra,
  };
}

export function createAuthService(deps: { db: Db; clock: Clock; log: FastifyBaseLogger; events?: EventBus; sessionHours: number }) {
  const { db, clock, log } = deps;
  const userColumns = ['users.id', 'users.email', 'users.name', 'users.role', 'users.team_id', 'users.locale', 'users.disabled'] as const;
  // Every request made with a token or a session cookie runs one of these: compiled once.
  const sessionOwner = prepared((tokenHash: string) =>
    db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([...userColumns, 'sessions.csrf_token', 'sessions.expires_at'])
      .where('sessions.token_hash', '=', tokenHash),
  );
  const tokenOwner = prepared((tokenHash: string) =>
    db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .select([...userColumns, 'api_tokens.id as token_id', 'api_tokens.scopes', 'api_tokens.expires_at', 'api_tokens.revoked_at', 'api_tokens.last_used_at'])
      .where('api_tokens.token_hash', '=', tokenHash),
  );

  // Credentials read recently, trusted until a change of access (see credential-cache.ts); the
  // CLI and the demo import, which have no bus, read every time.
  type SessionRow = Awaited<ReturnType<typeof sessionOwner>>[number];
  type TokenRow = Awaited<ReturnType<typeof tokenOwner>>[number];
  const cache = deps.events ? createCredentialCache<SessionRow | TokenRow>({ events: deps.events, clock }) : undefined;
  const keptOrRead = <Row extends SessionRow | TokenRow>(key: string, fresh: boolean, read: () => Promise<Row | undefined>) =>
    cache && !fresh ? (cache.read(key, read) as Promise<Row | undefined>) : read();

  /**
   * This instance stops trusting what it kept of the user's credentials, then open live streams
   * (of every instance) check theirs again: a logged-out or revoked one ends.
   */
  const accessChanged = async (userId: string) => {
    cache?.forgetUser(userId);
    await deps.events?.publish({ type: 'access.changed', audience: { userIds: [userId] }, data: { userId } });
  };

  /**
   * Records the attempt first, then counts: concurrent guesses see each other, so a burst gets no
   * more evaluations than the limit. A refused attempt removes its row, so being refused does not
   * push the end of the window further away.
   * Per account, failures from every address count, except at an address the user has signed in
   * from (known address): there only that address's own failures do. Guesses from anywhere else,
   * however many, then cannot keep the owner out of the places they work from (QUALITY 1), while
   * a guesser spread over many addresses still gets `perAccount` tries per window in all.
   * Per address, failures for every account count (one address spraying many accounts), except
   * for an account that signed in from it: a colleague's typos or a sprayer behind the same office
   * NAT do not lock out the people who work there, whose account keeps its own limit here.
   */
  async function recordAttemptOrThrottle(email: string, ip: string, now: Date) {
    const { id } = await db.insertInto('login_failures').values({ email, ip, at: now.toISOString() }).returning('id').executeTakeFirstOrThrow();
    const since = new Date(now.getTime() - THROTTLE.windowMs).toISOString();
    const known = await db
      .selectFrom('known_login_addresses as k')
      .innerJoin('users as u', 'u.id', 'k.user_id')
      .select('k.ip')
      .where('u.email', '=', email)
      .where('k.ip', '=', ip)
      .where('k.last_success_at', '>', new Date(now.getTime() - KNOWN_ADDRESS_DAYS * DAY_MS).toISOString())
      .executeTakeFirst();
    const inWindow = () => db.selectFrom('login_failures').where('at', '>', since);
    const byAccount = () => (known ? inWindow().where('ip', '=', ip) : inWindow()).where('email', '=', email);
    const byAddress = () => inWindow().where('ip', '=', ip);
    const count = async (scope: typeof inWindow) => Number((await scope().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const [accountFailures, addressFailures] = await Promise.all([count(byAccount), count(byAddress)]);
    // The counts include this attempt: the limit is how many may be judged in one window.
    const tripped = [
      ...(accountFailures > THROTTLE.perAccount ? [{ scope: byAccount, limit: THROTTLE.perAccount }] : []),
      ...(!known && addressFailures > THROTTLE.perAddress ? [{ scope: byAddress, limit: THROTTLE.perAddress }] : []),
    ];
    if (tripped.length === 0) return;
    await db.deleteFrom('login_failures').where('id', '=', id).execute();
    await logSecurityEvent(db, log, now, 'login.throttled', { ip, details: { email, knownAddress: Boolean(known) } });
    // The time left, not the whole window: the next try is judged once enough failures have aged out.
    const waits = await Promise.all(tripped.map(async ({ scope, limit }) => {
      const times = (await scope().select('at').orderBy('at').execute()).map((f) => new Date(f.at).getTime());
      const freedBy = times[Math.max(0, times.length - limit)];
      return Math.ceil((freedBy + THROTTLE.windowMs - now.getTime()) / 1000);
    }));
    throw new AppError('TOO_MANY_REQUESTS', undefined, { retryAfterSeconds: Math.max(1, ...waits) });
  }

  /**
   * After a success: this address's failures for the account are forgiven (those from elsewhere
   * still count against their guesser) and the address becomes known for the account.
   */
  async function recordSuccess(userId: string, email: string, ip: string, now: Date) {
    await db.deleteFrom('login_failures').where('email', '=', email).where('ip', '=', ip).execute();
    const at = now.toISOString();
    await db
      .insertInto('known_login_addresses')
      .values({ user_id: userId, ip, last_success_at: at })
      .onConflict((oc) => oc.columns(['user_id', 'ip']).doUpdateSet({ last_success_at: at }))
      .execute();
    await db.deleteFrom('known_login_addresses').where('user_id', '=', userId).where('last_success_at', '<=', new Date(now.getTime() - KNOWN_ADDRESS_DAYS * DAY_MS).toISOString()).execute();
  }

  return {
    async login(emailInput: string, password: string, meta: { ip: string; userAgent?: string }) {
      const email = emailInput.trim().toLowerCase();
      // Counted as a failure until proven otherwise (removed below on success).
      await recordAttemptOrThrottle(email, meta.ip, clock.now());
      const user = await db
        .selectFrom('users')
        .select([...userColumns, 'users.password_hash'])
        .where('email', '=', email)
        .executeTakeFirst();
      // Always hash once, so response time does not tell whether the account exists.
      const ok = await verifyPassword(password, user?.password_hash ?? (await DUMMY_HASH_PROMISE));
      const now = clock.now();
      if (!user || !ok || user.disabled) {
        await logSecurityEvent(db, log, now, 'login.failed', { userId: user?.id, ip: meta.ip, details: { email } });
        throw new AppError('INVALID_CREDENTIALS');
      }
      await recordSuccess(user.id, email, meta.ip, now);
      const token = randomToken();
      const csrfToken = randomBytes(24).toString('base64url');
      const expiresAt = new Date(now.getTime() + deps.sessionHours * 3600_000);
      await db
        .insertInto('sessions')
        .values({
          token_hash: sha256(token),
          user_id: user.id,
          csrf_token: csrfToken,
          created_at: now.toISOString(),
          expires_at: expiresAt.toISOString(),
          ip: meta.ip,
          user_agent: meta.userAgent?.slice(0, 400) ?? null,
        })
        .execute();
      await logSecurityEvent(db, log, now, 'login.succeeded', { userId: user.id, ip: meta.ip });
      return { token, csrfToken, expiresAt, caller: toCaller(user, 'session', { csrfToken }) };
    },

    /**
     * Checks the caller's current password before a sensitive change, under the login throttle:
     * a stolen session or write token must not become a way to guess the password.
     */
    async reauthenticate(caller: Caller, password: string, ip: string) {
      await recordAttemptOrThrottle(caller.email, ip, clock.now());
      const row = await db.selectFrom('users').select('password_hash').where('id', '=', caller.id).executeTakeFirstOrThrow();
      if (!(await verifyPassword(password, row.password_hash))) {
        await logSecurityEvent(db, log, clock.now(), 'reauth.failed', { userId: caller.id, ip });
        throw new AppError('INVALID_CREDENTIALS');
      }
      await recordSuccess(caller.id, caller.email, ip, clock.now());
    },

    /**
     * Ends the credential the caller used: the session, or the API token (revoked, as
     * DELETE /api/tokens/:id would: a program logging out means it is done with it).
     */
    async logout(caller: Caller) {
      if (caller.tokenId) return this.revokeApiToken(caller, caller.tokenId);
      if (!caller.sessionHash) return;
      await db.deleteFrom('sessions').where('token_hash', '=', caller.sessionHash).execute();
      await accessChanged(caller.id);
    },

    /**
     * The caller behind a session cookie, or undefined when unknown, expired or disabled. `fresh`
     * reads it from the database even when kept (a live stream checking it again).
     */
    async fromSession(token: string, fresh = false): Promise<Caller | undefined> {
      const hash = sha256(token);
      const row = await keptOrRead(`session ${hash}`, fresh, async () => (await sessionOwner(db, hash))[0]);
      if (!row || row.disabled || row.expires_at <= clock.now().toISOString()) return undefined;
      return toCaller(row, 'session', { csrfToken: row.csrf_token, sessionHash: hash });
    },

    /** The caller behind an API token (`Authorization: Bearer`), or undefined. */
    async fromApiToken(token: string, fresh = false): Promise<Caller | undefined> {
      const hash = sha256(token);
      const row = await keptOrRead(`token ${hash}`, fresh, async () => (await tokenOwner(db, hash))[0]);
      const now = clock.now().toISOString();
      if (!row || row.disabled || row.revoked_at || (row.expires_at && row.expires_at <= now)) return undefined;
      // "Last used" tells the owner which tokens still serve; to the minute is enough, and it
      // keeps a busy script from writing on every request.
      if (!row.last_used_at || Date.parse(row.last_used_at) <= Date.parse(now) - TOKEN_USE_RESOLUTION_MS) {
        await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.token_id).execute();
        // The kept row too, or every request would write again until it is read anew.
        row.last_used_at = now;
      }
      return toCaller(row, 'token', { scopes: row.scopes.split(' '), tokenId: row.token_id });
    },

    async createApiToken(caller: Caller, input: { name: string; scopes: string[]; expiresInDays?: number }) {
      const token = `rls_${randomToken()}`;
      const now = clock.now();
      const row = {
        id: newId(),
        user_id: caller.id,
        name: input.name,
        token_hash: sha256(token),
        scopes: [...new Set(input.scopes)].sort().join(' '),
        created_at: now.toISOString(),
        expires_at: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString() : null,
        revoked_at: null,
        last_used_at: null,
      };
      // The token, its audit row and its security event land together or not at all: a token
      // nobody's record mentions must not be left active.
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('api_tokens').values(row).execute();
        await writeAudit(trx, {
          at: row.created_at,
          actorId: caller.id,
          entityType: 'api_token',
          entityId: row.id,
          action: 'create',
          changes: {
            name: { old: null, new: row.name },
            scopes: { old: null, new: row.scopes },
            ...(row.expires_at && { expiresAt: { old: null, new: row.expires_at } }),
          },
        });
        await logSecurityEvent(trx, log, now, 'token.created', { userId: caller.id, ip: caller.ip, details: { tokenId: row.id, scopes: row.scopes } });
      });
      return { id: row.id, token, name: row.name, scopes: row.scopes.split(' '), createdAt: row.created_at, expiresAt: row.expires_at };
    },

    async listApiTokens(caller: Caller) {
      const rows = await db
        .selectFrom('api_tokens')
        .select(['id', 'name', 'scopes', 'created_at', 'expires_at', 'revoked_at', 'last_used_at'])
        .where('user_id', '=', caller.id)
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        scopes: r.scopes.split(' '),
        createdAt: r.created_at,
        expiresAt: r.expires_at,
        revokedAt: r.revoked_at,
        lastUsedAt: r.last_used_at,
      }));
    },

    async revokeApiToken(caller: Caller, id: string) {
      const now = clock.now();
      const revoked = await db.transaction().execute(async (trx) => {
        // An admin may revoke anyone's token; others their own (someone else's is "not found").
        const owner = caller.role === 'admin' ? undefined : caller.id;
        let update = trx.updateTable('api_tokens').set({ revoked_at: now.toISOString() }).where('id', '=', id).where('revoked_at', 'is', null).returning('user_id');
        if (owner) update = update.where('user_id', '=', owner);
        const row = await update.executeTakeFirst();
        if (!row) {
          // Revoked already: done, as asked, with nothing more to record.
          let existing = trx.selectFrom('api_tokens').select('user_id').where('id', '=', id);
          if (owner) existing = existing.where('user_id', '=', owner);
          return existing.executeTakeFirst();
        }
        await writeAudit(trx, { at: now.toISOString(), actorId: caller.id, entityType: 'api_token', entityId: id, action: 'revoke', changes: { revokedAt: { old: null, new: now.toISOString() } } });
        await logSecurityEvent(trx, log, now, 'token.revoked', { userId: caller.id, ip: caller.ip, details: { tokenId: id } });
        return row;
      });
      if (!revoked) throw new AppError('NOT_FOUND', 'token not found');
      await accessChanged(revoked.user_id);
    },

    accessChanged,

    /** Ends every session of a user but the one given (password change, disabling). */
    async endSessions(userId: string, exceptHash?: string) {
      let query = db.deleteFrom('sessions').where('user_id', '=', userId);
      if (exceptHash) query = query.where('token_hash', '!=', exceptHash);
      await query.execute();
      // After the deletion: a read that began before it is not kept (see credential-cache.ts).
      cache?.forgetUser(userId);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
