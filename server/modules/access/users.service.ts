import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../clock.js';
import type { Caller } from '../../context.js';
import type { Db, DialectFeatures } from '../../db/dialect/features.js';
import { AppError, isUniqueViolation } from '../../errors.js';
import { newId } from '../../ids.js';
import { writeAudit } from '../audit/audit.js';
import type { AuthService } from './auth.service.js';
import { hashPassword, passwordProblem } from './passwords.js';
import { isRole } from './permissions.js';
import { logSecurityEvent } from './security-log.js';

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: string;
  locale: string;
  teamId: string | null;
  disabled: boolean;
  createdAt: string;
}

type UserRecord = {
  id: string;
  email: string;
  name: string;
  role: string;
  locale: string;
  team_id: string | null;
  disabled: number;
  created_at: string;
};

export const toUserView = (u: UserRecord): UserView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  locale: u.locale,
  teamId: u.team_id,
  disabled: Boolean(u.disabled),
  createdAt: u.created_at,
});

/** Refuses a weak password, naming the request's field that holds it (`password`, or `newPassword` for one's own change). */
function assertPassword(password: string, inputs: string[], path = 'password') {
  const problem = passwordProblem(password, inputs);
  if (problem) {
    throw new AppError('VALIDATION_FAILED', `${path}: ${problem.en}`, [{ path, message: problem.en, messageFr: problem.fr }]);
  }
}

export function createUsersService(deps: { db: Db; dialect: DialectFeatures; clock: Clock; log: FastifyBaseLogger; auth: AuthService }) {
  const { db, dialect, clock, log, auth } = deps;
  const columns = ['id', 'email', 'name', 'role', 'locale', 'team_id', 'disabled', 'created_at'] as const;

  async function assertTeamExists(teamId: string | null | undefined) {
    if (!teamId) return;
    const team = await db.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst();
    if (!team) throw new AppError('VALIDATION_FAILED', 'teamId: unknown team', [{ path: 'teamId', message: 'unknown team' }]);
  }

  return {
    /** Administrators, active or not: none means nobody can manage users yet. */
    async countAdmins(): Promise<number> {
      const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('role', '=', 'admin').executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async list(limit: number, cursor?: string) {
      let query = db.selectFrom('users').select(columns).orderBy('email').limit(limit + 1);
      if (cursor) query = query.where('email', '>', cursor);
      const rows = await query.execute();
      const page = rows.slice(0, limit);
      return { items: page.map(toUserView), nextCursor: rows.length > limit ? page[page.length - 1].email : null };
    },

    async get(id: string) {
      const row = await db.selectFrom('users').select(columns).where('id', '=', id).executeTakeFirst();
      if (!row) throw new AppError('NOT_FOUND', 'user not found');
      return toUserView(row);
    },

    async create(
      actor: Caller | null,
      input: { email: string; password: string; name: string; role: string; locale?: string; teamId?: string | null },
    ) {
      if (!isRole(input.role)) throw new AppError('VALIDATION_FAILED', 'unknown role', [{ path: 'role', message: 'unknown role', messageFr: 'rôle inconnu' }]);
      await assertTeamExists(input.teamId);
      const email = input.email.trim().toLowerCase();
      // Checked here too, not only by the API's schema: the CLI and the first start create users.
      if (!z.email().safeParse(email).success) throw new AppError('VALIDATION_FAILED', 'email: not an e-mail address', [{ path: 'email', message: 'not an e-mail address', messageFr: 'pas une adresse e-mail' }]);
      const name = input.name.trim();
      if (!name || name.length > 200) throw new AppError('VALIDATION_FAILED', 'name: 1 to 200 characters', [{ path: 'name', message: '1 to 200 characters', messageFr: 'de 1 à 200 caractères' }]);
      assertPassword(input.password, [email, name]);
      const now = clock.now().toISOString();
      const row = {
        id: newId(),
        email,
        name,
        role: input.role,
        password_hash: await hashPassword(input.password),
        locale: input.locale ?? 'fr',
        team_id: input.teamId ?? null,
        disabled: 0,
        created_at: now,
        updated_at: now,
        password_changed_at: now,
        version: 1,
      };
      const taken = () => new AppError('ALREADY_EXISTS', 'a user with this e-mail exists', [{ path: 'email', message: 'already used', messageFr: 'déjà utilisé' }]);
      const existing = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
      if (existing) throw taken();
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('users').values(row).execute();
        await writeAudit(trx, {
          at: now,
          actorId: actor?.id ?? null,
          entityType: 'user',
          entityId: row.id,
          action: 'create',
          changes: { email: { old: null, new: email }, role: { old: null, new: row.role }, name: { old: null, new: row.name } },
        });
      }).catch((error: unknown) => {
        // Created by someone else between the check and the insert: the same answer, naming the field.
        throw isUniqueViolation(error) ? taken() : error;
      });
      await logSecurityEvent(db, log, clock.now(), 'user.created', { userId: actor?.id, ip: actor?.ip, details: { newUserId: row.id, role: row.role } });
      return toUserView(row);
    },

    /** Role, name, team, locale, disabled flag or password; disabling, or an administrator's password reset, ends the user's sessions and revokes their API tokens at once. */
    async update(
      actor: Caller,
      id: string,
      input: { name?: string; role?: string; locale?: string; teamId?: string | null; disabled?: boolean; password?: string },
      /** The request's field holding the password, named when it is refused (`newPassword` for one's own change). */
      passwordField = 'password',
    ) {
      const before = await db.selectFrom('users').select([...columns, 'version']).where('id', '=', id).executeTakeFirst();
      if (!before) throw new AppError('NOT_FOUND', 'user not found');
      if (input.role !== undefined && !isRole(input.role)) {
        throw new AppError('VALIDATION_FAILED', 'unknown role', [{ path: 'role', message: 'unknown role' }]);
      }
      if (input.password !== undefined) assertPassword(input.password, [before.email, before.name], passwordField);
      await assertTeamExists(input.teamId);
      const now = clock.now().toISOString();
      // Hashed before the transaction: slow, and the same whatever the row holds by then.
      const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
      let set: Record<string, unknown> = {};
      let changes: Record<string, { old: unknown; new: unknown }> = {};
      let revokedTokens = 0;
      await db.transaction().execute(async (trx) => {
        // The row as it is now, held until the commit: the audit's old values are what this change
        // replaced, even when another change of the same user came in between (read before the
        // transaction, two changes at once both wrote the same old value).
        const current = await dialect.forUpdate(trx.selectFrom('users').select([...columns, 'version']).where('id', '=', id)).executeTakeFirst();
        if (!current) throw new AppError('NOT_FOUND', 'user not found');
        set = { updated_at: now, version: current.version + 1 };
        changes = {};
        for (const [key, column] of [['name', 'name'], ['role', 'role'], ['locale', 'locale'], ['teamId', 'team_id']] as const) {
          const value = input[key];
          if (value !== undefined && value !== current[column]) {
            set[column] = value;
            changes[key] = { old: current[column], new: value };
          }
        }
        if (input.disabled !== undefined && Number(input.disabled) !== current.disabled) {
          set.disabled = input.disabled ? 1 : 0;
          changes.disabled = { old: Boolean(current.disabled), new: input.disabled };
        }
        if (passwordHash !== undefined) {
          set.password_hash = passwordHash;
          set.password_changed_at = now;
          changes.password = { old: '[redacted]', new: '[redacted]' };
        }
        const demotesAnAdmin = current.role === 'admin' && !current.disabled && Boolean(changes.role || changes.disabled);
        // Two admins demoting each other at once would each count the other still there (PostgreSQL,
        // READ COMMITTED): such changes wait for one another, so the second counts after the first.
        if (demotesAnAdmin) await dialect.serialiseOn(trx, 'users.active-admins');
        await trx.updateTable('users').set(set).where('id', '=', id).execute();
        // A disabled account's API tokens die with it: re-enabling it (a rehire, a mistake undone)
        // must not silently bring back what scripts were given long ago. So do they when an
        // administrator resets the password, what one does when an account may have been taken
        // over: a token made from a stolen session would outlive the new password.
        if (set.disabled === 1 || (input.password !== undefined && actor.id !== id)) {
          const revoked = await trx.updateTable('api_tokens').set({ revoked_at: now }).where('user_id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
          revokedTokens = Number(revoked.numUpdatedRows);
        }
        // Nobody could then manage users, roles or backups from the app: keep one active admin.
        // Counted after the change, inside its transaction, so a refusal leaves nothing behind.
        if (demotesAnAdmin) {
          const admins = await trx
            .selectFrom('users')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('role', '=', 'admin')
            .where('disabled', '=', 0)
            .executeTakeFirstOrThrow();
          if (Number(admins.n) === 0) {
            throw new AppError('CONFLICT', 'the last active administrator cannot be demoted or disabled', { reason: 'LAST_ADMIN' });
          }
        }
        await writeAudit(trx, { at: now, actorId: actor.id, entityType: 'user', entityId: id, action: 'update', changes });
      });
      if (changes.role) await logSecurityEvent(db, log, clock.now(), 'user.role_changed', { userId: actor.id, ip: actor.ip, details: { target: id, ...changes.role } });
      // Account takeovers and lock-outs go through these too (QUALITY 23); one's own password change is logged by changeOwnPassword.
      if (changes.disabled) await logSecurityEvent(db, log, clock.now(), input.disabled ? 'user.disabled' : 'user.enabled', { userId: actor.id, ip: actor.ip, details: { target: id } });
      if (changes.password && actor.id !== id) await logSecurityEvent(db, log, clock.now(), 'user.password_reset', { userId: actor.id, ip: actor.ip, details: { target: id } });
      if (revokedTokens) {
        const reason = set.disabled === 1 ? 'user.disabled' : 'user.password_reset';
        await logSecurityEvent(db, log, clock.now(), 'token.revoked', { userId: actor.id, ip: actor.ip, details: { target: id, tokens: revokedTokens, reason } });
      }
      if (changes.disabled || changes.password) await auth.endSessions(id, actor.id === id ? actor.sessionHash : undefined);
      // Open live streams carry the audience they had at connection: they check their credential,
      // role and team again. Any change: the caller a request sees (name, e-mail, language…) is
      // kept with the credentials, which this makes every instance read again.
      if (Object.keys(changes).length) await auth.accessChanged(id);
      return this.get(id);
    },

    /** A user changes their own password (the current one checked under the login throttle); their other sessions end. */
    async changeOwnPassword(caller: Caller, currentPassword: string, newPassword: string, ip: string) {
      try {
        await auth.reauthenticate(caller, currentPassword, ip);
      } catch (error) {
        // A wrong field, not a lost session: a 401 would sign the user out of a client that reads
        // every 401 so (the web app does). Still counted by the login throttle (429 past it).
        if (error instanceof AppError && error.code === 'INVALID_CREDENTIALS') {
          throw new AppError('VALIDATION_FAILED', 'currentPassword: not your current password', [{ path: 'currentPassword', message: 'not your current password' }]);
        }
        throw error;
      }
      await this.update(caller, caller.id, { password: newPassword }, 'newPassword');
      await logSecurityEvent(db, log, clock.now(), 'user.password_changed', { userId: caller.id, ip: caller.ip });
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
